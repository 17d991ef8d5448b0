"""`python -m records deadlines`: run as a user would, with exit codes. The CLI's `main`
runs in this process (tests/cli_helpers.py); two smoke tests run the real entry point."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.cli_helpers import run_cli, run_cli_process


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("deadlines", *args)


def test_the_json_is_the_design_shape_for_the_kcpd_example() -> None:
    done = run("--law", "mo-sunshine", "--received", "2024-07-19", "--agency", "kcpd",
               "--today", "2026-11-23", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["law"], result["agency"], result["received"], result["today"]) == \
        ("mo-sunshine", "kcpd", "2024-07-19", "2026-11-23")
    response = result["deadlines"][0]
    assert (response["id"], response["due"], response["days"], response["unit"],
            response["calendar"], response["basis"], response["status"]) == \
        ("response", "2024-07-24", 3, "business", "missouri", "RSMo 610.023.3", "missed")
    assert response["explanation"][1] == "Sat 2024-07-20: weekend, skipped"


def test_repeated_events_toll_and_resume_the_foia_clock() -> None:
    done = run("--law", "foia", "--agency", "ice", "--received", "2024-09-03",
               "--event", "tolled=2024-09-06", "--event", "resumed=2024-09-20",
               "--today", "2024-10-01", "--json")
    assert done.returncode == 0, done.stderr
    determination = json.loads(done.stdout)["deadlines"][0]
    assert (determination["due"], determination["status"]) == ("2024-10-16", "upcoming")


def test_the_readable_table_shows_each_clock_and_its_explanation() -> None:
    done = run("--law", "mo-sunshine", "--received", "2026-07-01", "--agency", "kcpd",
               "--today", "2026-07-02")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "response  Tue 2026-07-07  3 business days  upcoming" in out
    assert "other reading: Mon 2026-07-06 (statute only" in out
    assert "Fri 2026-07-03: Independence Day (observed; 2026-07-04 is a Saturday)" in out
    assert "safe date: Tue 2026-07-07" in out


def test_involved_person_capacity_adds_the_thirty_day_clock() -> None:
    done = run("--law", "mo-sunshine", "--received", "2024-03-01", "--capacity", "attorney",
               "--today", "2024-03-02", "--json")
    ids = [c["id"] for c in json.loads(done.stdout)["deadlines"]]
    assert "involved-person" in ids


def test_today_defaults_to_the_date_in_chicago() -> None:
    before = datetime.now(ZoneInfo("America/Chicago")).date().isoformat()
    done = run("--law", "foia", "--received", "2024-06-17", "--json")
    after = datetime.now(ZoneInfo("America/Chicago")).date().isoformat()
    assert json.loads(done.stdout)["today"] in (before, after)


@pytest.mark.parametrize(("args", "message"), [
    (("--law", "foia", "--received", "2025-02-30"), "received: 2025-02-30 is not a real date"),
    (("--law", "foia", "--received", "2024-09-03", "--event", "tolled=2024-09-01"),
     "is before the request was received"),
    (("--law", "foia", "--received", "2024-09-03", "--event", "resumed=2024-09-05"),
     "resumed with no open toll"),
    (("--law", "foia", "--received", "2024-09-03", "--event", "tolled=2024-09-04",
      "--event", "resumed=2024-09-05", "--event", "tolled=2024-09-06"),
     "a second information toll"),
    (("--law", "foia", "--received", "2024-09-03", "--event", "tolled:2024-09-04"),
     "is not KIND=YYYY-MM-DD[:VALUE]"),
    (("--law", "foia", "--received", "2024-09-03", "--event", "lunch=2024-09-04"),
     "unknown event kind 'lunch'"),
    (("--law", "gdpr", "--received", "2024-09-03"), "law: unknown law 'gdpr'"),
    (("--law", "foia", "--received", "2024-09-03", "--agency", "fbi"), "unknown agency 'fbi'"),
    (("--law", "foia", "--received", "2024-09-03", "--today", "2024-13-01"),
     "today: 2024-13-01 is not a real date"),
    (("--received", "2024-09-03",), "the following arguments are required: --law"),
])
def test_bad_input_exits_2_with_one_line_per_problem_and_no_traceback(args: tuple[str, ...],
                                                                      message: str) -> None:
    done = run(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_several_problems_are_each_reported_on_their_own_line() -> None:
    done = run("--law", "foia", "--received", "2024-09-03", "--agency", "fbi",
               "--event", "lunch=2024-09-04")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("agency:") and lines[1].startswith("event 1:")


def test_python_m_records_deadlines_exits_0_with_the_json() -> None:
    done = run_cli_process("deadlines", "--law", "foia", "--agency", "ice", "--received",
                           "2024-09-03", "--today", "2024-10-01", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["deadlines"][0]["due"] == "2024-10-01"


def test_python_m_records_deadlines_exits_2_on_bad_input_without_a_traceback() -> None:
    done = run_cli_process("deadlines", "--law", "foia", "--received", "2025-02-30")
    assert done.returncode == 2
    assert "received: 2025-02-30 is not a real date" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_ice_shows_the_statute_date_and_the_later_date_counting_the_closures() -> None:
    done = run("--law", "foia", "--agency", "ice", "--received", "2025-12-22",
               "--today", "2025-12-23")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "determination  Thu 2026-01-22  20 business days" in out
    assert "safe date: Mon 2026-01-26 - say the agency is late only after" in out
    assert ("other reading: Mon 2026-01-26 (counting one-off closures: Christmas Eve closure "
            "by executive order (Wed 2025-12-24); day after Christmas closure by executive "
            "order (Fri 2025-12-26))") in out
    assert "agency clocks: both" in out


@pytest.mark.parametrize(("mode", "due", "safe"), [("count", "2026-01-26", "2026-01-26"),
                                                   ("ignore", "2026-01-22", "2026-01-22")])
def test_the_closures_option_counts_or_ignores_them(mode: str, due: str, safe: str) -> None:
    done = run("--law", "foia", "--agency", "ice", "--received", "2025-12-22",
               "--today", "2025-12-23", "--closures", mode, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["closures_mode"] == mode
    assert (result["deadlines"][0]["due"], result["deadlines"][0]["safe_date"]) == (due, safe)


def test_a_bad_closures_value_is_one_line_and_exit_2() -> None:
    done = run("--law", "foia", "--received", "2025-12-22", "--closures", "sometimes")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "closures: must be both or count or ignore, not 'sometimes'\n"


@pytest.mark.parametrize("capacity", ["public", "attorney"])
def test_capacity_with_a_federal_law_is_a_usage_error(capacity: str) -> None:
    done = run("--law", "foia", "--received", "2025-12-22", "--capacity", capacity)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("--capacity: applies only to Missouri Sunshine requests "
                           "(RSMo 610.100.4); leave it out for foia\n")
