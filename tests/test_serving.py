"""Serving settings through the Flask test client: TRUSTED_HOSTS, PROXY_FIX (which client
the rate limits see), no-store on drafts, the route the access log shows, and the error
log's redaction. The live server is tested in test_gunicorn.py."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from records import create_app, db
from records.web.clock import today
from records.web.gunicorn_conf import redact
from records.web.serving import ROUTE_KEY
from tests.wizard_helpers import Wizard, https_client

REAL_CLIENT = "198.51.100.7"
OTHER_CLIENT = "198.51.100.8"
AppFactory = Callable[[], Flask]


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppFactory]:
    """Build an app from the environment as `make run` would: rate limits on, settings
    from environment variables (set them with monkeypatch first)."""
    monkeypatch.setenv("RECORDS_INSTANCE", str(tmp_path / "instance"))
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "TRUSTED_HOSTS", "PROXY_FIX",
                 "HOST", "RECORDS_TODAY"):
        monkeypatch.delenv(name, raising=False)
    made: list[Flask] = []

    def build() -> Flask:
        app = create_app({"TESTING": True})
        db.upgrade(app.config["DATABASE_URL"])
        made.append(app)
        return app

    yield build
    for app in made:
        db.dispose(app.config["DATABASE_URL"])


def visitor(app: Flask) -> Wizard:
    return Wizard(https_client(app))


def _new_draft(wiz: Wizard, **kwargs: object) -> int:
    response = wiz.client.post("/new/", data={"start": "blank", "csrf_token": wiz.csrf},
                               **kwargs)  # type: ignore[arg-type]
    return response.status_code


def _fill_the_draft_limit(wiz: Wizard, forwarded_for: str) -> None:
    for i in range(30):
        assert _new_draft(wiz, headers={"X-Forwarded-For": forwarded_for}) == 302, i


def test_without_proxy_fix_x_forwarded_for_does_not_change_the_client(make_app: AppFactory) -> None:
    wiz = visitor(make_app())
    _fill_the_draft_limit(wiz, REAL_CLIENT)
    # Anyone may send the header: believing it would let one client dodge the limit.
    assert _new_draft(wiz, headers={"X-Forwarded-For": OTHER_CLIENT}) == 429


def test_with_proxy_fix_the_client_is_the_forwarded_address(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROXY_FIX", "1")
    wiz = visitor(make_app())
    _fill_the_draft_limit(wiz, REAL_CLIENT)
    assert _new_draft(wiz, headers={"X-Forwarded-For": REAL_CLIENT}) == 429
    assert _new_draft(wiz, headers={"X-Forwarded-For": OTHER_CLIENT}) == 302
    # Only the last hop (the proxy's own entry) is believed, not what the client prepended.
    assert _new_draft(wiz, headers={"X-Forwarded-For": f"{OTHER_CLIENT}, {REAL_CLIENT}"}) == 429


def test_x_forwarded_proto_sets_the_resume_link_scheme_only_with_proxy_fix(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    for proxy_fix, scheme in (("0", "http"), ("1", "https")):
        monkeypatch.setenv("PROXY_FIX", proxy_fix)
        wiz = visitor(make_app())
        wiz.start()
        # The step page over plain http, as a TLS proxy would forward it.
        page = wiz.client.get(wiz.url("agency"), base_url="http://localhost",
                              headers={"X-Forwarded-Proto": "https"})
        assert page.status_code == 200
        assert f"{scheme}://localhost/new/{wiz.token}/" in page.get_data(as_text=True)


def test_proxy_fix_must_be_a_number(make_app: AppFactory,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROXY_FIX", "yes")
    with pytest.raises(ValueError, match="PROXY_FIX must be a number"):
        make_app()


def test_records_today_pins_the_apps_today(make_app: AppFactory,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert "TODAY" not in make_app().config
    monkeypatch.setenv("RECORDS_TODAY", "2026-11-23")
    app = make_app()
    with app.app_context():
        assert today() == date(2026, 11, 23)


def test_records_today_must_be_a_date(make_app: AppFactory,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECORDS_TODAY", "23/11/2026")
    with pytest.raises(ValueError, match="RECORDS_TODAY must be a date"):
        make_app()


def test_by_default_only_this_machine_is_a_trusted_host(make_app: AppFactory) -> None:
    app = make_app()
    assert app.config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]
    client = app.test_client()
    assert client.get("/", base_url="http://127.0.0.1:5000").status_code == 200
    refused = client.get("/new/", base_url="http://evil.example")
    assert refused.status_code == 400
    assert "evil.example" not in refused.get_data(as_text=True)
    assert refused.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("host", "trusted"), [
    ("records.lan", ["localhost", "127.0.0.1", "records.lan"]),
    ("0.0.0.0", ["localhost", "127.0.0.1"]),  # noqa: S104 - every interface, not a name
    ("127.0.0.1", ["localhost", "127.0.0.1"]),
])
def test_the_host_being_served_is_trusted_by_default(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, host: str,
        trusted: list[str]) -> None:
    monkeypatch.setenv("HOST", host)
    assert make_app().config["TRUSTED_HOSTS"] == trusted


def test_trusted_hosts_from_the_environment_build_the_resume_link(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_HOSTS", " records.example.org, .records.example.net ,")
    app = make_app()
    assert app.config["TRUSTED_HOSTS"] == ["records.example.org", ".records.example.net"]
    base = "https://records.example.org"
    client = app.test_client()
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                     client.get("/new/", base_url=base).get_data(as_text=True))
    assert csrf
    created = client.post("/new/", base_url=base,
                          data={"start": "blank", "csrf_token": csrf[1]})
    assert created.status_code == 302
    step = client.get(created.headers["Location"], base_url=base)
    token = created.headers["Location"].split("/")[2]
    assert f"https://records.example.org/new/{token}/" in step.get_data(as_text=True)
    assert client.get("/", base_url="https://www.records.example.net").status_code == 200
    # localhost is no longer trusted once the list is given.
    assert client.get("/", base_url="http://localhost").status_code == 400


def test_draft_pages_are_no_store_and_log_their_route_pattern(make_app: AppFactory) -> None:
    app = make_app()
    routes: list[object] = []
    inner = app.wsgi_app

    def server(environ: dict[str, Any], start_response: Any) -> Any:
        # What gunicorn's access log reads: the environ, after the app has answered.
        try:
            return inner(environ, start_response)
        finally:
            routes.append(environ.get(ROUTE_KEY))

    app.wsgi_app = server  # type: ignore[method-assign]
    wiz = visitor(app)
    wiz.start()
    page = wiz.get("agency")
    assert page.headers["Cache-Control"] == "no-store"
    missing = wiz.client.get("/new/not-a-token/agency")
    assert missing.status_code == 404 and missing.headers["Cache-Control"] == "no-store"
    home = wiz.client.get("/?q=2019-07-22")
    assert "no-store" not in home.headers.get("Cache-Control", "")
    assert wiz.client.get("/nowhere").status_code == 404
    assert "no-store" not in wiz.client.get("/new/letter.css").headers.get("Cache-Control", "")
    assert routes == ["/new/", "/new/", "/new/<token>/<step>", "/new/<token>/<step>", "/",
                      "-", "/new/letter.css"]


@pytest.mark.parametrize(("message", "expected"), [
    ("Error handling request GET /new/AbC-12_xyz/letter.pdf",
     "Error handling request GET /new/<token>/letter.pdf"),
    ("Error handling request /new/AbC-12_xyz/", "Error handling request /new/<token>/"),
    ("Invalid request from ip=127.0.0.1: Invalid HTTP request line: 'GET /deadlines?received="
     "2019-07-23 HTTP/1.1'", "Invalid request from ip=127.0.0.1: Invalid HTTP request line: "
     "'GET /deadlines HTTP/1.1'"),
    ("Booting worker with pid: 12", "Booting worker with pid: 12"),
])
def test_the_error_log_never_holds_a_token_or_a_query(message: str, expected: str) -> None:
    assert redact(message) == expected


def test_when_redis_is_unreachable_limits_fall_back_to_memory(
        make_app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.live_server import free_port

    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nobody listens
    app = make_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == os.environ["REDIS_URL"]
    wiz = visitor(app)
    for i in range(30):
        assert _new_draft(wiz) == 302, i
    assert _new_draft(wiz) == 429
