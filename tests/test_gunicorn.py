"""The app served as `make run` serves it: a real gunicorn (2 workers, the repo's config
file, the app preloaded) on a free loopback port, a throwaway migrated instance folder, and
a real redis-server sharing the rate limits between the workers. Drafts are made by posting
the wizard's forms with the CSRF token and session cookie, as a browser does. No mocks."""

from __future__ import annotations

import os
import re
import runpy
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis

from tests.conftest import load_example
from tests.live_server import Reply, Server, Visitor, gunicorn, redis_server
from tests.wizard_helpers import Page, form_steps

ROUTE_LINE = re.compile(r"^\[[^\]]+\] (GET|POST|HEAD) (\S+) (\d{3}) \d+ms <(\d+)>$", re.M)
FORGED = "evil.example"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, redis_url: str) -> Iterator[Server]:
    with gunicorn(tmp_path_factory.mktemp("instance"), workers=2,
                  env={"REDIS_URL": redis_url}) as served:
        yield served


@pytest.fixture(autouse=True)
def _no_counts_left(redis_url: str) -> Iterator[None]:
    """Each test starts with no rate-limit counts: they live in Redis, for both workers."""
    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    client.flushdb()
    yield
    client.close()


class LiveWizard:
    """One visitor's way through /new over HTTP."""

    def __init__(self, visitor: Visitor) -> None:
        self.visitor = visitor
        self.token = ""
        self.csrf = Page(visitor.get("/new/").text).csrf_token()

    def start(self, start: str = "blank") -> Reply:
        reply = self.visitor.post("/new/", {"start": start, "csrf_token": self.csrf})
        assert reply.status == 302, (reply.status, reply.text[:500])
        location = urlsplit(reply.headers["Location"]).path
        match = re.fullmatch(r"/new/([A-Za-z0-9_-]{43})/agency", location)
        assert match, location
        self.token = match[1]
        return reply

    def fill(self, answers: dict[str, Any]) -> None:
        for step, data in form_steps(answers).items():
            reply = self.visitor.post(f"/new/{self.token}/{step}",
                                      {**data, "csrf_token": self.csrf})
            assert reply.status == 302, (step, reply.status)

    def get(self, step: str) -> Reply:
        return self.visitor.get(f"/new/{self.token}/{step}")


def complete_draft(visitor: Visitor) -> tuple[LiveWizard, dict[str, Any]]:
    """The KCPD example as the wizard takes it (dated today), started from the incident."""
    answers = load_example("kcpd-sunshine-2019.json")
    answers.pop("date", None)
    answers["requester"].pop("category", None)
    wiz = LiveWizard(visitor)
    wiz.start("kc-2019-07-22")
    wiz.fill(answers)
    assert wiz.get("review").status == 200
    return wiz, answers


def access_lines(server: Server, minimum: int, *, seconds: float = 10) -> list[tuple[str, ...]]:
    """The access log's lines, once at least `minimum` are there (gunicorn writes each after
    its response is sent)."""
    deadline = time.monotonic() + seconds
    while True:
        lines = ROUTE_LINE.findall(server.log_text())
        if len(lines) >= minimum or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def test_the_access_log_shows_route_patterns_never_a_token_or_personal_data(
        server: Server) -> None:
    before = len(access_lines(server, 0))
    wiz, answers = complete_draft(Visitor(server))
    assert wiz.get("letter.pdf").status == 200
    assert wiz.get("resumen?from=email").status == 200
    calculator = Visitor(server).get("/deadlines?law=mo-sunshine&received=2019-07-23")
    assert calculator.status == 200 and "2019" in calculator.text
    # GET /new/, POST /new/, 4 form posts, review, PDF, resumen, calculator
    lines = access_lines(server, before + 10)[before:]
    seen = {(method, route, status) for method, route, status, _ in lines}
    assert {("POST", "/new/", "302"), ("POST", "/new/<token>/<step>", "302"),
            ("GET", "/new/<token>/<step>", "200"), ("GET", "/new/<token>/letter.pdf", "200"),
            ("GET", "/new/<token>/resumen", "200"), ("GET", "/deadlines", "200")} <= seen
    log = server.log_text()
    personal = [answers["requester"]["name"], answers["requester"]["email"], "2019-07-23"]
    for secret in [wiz.token, wiz.token[:12], "received=", "?from", *personal]:
        assert secret not in log, secret


def test_no_response_carries_a_server_header(server: Server) -> None:
    wiz, _ = complete_draft(Visitor(server))
    replies = [wiz.get("review"), wiz.get("letter.pdf"), Visitor(server).get("/static/style.css"),
               Visitor(server).get("/no-such-page"), Visitor(server).get("/", host=FORGED)]
    assert [r.status for r in replies] == [200, 200, 200, 404, 400]
    for reply in replies:
        assert reply.headers.get("Server") is None, reply.headers.get("Server")
        assert reply.headers["Date"]  # the other default header is still sent


def test_a_forged_host_is_refused_and_never_appears_in_a_page(server: Server) -> None:
    visitor = Visitor(server)
    wiz, _ = complete_draft(visitor)
    refused = visitor.get(f"/new/{wiz.token}/agency", host=FORGED)
    assert refused.status == 400
    assert FORGED not in refused.text and wiz.token not in refused.text
    # X-Forwarded-Host is not believed without PROXY_FIX either.
    page = visitor.get(f"/new/{wiz.token}/agency", headers={"X-Forwarded-Host": FORGED})
    assert page.status == 200 and FORGED not in page.text
    # A trusted name is used for the resume link, as the browser sent it.
    resume = f"/new/{wiz.token}/"
    own = visitor.get(f"/new/{wiz.token}/agency", host=f"localhost:{server.port}")
    assert f"http://localhost:{server.port}{resume}" in own.text
    assert f"http://127.0.0.1:{server.port}{resume}" in page.text
    hosts = re.findall(r"https?://([^/\"<\s]+)/new/", page.text + own.text)
    assert hosts and {h.split(":")[0] for h in hosts} == {"localhost", "127.0.0.1"}


def test_pages_and_files_of_a_draft_are_never_stored_by_browsers(server: Server) -> None:
    wiz, _ = complete_draft(Visitor(server))
    for what in ("agency", "records", "requester", "fees", "review", "done", "preview",
                 "letter.pdf", "resumen", "delete", ""):
        reply = wiz.get(what)
        assert reply.status in (200, 302), (what, reply.status)
        assert reply.headers["Cache-Control"] == "no-store", what
    assert wiz.get("letter.pdf").body.startswith(b"%PDF-")
    # Files without answers may be cached.
    assert Visitor(server).get("/static/style.css").headers.get("Cache-Control") != "no-store"


def test_the_21st_pdf_in_a_minute_is_refused_across_both_workers(
        server: Server, redis_url: str) -> None:
    visitor = Visitor(server)
    wiz, _ = complete_draft(visitor)
    before = len(access_lines(server, 0))
    started = time.monotonic()
    # In pairs: a sync worker renders one PDF at a time, so the second of a pair is
    # answered by the other worker.
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(lambda _: wiz.get("letter.pdf").status, range(20)))
    assert statuses == [200] * 20
    refused = wiz.get("letter.pdf")
    elapsed = time.monotonic() - started
    assert elapsed < 55, f"20 PDFs took {elapsed:.0f} s: the window slid, nothing shown"
    assert refused.status == 429, refused.status
    assert 1 <= int(refused.headers["Retry-After"]) <= 61
    assert "Wait a minute" in refused.text
    pdf_lines = [line for line in access_lines(server, before + 21)[before:]
                 if line[1] == "/new/<token>/letter.pdf"]
    assert len({pid for _, _, status, pid in pdf_lines if status == "200"}) == 2, pdf_lines
    assert redis.Redis.from_url(redis_url).dbsize() > 0  # the count is Redis's, not a worker's
    # Another client (another loopback address) still gets its PDF.
    assert Visitor(server, source="127.0.0.2").get(f"/new/{wiz.token}/letter.pdf").status == 200


def test_the_31st_new_draft_in_an_hour_is_refused(server: Server) -> None:
    wiz = LiveWizard(Visitor(server))
    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(
            lambda _: wiz.visitor.post("/new/", {"start": "blank",
                                                 "csrf_token": wiz.csrf}).status, range(30)))
    assert statuses == [302] * 30
    refused = wiz.visitor.post("/new/", {"start": "blank", "csrf_token": wiz.csrf})
    assert refused.status == 429
    assert 3000 < int(refused.headers["Retry-After"]) <= 3601
    assert "new requests in the last hour" in refused.text
    other = LiveWizard(Visitor(server, source="127.0.0.3"))
    assert other.start().status == 302


def test_the_config_file_preloads_and_sizes_workers_by_cores() -> None:
    settings = runpy.run_path(str(Path(__file__).resolve().parent.parent
                                  / "records/web/gunicorn_conf.py"))
    assert settings["preload_app"] is True
    assert settings["workers"] == (int(os.environ.get("WEB_CONCURRENCY") or 0)
                                   or len(os.sched_getaffinity(0)))
    assert 0 < settings["graceful_timeout"] <= settings["timeout"]
    assert settings["bind"] == [f"{os.environ.get('HOST') or '127.0.0.1'}:"
                                f"{os.environ.get('PORT') or '5000'}"]
