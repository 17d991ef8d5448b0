"""The template a clinic downloads reads back through the same reader and checker."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest

from records.answers import PATHS, flatten
from records.batch.model import LANGUAGE_COLUMN, MAIL
from records.batch.reader import read_sheet
from records.batch.rows import check
from records.batch.template import (
    COLUMN_DOCS,
    TEXT_COLUMNS,
    columns_markdown,
    template_csv,
    template_xlsx,
)
from records.catalog import default_catalog
from records.vocabulary import Law
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 11, 23)


def test_column_docs_cover_exactly_the_answers_paths_and_the_language() -> None:
    assert tuple(doc.name for doc in COLUMN_DOCS) == (*PATHS, LANGUAGE_COLUMN)
    for doc in COLUMN_DOCS:
        assert doc.required and doc.meaning.endswith(".") and doc.example, doc.name


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_reads_back_and_checks_without_problems(kind: str) -> None:
    data = template_csv() if kind == "csv" else template_xlsx()
    sheet = read_sheet(data, f"template.{kind}")
    assert sheet.columns == (*PATHS, LANGUAGE_COLUMN)
    assert sheet.warnings == ()
    [item] = check(sheet, catalog=default_catalog(), today=TODAY)
    assert item.row == 2
    assert item.draft.law == Law.MO_SUNSHINE and item.draft.agency.id == "kcpd"
    assert item.draft.incident is not None
    assert item.draft.incident.date == dt.date(2019, 7, 22)
    assert (item.route, item.language) == (MAIL, "en")
    # the example's letter date is left blank: a copied row is dated on the batch's day
    assert item.draft.date == TODAY


def test_the_template_row_is_the_2019_kcpd_example_flattened() -> None:
    example = flatten(json.loads((EXAMPLES / "kcpd-sunshine-2019.json").read_text()))
    cells = read_sheet(template_csv(), "template.csv").rows[0].cells
    assert {k: v for k, v in cells.items() if k not in ("date", LANGUAGE_COLUMN)} == \
        {k: v for k, v in example.items() if k != "date"}


def test_the_csv_template_has_a_bom_so_excel_reads_utf8() -> None:
    assert template_csv().startswith(b"\xef\xbb\xbf")


def test_the_xlsx_template_keeps_leading_zeros_and_shows_its_header() -> None:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    sheet = load_workbook(io.BytesIO(template_xlsx())).active
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    for column in ("subject.a_number", "subject.birth_date", "incident.date",
                   "requester.phone", "date"):
        assert column in TEXT_COLUMNS
        letter = get_column_letter(header.index(column) + 1)
        assert sheet.column_dimensions[letter].number_format == "@", column
    assert sheet.column_dimensions["A"].number_format != "@"  # law: an ordinary column


def test_the_columns_table_for_the_readme() -> None:
    table = columns_markdown().splitlines()
    assert table[0] == "| Column | Required | Meaning | Example |"
    assert len(table) == 2 + len(COLUMN_DOCS)
    assert table[2].startswith("| `law` | yes | Which law")
    assert all(line.count(" | ") == 3 for line in table)


def test_the_batch_input_modules_import_without_flask() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, records.batch.reader, records.batch.rows, records.batch.template; "
            "print('flask' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
