"""Refactors keep what users get byte for byte: the Deadlines JSON (and its bad-input
lines), the CLI's deadline table, and each example letter's HTML and text.

tests/snapshots/outputs.json holds SHA-256 digests made by the code before the engine
returned typed results. A deliberate change to a letter or a clock updates the file in the
same commit, with the reason in the message: `python -m tests.snapshots.update deadlines`
(or `letters`, or `all`) rewrites that part with the functions below.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from records.catalog import default_catalog
from records.commands.deadlines import render_text
from records.deadlines import DeadlineInputError, build_case, compute, to_json
from records.drafts import validate
from records.letters import render_html
from records.letters import render_text as letter_text
from tests.snapshot_cases import EXAMPLES, cases

OUTPUTS = Path(__file__).parent / "snapshots" / "outputs.json"
GOLDEN = json.loads(OUTPUTS.read_text())
CASES = list(cases())
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def outputs(case: tuple[Any, ...]) -> tuple[str, str | None]:
    law, received, agency, capacity, events, today = case
    try:
        built = build_case(law, received, today=date.fromisoformat(today), agency=agency,
                           capacity=capacity, events=events)
    except DeadlineInputError as exc:
        return digest("\n".join(exc.problems)), None
    clocks = compute(built)
    return (digest(json.dumps(to_json(built, clocks), indent=2, ensure_ascii=False)),
            digest(render_text(built, clocks)))


def test_the_snapshot_covers_every_law_and_some_bad_input() -> None:
    assert len(CASES) == len(GOLDEN["deadlines_json"]) == 240
    assert {c[0] for c in CASES} == {"mo-sunshine", "foia", "privacy-act"}
    assert 0 < GOLDEN["deadlines_text"].count(None) < 60


@pytest.mark.parametrize("i", range(len(CASES)))
def test_deadlines_json_and_table_are_byte_identical(i: int) -> None:
    as_json, as_text = outputs(CASES[i])
    assert as_json == GOLDEN["deadlines_json"][i], CASES[i]
    assert as_text == GOLDEN["deadlines_text"][i], CASES[i]


def letter_digests(name: str) -> dict[str, str]:
    answers = json.loads((EXAMPLES_DIR / name).read_text())
    draft = validate(answers, catalog=default_catalog(), today=date(2026, 11, 23))
    return {"html": digest(render_html(draft)), "text": digest(letter_text(draft))}


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_letters_are_byte_identical(name: str) -> None:
    assert letter_digests(name) == GOLDEN["letters"][name]
