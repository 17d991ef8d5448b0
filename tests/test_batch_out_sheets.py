"""The batch's outputs, one rule at a time, on crafted rows: formulas neutralised in the
manifest, a cover sheet for an unconfirmed address, no DHS letter by mail without the
no-internet statement, and the summary's words and dates in each language."""

from __future__ import annotations

import csv
import io
import subprocess
from dataclasses import replace
from datetime import date

import pytest

from records.batch.cover import cover, cover_pdf
from records.batch.model import MAIL, Item, Rendered
from records.batch.outputs import OutputPaths, manifest_csv, neutralise, write_outputs
from records.batch.summary import (
    long_date,
    need_lines,
    summary,
    summary_pdfs,
    texts,
    where_words,
)
from records.catalog import default_catalog
from tests.batch_helpers import client_row
from tests.batch_out_helpers import TODAY, items_from, make_items


def text_of(pdf: bytes) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf,
                         capture_output=True, check=True).stdout.decode("utf-8")
    return [" ".join(page.split()) for page in out.split("\f")[:-1]]


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return make_items(3, languages=("en", "es"))


def with_address(item: Item, address: tuple[str, ...], **agency: object) -> Item:
    draft = item.draft
    return replace(item, draft=replace(draft, agency=replace(draft.agency, address=address,
                                                             **agency)))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_as_a_formula_becomes_text(start: str) -> None:
    assert neutralise(f"{start}HYPERLINK(\"http://x\")") == f"'{start}HYPERLINK(\"http://x\")"


def test_plain_cells_are_left_alone() -> None:
    assert neutralise("500 12th Street SW") == "500 12th Street SW"
    assert neutralise(14) == "14"


def test_the_manifest_neutralises_an_agency_address_and_never_names_the_client(
        items: list[Item]) -> None:
    kcpd = items[1]
    evil = with_address(kcpd, ("=cmd|' /C calc'!A0", "@SUM(1+1)"))
    evil = replace(evil, draft=replace(evil.draft, requester=replace(
        evil.draft.requester, name="=HYPERLINK(\"http://evil\")")))
    rendered = {evil.row: Rendered(evil.row, b"%PDF", 3)}
    rows = list(csv.reader(io.StringIO(manifest_csv([evil], rendered).decode())))
    assert rows[1] == [str(evil.row), "Kansas City Missouri Police Department",
                       "'=cmd|' /C calc'!A0, @SUM(1+1)", "3", "certified mail"]
    assert "HYPERLINK" not in "".join(rows[1])


def test_a_cover_sheet_says_when_the_address_is_not_confirmed(items: list[Item]) -> None:
    item = with_address(items[1], ("Custodian of Records", "1 Main St", "Nowhere, MO 65000"),
                        address_confirmed=False)
    rendered = {item.row: Rendered(item.row, b"", 3)}
    pages = text_of(cover_pdf(item.draft.agency, [item], rendered))
    assert len(pages) == 1
    assert "This address is not confirmed: check it with the agency before mailing." in pages[0]
    assert "Custodian of Records 1 Main St Nowhere, MO 65000" in pages[0]
    assert "1 letter, 3 pages in all" in pages[0]
    confirmed = text_of(cover_pdf(items[1].draft.agency, [items[1]], rendered))[0]
    assert "not confirmed" not in confirmed


def test_no_dhs_letter_goes_by_mail_in_the_portal_era_without_the_no_internet_statement(
        items: list[Item]) -> None:
    by_mail = items[2]
    assert by_mail.route == MAIL and by_mail.draft.dhs_portal_era and by_mail.draft.no_internet
    bare = replace(by_mail, draft=replace(by_mail.draft, no_internet=False))
    rendered = {bare.row: Rendered(bare.row, b"", 4)}
    with pytest.raises(ValueError, match="without the no-internet statement"):
        cover(bare.draft.agency, [bare], rendered)
    # Before 2026-01-22 DHS took mail: no warning, no refusal.
    early = replace(bare, draft=replace(bare.draft, date=date(2025, 6, 2)))
    assert cover(early.draft.agency, [early], rendered).portal_era_mail == 0


def test_outputs_refuse_a_row_without_its_letter(items: list[Item]) -> None:
    with pytest.raises(ValueError, match=r"rows without a rendered letter: \[2, 3, 4\]"):
        write_outputs(items, {}, OutputPaths(), today=TODAY)


def test_dates_are_written_in_words_in_the_clients_language() -> None:
    assert long_date(date(2026, 1, 22), "en") == "January 22, 2026"
    assert long_date(date(2026, 1, 22), "es") == "22 de enero de 2026"


def test_both_languages_have_the_same_texts() -> None:
    def keys(table: dict[str, object], prefix: str = "") -> set[str]:
        found: set[str] = set()
        for key, value in table.items():
            found |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) \
                else {prefix + key}
        return found

    assert keys(texts("en")) == keys(texts("es"))


def test_the_summary_names_what_to_sign_from_the_letter_itself(items: list[Item]) -> None:
    portal, kcpd = items[0], items[1]
    assert need_lines(portal.draft, "en") == [
        "Maria Elena Robles signs the letter above the typed name.",
        "Maria Elena Robles signs and dates the certification of identity, the last page, "
        "under penalty of perjury (28 U.S.C. 1746)."]
    assert need_lines(kcpd.draft, "es") == [
        f"{kcpd.draft.requester.name} firma la carta encima de su nombre impreso."]
    parent = replace(portal, draft=replace(portal.draft, subject=replace(
        portal.draft.subject, relationship="parent", name="Niño Robles")))
    lines = need_lines(parent.draft, "en")
    assert lines[1].startswith("Maria Elena Robles signs and dates the certification")
    assert lines[2] == ("Attach proof that you are the parent of Niño Robles, and proof of "
                        "your own identity, as the letter says.")


def test_a_summary_for_an_unconfirmed_address_says_so(items: list[Item]) -> None:
    item = with_address(items[1], ("Custodian", "1 Main St"), address_confirmed=False)
    found = summary(replace(item, language="es"), "Row 3 · JA", today=TODAY)
    assert found.address == ("Custodian", "1 Main St")
    assert found.address_note.startswith("Esta dirección no está confirmada")


def test_summaries_from_two_workers_read_the_same_as_from_one(items: list[Item]) -> None:
    one = summary_pdfs(items, today=TODAY, workers=1)
    two = summary_pdfs(items, today=TODAY, workers=2, chunk_size=1)
    assert sorted(one) == sorted(two) == [i.row for i in items]
    for row in one:
        assert text_of(two[row]) == text_of(one[row])
        assert len(text_of(one[row])) == 1
    assert "Su solicitud de documentos" in text_of(one[3])[0]


def test_the_portal_sentence_has_no_english_article_in_spanish_and_names_a_portal_once(
        ) -> None:
    [item] = items_from([client_row("ice-pa", 0)])
    es = replace(item, language="es")
    where, address, _ = where_words(es, texts("es"))
    assert where == ("Su clínica la presenta en línea por medio de DHS FOIA portal "
                     "(https://www.dhs.gov/foia). No se envía por correo.")
    assert address == ()
    # EOIR's portal is a name, not an address: said once, not "PAL (PAL)".
    eoir = replace(es, draft=replace(es.draft, agency=default_catalog().agencies["eoir"]))
    where, _, _ = where_words(eoir, texts("es"))
    assert where.count("Public Access Link") == 1 and " the " not in where
    where, _, _ = where_words(replace(eoir, language="en"), texts("en"))
    assert where == ("Your clinic submits it online through the EOIR Public Access Link "
                     "(PAL). It is not mailed.")
