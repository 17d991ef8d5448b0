"""Real servers for tests: gunicorn started the way `make run` starts it (the repo's config
file, a migrated instance folder), a throwaway redis-server, and a small HTTP visitor that
keeps its session cookie and can send any Host header. Free loopback ports and temporary
folders only, so parallel test processes never meet; every wait is bounded and every
process is stopped."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
GUNICORN_CONF = "records/web/gunicorn_conf.py"
# Settings a developer's shell may hold that would change what the server under test does.
SCRUBBED = ("DATABASE_URL", "REDIS_URL", "TRUSTED_HOSTS", "PROXY_FIX", "WEB_CONCURRENCY",
            "GUNICORN_CMD_ARGS", "FORWARDED_ALLOW_IPS", "FLASK_APP", "FLASK_DEBUG",
            "FLASK_RUN_PORT", "HOST", "PORT", "SECRET_KEY", "RECORDS_TODAY")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until(ready: Callable[[], bool], *, seconds: float, proc: subprocess.Popen[bytes],
               what: str, log: Path) -> None:
    """Poll `ready` every 0.1 s until it is true; fail with the log's tail if `proc` exits
    or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while not ready():
        if proc.poll() is not None:
            raise AssertionError(f"{what} exited with {proc.returncode}:\n{tail(log)}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} was not ready within {seconds} s:\n{tail(log)}")
        time.sleep(0.1)


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"


def stop(proc: subprocess.Popen[bytes], *, grace: float = 30) -> None:
    """SIGTERM (gunicorn: graceful shutdown), then SIGKILL after `grace` seconds."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A redis-server on a free loopback port, in `folder`, with no persistence. Yields
    its URL."""
    import redis

    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = folder / "redis.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", str(folder),
             "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
            stdout=out, stderr=subprocess.STDOUT)
    client = redis.Redis(host="127.0.0.1", port=port, socket_timeout=1)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    try:
        wait_until(answers, seconds=20, proc=proc, what="redis-server", log=log)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        stop(proc, grace=10)


@dataclass
class Server:
    host: str
    port: int
    log: Path
    proc: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def gunicorn(instance: Path, *, workers: int = 2, env: Mapping[str, str] | None = None,
             port: int | None = None) -> Iterator[Server]:
    """The app under gunicorn with the repo's config, on a free port of 127.0.0.1 (or
    `port`, to serve the same address again after a restart), after `python -m records db
    upgrade` on a throwaway instance folder (as `make run` does)."""
    port = port or free_port()
    environ = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    environ.update(RECORDS_INSTANCE=str(instance), HOST="127.0.0.1", PORT=str(port),
                   SECRET_KEY="live-tests-" + os.urandom(8).hex(), PYTHONUNBUFFERED="1")
    environ.update(env or {})
    subprocess.run([sys.executable, "-m", "records", "db", "upgrade"], cwd=ROOT, env=environ,
                   check=True, capture_output=True, timeout=120)
    log = instance / "gunicorn.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-c", GUNICORN_CONF, "--workers", str(workers),
             "app:app"], cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    server = Server("127.0.0.1", port, log, proc)
    try:
        wait_until(lambda: _answers(server), seconds=90, proc=proc, what="gunicorn", log=log)
        yield server
    finally:
        stop(proc)


def _answers(server: Server) -> bool:
    try:
        return Visitor(server).get("/").status == 200
    except OSError:
        return False


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


@dataclass
class Visitor:
    """One browser: a cookie jar and a source address (127.0.0.x), one connection per
    request. `host` is the Host header sent (the server's own address by default)."""

    server: Server
    source: str = "127.0.0.1"
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, *, form: Mapping[str, Any] | None = None,
                host: str | None = None, headers: Mapping[str, str] | None = None) -> Reply:
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60,
                                          source_address=(self.source, 0))
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host or f"{self.server.host}:{self.server.port}")
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            if self.cookies:
                conn.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
            body = urlencode(form or {}, doseq=True).encode() if form is not None else b""
            if form is not None:
                conn.putheader("Content-Type", "application/x-www-form-urlencoded")
            conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            response = conn.getresponse()
            reply = Reply(response.status, response.headers, response.read())
        finally:
            conn.close()
        for value in reply.headers.get_all("Set-Cookie") or []:
            self.cookies.update({k: m.value for k, m in SimpleCookie(value).items()})
        return reply

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: Mapping[str, Any], **kwargs: Any) -> Reply:
        return self.request("POST", path, form=form, **kwargs)
