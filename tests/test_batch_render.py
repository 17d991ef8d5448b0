"""Rendering a clinic batch's letters: the row mark on every page, worker processes, and a
LetterStore that lets a killed run go on without rendering a finished letter again.

Every letter is rendered by WeasyPrint and read back with pdftotext and pypdf."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from records.batch.model import Item, Rendered
from records.batch.render import LetterStore, RenderInterrupted, mark_for, render_letters
from records.letters import render_html
from records.pdf import renderer
from tests.batch_out_helpers import make_items


def page_texts(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode("utf-8")
    return out.split("\f")[:-1]  # pdftotext ends every page with a form feed


class CountingStore(LetterStore):
    """A LetterStore that remembers which rows were put, i.e. rendered in this run."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.put_rows: list[int] = []

    def put(self, rendered: Sequence[Rendered],
            keys: Mapping[int, str] | None = None) -> None:
        super().put(rendered, keys)
        self.put_rows += [r.row for r in rendered]


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return make_items(4)


def test_mark_for_names_the_row_and_initials_only(items: list[Item]) -> None:
    assert mark_for(items[0]) == "Row 2 · MER"
    assert items[0].client == "Maria Elena Robles"


def test_the_row_mark_is_on_every_page_of_the_letter_beside_the_page_number(
        items: list[Item]) -> None:
    item = items[0]
    pdf = renderer().write_pdf(render_html(item.draft, mark="Row 14 · <b>FMV</b>"))
    pages = page_texts(pdf)
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    for number, text in enumerate(pages, start=1):
        # Escaped by the template: the mark's markup prints as text.
        assert text.count("Row 14 · <b>FMV</b>") == 1, number
        assert f"Page {number} of {len(pages)}" in text
        footer = [line for line in text.splitlines() if line.strip()][-1]
        # Bottom-left and bottom-right on one line: the same margin, the same height.
        assert footer.strip().startswith("Row 14") and footer.rstrip().endswith(
            f"Page {number} of {len(pages)}")


def test_a_letter_without_a_mark_has_no_mark(items: list[Item]) -> None:
    html = render_html(items[1].draft)
    assert html == render_html(items[1].draft, mark="")
    assert "batch-mark" not in html
    assert "batch-mark" in render_html(items[1].draft, mark="Row 3 · JA")


def test_letters_come_back_by_row_with_their_pages_and_progress_per_chunk(
        items: list[Item], tmp_path: Path) -> None:
    progress: list[tuple[int, int]] = []
    got = render_letters(items, workers=1, store=LetterStore(tmp_path), chunk_size=3,
                         on_progress=lambda done, total: progress.append((done, total)))
    assert sorted(got) == [i.row for i in items]
    assert progress == [(3, 4), (4, 4)]
    for item in items:
        letter = got[item.row]
        pages = page_texts(letter.pdf)
        assert letter.pages == len(pages) == len(PdfReader(io.BytesIO(letter.pdf)).pages)
        assert all(mark_for(item) in page for page in pages)
    assert LetterStore(tmp_path).rows() == {i.row for i in items}


def test_a_resumed_run_renders_only_the_rows_not_in_the_store(
        items: list[Item], tmp_path: Path) -> None:
    first = CountingStore(tmp_path)
    done = render_letters(items[:2], workers=1, store=first)
    assert first.put_rows == [2, 3]
    second = CountingStore(tmp_path)
    progress: list[tuple[int, int]] = []
    got = render_letters(items, workers=1, store=second,
                         on_progress=lambda d, t: progress.append((d, t)))
    assert second.put_rows == [4, 5]
    assert progress[0] == (2, 4) and progress[-1] == (4, 4)
    # A stored letter is reused byte for byte.
    assert got[2].pdf == done[2].pdf and got[3].pdf == done[3].pdf
    assert got[2].pages == done[2].pages


def test_a_damaged_stored_letter_is_rendered_again(items: list[Item], tmp_path: Path) -> None:
    store = CountingStore(tmp_path)
    render_letters(items[:1], workers=1, store=store)
    (tmp_path / "2.pdf").write_bytes(b"%PDF-1.7 half a letter")
    assert store.get(2) is None
    again = CountingStore(tmp_path)
    got = render_letters(items[:1], workers=1, store=again)
    assert again.put_rows == [2]
    assert got[2].pdf.startswith(b"%PDF") and got[2].pages >= 3


def test_a_stored_letter_made_from_other_answers_is_not_handed_back(
        items: list[Item], tmp_path: Path) -> None:
    render_letters(items[:1], workers=1, store=LetterStore(tmp_path))
    other = replace(items[1], row=items[0].row)  # the same row number, another client
    again = CountingStore(tmp_path)
    got = render_letters([other], workers=1, store=again)
    assert again.put_rows == [other.row]
    assert mark_for(other) in page_texts(got[other.row].pdf)[0]
    assert LetterStore(tmp_path).get(other.row) is not None


def test_two_workers_make_the_same_letters_as_one(items: list[Item]) -> None:
    one = render_letters(items, workers=1)
    two = render_letters(items, workers=2, chunk_size=1)
    assert sorted(one) == sorted(two)
    for row in one:
        assert page_texts(two[row].pdf) == page_texts(one[row].pdf)
        assert two[row].pages == one[row].pages


def test_a_killed_worker_stops_the_run_cleanly_and_the_next_run_finishes_from_the_store(
        tmp_path: Path) -> None:
    items = make_items(6)
    store = CountingStore(tmp_path)
    reported: list[int] = []

    def kill_a_worker(done: int, total: int) -> None:
        reported.append(done)
        if len(reported) == 1:
            for worker in multiprocessing.active_children():
                os.kill(worker.pid or 0, signal.SIGKILL)

    with pytest.raises(RenderInterrupted, match="running the batch again goes on"):
        render_letters(items, workers=2, store=store, chunk_size=1, on_progress=kill_a_worker)
    kept = store.rows()
    # Nothing acknowledged is lost: every row reported done is in the store.
    assert reported and len(kept) >= reported[-1] >= 1
    assert len(kept) < len(items)
    again = CountingStore(tmp_path)
    got = render_letters(items, workers=2, store=again, chunk_size=1)
    assert sorted(again.put_rows) == sorted({i.row for i in items} - kept)
    assert sorted(got) == [i.row for i in items]
    assert all(got[i.row].pages == len(page_texts(got[i.row].pdf)) for i in items)


def test_workers_and_chunks_must_be_positive(items: list[Item]) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        render_letters(items, workers=0)
