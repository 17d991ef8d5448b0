"""The deadline engine: every worked example, the other readings, bad input, and properties."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from records.catalog import default_catalog
from records.deadlines import DeadlineInputError, compute_deadlines
from records.deadlines.calendar import get_calendar
from records.deadlines.counting import Pause, count_business, walk_business

TODAY = date(2026, 11, 23)
CONTRACT_KEYS = {"id", "due", "days", "unit", "calendar", "basis", "status", "explanation",
                 "alternatives"}


def clocks(law: str, received: str, agency: Any = None, today: date = TODAY,
           **kw: Any) -> dict[str, dict[str, Any]]:
    result = compute_deadlines(law, received, today=today, agency=agency, **kw)
    return {c["id"]: c for c in result["deadlines"]}


def clock(law: str, received: str, clock_id: str, agency: Any = None, **kw: Any) -> dict[str, Any]:
    found = clocks(law, received, agency, **kw)
    assert clock_id in found, f"no {clock_id} clock in {sorted(found)}"
    return found[clock_id]


def sunshine(received: str, clock_id: str = "response", **kw: Any) -> dict[str, Any]:
    return clock("mo-sunshine", received, clock_id, "kcpd", **kw)


def foia(received: str, clock_id: str = "determination", agency: Any = "ice",
         **kw: Any) -> dict[str, Any]:
    return clock("foia", received, clock_id, agency, **kw)


def alternative(c: dict[str, Any], reading: str) -> str:
    found = [a["due"] for a in c["alternatives"] if reading in a["reading"]]
    assert found, f"no alternative {reading!r} in {c['alternatives']}"
    return found[0]


def counted_days(c: dict[str, Any]) -> list[int]:
    return [int(m.group(1)) for line in c["explanation"]
            if (m := re.search(r": day (\d+)\b", line)) and "(day 0)" not in line]


def agency_with_closures(agency_id: str, *lists: str) -> Any:
    return dataclasses.replace(default_catalog().agency(agency_id), closures=lists)


# ---------------------------------------------------------------- Missouri worked examples
@pytest.mark.parametrize(("example", "received", "due"), [
    ("M1", "2024-07-19", "2024-07-24"), ("M2", "2019-07-22", "2019-07-25"),
    ("M3", "2025-07-03", "2025-07-09"), ("M4", "2026-05-06", "2026-05-12"),
    ("M5", "2022-12-23", "2022-12-29"), ("M6", "2026-07-01", "2026-07-07"),
    ("M7", "2025-11-26", "2025-12-02"),
])
def test_the_sunshine_response_is_due_the_third_business_day(example: str, received: str,
                                                             due: str) -> None:
    assert sunshine(received)["due"] == due, example


def test_m1_explanation_counts_the_weekend_out_day_by_day() -> None:
    c = sunshine("2024-07-19")
    assert c["explanation"][:4] == [
        "Fri 2024-07-19: the custodian of records received the request (day 0)",
        "Sat 2024-07-20: weekend, skipped", "Sun 2024-07-21: weekend, skipped",
        "Mon 2024-07-22: day 1"]
    assert c["status"] == "missed" and c["alternatives"] == []


def test_m4_truman_day_is_skipped() -> None:
    assert "Fri 2026-05-08: Truman Day, RSMo 9.010" in sunshine("2026-05-06")["explanation"]


def test_lincoln_day_moves_the_sunshine_deadline() -> None:
    c = sunshine("2025-02-10")
    assert "Wed 2025-02-12: Lincoln Day, RSMo 9.010" in c["explanation"]
    assert c["due"] == "2025-02-14"


def test_m6_the_statute_alone_gives_monday_as_an_alternative() -> None:
    c = sunshine("2026-07-01")
    assert alternative(c, "statute only") == "2026-07-06"
    assert c["safe_date"] == "2026-07-07"  # before calling KCPD late: the latest reading


def test_m7_the_day_after_thanksgiving_counts_with_a_warning() -> None:
    line = sunshine("2025-11-26")["explanation"][2]
    assert line.startswith("Fri 2025-11-28: day 1; the day after Thanksgiving: not a holiday")


def test_m8_the_denial_statement_is_due_three_business_days_after_it_is_asked_for() -> None:
    c = sunshine("2024-11-20", "denial-statement", events=["statement-requested=2024-11-25"])
    assert c["due"] == "2024-11-29" and c["basis"] == "RSMo 610.023.4"


def test_m9_a_sunday_thirtieth_day_is_excluded_by_rsmo_1_040() -> None:
    c = sunshine("2024-03-01", "involved-person", capacity="involved")
    assert c["due"] == "2024-04-01" and c["unit"] == "calendar"
    assert "Sun 2024-03-31: a Sunday, so it is excluded (RSMo 1.040)" in c["explanation"]


def test_a_saturday_last_day_stands_under_rsmo_1_040_with_the_court_rule_as_alternative() -> None:
    c = sunshine("2024-04-04", "involved-person", capacity="attorney")  # day 30: Sat 2024-05-04
    assert c["due"] == "2024-05-04"
    assert alternative(c, "Rule 44.01") == "2024-05-06"


def test_a_monday_holiday_after_a_sunday_last_day_pushes_on_herman_v_dixon() -> None:
    c = sunshine("2024-04-26", "involved-person", capacity="insurer")  # day 30: Sun 5/26
    assert c["due"] == "2024-05-28"  # Mon 5/27 is Memorial Day
    assert any("Herman v. Dixon" in line for line in c["explanation"])


def test_a_public_requester_has_no_involved_person_clock() -> None:
    assert "involved-person" not in clocks("mo-sunshine", "2024-03-01", "kcpd")


def test_a_weekend_sunshine_request_may_be_deemed_received_on_monday() -> None:
    c = sunshine("2024-07-20")
    assert c["due"] == "2024-07-24"
    assert alternative(c, "deemed received next business day") == "2024-07-25"


# ---------------------------------------------------------------- HB 145 lapses
def test_unpaid_fees_lapse_after_90_days_under_hb_145() -> None:
    c = sunshine("2025-09-01", "fee-lapse", events=["payment-requested=2025-09-02:500"])
    assert (c["due"], c["days"], c["safe_date"]) == ("2025-12-01", 90, "2025-12-01")


def test_fees_over_1000_dollars_lapse_after_150_days() -> None:
    c = sunshine("2025-09-01", "fee-lapse", events=["payment-requested=2025-09-02:1000.01"])
    assert (c["due"], c["days"]) == ("2026-01-30", 150)


def test_a_payment_request_before_hb_145_has_no_lapse_date() -> None:
    c = sunshine("2025-08-01", "fee-lapse", events=["payment-requested=2025-08-27:2000"])
    assert (c["unit"], c["due"]) == ("none", None)


def test_an_answered_clarification_request_meets_its_lapse_clock() -> None:
    c = sunshine("2025-09-01", "clarification-lapse",
                 events=["clarification-requested=2025-09-03", "clarified=2025-09-10"])
    assert c["days"] == 90 and c["status"] == "met"


def test_a_sunday_fee_lapse_is_safe_on_the_friday_before_not_the_monday_after() -> None:
    # 90 days from Mon 2025-09-08 end on Sun 2025-12-07.
    c = sunshine("2025-09-02", "fee-lapse", events=["payment-requested=2025-09-08:500"])
    assert (c["due"], c["side"]) == ("2025-12-07", "requester")  # the literal last day
    assert c["safe_date"] == "2025-12-05"  # Fri: the last business day on or before it
    assert alternative(c, "last business day on or before") == "2025-12-05"
    assert alternative(c, "RSMo 1.040") == "2025-12-08"  # Mon: a later reading only
    assert "Fri 2025-12-05: the last business day on or before it: act by this day to be safe" \
        in c["explanation"]


def test_a_saturday_clarification_lapse_is_safe_on_the_friday_before() -> None:
    # 90 days from Sun 2025-09-07 end on Sat 2025-12-06.
    c = sunshine("2025-09-01", "clarification-lapse",
                 events=["clarification-requested=2025-09-07"])
    assert c["due"] == "2025-12-06"  # a Saturday: RSMo 1.040 leaves it alone
    assert c["safe_date"] == "2025-12-05"
    assert alternative(c, "Rule 44.01") == "2025-12-08"


def test_a_missouri_suit_by_on_a_sunday_is_safe_on_the_friday_before() -> None:
    # Answered in time, then denied Sat 2025-12-06: one year later is Sun 2026-12-06.
    c = sunshine("2025-12-01", "suit-by", events=["responded=2025-12-02", "denied=2025-12-06"],
                 today=date(2025, 12, 8))
    assert c["due"] == "2026-12-06" and c["safe_date"] == "2026-12-04"
    assert alternative(c, "RSMo 1.040") == "2026-12-07"


def test_an_agencys_missouri_clock_still_moves_a_sunday_last_day_to_monday() -> None:
    c = clock("mo-sunshine", "2024-03-01", "involved-person", "kcpd", capacity="attorney")
    assert (c["due"], c["side"]) == ("2024-04-01", "agency")  # Sun 03-31 excluded
    assert c["safe_date"] == "2024-04-01"


@settings(max_examples=60, deadline=None)
@given(received=st.dates(date(2025, 9, 1), date(2027, 12, 31)), gap=st.integers(0, 30),
       amount=st.sampled_from(["200", "1500"]), law=st.sampled_from(["mo-sunshine", "foia"]))
def test_a_requesters_safe_date_is_never_later_than_any_reading(received: date, gap: int,
                                                                amount: str, law: str) -> None:
    later = (received + timedelta(days=gap)).isoformat()
    events = [f"payment-requested={later}:{amount}", f"clarification-requested={later}",
              f"denied={later}"] if law == "mo-sunshine" else \
        [f"determination={later}", f"appeal-received={later}"]
    for c in clocks(law, received.isoformat(), events=events, today=received).values():
        if c["due"] is None:
            continue
        readings = [c["due"]] + [a["due"] for a in c["alternatives"]]
        if c["side"] == "requester":
            assert c["safe_date"] == min(readings) <= c["due"], c
            cal = get_calendar(c["calendar"])
            assert cal.is_business_day(date.fromisoformat(c["safe_date"])), c
        else:
            assert c["safe_date"] == max(readings), c


# ---------------------------------------------------------------- holidays on day 0
def test_the_explanation_names_a_holiday_on_the_day_of_receipt() -> None:
    c = sunshine("2026-05-08")
    assert c["explanation"][0] == ("Fri 2026-05-08: the custodian of records received the "
                                   "request, on Truman Day, a holiday (day 0)")
    assert sunshine("2026-05-07")["explanation"][0].endswith("received the request (day 0)")


def test_the_explanation_names_a_holiday_on_the_day_counting_resumes() -> None:
    c = foia("2024-09-03", events=["tolled=2024-09-06", "resumed=2024-10-14"])
    assert ("Mon 2024-10-14: resumed: your answer reached the agency, on Columbus Day, a "
            "holiday; not counted, counting restarts the next working day") in c["explanation"]


def test_a_calendar_day_clock_names_a_holiday_on_its_day_0() -> None:
    c = foia("2024-07-04", "expedite-decision", events=["expedite-requested=2024-07-04"])
    assert c["explanation"][0].endswith(", on Independence Day, a holiday (day 0)")


# ---------------------------------------------------------------- Missouri suit-by and status
def test_suit_by_has_no_date_before_anything_is_missed() -> None:
    c = clock("mo-sunshine", "2024-07-19", "suit-by", "kcpd", today=date(2024, 7, 22))
    assert (c["unit"], c["due"], c["safe_date"]) == ("none", None, None)


def test_suit_by_runs_one_year_from_the_day_after_a_missed_response() -> None:
    c = sunshine("2024-07-19", "suit-by")
    assert c["due"] == "2025-07-25"
    assert c["explanation"][0].startswith("Thu 2024-07-25: the day after the missed response")


def test_a_response_on_the_last_day_meets_the_clock_and_starts_no_suit_clock() -> None:
    found = clocks("mo-sunshine", "2024-07-19", "kcpd", events=["responded=2024-07-24"])
    assert found["response"]["status"] == "met"
    assert found["suit-by"]["unit"] == "none"


@pytest.mark.parametrize(("today", "status"), [
    (date(2024, 7, 23), "upcoming"), (date(2024, 7, 24), "due-today"),
    (date(2024, 7, 25), "missed")])
def test_status_follows_today(today: date, status: str) -> None:
    assert sunshine("2024-07-19", today=today)["status"] == status


def test_a_late_response_is_missed_even_once_answered() -> None:
    assert sunshine("2024-07-19", events=["responded=2024-07-26"])["status"] == "missed"


def test_a_governors_closure_counts_only_when_the_agency_turns_it_on() -> None:
    kcpd = agency_with_closures("kcpd", "missouri-governor-orders")
    c = clock("mo-sunshine", "2021-06-16", "response", kcpd)
    assert sunshine("2021-06-16")["alternatives"] == []  # KCPD alone: no closure list on
    assert c["due"] == "2021-06-21"  # the statute's days
    assert alternative(c, "counting one-off closures: Juneteenth closure by the Governor") \
        == "2021-06-22"
    assert c["safe_date"] == "2021-06-22"  # the agency is late only after the later reading
    counted = clock("mo-sunshine", "2021-06-16", "response", kcpd, closures="count")
    assert (counted["due"], counted["alternatives"], counted["safe_date"]) == \
        ("2021-06-22", [], "2021-06-22")
    assert clock("mo-sunshine", "2021-06-16", "response", kcpd,
                 closures="ignore")["safe_date"] == "2021-06-21"


# ---------------------------------------------------------------- federal worked examples
def test_f1_twenty_working_days_skip_juneteenth_and_july_fourth() -> None:
    c = foia("2024-06-17")
    assert c["due"] == "2024-07-17" and counted_days(c) == list(range(1, 21))


def test_f2_a_written_extension_adds_ten_working_days() -> None:
    assert foia("2024-06-17", events=["extended=2024-07-10"])["due"] == "2024-07-31"


def test_f3_dhs_appeal_by_is_90_working_days_with_the_safer_calendar_date() -> None:
    c = foia("2024-01-02", "appeal-by", events=["determination=2024-01-08"])
    assert c["due"] == "2024-05-15" and c["basis"] == "6 CFR 5.8(a)(1)"
    assert alternative(c, "90-calendar-day") == "2024-04-05"
    assert c["safe_date"] == "2024-04-05"  # before appealing: the earliest reading


def test_f4_the_expedite_decision_is_due_in_ten_calendar_days() -> None:
    c = foia("2024-06-28", "expedite-decision", events=["expedite-requested=2024-06-28"])
    assert c["due"] == "2024-07-08" and c["unit"] == "calendar"


def test_f5_ten_working_days_skip_the_friday_before_a_saturday_july_fourth() -> None:
    assert get_calendar("us-federal").add_business_days(date(2026, 6, 22), 10) == date(2026, 7, 7)


def test_f6_a_saturday_request_counts_monday_as_day_one() -> None:
    c = foia("2024-06-15")
    assert c["due"] == "2024-07-16"
    assert alternative(c, "deemed received next business day") == "2024-07-17"


def test_f8_routing_starts_the_clock_at_the_tenth_working_day_after_intake() -> None:
    c = foia("2025-03-03", events=["routed=2025-03-24"])
    assert c["due"] == "2025-04-14"
    assert "Mon 2025-03-17: the routing cap" in c["explanation"][2]


def test_routing_before_the_cap_starts_the_clock_on_the_routed_day() -> None:
    assert foia("2025-03-03", events=["routed=2025-03-05"])["due"] == \
        get_calendar("us-federal-dc").add_business_days(date(2025, 3, 5), 20).isoformat()


def test_f9_a_toll_keeps_the_days_used_and_restarts_after_the_answer() -> None:
    c = foia("2024-09-03", events=["tolled=2024-09-06", "resumed=2024-09-20"])
    assert c["due"] == "2024-10-16" and counted_days(c) == list(range(1, 21))
    assert "Mon 2024-10-14: Columbus Day, 5 U.S.C. 6103(a)" in c["explanation"]


# ---------------------------------------------------------------- federal readings
def test_inauguration_day_closes_ice_with_the_statute_only_date_as_alternative() -> None:
    c = foia("2021-01-19")
    assert c["due"] == "2021-02-18"
    assert alternative(c, "Inauguration Day is not a FOIA holiday") == "2021-02-17"
    assert foia("2021-01-19", agency="uscis")["due"] == "2021-02-17"  # Lee's Summit, MO


def test_executive_order_closures_reach_ice_as_the_later_reading_of_its_deadlines() -> None:
    c = foia("2025-12-22")
    # The statute's days: 12/23 is day 1; Christmas, New Year's and MLK Day are skipped.
    assert c["due"] == "2026-01-22"
    # Counting the orders, Dec 24 and Dec 26 are skipped too; each is named.
    closing = [a for a in c["alternatives"] if a["reading"].startswith("counting one-off")]
    assert [a["due"] for a in closing] == ["2026-01-26"]
    assert "Christmas Eve closure by executive order (Wed 2025-12-24)" in closing[0]["reading"]
    assert "day after Christmas closure by executive order (Fri 2025-12-26)" \
        in closing[0]["reading"]
    assert "Federal executive-order closures" in closing[0]["why"]
    assert "E.O. 14371 of December 18, 2025" in closing[0]["why"]  # the order, by its data
    assert c["safe_date"] == "2026-01-26" and c["side"] == "agency"
    assert "Wed 2025-12-24: day 2; Christmas Eve closure by executive order: counted here" \
        in "\n".join(c["explanation"])
    # Any federal request, with or without an agency: the order closed every agency.
    assert foia("2025-12-22", agency=None)["safe_date"] == "2026-01-26"
    assert foia("2025-12-22", agency="uscis")["safe_date"] == "2026-01-26"


@pytest.mark.parametrize(("mode", "due", "safe", "named"), [
    ("both", "2026-01-22", "2026-01-26", True),
    ("count", "2026-01-26", "2026-01-26", False),
    ("ignore", "2026-01-22", "2026-01-22", False),
])
def test_the_closures_option_chooses_how_the_agency_clocks_count_them(
        mode: str, due: str, safe: str, named: bool) -> None:
    c = foia("2025-12-22", closures=mode)
    assert (c["due"], c["safe_date"]) == (due, safe)
    assert any("one-off" in a["reading"] for a in c["alternatives"]) == named
    result = compute_deadlines("foia", "2025-12-22", today=TODAY, agency="ice", closures=mode)
    assert result["closures_mode"] == mode
    assert result["closures"] == ["federal-executive-orders"]


def test_the_appeal_decision_and_expedite_decision_count_closures_too() -> None:
    decided = foia("2025-11-03", "appeal-decision", events=["appeal-received=2025-12-22"])
    assert alternative(decided, "counting one-off closures") == "2026-01-26"
    assert decided["safe_date"] == "2026-01-26"
    # 10 calendar days from 2025-12-14 end on Wed 2025-12-24, closed by order.
    expedite = foia("2025-12-14", "expedite-decision", events=["expedite-requested=2025-12-14"])
    assert expedite["due"] == "2025-12-24"
    assert alternative(expedite, "counting one-off closures") == "2025-12-29"
    assert expedite["safe_date"] == "2025-12-29"


@pytest.mark.parametrize("mode", ["both", "count", "ignore"])
def test_the_requesters_own_clocks_ignore_closures_in_every_mode(mode: str) -> None:
    events = ["determination=2025-12-15"]
    appeal = foia("2025-12-01", "appeal-by", closures=mode, events=events)
    assert appeal["due"] == foia("2025-12-01", "appeal-by", closures="ignore",
                                 events=events)["due"]
    # 90 working days from 12/15, counting 12/24 and 12/26 as working days.
    assert appeal["due"] == get_calendar("us-federal-dc").add_business_days(
        date(2025, 12, 15), 90).isoformat()
    assert not any("one-off" in a["reading"] for a in appeal["alternatives"])


def test_a_bad_closures_value_names_the_field() -> None:
    with pytest.raises(DeadlineInputError) as caught:
        compute_deadlines("foia", "2025-12-22", today=TODAY, closures="sometimes")
    assert caught.value.problems == [
        "closures: must be both or count or ignore, not 'sometimes'"]


def test_a_late_extension_notice_is_shown_only_as_an_alternative() -> None:
    c = foia("2024-06-17", events=["extended=2024-07-18"])
    assert c["due"] == "2024-07-17"
    assert alternative(c, "late extension") == "2024-07-31"


def test_an_open_toll_leaves_no_fixed_date() -> None:
    c = foia("2024-09-03", events=["tolled=2024-09-06"])
    assert (c["unit"], c["due"]) == ("none", None)
    assert "no fixed date until your answer" in c["explanation"][-1]


def test_a_fee_toll_may_follow_the_one_information_toll() -> None:
    c = foia("2024-09-03", events=["tolled=2024-09-06", "resumed=2024-09-10",
                                   "fee-tolled=2024-09-12", "resumed=2024-09-16"])
    assert c["due"] > foia("2024-09-03")["due"] and counted_days(c) == list(range(1, 21))


def test_a_timely_determination_meets_the_clock() -> None:
    assert foia("2024-06-17", events=["determination=2024-07-17"])["status"] == "met"


def test_eoir_appeals_run_90_calendar_days_with_the_safer_working_day() -> None:
    c = foia("2024-01-02", "appeal-by", agency="eoir", events=["determination=2024-01-08"])
    assert (c["due"], c["unit"], c["basis"]) == ("2024-04-07", "calendar", "28 CFR 16.8")
    assert alternative(c, "next working day") == "2024-04-08"
    assert alternative(c, "last working day") == "2024-04-05"
    assert c["safe_date"] == "2024-04-05"


def test_doj_appeals_before_the_2016_act_ran_60_days() -> None:
    c = foia("2015-03-02", "appeal-by", agency="eoir", events=["determination=2015-03-10"])
    assert (c["due"], c["days"]) == ("2015-05-09", 60)
    assert c["safe_date"] == "2015-05-08"  # must be received: the last working day


def test_nara_appeals_use_the_statutory_90_day_floor() -> None:
    c = foia("2024-01-02", "appeal-by", agency="ogis", events=["determination=2024-01-08"])
    assert c["unit"] == "calendar" and c["days"] == 90 and "(III)(aa)" in c["basis"]


def test_privacy_act_appeals_were_60_days_before_2022_12_16_and_90_working_days_after() -> None:
    old = clock("privacy-act", "2022-11-01", "appeal-by", "ice",
                events=["determination=2022-12-01"])
    new = clock("privacy-act", "2022-11-01", "appeal-by", "ice",
                events=["determination=2022-12-16"])
    assert (old["due"], old["days"], old["unit"]) == ("2023-01-30", 60, "calendar")
    assert (new["days"], new["unit"]) == (90, "business")


# The FOIA Improvement Act of 2016 applies to requests made after 2016-06-30 (sec. 6).
def test_a_dhs_request_made_before_the_2016_act_keeps_60_days_with_the_later_rule_shown() -> None:
    c = foia("2016-05-02", "appeal-by", events=["determination=2017-01-10"])
    assert (c["due"], c["days"], c["unit"], c["tag"]) == ("2017-03-11", 60, "calendar", "S")
    assert "Pub. L. 114-185, sec. 6" in c["basis"]
    later = get_calendar("us-federal-dc").add_business_days(date(2017, 1, 10), 90)
    assert alternative(c, "in force on the determination's date: 6 CFR 5.8(a)(1)") == \
        later.isoformat()
    assert c["safe_date"] == "2017-03-10"  # Sat 03-11 must be received: the Friday before


@pytest.mark.parametrize(("received", "days", "other"), [
    ("2016-06-30", 60, True),  # enactment day: "made after the date of enactment" is later
    ("2016-07-01", 90, False),
])
def test_the_request_date_not_the_determination_date_picks_the_2016_rule(
        received: str, days: int, other: bool) -> None:
    c = foia(received, "appeal-by", events=["determination=2016-08-01"])
    assert c["days"] == days
    assert any("in force on the determination" in a["reading"]
               for a in c["alternatives"]) == other
    if other:
        assert c["safe_date"] <= alternative(c, "in force on the determination")


def test_a_doj_request_made_before_the_2016_act_keeps_60_days_received() -> None:
    c = foia("2016-06-01", "appeal-by", agency="eoir", events=["determination=2016-08-01"])
    assert (c["due"], c["days"]) == ("2016-09-30", 60) and "28 CFR 16.9" in c["basis"]
    assert alternative(c, "in force on the determination's date: 28 CFR 16.8") == "2016-10-30"
    assert c["safe_date"] == "2016-09-30"


def test_another_agencys_pre_2016_request_has_no_fixed_appeal_date() -> None:
    c = foia("2016-06-01", "appeal-by", agency="ogis", events=["determination=2016-08-01"])
    assert (c["unit"], c["due"]) == ("none", None) and "sec. 6" in c["note"]
    # The Privacy Act is not the FOIA Improvement Act's: its rows go by the determination.
    pa = clock("privacy-act", "2016-06-01", "appeal-by", "ice",
               events=["determination=2016-08-01"])
    assert (pa["days"], pa["unit"]) == (60, "calendar") and "114-185" not in pa["basis"]


def test_a_full_grant_leaves_nothing_to_appeal() -> None:
    c = foia("2024-01-02", "appeal-by", events=["determination=2024-01-08:full"])
    assert c["unit"] == "none"


def test_the_appeal_decision_runs_20_working_days_plus_10_after_notice() -> None:
    base = foia("2024-01-02", "appeal-decision", events=["appeal-received=2024-03-04"])
    longer = foia("2024-01-02", "appeal-decision",
                  events=["appeal-received=2024-03-04", "appeal-extended=2024-03-20"])
    cal = get_calendar("us-federal-dc")
    assert base["due"] == cal.add_business_days(date(2024, 3, 4), 20).isoformat()
    assert longer["due"] == cal.add_business_days(date(2024, 3, 4), 30).isoformat()


def test_foia_suit_by_is_six_years_from_the_day_after_a_missed_determination() -> None:
    c = foia("2024-06-17", "suit-by")
    assert c["due"] == "2030-07-18"


def test_privacy_act_suit_by_is_two_years_from_the_determination() -> None:
    c = clock("privacy-act", "2024-06-17", "suit-by", "ice", events=["determination=2024-07-01"])
    assert c["due"] == "2026-07-01"


# ---------------------------------------------------------------- JSON shape and bad input
def test_every_clock_has_the_contract_keys_and_the_safe_date() -> None:
    result = compute_deadlines("foia", "2024-06-17", today=TODAY, agency="ice",
                               events=["determination=2024-07-01"])
    assert {"law", "agency", "received", "today", "deadlines"} <= set(result)
    for c in result["deadlines"]:
        assert set(c) >= CONTRACT_KEYS and {"safe_date", "safe_for"} <= set(c)
        assert c["unit"] in ("business", "calendar", "none")
        assert c["status"] in ("upcoming", "due-today", "missed", "met")


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"received": "2025-02-30"}, "received: 2025-02-30 is not a real date"),
    ({"received": "yesterday"}, "is not a date; use YYYY-MM-DD"),
    ({"events": ["tolled=2024-09-01"]}, "is before the request was received"),
    ({"events": ["resumed=2024-09-20"]}, "resumed with no open toll"),
    ({"events": ["tolled=2024-09-04", "resumed=2024-09-05", "tolled=2024-09-06"]},
     "a second information toll"),
    ({"events": ["tolled 2024-09-06"]}, "is not KIND=YYYY-MM-DD[:VALUE]"),
    ({"events": ["snowed=2024-09-06"]}, "unknown event kind 'snowed'"),
    ({"events": ["paid=2024-09-06"]}, "paid does not apply to foia"),
    ({"events": ["extended=2024-09-06:10"]}, "extended takes no value"),
    ({"law": "gdpr"}, "unknown law 'gdpr'"),
    ({"agency": "fbi"}, "unknown agency 'fbi'"),
    ({"agency": "kcpd"}, "kcpd takes mo-sunshine requests, not foia"),
    ({"capacity": "friend"}, "unknown capacity 'friend'"),
])
def test_bad_input_raises_a_named_error_with_a_clear_message(kwargs: dict[str, Any],
                                                             message: str) -> None:
    args: dict[str, Any] = {"law": "foia", "received": "2024-09-03", "agency": "ice"} | kwargs
    with pytest.raises(DeadlineInputError) as caught:
        compute_deadlines(args.pop("law"), args.pop("received"), today=TODAY, **args)
    assert any(message in p for p in caught.value.problems), caught.value.problems


def test_payment_requested_needs_its_amount() -> None:
    with pytest.raises(DeadlineInputError, match="needs the amount"):
        compute_deadlines("mo-sunshine", "2025-09-01", today=TODAY,
                          events=["payment-requested=2025-09-02"])


# ---------------------------------------------------------------- properties
days = st.dates(date(2000, 1, 1), date(2040, 12, 31))
AGENCIES = [("mo-sunshine", "kcpd"), ("foia", "ice"), ("foia", "uscis"), ("foia", "eoir")]


@settings(max_examples=150, deadline=None)
@given(received=days, pick=st.sampled_from(AGENCIES))
def test_a_business_day_clock_is_always_due_on_a_business_day(received: date,
                                                              pick: tuple[str, str]) -> None:
    events = [f"determination={received + timedelta(days=40)}"] if pick[0] == "foia" else []
    for c in clocks(pick[0], received.isoformat(), pick[1], events=events).values():
        if c["unit"] == "business":
            assert get_calendar(c["calendar"]).is_business_day(date.fromisoformat(c["due"]))


@settings(max_examples=150, deadline=None)
@given(first=days, gap=st.integers(0, 20), pick=st.sampled_from(AGENCIES))
def test_receiving_later_never_makes_a_deadline_earlier(first: date, gap: int,
                                                        pick: tuple[str, str]) -> None:
    later = first + timedelta(days=gap)
    clock_id = "response" if pick[0] == "mo-sunshine" else "determination"
    a = clock(pick[0], first.isoformat(), clock_id, pick[1])
    b = clock(pick[0], later.isoformat(), clock_id, pick[1])
    assert a["due"] <= b["due"]


@settings(max_examples=150, deadline=None)
@given(received=days, pick=st.sampled_from(AGENCIES), extended=st.booleans())
def test_the_explanation_counts_exactly_n_days(received: date, pick: tuple[str, str],
                                               extended: bool) -> None:
    events = [f"extended={received + timedelta(days=3)}"] if extended and pick[0] == "foia" else []
    for c in clocks(pick[0], received.isoformat(), pick[1], events=events).values():
        if c["unit"] == "business":
            assert counted_days(c) == list(range(1, c["days"] + 1))
            assert c["explanation"][-1].startswith(f"{date.fromisoformat(c['due']):%a %Y-%m-%d}")


@settings(max_examples=150, deadline=None)
@given(received=days, toll=st.integers(0, 40), wait=st.integers(0, 40))
def test_a_toll_never_shortens_the_determination_clock(received: date, toll: int,
                                                       wait: int) -> None:
    tolled, resumed = received + timedelta(days=toll), received + timedelta(days=toll + wait)
    plain = foia(received.isoformat())
    paused = foia(received.isoformat(), events=[f"tolled={tolled}", f"resumed={resumed}"])
    assert paused["due"] >= plain["due"]


@settings(max_examples=200, deadline=None)
@given(start=days, n=st.integers(1, 120), toll=st.integers(-5, 60), wait=st.integers(0, 30),
       calendar_id=st.sampled_from(["missouri", "us-federal", "us-federal-dc"]))
def test_the_fast_count_agrees_with_the_day_by_day_walk(start: date, n: int, toll: int,
                                                        wait: int, calendar_id: str) -> None:
    cal = get_calendar(calendar_id)
    pause = Pause(start + timedelta(days=toll), start + timedelta(days=toll + wait))
    for pauses in ((), (pause,)):
        assert count_business(cal, start, n, pauses) == walk_business(cal, start, n, "x",
                                                                      pauses)[0]


def test_the_clock_table_loader_names_each_bad_field(tmp_path: Any) -> None:
    from records.catalog.clock_rules import ClockDataError, load_clock_rules

    path = tmp_path / "clocks.toml"
    path.write_text('[[clock]]\nid = "response"\nlaws = ["mo-sunshine", "gdpr"]\n'
                    'unit = "fortnights"\nlength = 3\nside = "agency"\nbasis = "RSMo"\n'
                    'tag = "C"\nanswered_by = []\n')
    with pytest.raises(ClockDataError) as caught:
        load_clock_rules(path)
    assert "clocks.toml: clock[0].laws: unknown law 'gdpr'" in caught.value.problems
    assert any("clock[0].unit: must be one of business" in p for p in caught.value.problems)


def test_a_request_date_range_must_be_in_order(tmp_path: Any) -> None:
    from records.catalog.clock_rules import ClockDataError, load_clock_rules

    path = tmp_path / "clocks.toml"
    path.write_text('[[clock]]\nid = "appeal-by"\nlaws = ["foia"]\nunit = "none"\n'
                    'side = "requester"\nbasis = "x"\ntag = "S"\n'
                    'answered_by = ["appeal-sent"]\nrequested_from = 2016-07-01\n'
                    'requested_until = 2016-06-30\n')
    with pytest.raises(ClockDataError) as caught:
        load_clock_rules(path)
    assert any("requested_until: is before requested_from (2016-07-01)" in p
               for p in caught.value.problems)
