"""The PDF cache: a repeated download is not rendered again, a changed letter is, and the
cache stays within its byte bound."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from records import pdf
from records.letters import render_html
from tests.conftest import extract_text
from tests.test_wizard import cli_draft, finished
from tests.wizard_helpers import Wizard


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every HTML the renderer actually lays out, in order, from an empty cache."""
    seen: list[str] = []
    real = pdf.Renderer.write_pdf

    def counting(self: pdf.Renderer, html: str, **kwargs: Any) -> bytes:
        seen.append(html)
        return real(self, html, **kwargs)

    monkeypatch.setattr(pdf.Renderer, "write_pdf", counting)
    pdf.pdf_cache().clear()
    yield seen
    pdf.pdf_cache().clear()


def test_a_repeated_download_is_served_from_the_cache(wiz: Wizard, renders: list[str]) -> None:
    answers = finished(wiz, "ice-foia-2019.json")
    first = wiz.get("letter.pdf")
    assert first.status_code == 200 and first.data.startswith(b"%PDF-")
    assert len(renders) == 1
    again = wiz.get("letter.pdf")
    assert again.status_code == 200
    assert again.data == first.data
    assert again.headers["Content-Disposition"] == first.headers["Content-Disposition"]
    assert len(renders) == 1, "the second download was rendered again"
    assert (pdf.pdf_cache().hits, pdf.pdf_cache().misses) == (1, 1)
    # What the cache served is the letter the CLI would write.
    assert renders[0] == render_html(cli_draft(answers))


def test_a_changed_answer_gives_a_new_pdf(wiz: Wizard, renders: list[str]) -> None:
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    before = wiz.get("letter.pdf")
    assert before.status_code == 200
    assert "Shift supervisor on duty" not in extract_text(before.data)
    wiz.submit("records", {**_records_form(answers),
                           "description": "Shift supervisor on duty that night."})
    after = wiz.get("letter.pdf")
    assert after.status_code == 200
    assert len(renders) == 2
    assert after.data != before.data
    assert "Shift supervisor on duty that night." in extract_text(after.data)
    # Changing it back serves the first PDF again, from the cache.
    wiz.submit("records", _records_form(answers))
    assert wiz.get("letter.pdf").data == before.data
    assert len(renders) == 2


def _records_form(answers: dict[str, Any]) -> dict[str, Any]:
    from tests.wizard_helpers import form_steps

    return form_steps(answers)["records"]


def test_the_key_covers_the_html_the_variant_and_the_renderer_version(
        monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<p>Letter</p>"
    key = pdf.cache_key(html)
    assert pdf.cache_key(html) == key
    assert pdf.cache_key(html + " ") != key
    assert pdf.cache_key(html, pdf_ua=True) != key
    monkeypatch.setattr(pdf.renderer(), "version", "another weasyprint or letter.css")
    assert pdf.cache_key(html) != key


def test_the_renderer_version_follows_the_stylesheets(tmp_path: Any,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    version = pdf._renderer_version()
    assert version == pdf.renderer().version
    edited = tmp_path / "letter.css"
    edited.write_bytes(pdf.STATIC_FILES["letter.css"].read_bytes() + b"\np { color: red }\n")
    monkeypatch.setitem(pdf.STATIC_FILES, "letter.css", edited)
    assert pdf._renderer_version() != version


def test_the_cache_evicts_the_least_recently_used_within_its_byte_bound() -> None:
    cache = pdf.PdfCache(max_bytes=10)
    made: list[str] = []

    def render(key: str, size: int) -> bytes:
        def make() -> bytes:
            made.append(key)
            return key.encode() * size
        return cache.get_or_render(key, make)

    assert render("a", 4) == b"aaaa"
    assert render("b", 4) == b"bbbb"
    assert render("a", 4) == b"aaaa"  # a hit, and now the most recent
    assert made == ["a", "b"]
    render("c", 4)  # 12 bytes: the least recently used ("b") goes
    assert cache.size == 8 and len(cache) == 2
    render("a", 4)
    render("b", 4)
    assert made == ["a", "b", "c", "b"]
    assert cache.size <= 10
    render("huge", 3)  # larger than the bound: served, never kept
    assert cache.size <= 10 and render("huge", 3) == b"huge" * 3
    assert made.count("huge") == 2
