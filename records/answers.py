"""The answers: one dict shape for the JSON file, the wizard's state and a CSV row.

Nested keys are dotted paths (`requester.name`). A CSV row is the flattened form: one
column per path, lists joined with "; ". This module is the one place that walks that
shape: get/set/prune for the wizard's steps, flatten/unflatten for spreadsheets. It knows
the shape, not the rules: records.drafts validates.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Every key of the answers, in the order a spreadsheet shows them (README: "Answers").
INCIDENT_KEYS = ("date", "time", "window_from", "window_to", "place", "people", "summary")
REQUESTER_KEYS = ("name", "organization", "address", "email", "phone", "category")
SUBJECT_KEYS = ("name", "other_names", "birth_date", "birth_place", "a_number", "address",
                "relationship")
SECTIONS: dict[str, tuple[str, ...]] = {"incident": INCIDENT_KEYS,
                                        "requester": REQUESTER_KEYS,
                                        "subject": SUBJECT_KEYS}
TOP_KEYS = ("law", "agency", "records", "records_from", "description", "incident", "requester",
            "capacity", "represents", "subject", "fee_waiver", "dissemination", "fee_limit",
            "expedite", "expedite_ground", "format", "date", "delivery", "no_internet",
            # Added last, so the columns clinics' spreadsheets already have keep their place.
            "asking_for")
PATHS: tuple[str, ...] = tuple(
    f"{key}.{sub}" if key in SECTIONS else key
    for key in TOP_KEYS for sub in (SECTIONS.get(key) or ("",)))
# Paths whose value is a list; in a CSV cell the items are separated by ";".
LIST_PATHS = frozenset({"records", "incident.people", "subject.other_names"})
LIST_SEPARATOR = ";"
EMPTY: tuple[Any, ...] = ("", None, [], {})


def get_path(answers: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path, or None when any part of it is missing."""
    node: Any = answers
    for part in path.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(part)
    return node


def set_path(answers: dict[str, Any], path: str, value: Any) -> None:
    """Set the value at a dotted path, creating (or replacing non-dict) sections."""
    parts = path.split(".")
    node = answers
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def prune(answers: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values and sections in place, so an untouched section stays absent."""
    for key in list(answers):
        value = answers[key]
        if isinstance(value, dict):
            prune(value)
        if value in EMPTY:
            del answers[key]
    return answers


def flatten(answers: Mapping[str, Any]) -> dict[str, str]:
    """One spreadsheet row: every known path as a column, lists joined with "; "."""
    row: dict[str, str] = {}
    for path in PATHS:
        value = get_path(answers, path)
        if value is None:
            row[path] = ""
        elif isinstance(value, list | tuple):
            row[path] = f"{LIST_SEPARATOR} ".join(str(v) for v in value)
        elif isinstance(value, bool):
            row[path] = "true" if value else "false"
        else:
            row[path] = str(value)
    return row


def unflatten(row: Mapping[str, Any]) -> dict[str, Any]:
    """Answers from one spreadsheet row: dotted columns nest, list columns split on ";",
    blank cells are left out. Unknown columns are kept, so the validator can name them."""
    answers: dict[str, Any] = {}
    for column, cell in row.items():
        path = str(column).strip()
        value: Any = cell.strip() if isinstance(cell, str) else cell
        if path in LIST_PATHS and isinstance(value, str):
            value = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
        if value in EMPTY:
            continue
        set_path(answers, path, value)
    return answers
