"""records.answers: the one walker of the answers shape (wizard fields, CSV columns)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from records.answers import LIST_PATHS, PATHS, flatten, get_path, prune, set_path, unflatten

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.json"))


def test_get_and_set_walk_dotted_paths() -> None:
    answers: dict[str, Any] = {"requester": "not a section"}
    set_path(answers, "requester.name", "Ana")
    set_path(answers, "law", "foia")
    assert answers == {"requester": {"name": "Ana"}, "law": "foia"}
    assert get_path(answers, "requester.name") == "Ana"
    assert get_path(answers, "requester.email") is None
    assert get_path(answers, "law.name") is None  # a path through a plain value


def test_prune_drops_empty_values_and_sections() -> None:
    answers = {"law": "foia", "description": "", "requester": {"name": "", "phone": None},
               "records": [], "incident": {"date": "2019-07-22", "people": []}}
    assert prune(answers) == {"law": "foia", "incident": {"date": "2019-07-22"}}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_survives_a_spreadsheet_row(path: Path) -> None:
    answers = json.loads(path.read_text())
    row = flatten(answers)
    assert list(row) == list(PATHS)  # every column, in the template's order
    assert all(isinstance(v, str) for v in row.values())
    back = unflatten(row)
    expected = json.loads(json.dumps(answers))
    # A CSV cell is text: numbers and flags come back as text, which the validator reads.
    for key in ("fee_limit", "no_internet"):
        if key in expected:
            expected[key] = row[key]
    assert back == expected


def test_list_cells_split_on_semicolons_and_unknown_columns_are_kept() -> None:
    row = {"records": "kcpd-cad; kcpd-video ;", "incident.people": "Ana;  Luis",
           "requester.name": "  Ana  ", "subject.a_number": "", "colour": "blue"}
    assert unflatten(row) == {"records": ["kcpd-cad", "kcpd-video"],
                              "incident": {"people": ["Ana", "Luis"]},
                              "requester": {"name": "Ana"}, "colour": "blue"}


text = st.text(alphabet=st.characters(blacklist_characters=";", blacklist_categories=("Cs",)),
               max_size=20).map(str.strip).filter(bool)


@given(st.dictionaries(st.sampled_from([p for p in PATHS if p not in LIST_PATHS]), text,
                       max_size=12),
       st.dictionaries(st.sampled_from(sorted(LIST_PATHS)), st.lists(text, max_size=3),
                       max_size=3))
def test_flatten_then_unflatten_is_the_identity_on_text_answers(
        scalars: dict[str, str], lists: dict[str, list[str]]) -> None:
    answers: dict[str, Any] = {}
    for path, value in {**scalars, **lists}.items():
        set_path(answers, path, value)
    prune(answers)
    assert unflatten(flatten(answers)) == answers
