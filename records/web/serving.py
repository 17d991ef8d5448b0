"""Serving behind gunicorn and, optionally, a TLS proxy: which Host and client to believe,
what the access log may see, and what browsers may keep.

- ProxyFix only with PROXY_FIX (a number of proxies): otherwise anyone could claim any
  address in X-Forwarded-For and dodge the rate limits.
  https://werkzeug.palletsprojects.com/en/stable/middleware/proxy_fix/
- A Host outside TRUSTED_HOSTS is refused by Flask before routing (a SecurityError, 400);
  it is answered here in plain text, because the normal error page builds URLs from the
  very Host that was refused.
- The access log (records/web/gunicorn_conf.py) shows the route pattern the app sets in
  the WSGI environ, never the path: paths under /new/ carry the secret draft token and the
  calculator's query strings carry dates.
- Pages and files of a draft carry answers: Cache-Control: no-store.
"""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

ROUTE_KEY = "records.route"  # the environ key gunicorn's access log reads
UNMATCHED = "-"


def init_app(app: Flask) -> None:
    hops = int(app.config.get("PROXY_FIX") or 0)
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.after_request(_mark_route)
    app.after_request(_no_store_for_drafts)
    app.register_error_handler(SecurityError, _untrusted_host)


def _mark_route(response: Response) -> Response:
    rule = request.url_rule
    request.environ[ROUTE_KEY] = rule.rule if rule is not None else UNMATCHED
    return response


def _no_store_for_drafts(response: Response) -> Response:
    # /new/ itself holds a CSRF token bound to the session, the rest a draft's answers or
    # its token; only the shared letter stylesheet may be cached.
    if request.path.startswith("/new/") and request.endpoint != "wizard.letter_css":
        response.headers["Cache-Control"] = "no-store"
    return response


def _untrusted_host(exc: SecurityError) -> Response:
    return Response("Bad Request: this server does not answer to that host name.\n",
                    status=400, mimetype="text/plain")


def warm_up() -> None:
    """Render one letter, so WeasyPrint's imports, fonts and stylesheet are loaded. Run in
    gunicorn's master before it forks (gunicorn_conf.when_ready): every worker inherits
    them, and its first PDF costs what the next ones do (measured with one worker: without
    this, the first PDF took 1.2 to 2 s longer than the second)."""
    import json
    from datetime import date

    from records.catalog import default_catalog
    from records.config import ROOT
    from records.drafts import validate
    from records.letters import render_html
    from records.pdf import html_to_pdf

    answers = json.loads((ROOT / "examples" / "kcpd-sunshine-2019.json").read_text())
    html_to_pdf(render_html(validate(answers, catalog=default_catalog(), today=date.today())))
