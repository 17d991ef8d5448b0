"""`python -m records check`: the whole catalog loads, and references between files hold.

Each test copies the packaged catalog, breaks one thing, and expects the problem line that
names the file, the entry and the field.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from records import cli
from records.catalog import CATALOG_DIR, CatalogError
from records.catalog import check as catalog_check
from records.catalog.check import catalog_problems, check_all
from records.catalog.clock_rules import select_rule
from records.catalog.tables import Table

CALENDARS = "(known: missouri, missouri-statutory, us-federal, us-federal-dc)"


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """A copy of the packaged catalog's data files (no Python) to break."""
    copy = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, copy, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return copy


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file; the test is wrong if `old` is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---------------------------------------------------------------- the packaged catalog

def test_the_packaged_catalog_has_no_problems() -> None:
    assert catalog_problems() == []
    assert "references checked" in check_all()


def test_the_copy_has_no_problems_before_it_is_broken(catalog: Path) -> None:
    assert catalog_problems(catalog) == []


# ---------------------------------------------------------------- agencies -> calendars

def test_an_agency_calendar_typo_names_file_entry_field_and_the_known_calendars(
        catalog: Path) -> None:
    edit(catalog / "agencies.toml", 'calendar = "missouri"', 'calendar = "misouri"')
    assert catalog_problems(catalog) == [
        f"agencies.toml: agency[0].calendar: unknown calendar 'misouri' {CALENDARS}"]


def test_an_agency_closure_list_that_does_not_exist(catalog: Path) -> None:
    edit(catalog / "agencies.toml", 'calendar = "missouri"\n',
         'calendar = "missouri"\nclosures = ["snow-days"]\n')
    assert catalog_problems(catalog) == [
        "agencies.toml: agency[0].closures: unknown closure list 'snow-days' "
        "(known: federal-executive-orders, missouri-governor-orders)"]


def test_an_agency_closure_list_for_another_calendar(catalog: Path) -> None:
    edit(catalog / "agencies.toml", 'calendar = "missouri"\n',
         'calendar = "missouri"\nclosures = ["federal-executive-orders"]\n')
    assert catalog_problems(catalog) == [
        "agencies.toml: agency[0].closures: closure list 'federal-executive-orders' does not "
        "apply to calendar 'missouri' (it applies to: us-federal, us-federal-dc)"]


def test_a_misspelt_optional_key_is_reported_not_ignored(catalog: Path) -> None:
    edit(catalog / "agencies.toml", 'calendar = "missouri"\n',
         'calendar = "missouri"\nclosure = ["missouri-governor-orders"]\n')
    edit(catalog / "calendars" / "us-federal.toml", 'from = 1986', 'form = 1986')
    problems = catalog_problems(catalog)
    assert [p.split(" (known keys: ")[0] for p in problems] == [
        "agencies.toml: agency[0].closure: unknown key",
        "calendars/us-federal.toml: rule[1].form: unknown key"]


def test_a_closure_list_that_names_an_unknown_calendar(catalog: Path) -> None:
    edit(catalog / "calendars" / "closures.toml", '["us-federal", "us-federal-dc"]',
         '["us-federal", "us-fedral"]')
    assert catalog_problems(catalog) == [
        f"calendars/closures.toml: list[0].calendars: unknown calendar 'us-fedral' {CALENDARS}"]


def test_a_statute_only_reading_that_names_an_unknown_calendar(catalog: Path) -> None:
    edit(catalog / "calendars" / "missouri.toml", 'calendar = "missouri-statutory"',
         'calendar = "missouri-statute"')
    assert catalog_problems(catalog) == [
        "calendars/missouri.toml: statute_only.calendar: unknown calendar 'missouri-statute'"]


def test_a_calendar_that_extends_an_unknown_calendar(catalog: Path) -> None:
    edit(catalog / "calendars" / "us-federal-dc.toml", 'extends = "us-federal"',
         'extends = "federal"')
    problems = catalog_problems(catalog)
    assert "calendars/us-federal-dc.toml: extends: unknown or circular calendar 'federal'" \
        in problems
    # The agencies on the calendar that failed to load are named too.
    assert "agencies.toml: agency[3].calendar: unknown calendar 'us-federal-dc' (known: " \
        "missouri, missouri-statutory, us-federal)" in problems


# ---------------------------------------------------------------- clocks -> engine

def test_a_clock_answered_by_an_unknown_event_kind(catalog: Path) -> None:
    edit(catalog / "clocks.toml", '["responded", "denied", "produced"]',
         '["respond", "denied", "produced"]')
    problems = catalog_problems(catalog)
    assert len(problems) == 1
    assert problems[0].startswith("clocks.toml: clock[0].answered_by: unknown event kind "
                                  "'respond' (known: appeal-decided, appeal-extended, ")


def test_a_clock_answered_by_an_event_of_another_law(catalog: Path) -> None:
    edit(catalog / "clocks.toml", '["responded", "denied", "produced"]',
         '["responded", "determination"]')
    assert catalog_problems(catalog) == [
        "clocks.toml: clock[0].answered_by: event kind 'determination' does not apply to "
        "mo-sunshine"]


def test_a_clock_id_the_engine_does_not_compute(catalog: Path) -> None:
    edit(catalog / "clocks.toml", 'id = "response"', 'id = "reponse"')
    problems = catalog_problems(catalog)
    assert problems[0].startswith("clocks.toml: clock[0].id: unknown clock 'reponse' (the "
                                  "engine computes: response, denial-statement, ")
    # With its only row gone, the response clock has no row for any date.
    assert problems[1:] == ["clocks.toml: clock 'response': no mo-sunshine row without "
                            "department or amount_over covers 0001-01-01 to 9999-12-31"]


def test_a_clock_under_a_law_the_engine_does_not_run_it_for(catalog: Path) -> None:
    edit(catalog / "clocks.toml", 'laws = ["mo-sunshine"]', 'laws = ["mo-sunshine", "foia"]')
    problems = catalog_problems(catalog)
    assert problems[0] == "clocks.toml: clock[0].laws: the engine runs no 'response' clock " \
        "under foia"


def test_an_unknown_law_in_a_clock(catalog: Path) -> None:
    edit(catalog / "clocks.toml", 'laws = ["mo-sunshine"]', 'laws = ["mo-sunshin"]')
    problems = catalog_problems(catalog)
    assert problems[0] == "clocks.toml: clock[0].laws: unknown law 'mo-sunshin'"


def test_a_gap_between_clock_rows_is_found_before_a_user_hits_it(catalog: Path) -> None:
    edit(catalog / "clocks.toml", 'length = 90\nfrom = 2016-06-30\nside = "requester"\n'
         'basis = "5 U.S.C. 552(a)(6)(A)(i)(III)(aa)',
         'length = 90\nfrom = 2016-07-02\nside = "requester"\n'
         'basis = "5 U.S.C. 552(a)(6)(A)(i)(III)(aa)')
    assert catalog_problems(catalog) == [
        f"clocks.toml: clock 'appeal-by': no {law} row without department or amount_over "
        "covers 2016-06-30 to 2016-07-01" for law in ("foia", "privacy-act")]


def test_the_engine_refuses_a_clock_id_missing_from_the_table() -> None:
    with pytest.raises(KeyError, match="unknown clock 'respnse'"):
        select_rule("respnse", "mo-sunshine", "", date(2025, 1, 2))


# ---------------------------------------------------------------- presets, incidents, es.toml

def test_incidents_are_checked_against_the_presets_in_the_same_directory(catalog: Path) -> None:
    edit(catalog / "presets" / "kcpd.toml", 'id = "kcpd-cad"', 'id = "kcpd-dispatch"')
    assert catalog_problems(catalog) == [
        "incidents.toml: incident[0].presets.kcpd: unknown preset 'kcpd-cad'"]


def test_a_preset_for_an_unknown_agency(catalog: Path) -> None:
    edit(catalog / "presets" / "kcpd.toml", 'agencies = ["kcpd"]', 'agencies = ["kcpdd"]')
    problems = catalog_problems(catalog)
    assert problems[0] == "presets/kcpd.toml: preset[0].agencies: unknown agency 'kcpdd'"


def test_an_incident_agency_key_with_a_line_break_stays_on_one_line(catalog: Path) -> None:
    edit(catalog / "incidents.toml", "[incident.presets]\n",
         '[incident.presets]\n"kc\\npd" = ["kcpd-cad"]\n')
    assert catalog_problems(catalog) == [
        "incidents.toml: incident[0].presets.'kc\\npd': unknown agency 'kc\\npd'"]


def test_a_broken_translation_is_reported_with_the_rest(catalog: Path) -> None:
    path = catalog / "es.toml"
    count = path.read_text(encoding="utf-8").count("\n[[text]]\n")
    path.write_text(path.read_text(encoding="utf-8") + '\n[[text]]\nen = "New text."\n',
                    encoding="utf-8")
    assert catalog_problems(catalog) == [
        f"es.toml: text[{count}].es: is required (en = 'New text.')"]


def test_every_problem_in_every_file_is_reported_at_once(catalog: Path) -> None:
    edit(catalog / "agencies.toml", 'calendar = "missouri"', 'calendar = "misouri"')
    edit(catalog / "clocks.toml", '"statement-sent"', '"statement"')
    edit(catalog / "incidents.toml", '"kcpd-radio"', '"kcpd-radios"')
    edit(catalog / "calendars" / "missouri.toml", 'nth = 3', 'nth = 6')
    problems = catalog_problems(catalog)
    assert [p.split(": ")[0] for p in problems] == [
        "calendars/missouri.toml", "incidents.toml", "agencies.toml", "clocks.toml"]


# ---------------------------------------------------------------- the command

def test_check_exits_1_with_one_line_per_problem_and_no_traceback(
        catalog: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(catalog / "agencies.toml", 'calendar = "missouri"', 'calendar = "misouri"')
    edit(catalog / "clocks.toml", '"statement-sent"', '"statement"')
    monkeypatch.setattr(catalog_check, "CATALOG_DIR", catalog)
    assert cli.main(["check"]) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == "" and "Traceback" not in err and len(lines) == 2
    assert lines[0] == (f"catalog: agencies.toml: agency[0].calendar: unknown calendar "
                        f"'misouri' {CALENDARS}")
    assert lines[1].startswith("catalog: clocks.toml: clock[1].answered_by: unknown event kind "
                               "'statement' (known: ")


def test_check_says_ok_for_the_packaged_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check"]) == 0
    assert capsys.readouterr().out.startswith("ok: agencies, presets, incidents, calendars")


def test_check_all_raises_with_every_problem(catalog: Path) -> None:
    edit(catalog / "agencies.toml", 'calendar = "missouri"', 'calendar = "misouri"')
    with pytest.raises(CatalogError) as info:
        check_all(catalog)
    assert info.value.problems == catalog_problems(catalog)


# ---------------------------------------------------------------- the reader

def test_the_reader_refuses_look_alike_values() -> None:
    problems: list[str] = []
    t = Table("x.toml", {"n": True, "d": datetime(2025, 1, 2, 3, 4), "q": "2025-01-02",
                         "a": "12", "s": ["a", 1]}, problems, "row[0]")
    assert t.integer("n", 0, 0, 9) == 0  # true is not 1
    assert t.date("d") == date.min  # a date-time is not a day
    assert t.date("q") == date.min and t.date("q", quoted=True) == date(2025, 1, 2)
    assert t.number("a") is None and t.strings("s") == ()
    assert problems == [
        "x.toml: row[0].n: must be a whole number from 0 to 9",
        "x.toml: row[0].d: must be a date in the form YYYY-MM-DD, unquoted",
        "x.toml: row[0].q: must be a date in the form YYYY-MM-DD, unquoted",
        "x.toml: row[0].a: must be a number",
        "x.toml: row[0].s: must be a list of strings",
    ]


def test_the_reader_reports_an_item_that_is_not_a_table_once() -> None:
    problems: list[str] = []
    rows = list(Table("x.toml", {"row": [{"id": "a"}, "b"]}, problems).tables("row"))
    assert [r.entry for r in rows] == ["row[0]"]
    assert problems == ["x.toml: row[1]: must be a table"]
