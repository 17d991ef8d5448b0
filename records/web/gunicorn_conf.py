"""gunicorn settings for `make run`: `gunicorn -c records/web/gunicorn_conf.py app:app`.

https://docs.gunicorn.org/en/stable/settings.html. HOST and PORT say where to listen
(default 127.0.0.1:5000); WEB_CONCURRENCY overrides the number of workers.
"""

from __future__ import annotations

import ctypes
import os
import re
import signal
import subprocess
import sys
from typing import Any

from gunicorn import glogging
from gunicorn.http import wsgi as gunicorn_wsgi

from records.web.serving import ROUTE_KEY, UNMATCHED


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# gunicorn's default bind turns a bare PORT into 0.0.0.0:PORT: always name the host.
bind = [f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '5000'}"]
workers = int(os.environ.get("WEB_CONCURRENCY") or _cores())
# A PDF takes about a second; 30 s is far past a stuck worker. On SIGTERM or a restart, a
# request in flight gets 20 s to finish.
timeout = 30
graceful_timeout = 20
# The app, WeasyPrint and the catalog are loaded once in the master and shared by fork;
# when_ready renders one letter there so a worker's first PDF is fast.
preload_app = True
# Proxy headers are believed in one place only: the app's ProxyFix, when PROXY_FIX is set.
secure_scheme_headers: dict[str, str] = {}
forwarded_allow_ips = ""
# gunicorn 27's control socket (for gunicornc) defaults to one path per user, which two
# servers on one machine (tests, a second checkout) would fight over; nothing here uses it.
control_socket_disable = True
accesslog = "-"
loglevel = "info"
# Route patterns only (see RouteLogger): "GET /new/<token>/<step> 200 12ms <pid>".
access_log_format = '%(t)s %(m)s %(U)s %(s)s %(M)sms %(p)s'

_TOKEN_PATH = re.compile(r"/new/[^/\s?\"']+")
_QUERY = re.compile(r"\?[^\s\"']*")


def redact(text: str) -> str:
    """A message without draft tokens or query strings, for gunicorn's error log (it logs
    the URI of a request the app failed on)."""
    return _QUERY.sub("", _TOKEN_PATH.sub("/new/<token>", text))


class RouteLogger(glogging.Logger):  # type: ignore[misc]
    """gunicorn's logger, with only safe atoms in the access log: the route pattern the app
    put in the environ instead of the path, and no address, query, referer or headers,
    whatever access_log_format asks for."""

    SAFE_ATOMS = ("t", "s", "m", "H", "b", "B", "T", "D", "M", "L", "p")

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any],
              request_time: Any) -> dict[str, Any]:
        every = super().atoms(resp, req, environ, request_time)
        safe = {key: every[key] for key in self.SAFE_ATOMS if key in every}
        route = str(environ.get(ROUTE_KEY, UNMATCHED))
        safe.update(U=route, r=f"{safe.get('m', '-')} {route} {safe.get('H', '-')}")
        return safe

    def error(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().error(redact(msg), *map(_redact_arg, args), **kwargs)

    def warning(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().warning(redact(msg), *map(_redact_arg, args), **kwargs)

    def exception(self, msg: str, *args: Any, **kwargs: Any) -> None:
        super().exception(redact(msg), *map(_redact_arg, args), **kwargs)


def _redact_arg(arg: Any) -> Any:
    return redact(arg) if isinstance(arg, str) else arg


logger_class = RouteLogger


def _without_server_header(default_headers: Any) -> Any:
    """gunicorn writes "Server: gunicorn" on every response and has no setting to stop it
    (gunicorn/http/wsgi.py, Response.default_headers): drop that line."""
    if getattr(default_headers, "records_no_server", False):
        return default_headers  # the config file is read again on SIGHUP

    def headers(self: Any) -> list[str]:
        lines: list[str] = default_headers(self)
        return [line for line in lines if not line.lower().startswith("server:")]

    headers.records_no_server = True  # type: ignore[attr-defined]
    return headers


gunicorn_wsgi.Response.default_headers = _without_server_header(
    gunicorn_wsgi.Response.default_headers)


def when_ready(server: Any) -> None:
    """In the master, before the first fork: pay WeasyPrint's start-up once, and start the
    job consumer for clinic batches."""
    from records.web.serving import warm_up

    warm_up()
    start_consumer(server)


def on_exit(server: Any) -> None:
    stop_consumer(server)


# The clinic batches' job consumer (issue 10). With huey's SQLite storage (no REDIS_URL)
# the queue is a file in the instance folder that only this machine reads, so `make run`
# starts the consumer itself, as a child of the gunicorn master: the README's one command
# still runs everything. A child process rather than threads in the web workers: each
# batch forks its own rendering processes, which must not be forked out of a gunicorn
# worker that is serving requests, and gunicorn recycles its workers at will. With
# REDIS_URL set, consumers run wherever the operator starts `python -m records worker`.
CONSUMER_STOP_SECONDS = 15
_consumer: subprocess.Popen[bytes] | None = None


def start_consumer(server: Any) -> subprocess.Popen[bytes] | None:
    global _consumer
    if os.environ.get("REDIS_URL", "").strip():
        server.log.info("REDIS_URL is set: batch jobs run on `python -m records worker`")
        return None
    if _consumer is not None and _consumer.poll() is None:
        return _consumer  # the config is read again on SIGHUP; one consumer is enough
    # Dies with the master even if the master is killed outright (no on_exit then): the
    # kernel sends the child SIGTERM when its parent goes (Linux's PR_SET_PDEATHSIG).
    _consumer = subprocess.Popen([sys.executable, "-m", "records", "worker"],
                                 preexec_fn=_die_with_parent)  # noqa: PLW1509
    server.log.info("Started the batch job consumer (pid %s)", _consumer.pid)
    return _consumer


def stop_consumer(server: Any) -> None:
    """SIGTERM (huey stops at once; a batch it held is resumed by the next consumer),
    then SIGKILL if it has not gone within CONSUMER_STOP_SECONDS."""
    global _consumer
    consumer, _consumer = _consumer, None
    if consumer is None or consumer.poll() is not None:
        return
    consumer.terminate()
    try:
        consumer.wait(timeout=CONSUMER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        consumer.kill()
        consumer.wait()
    server.log.info("Stopped the batch job consumer")


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


PR_SET_PDEATHSIG = 1


# No post_fork hook for the database: records.db drops a pool inherited through fork in the
# child (os.register_at_fork), so preloaded workers never share the master's connections.
