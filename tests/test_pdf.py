"""The PDF renderer: user text stays text, nothing is fetched, metadata and layout are right."""

from __future__ import annotations

import http.server
import io
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from records import pdf
from records.catalog import default_catalog
from records.drafts import validate
from records.letters import render_html
from tests.conftest import extract_text, make_answers

TODAY = date(2026, 11, 23)
PASSWD_LINE = "root:x:0:0"
POINTS_PER_INCH = 72


def render(**overrides: Any) -> bytes:
    draft = validate(make_answers(**overrides), catalog=default_catalog(), today=TODAY)
    return pdf.html_to_pdf(render_html(draft))


def images_in(data: bytes) -> int:
    reader = PdfReader(io.BytesIO(data))
    count = 0
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def test_user_markup_appears_as_literal_text_and_fetches_nothing() -> None:
    hostile = '<img src="file:///etc/passwd"> <link rel=stylesheet href="file:///etc/passwd">'
    data = render(description=hostile)
    text = extract_text(data)
    assert '<img src="file:///etc/passwd">' in text
    assert PASSWD_LINE not in text
    assert PASSWD_LINE.encode() not in data
    assert images_in(data) == 0


def test_hostile_requester_name_is_escaped_in_the_html() -> None:
    answers = make_answers()
    answers["requester"]["name"] = '</title><script>alert(1)</script><img src=x>'
    html = render_html(validate(answers, catalog=default_catalog(), today=TODAY))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "/etc/passwd",
    "records-static:../../../../etc/passwd",
    "records-static:/etc/passwd",
    "data:text/plain,hello",
    "ftp://127.0.0.1/x",
])
def test_fetcher_refuses_anything_but_packaged_static_files(url: str) -> None:
    with pytest.raises(pdf.RefusedURL):
        pdf.renderer().fetcher.fetch(url)


def test_fetcher_serves_the_packaged_stylesheet() -> None:
    response = pdf.renderer().fetcher.fetch("records-static:letter.css")
    assert b"@page" in response.read()


def test_even_template_markup_cannot_reach_files_or_the_network(
        counting_server: tuple[str, list[str]]) -> None:
    base, hits = counting_server
    html = (f'<html><body><p>x</p><img src="file:///etc/passwd"><img src="{base}/a.png">'
            f'<link rel="stylesheet" href="{base}/b.css">'
            '<img src="../../../../etc/passwd"></body></html>')
    data = pdf.html_to_pdf(html)
    assert hits == []
    assert images_in(data) == 0
    assert PASSWD_LINE.encode() not in data


def test_pdf_is_us_letter_with_title_author_and_language() -> None:
    reader = PdfReader(io.BytesIO(render()))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (8.5 * POINTS_PER_INCH, 11 * POINTS_PER_INCH)
    meta = reader.metadata
    assert meta is not None
    assert meta.title and "Missouri Sunshine Law request" in meta.title
    assert meta.author == "Jordan Alvarez"
    assert reader.trailer["/Root"].get("/Lang") == "en"


def test_pdf_ua_variant_is_tagged() -> None:
    draft = validate(make_answers(), catalog=default_catalog(), today=TODAY)
    reader = PdfReader(io.BytesIO(pdf.html_to_pdf(render_html(draft), pdf_ua=True)))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    plain = PdfReader(io.BytesIO(render())).trailer["/Root"]
    assert "/StructTreeRoot" not in plain


def test_recipient_address_sits_in_a_number_10_envelope_window() -> None:
    """The first recipient line must fall inside the window once folded in thirds:
    about 2 to 2.6 inches from the top of the sheet and 0.75 to 1.25 inches from the left."""
    reader = PdfReader(io.BytesIO(render()))
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.startswith("Custodian of Records") and not found:
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    reader.pages[0].extract_text(visitor_text=visit)
    assert found, "recipient line not found on page 1"
    x, y = found[0]
    from_top = (11 * POINTS_PER_INCH - y) / POINTS_PER_INCH
    assert 0.75 <= x / POINTS_PER_INCH <= 1.25
    assert 2.0 <= from_top <= 2.6


def test_missing_harfbuzz_subset_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint.text import ffi

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    with pytest.raises(pdf.RendererUnavailable, match="libharfbuzz-subset0"):
        pdf.check_environment()


def test_this_machine_has_the_fast_subsetter() -> None:
    pdf.check_environment()  # raises if libharfbuzz-subset0 is missing


LETTER_ELEMENTS = {"html", "head", "meta", "title", "body", "div", "p", "h1", "h2", "ol",
                   "ul", "li", "address", "section", "table", "tbody", "tr", "th", "td",
                   "span", "br", "i", "strong", "b"}


def every_example_draft() -> list[Any]:
    from tests.conftest import EXAMPLES, load_example

    drafts = [validate(load_example(p.name), catalog=default_catalog(), today=TODAY)
              for p in sorted(EXAMPLES.glob("*.json"))]
    consent = make_answers("ice-foia-2019.json", delivery="mail", no_internet=True,
                           subject={"name": "A B", "relationship": "consent"})
    drafts.append(validate(consent, catalog=default_catalog(), today=TODAY))
    return drafts


def test_templates_use_only_elements_the_letter_ua_sheet_covers() -> None:
    from html.parser import HTMLParser

    seen: set[str] = set()

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: Any) -> None:
            seen.add(tag)

    for draft in every_example_draft():
        Tags().feed(render_html(draft))
    assert seen <= LETTER_ELEMENTS, f"add rules to letter-ua.css for {seen - LETTER_ELEMENTS}"


def test_small_ua_sheet_lays_out_exactly_like_weasyprints_full_one() -> None:
    import subprocess

    from weasyprint import HTML

    r = pdf.renderer()
    for draft in every_example_draft():
        html = render_html(draft)
        ours = r.write_pdf(html)
        full = HTML(string=html, base_url=pdf.STATIC_SCHEME, url_fetcher=r.fetcher).write_pdf(
            stylesheets=[r.stylesheet], font_config=r.font_config)

        def layout(data: bytes) -> str:
            return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data,
                                  capture_output=True, check=True).stdout.decode()

        assert layout(ours) == layout(full)
