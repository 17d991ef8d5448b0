"""The batch template a clinic downloads: CSV and XLSX, the header and one example row
(the 2019 incident: the KCPD Sunshine request of examples/kcpd-sunshine-2019.json), and
the columns as a Markdown table for the README."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from records.answers import flatten
from records.batch.columns import COLUMN_DOCS, ColumnDoc
from records.batch.model import LANGUAGE_COLUMN

__all__ = ["COLUMN_DOCS", "ColumnDoc", "columns_markdown", "example_row", "template_csv",
           "template_xlsx"]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kcpd-sunshine-2019.json"
COLUMNS: tuple[str, ...] = tuple(doc.name for doc in COLUMN_DOCS)
# Typed as text in the XLSX, so Excel keeps what is typed: an A-number's leading zeros,
# a date as written (not a serial number), a phone number not turned into 8.17E+09.
TEXT_COLUMNS = frozenset({"subject.a_number", "requester.phone", "incident.date",
                          "subject.birth_date", "date", "records_from", "incident.time",
                          "incident.window_from", "incident.window_to", "fee_limit"})
WIDTH = 24  # characters: the header names show whole


def example_row() -> dict[str, str]:
    """The template's example row. Its "date" is left blank, so letters copied from it are
    dated on the day the batch is made, not on the example's day."""
    row = flatten(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    row["date"] = ""
    row[LANGUAGE_COLUMN] = "en"
    return {column: row.get(column, "") for column in COLUMNS}


def template_csv() -> bytes:
    """UTF-8 with a BOM: without one Excel reads the file as the system's code page and
    garbles accented names."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(list(example_row().values()))
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Clients"
    sheet.append(list(COLUMNS))
    sheet.append(list(example_row().values()))
    for index, column in enumerate(COLUMNS, 1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = WIDTH
        if column in TEXT_COLUMNS:
            # The whole column, so rows a volunteer adds are text too ("@" is Text).
            sheet.column_dimensions[letter].number_format = "@"
            sheet.cell(row=2, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def columns_markdown() -> str:
    """The columns as a Markdown table (README, batch page)."""
    lines = ["| Column | Required | Meaning | Example |", "| --- | --- | --- | --- |"]
    for doc in COLUMN_DOCS:
        cells = (f"`{doc.name}`", doc.required, doc.meaning,
                 f"`{doc.example}`" if doc.example else "")
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
