"""Items for the batch output tests, built the way the row checker builds them: one
spreadsheet row -> unflatten without the language column -> prune -> the letter's date
set -> records.drafts.validate. (records/batch/rows.py does the same for uploads.)"""

from __future__ import annotations

from datetime import date
from typing import Any

from records.answers import prune, unflatten
from records.batch.model import EMAIL, LANGUAGE_COLUMN, MAIL, PORTAL, Item, initials
from records.catalog import default_catalog
from records.drafts import validate
from tests.batch_helpers import clinic_rows

TODAY = date(2026, 11, 23)
ROUTES = {"portal": PORTAL, "email": EMAIL}


def make_item(number: int, row: dict[str, str], *, today: date = TODAY) -> Item:
    cells: dict[str, Any] = dict(row)
    language = (cells.pop(LANGUAGE_COLUMN, "") or "en").strip() or "en"
    answers = prune(unflatten(cells))
    answers.setdefault("date", today.isoformat())
    draft = validate(answers, catalog=default_catalog(), today=today)
    answers["date"] = draft.date.isoformat()
    return Item(row=number, answers=answers, draft=draft, language=language,
                initials=initials(draft.subject.name if draft.subject else draft.requester.name),
                route=ROUTES.get(draft.delivery, MAIL))


def make_items(n: int, *, languages: tuple[str, ...] = ("en",), today: date = TODAY) -> list[Item]:
    """n items from tests.batch_helpers.clinic_rows, numbered as a spreadsheet (row 2 on)."""
    rows = clinic_rows(n)
    for i, row in enumerate(rows):
        row[LANGUAGE_COLUMN] = languages[i % len(languages)]
    return [make_item(i + 2, row, today=today) for i, row in enumerate(rows)]
