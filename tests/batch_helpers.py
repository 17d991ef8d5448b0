"""Spreadsheet rows for the batch tests: a clinic's clients, as CSV or XLSX bytes.

`client_row(kind, i)` is one flattened answers row (every column of records.answers.PATHS
plus client_language); `clinic_rows(n)` mixes the kinds with distinct clients.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from records.answers import PATHS, flatten
from records.batch.model import LANGUAGE_COLUMN
from tests.conftest import load_example

COLUMNS: tuple[str, ...] = (*PATHS, LANGUAGE_COLUMN)
NAMES = ("Maria Elena Robles", "José Ángel Hernández", "Ana Lucía Pérez", "Samuel Okafor",
         "Nguyễn Văn An", "Rosa María Quintero", "Daniel Ruiz-Mendoza", "Fatima Al-Sayed")
# kind -> example file and changes: a first-party Privacy Act request to ICE (portal in
# 2026), the same by mail with the no-internet exception, a KCPD Sunshine request, and a
# first-party FOIA request to EOIR (DOJ: mail).
KINDS: dict[str, tuple[str, dict[str, str]]] = {
    "ice-pa": ("ice-privacy-act-self.json", {}),
    "ice-pa-mail": ("ice-privacy-act-self.json", {"delivery": "mail", "no_internet": "true"}),
    "kcpd": ("kcpd-sunshine-2019.json", {}),
}


def client_row(kind: str = "ice-pa", i: int = 0, **overrides: str) -> dict[str, str]:
    """One row; `i` picks the client's name, A-number and email. Keyword overrides use
    the column name with dots as "__" (requester__email="x")."""
    example, changes = KINDS[kind]
    row = {column: "" for column in COLUMNS}
    row.update(flatten(load_example(example)))
    row.update(changes)
    name = NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" {i}")
    slug = f"client{i}"
    row["requester.email"] = f"{slug}@example.org"
    if kind.startswith("ice-pa"):
        row["requester.name"] = row["subject.name"] = name
        row["subject.other_names"] = ""
        row["subject.a_number"] = f"A{i:09d}" if i else "A012345678"
    for key, value in overrides.items():
        row[key.replace("__", ".")] = value
    return row


def clinic_rows(n: int, kinds: tuple[str, ...] = ("ice-pa", "kcpd", "ice-pa-mail")
                ) -> list[dict[str, str]]:
    return [client_row(kinds[i % len(kinds)], i) for i in range(n)]


def csv_bytes(rows: list[dict[str, str]], *, encoding: str = "utf-8-sig",
              columns: tuple[str, ...] = COLUMNS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict[str, Any]], *, columns: tuple[str, ...] = COLUMNS) -> bytes:
    """An XLSX with every cell as given (str, int, float, datetime, or '=...' formulas)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row.get(column, "") for column in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
