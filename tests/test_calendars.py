"""Holiday calendars: golden snapshots, the law's edge cases, the loader, and a cross-check.

The `holidays` package (vacanza/holidays 0.109) is an independent implementation. Its quirks,
and so the differences these tests allow:
- it lists a weekend holiday on its legal date as well as on its observed weekday; only
  weekdays are compared, since weekends are never business days anyway;
- its Missouri subdivision omits Lincoln Day (RSMo 9.010) and includes Juneteenth 2021
  (Fri 2021-06-18), which Missouri closed only by the Governor's one-off order: Juneteenth is
  in RSMo 9.010 from 2022 (records/catalog/calendars/missouri.toml);
- its DC subdivision is the District government's calendar, so it adds DC Emancipation Day
  (April 16), which does not close federal offices.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import holidays
import pytest

from records.catalog.calendar_data import CalendarError, default_calendar_data, load_calendar_data
from records.deadlines.calendar import Calendar, get_calendar

GOLDEN = Path(__file__).parent / "golden"
CALENDARS = ("missouri", "missouri-statutory", "us-federal", "us-federal-dc")
YEARS = range(2000, 2041)


def closed_weekdays(cal: Calendar, year: int) -> set[date]:
    return {h.day for h in cal.holidays(year) if h.day.weekday() < 5}


def package_weekdays(year: int, subdiv: str | None = None) -> dict[date, str]:
    found = holidays.US(years=[year], subdiv=subdiv)
    return {d: n for d, n in found.items() if d.year == year and d.weekday() < 5}


def assert_closed(calendar_id: str, day: str, because: str) -> None:
    reason = get_calendar(calendar_id).skip_reason(date.fromisoformat(day))
    assert reason is not None and because in reason, f"{day} on {calendar_id}: {reason!r}"


def assert_open(calendar_id: str, day: str) -> None:
    cal = get_calendar(calendar_id)
    assert cal.is_business_day(date.fromisoformat(day)), cal.skip_reason(date.fromisoformat(day))


# ---------------------------------------------------------------- golden snapshots
@pytest.mark.parametrize("calendar_id", CALENDARS)
def test_every_calendar_matches_its_reviewed_golden_snapshot_2019_to_2030(calendar_id: str) -> None:
    golden = json.loads((GOLDEN / f"{calendar_id}.json").read_text())
    cal = get_calendar(calendar_id)
    for year in range(2019, 2031):
        got = [[h.day.isoformat(), f"{h.day:%a}", h.reason] for h in cal.holidays(year)]
        assert got == golden[str(year)], f"{calendar_id} {year} drifted from the golden file"


def test_the_golden_files_cover_every_shipped_calendar() -> None:
    assert {p.stem for p in GOLDEN.glob("*.json")} == set(default_calendar_data().calendars)


# ---------------------------------------------------------------- cross-check with `holidays`
def test_federal_calendar_matches_the_holidays_package_2000_to_2040() -> None:
    cal = get_calendar("us-federal")
    for year in YEARS:
        assert closed_weekdays(cal, year) == set(package_weekdays(year)), year


def test_dc_calendar_matches_the_holidays_package_apart_from_dc_emancipation_day() -> None:
    cal = get_calendar("us-federal-dc")
    for year in YEARS:
        theirs = {d for d, n in package_weekdays(year, "DC").items() if "Emancipation" not in n}
        assert closed_weekdays(cal, year) == theirs, year


def test_missouri_matches_the_holidays_package_apart_from_lincoln_day_and_juneteenth_2021() -> None:
    cal = get_calendar("missouri")
    for year in YEARS:
        ours = {h.day for h in cal.holidays(year)
                if h.day.weekday() < 5 and h.name != "Lincoln Day"}
        theirs = set(package_weekdays(year, "MO")) - {date(2021, 6, 18)}
        assert ours == theirs, year


def test_lincoln_day_is_closed_in_missouri_every_year() -> None:
    cal = get_calendar("missouri")
    for year in YEARS:
        assert [h for h in cal.holidays(year) if h.name == "Lincoln Day"], year


# ---------------------------------------------------------------- the law's edge cases
def test_lincoln_day_and_truman_day_are_missouri_holidays_but_not_federal() -> None:
    assert_closed("missouri", "2025-02-12", "Lincoln Day, RSMo 9.010")
    assert_closed("missouri", "2026-05-08", "Truman Day, RSMo 9.010")
    assert_open("us-federal", "2025-02-12")
    assert_open("us-federal", "2026-05-08")


def test_a_saturday_holiday_closes_missouri_offices_on_friday_but_not_by_statute() -> None:
    assert_closed("missouri", "2026-07-03", "Independence Day (observed; 2026-07-04 is a Saturday)")
    assert_open("missouri-statutory", "2026-07-03")


def test_a_sunday_holiday_moves_to_monday_under_rsmo_9_010() -> None:
    assert_closed("missouri", "2022-12-26", "Christmas Day (observed")
    assert_closed("missouri-statutory", "2022-12-26", "Christmas Day (observed")


def test_new_years_day_on_a_saturday_is_observed_the_previous_december_31() -> None:
    for calendar_id in ("us-federal", "missouri"):
        assert_closed(calendar_id, "2021-12-31", "New Year's Day (observed; 2022-01-01")
        assert_closed(calendar_id, "2027-12-31", "New Year's Day (observed; 2028-01-01")
    assert all(h.name != "New Year's Day" for h in get_calendar("us-federal").holidays(2028))


def test_juneteenth_is_federal_from_2021_and_missouri_from_2022() -> None:
    assert_closed("us-federal", "2021-06-18", "Juneteenth")
    assert_open("us-federal", "2020-06-19")
    assert_open("missouri", "2021-06-18")
    assert_closed("missouri", "2022-06-20", "Juneteenth (observed; 2022-06-19 is a Sunday)")


def test_inauguration_day_closes_dc_area_offices_only() -> None:
    assert_closed("us-federal-dc", "2021-01-20", "Inauguration Day, 5 U.S.C. 6103(c)")
    assert_open("us-federal", "2021-01-20")
    assert_open("us-federal-dc", "2023-01-20")  # only every fourth year


def test_inauguration_day_on_a_sunday_moves_to_monday_and_on_a_saturday_has_no_substitute() -> None:
    assert_closed("us-federal-dc", "2013-01-21", "Inauguration Day (observed; 2013-01-20")
    assert_open("us-federal-dc", "2029-01-19")  # Jan 20, 2029 is a Saturday


def test_columbus_veterans_mlk_and_washington_follow_the_uniform_monday_holiday_act() -> None:
    assert_closed("us-federal", "2024-10-14", "Columbus Day")  # second Monday of October
    assert_closed("us-federal", "2023-11-10", "Veterans Day (observed; 2023-11-11 is a Saturday")
    assert_closed("us-federal", "1975-10-27", "Veterans Day")  # fourth Monday, 1971-1977
    assert_open("us-federal", "1975-11-11")
    assert_closed("us-federal", "2000-01-17", "Martin Luther King")
    assert_open("us-federal", "1985-01-21")  # a federal holiday only from 1986
    assert_closed("us-federal", "2040-02-20", "Washington's Birthday")


def test_the_day_after_thanksgiving_is_a_missouri_business_day_with_a_warning() -> None:
    cal = get_calendar("missouri")
    day = date(2025, 11, 28)
    assert cal.is_business_day(day)
    warning = cal.warning(day)
    assert warning is not None and "not a holiday under RSMo 9.010" in warning


def test_one_off_closures_are_off_by_default_and_on_per_agency() -> None:
    assert_open("us-federal", "2025-12-24")
    with_orders = get_calendar("us-federal", ("federal-executive-orders",))
    for day in ("2020-12-24", "2025-01-09", "2025-12-24", "2025-12-26"):
        assert not with_orders.is_business_day(date.fromisoformat(day)), day
    governor = get_calendar("missouri", ("missouri-governor-orders",))
    assert "Governor" in (governor.skip_reason(date(2021, 6, 18)) or "")


# ---------------------------------------------------------------- arithmetic
def test_adding_business_days_skips_weekends_and_holidays() -> None:
    cal = get_calendar("us-federal")
    assert cal.add_business_days(date(2026, 6, 22), 10) == date(2026, 7, 7)  # skips Fri 07-03
    assert cal.business_days_between(date(2026, 6, 22), date(2026, 7, 7)) == 10
    assert cal.on_or_before(date(2024, 4, 7)) == date(2024, 4, 5)
    assert cal.next_business_day(date(2024, 7, 3)) == date(2024, 7, 5)


def test_arithmetic_works_beyond_the_precomputed_span() -> None:
    cal = get_calendar("us-federal")
    assert cal.add_business_days(date(2069, 12, 31), 1) == date(2070, 1, 2)
    assert cal.add_business_days(date(1980, 12, 31), 1) == date(1981, 1, 2)


# ---------------------------------------------------------------- the loader
def write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text)


BASE = """
id = "town"
name = "Town"
citation = "Town Code 1"
[observance]
saturday = "friday"
saturday_citation = "Town Code 2"
sunday = "monday"
sunday_citation = "Town Code 3"
[[rule]]
id = "thanksgiving"
name = "Thanksgiving"
month = 11
weekday = "thursday"
nth = 4
citation = "Town Code 4"
"""


def test_a_day_after_rule_follows_the_holiday_it_names(tmp_path: Path) -> None:
    write(tmp_path, "town.toml", BASE + """
[[rule]]
id = "day-after"
name = "Day after Thanksgiving"
after = "thanksgiving"
offset = 1
citation = "Town Code 5"
""")
    spec = load_calendar_data(tmp_path).calendars["town"]
    cal = Calendar(spec)
    # The fourth Thursday plus one, not "the fourth Friday" (MuckRock's bug): Nov 2024 has five.
    assert [h.day for h in cal.holidays(2024)] == [date(2024, 11, 28), date(2024, 11, 29)]


def test_the_loader_names_the_file_entry_and_field_of_each_problem(tmp_path: Path) -> None:
    write(tmp_path, "town.toml", BASE + """
[[rule]]
id = "bad"
name = "Bad"
month = 13
weekday = "funday"
nth = 9
citation = ""
""")
    with pytest.raises(CalendarError) as caught:
        load_calendar_data(tmp_path)
    problems = caught.value.problems
    assert "calendars/town.toml: rule[1].month: must be a whole number from 1 to 12" in problems
    assert any(p.startswith("calendars/town.toml: rule[1].weekday: must be one of monday")
               for p in problems)
    assert "calendars/town.toml: rule[1].nth: must be a whole number from -1 to 5" in problems
    assert "calendars/town.toml: rule[1].citation: is required" in problems


def test_the_loader_rejects_an_unknown_parent_and_a_misnamed_file(tmp_path: Path) -> None:
    write(tmp_path, "village.toml", 'extends = "nowhere"\n'
          + BASE.replace('id = "town"', 'id = "hamlet"'))
    with pytest.raises(CalendarError) as caught:
        load_calendar_data(tmp_path)
    text = "\n".join(caught.value.problems)
    assert "calendars/village.toml: id: must match the file name ('village')" in text
    assert "calendars/village.toml: extends: unknown or circular calendar 'nowhere'" in text


def test_an_unknown_calendar_or_closure_list_is_a_clear_error() -> None:
    with pytest.raises(CalendarError, match="unknown calendar 'mars'"):
        get_calendar("mars")
    with pytest.raises(CalendarError, match="unknown closure list 'snow-days'"):
        get_calendar("missouri", ("snow-days",))


def test_an_after_rule_must_follow_the_rule_it_names_and_feb_29_is_refused(
        tmp_path: Path) -> None:
    # A calendar computes rules in order: an `after` rule listed first would silently vanish.
    early = BASE.replace("[[rule]]", '[[rule]]\nid = "day-after"\nname = "Day after"\n'
                         'after = "thanksgiving"\noffset = 1\ncitation = "Town Code 5"\n\n'
                         '[[rule]]', 1)
    write(tmp_path, "town.toml", early + '\n[[rule]]\nid = "leap"\nname = "Leap"\n'
          'date = "02-29"\ncitation = "Town Code 6"\n')
    with pytest.raises(CalendarError) as caught:
        load_calendar_data(tmp_path)
    assert caught.value.problems == [
        "calendars/town.toml: rule[0].after: unknown rule 'thanksgiving' "
        "(it must be listed before this rule)",
        'calendars/town.toml: rule[2].date: must be a real date as "MM-DD"',
    ]


def test_threads_sharing_a_calendar_while_it_widens_get_the_serial_answers() -> None:
    """gunicorn's threaded workers share calendars: widening the precomputed span in one
    thread must never hand another thread a new range with old arrays (an IndexError once
    made a review page fail under 32 connections)."""
    from concurrent.futures import ThreadPoolExecutor

    from records.catalog.calendar_data import default_calendar_data
    from records.deadlines.calendar import Calendar as Fresh

    spec = default_calendar_data().calendars["missouri"]
    starts = [date(1975 + (i * 7) % 120, 1 + i % 12, 1 + i % 28) for i in range(400)]
    serial = Fresh(spec)
    expected = [(serial.add_business_days(d, 20), serial.business_days_between(d, d.replace(
        year=min(d.year + 3, 2099)))) for d in starts]
    for _ in range(5):
        shared = Fresh(spec)

        def work(d: date, cal: Fresh = shared) -> tuple[date, int]:
            return cal.add_business_days(d, 20), cal.business_days_between(
                d, d.replace(year=min(d.year + 3, 2099)))

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(work, starts)) == expected
