"""The follow-up letter cases (tests/followup_cases/*.json) as Facts.

A case names the original request's answers file (`answers_from`, relative to the
repository), top-level answers to change (`answers_set`), the letter's `kind`, its `facts`
(dates as YYYY-MM-DD, lists for tuples) and, optionally, its page budget (`pages`).
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from records.tracker.followups import Facts, FollowUpKind

ROOT = Path(__file__).resolve().parent.parent
CASES_DIR = ROOT / "tests" / "followup_cases"
CASES: dict[str, dict[str, Any]] = {
    p.stem: json.loads(p.read_text()) for p in sorted(CASES_DIR.glob("*.json"))}
DATES = {"letter_date", "original_date", "received", "due", "denied", "fee_requested",
         "appeal_by"}
TUPLES = {"tracking", "appeal_tracking", "exemptions", "appeal_address"}


def answers_of(case: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads((ROOT / case["answers_from"]).read_text())
    answers.update(case.get("answers_set", {}))
    return answers


def facts_of(case: dict[str, Any], **overrides: Any) -> Facts:
    raw = {**case["facts"], **overrides}
    known = {f.name for f in fields(Facts)}
    assert set(raw) <= known, set(raw) - known
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in DATES and isinstance(value, str):
            value = date.fromisoformat(value)
        elif key in TUPLES and isinstance(value, list):
            value = tuple(value)
        elif key == "fee_amount" and isinstance(value, str):
            value = Decimal(value)
        values[key] = value
    return Facts(answers=answers_of(case), **values)


def case(name: str, **overrides: Any) -> tuple[FollowUpKind, Facts]:
    found = CASES[name]
    return FollowUpKind(found["kind"]), facts_of(found, **overrides)
