"""Items for the batch output tests, made by the batch's own row checker
(records.batch.rows.check) from tests.batch_helpers' spreadsheet rows."""

from __future__ import annotations

from datetime import date

from records.batch.model import LANGUAGE_COLUMN, Item, Row, Sheet
from records.batch.rows import check
from records.catalog import default_catalog
from tests.batch_helpers import COLUMNS, clinic_rows

TODAY = date(2026, 11, 23)  # the examples' letter date: a Monday, DHS portal era


def items_from(rows: list[dict[str, str]], *, today: date = TODAY) -> list[Item]:
    """Rows as a spreadsheet numbers them: the header is row 1, so data starts at 2."""
    sheet = Sheet(columns=COLUMNS, rows=tuple(Row(number=i + 2, cells=row)
                                              for i, row in enumerate(rows)))
    return check(sheet, catalog=default_catalog(), today=today)


def make_items(n: int, *, languages: tuple[str, ...] = ("en",), today: date = TODAY) -> list[Item]:
    """n mixed clients (ICE by portal, KCPD, ICE by mail with the no-internet exception),
    with the client languages taken in turn."""
    rows = clinic_rows(n)
    for i, row in enumerate(rows):
        row[LANGUAGE_COLUMN] = languages[i % len(languages)]
    return items_from(rows, today=today)
