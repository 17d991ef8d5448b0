"""Checking a clinic's rows: all or nothing, every problem named by its spreadsheet row and
column, through the one validator the wizard and the CLI use."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from records.batch.model import EMAIL, MAIL, PORTAL, RowErrors, RowProblem, Sheet
from records.batch.reader import read_sheet
from records.batch.rows import BY_DHS_PORTAL, check, item_from_answers, preview
from records.catalog import default_catalog
from records.drafts import DHS_PORTAL_RULE, DraftError, validate
from records.guidance import guidance
from records.vocabulary import Law
from tests.batch_helpers import COLUMNS, client_row, clinic_rows, csv_bytes

TODAY = dt.date(2026, 11, 23)
CATALOG = default_catalog()


def problems_of(rows: list[dict[str, str]], *, columns: tuple[str, ...] = COLUMNS,
                blank_before: int | None = None) -> list[str]:
    data = csv_bytes(rows, columns=columns)
    if blank_before is not None:
        lines = data.split(b"\r\n")
        data = b"\r\n".join([*lines[:blank_before + 1], b"", *lines[blank_before + 1:]])
    with pytest.raises(RowErrors) as caught:
        check(read_sheet(data, "clients.csv"), catalog=CATALOG, today=TODAY)
    return [str(p) for p in caught.value.problems]


def items_of(rows: list[dict[str, str]]) -> list[Any]:
    return check(read_sheet(csv_bytes(rows), "clients.csv"), catalog=CATALOG, today=TODAY)


def three_mistakes() -> list[dict[str, str]]:
    rows = clinic_rows(300)
    rows[13]["requester.email"] = "maria.robles(at)example.org"  # the 14th data line
    rows[150]["subject.birth_date"] = "1987-02-30"
    rows[299]["requester.phone"] = "555-01"
    return rows


def test_clinic_sees_exactly_its_three_mistakes_with_row_numbers() -> None:
    assert problems_of(three_mistakes()) == [
        "row 15, requester.email: not an email address",
        "row 152, subject.birth_date: not a date: '1987-02-30' (use YYYY-MM-DD, e.g. "
        "2019-07-22)",
        "row 301, requester.phone: not a phone number (7 to 15 digits)",
    ]


def test_row_numbers_count_a_blank_line_as_excel_does() -> None:
    problems = problems_of(three_mistakes(), blank_before=10)
    assert [p.split(",")[0] for p in problems] == ["row 16", "row 153", "row 302"]


def test_one_bad_row_stops_the_whole_batch() -> None:
    rows = clinic_rows(10)
    rows[4]["law"] = "gdpr"
    with pytest.raises(RowErrors) as caught:
        items_of(rows)
    assert [p.row for p in caught.value.problems] == [6]


def test_the_rows_use_the_one_validator_and_its_words() -> None:
    row = client_row("kcpd", 0, requester__email="not-an-email", fee_limit="lots")
    answers = {k: v for k, v in row.items() if k != "client_language" and v}
    with pytest.raises(DraftError) as direct:
        from records.answers import unflatten
        validate(unflatten(answers), catalog=CATALOG, today=TODAY)
    expected = [f"row 2, {e.field}: {e.message}" for e in direct.value.errors]
    assert len(expected) == 2
    assert problems_of([row]) == expected


def test_an_unknown_column_is_a_problem_at_row_1_with_a_suggestion() -> None:
    columns = tuple("requester.emial" if c == "requester.email" else c for c in COLUMNS)
    rows = [{("requester.emial" if k == "requester.email" else k): v
             for k, v in client_row("kcpd").items()}]
    problems = problems_of(rows, columns=columns)
    assert problems[0] == "row 1, requester.emial: unknown column (did you mean requester.email?)"
    # and without the email column the row itself is missing its email
    assert problems[1:] == ["row 2, requester.email: is required"]


def test_a_header_with_no_rows_is_a_problem() -> None:
    sheet = Sheet(columns=COLUMNS, rows=())
    with pytest.raises(RowErrors) as caught:
        check(sheet, catalog=CATALOG, today=TODAY)
    assert caught.value.problems == [RowProblem(1, "header", "there are no rows under the "
                                                "header: add one row per letter")]


@pytest.mark.parametrize(("cell", "language"), [
    ("", "en"), ("en", "en"), ("English", "en"), ("es", "es"), ("ES", "es"),
    ("Spanish", "es"), ("español", "es"), (" Español ", "es")])
def test_the_client_language_column(cell: str, language: str) -> None:
    [item] = items_of([client_row("ice-pa", 0, client_language=cell)])
    assert item.language == language
    assert "client_language" not in item.answers


def test_a_language_other_than_english_or_spanish_is_a_problem_at_its_column() -> None:
    assert problems_of([client_row("kcpd"), client_row("ice-pa", 1, client_language="fr")]) == [
        "row 3, client_language: must be en (English) or es (Spanish); blank means English "
        "(got 'fr')"]


def test_each_item_knows_its_route_initials_and_warnings() -> None:
    portal, kcpd, mailed = items_of(clinic_rows(3))
    assert (portal.route, kcpd.route, mailed.route) == (PORTAL, MAIL, MAIL)
    assert (portal.initials, kcpd.initials, mailed.initials) == ("MER", "JA", "ALP")
    assert portal.warnings[0] == (
        "DHS takes this request through its portal (6 CFR 5.3(a)(2), from 2026-01-22): it is "
        "set apart as a portal packet, not mailed.")
    assert "A-files (the main immigration file) are held by USCIS, not ICE. Ask USCIS for the " \
           "A-file." in portal.warnings
    assert mailed.warnings[0].startswith("Mailed to DHS with the no-internet statement")
    assert not any("portal packet" in w for w in (*kcpd.warnings, *mailed.warnings))
    assert any("certified mail" in w for w in kcpd.warnings)


def test_warnings_come_from_the_guidance_and_are_said_once() -> None:
    [item] = items_of([client_row("ice-pa", 0)])
    notes = [n.text for n in guidance(item.draft)]
    signing = [w for w in item.warnings if "certification of identity" in w]
    assert len(signing) == 1 and signing[0] in notes
    assert len(set(item.warnings)) == len(item.warnings)
    # the DHS portal rule is said by the route's sentence, not again by the agency's warning
    assert not [w for w in item.warnings if w.startswith("Since 2026-01-22")]


def test_warnings_carry_no_client_details() -> None:
    for item in items_of(clinic_rows(9)):
        subject = item.draft.subject
        secrets = [item.draft.requester.name, item.draft.requester.email]
        if subject is not None:
            secrets += [subject.name, subject.a_number]
        assert not [s for s in secrets for w in item.warnings if s in w]


def test_an_emailed_letter_is_routed_apart_from_the_mail_stack() -> None:
    [item] = items_of([client_row("ice-pa", 3, agency="eoir", records="", delivery="email")])
    assert item.route == EMAIL
    assert item.warnings[0] == ("This request goes by email: it is in the ZIP of letters, not "
                                "in the mail stack.")


def test_a_portal_letter_outside_dhs_is_set_apart_without_the_dhs_rule() -> None:
    [item] = items_of([client_row("ice-pa", 3, agency="eoir", records="", delivery="portal")])
    assert item.route == PORTAL
    assert item.warnings[0] == ("The agency takes this request through its portal: it is set "
                                "apart as a portal packet, not mailed.")


def test_the_dhs_route_sentence_names_the_rules_own_date() -> None:
    assert f"from {DHS_PORTAL_RULE.isoformat()})" in BY_DHS_PORTAL


def test_the_preview_counts_letters_per_agency_law_and_route() -> None:
    rows = clinic_rows(31)  # 11 ICE by portal, 10 KCPD, 10 ICE by mail
    result = preview(items_of(rows))
    assert result.total == 31
    assert result.by_agency == (("Kansas City Missouri Police Department", 10),
                                ("U.S. Immigration and Customs Enforcement", 21))
    assert result.by_law == ((Law.MO_SUNSHINE, 10), (Law.PRIVACY_ACT, 21))
    assert result.by_route == ((MAIL, 20), (PORTAL, 11))
    assert [r.row for r in result.rows] == list(range(2, 33))
    first = result.rows[0]
    assert (first.agency, first.law, first.route, first.initials) == (
        "ICE", Law.PRIVACY_ACT, PORTAL, "MER")
    assert first.warnings == items_of(rows[:1])[0].warnings


def test_stored_answers_rebuild_the_same_item_on_another_day() -> None:
    rows = [client_row("ice-pa", 0, date=""), client_row("kcpd", 1, date=""),
            client_row("ice-pa-mail", 2, client_language="es")]
    for item in items_of(rows):
        stored = json.loads(json.dumps(item.answers))  # as the batch's row JSON keeps it
        assert item_from_answers(item.row, stored, item.language, catalog=CATALOG,
                                 today=TODAY) == item
        later = item_from_answers(item.row, stored, item.language, catalog=CATALOG,
                                  today=TODAY + dt.timedelta(days=45))
        assert later.draft == item.draft
    blank_date = items_of(rows[:1])[0]
    assert blank_date.answers["date"] == TODAY.isoformat()


def test_rebuilding_bad_stored_answers_raises_the_validators_error() -> None:
    [item] = items_of([client_row("kcpd")])
    broken = {**item.answers, "agency": "nowhere"}
    with pytest.raises(DraftError):
        item_from_answers(item.row, broken, "en", catalog=CATALOG, today=TODAY)
    with pytest.raises(ValueError):
        item_from_answers(item.row, item.answers, "fr", catalog=CATALOG, today=TODAY)


def test_items_are_frozen_and_answers_are_pruned() -> None:
    [item] = items_of([client_row("kcpd")])
    assert "subject" not in item.answers and "" not in item.answers.values()
    with pytest.raises(dataclasses.FrozenInstanceError):
        item.route = PORTAL  # type: ignore[misc]
