"""A clinic's spreadsheet (CSV or XLSX bytes) -> a Sheet of text cells, or one clear error.

Every cell comes back as the text a volunteer sees in Excel: dates as ISO, whole numbers
without ".0", A-numbers with their leading zeros, formulas as their "=..." text (never
evaluated: a batch must not run whatever a downloaded workbook computes). Whole-file
problems (too big, not a spreadsheet, no header) raise BatchInputError; the rows' own
problems are records.batch.rows's business.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from records.answers import PATHS
from records.batch.model import (
    LANGUAGE_COLUMN,
    MAX_BYTES,
    MAX_ROWS,
    BatchInputError,
    Row,
    Sheet,
)

COLUMNS: tuple[str, ...] = (*PATHS, LANGUAGE_COLUMN)
# Columns whose numbers are Excel serial dates or day fractions (a cell typed as a date
# in a column formatted "General" arrives as 43668, i.e. 2019-07-22).
DATE_COLUMNS = frozenset({"incident.date", "subject.birth_date", "date", "records_from"})
TIME_COLUMNS = frozenset({"incident.time", "incident.window_from", "incident.window_to"})
REQUIRED_COLUMNS = ("law", "agency")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls (and .doc)
# A 5 MB workbook whose parts unpack to more than this is a ZIP bomb or mostly pictures
# and formatted empty rows: 2,000 real rows unpack to about 20 MB.
MAX_UNPACKED = 64 * 1024 * 1024
# Excel's last date, 9999-12-31, as a serial number; anything larger is not a date.
MAX_SERIAL = 2958466
ZERO_PADDED = re.compile(r"^0+$")
SEP_LINE = re.compile(r"^sep=[,;\t]\r?$")
CSV_DELIMITERS = (",", ";", "\t")
CP1252_WARNING = ("The file is not UTF-8, so it was read as Windows-1252 (an older Excel "
                  "\"CSV\" format). Check that accented letters (é, ñ) came out right, or "
                  "save it as \"CSV UTF-8\".")
NUMBER_WORDS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def read_sheet(data: bytes, filename: str) -> Sheet:
    """The first sheet of a CSV or XLSX upload. Raises BatchInputError."""
    if not data:
        raise BatchInputError(["The file is empty: download the template, fill in one row "
                               "per letter, and upload it again."])
    if len(data) > MAX_BYTES:
        raise BatchInputError([
            f"The file is {len(data) / 1024 / 1024:.1f} MB; a batch takes at most "
            f"{MAX_BYTES // 1024 // 1024} MB. Split it into smaller files."])
    extension = filename.rpartition(".")[2].lower() if "." in filename else ""
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if data.startswith(OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
        raise BatchInputError(["The workbook is protected by a password: remove the password "
                               "in Excel (File, Info, Protect Workbook) and upload it again."])
    if data.startswith(OLE_MAGIC):
        raise BatchInputError(["This is an old Excel 97-2003 (.xls) file: in Excel, save it "
                               "as \"Excel Workbook (.xlsx)\" or \"CSV UTF-8\" and upload "
                               "that."])
    if extension == "xlsx":
        raise BatchInputError(["The file is named .xlsx but is not an Excel workbook (it may "
                               "be damaged). Open it in Excel and save it again, or save "
                               "it as CSV."])
    if extension in ("csv", "txt", "tsv"):
        text, legacy = _decode(data)
        return _sheet(_csv_rows(text), (CP1252_WARNING,) if legacy else ())
    shown = f" (.{extension})" if extension else ""
    raise BatchInputError([f"This file{shown} is neither a CSV nor an XLSX file: save the "
                           "spreadsheet as \"CSV UTF-8\" or \"Excel Workbook (.xlsx)\"."])


# --- CSV ---------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, bool]:
    """The text, and whether it had to be read as Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode Text" export: UTF-16 with a BOM (and tabs between cells).
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise BatchInputError(["The file starts like UTF-16 text but cannot be read as "
                                   "it: save it as \"CSV UTF-8\"."]) from None
        if "\x00" not in text:
            return text, False
    if b"\x00" in data:
        raise BatchInputError(["The file contains NUL bytes, so it is not a CSV text file "
                               "(is it a PDF, a picture or a damaged file?). Save the "
                               "spreadsheet as \"CSV UTF-8\"."])
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), True
    except UnicodeDecodeError as error:
        raise BatchInputError([
            f"The file is neither UTF-8 nor Windows-1252 text (byte {error.start + 1:,} cannot "
            "be read): save the spreadsheet as \"CSV UTF-8\"."]) from None


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) per CSV record. Excel counts records, not lines: a cell with a
    line break in quotes is one row, and a blank line is a row of its own."""
    first = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=first.count)
    # Excel writes and honours a first line "sep=;" naming the separator, and does not
    # show it as a row: the header is still row 1.
    if SEP_LINE.match(first):
        delimiter, text = first[4], text.split("\n", 1)[1] if "\n" in text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, cells in enumerate(reader, 1):
            yield number, [cell.strip() for cell in cells]
    except csv.Error as error:
        raise BatchInputError([f"Row {number + 1} cannot be read as CSV ({error}): check "
                               "its quotes, or save the file again from Excel."]) from None


# --- XLSX --------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Sheet:
    _check_zip(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about the Excel features it drops (data validation lists,
            # conditional formatting): nothing the batch reads, and noise on a terminal.
            warnings.simplefilter("ignore", UserWarning)
            return _sheet(_xlsx_rows(data), ())
    except BatchInputError:
        raise
    except Exception:
        # A damaged workbook can fail anywhere in openpyxl's parsing (BadZipFile, KeyError
        # for a missing part, InvalidFileException, ValueError or an XML ParseError...):
        # the volunteer gets one sentence, never a traceback.
        raise BatchInputError(["The Excel file is damaged and cannot be read: open it in "
                               "Excel and save it again, or save it as \"CSV UTF-8\"."]
                              ) from None


def _check_zip(data: bytes) -> None:
    """Refuse ZIPs that are not workbooks, and ZIP bombs, before openpyxl opens them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise BatchInputError(["The Excel file is damaged and cannot be read: open it in "
                               "Excel and save it again, or save it as \"CSV UTF-8\"."]
                              ) from None
    if b"opendocument.spreadsheet" in mimetype:
        raise BatchInputError(["This is an OpenDocument spreadsheet (.ods): save it as "
                               "\"Excel 2007-365 (.xlsx)\" or as CSV and upload that."])
    if "xl/workbook.xml" not in names:
        raise BatchInputError(["This file is a ZIP archive but not an Excel workbook: upload "
                               "the spreadsheet itself, as .xlsx or CSV."])
    if unpacked > MAX_UNPACKED:
        raise BatchInputError([
            f"The workbook unpacks to {unpacked / 1024 / 1024:,.0f} MB; a batch takes at most "
            f"{MAX_UNPACKED // 1024 // 1024} MB unpacked. Delete other sheets, pictures and "
            "formatted empty rows, or save it as CSV."])


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    # data_only=False: a formula comes back as its text "=...", never as a value (which
    # would be whatever Excel last cached) and never evaluated.
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        # A writer's stored dimension can be wrong; without it rows come back as stored.
        sheet.reset_dimensions()
        header: list[str] = []
        number = 0
        for cells in sheet.iter_rows():
            number = next((c.row for c in cells if getattr(c, "row", None)), number + 1)
            texts = [_cell_text(cell, header[i] if i < len(header) else "", book.epoch)
                     for i, cell in enumerate(cells)]
            if number == 1:
                header = [_column_name(t) for t in texts]
            yield number, texts
    finally:
        book.close()


def _cell_text(cell: Any, column: str, epoch: datetime) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time | timedelta):
        return _when_text(value, column)
    if isinstance(value, int | float):
        return _number_text(value, column, getattr(cell, "number_format", "") or "", epoch)
    if isinstance(value, str):
        return value.strip()
    # Array and data-table formulas: their text, like any other formula.
    text = getattr(value, "text", None)
    return str(text if text is not None else value).strip()


def _when_text(value: datetime | date | time | timedelta, column: str) -> str:
    if isinstance(value, timedelta):  # a duration format such as [h]:mm
        minutes = round(value.total_seconds() / 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime):
        if column in TIME_COLUMNS:
            return value.strftime("%H:%M")
        if column in DATE_COLUMNS or value.time() == time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _number_text(value: int | float, column: str, number_format: str, epoch: datetime) -> str:
    from openpyxl.utils.datetime import from_excel

    if column in DATE_COLUMNS and 0 < value < MAX_SERIAL:
        try:
            return _when_text(from_excel(value, epoch=epoch), column)
        except (ValueError, OverflowError, TypeError):
            pass
    if column in TIME_COLUMNS and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.15g}"  # Excel shows 15 significant digits
    whole = str(int(value))
    # A number formatted "000000000" shows its leading zeros in Excel: keep them (A-numbers).
    if ZERO_PADDED.match(number_format) and value >= 0:
        return whole.zfill(len(number_format))
    return whole


# --- the sheet ---------------------------------------------------------------------


def _column_name(text: str) -> str:
    """The header's name for a column: stripped, and spelled as the template spells it
    when it differs only in case ("Requester.Email")."""
    name = text.strip()
    return next((c for c in COLUMNS if c.casefold() == name.casefold()), name)


def _letter(index: int) -> str:
    """The spreadsheet's column letter for a 0-based index (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _header(cells: list[str]) -> list[str]:
    names = [_column_name(c) for c in cells]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if len(missing) == len(REQUIRED_COLUMNS):
        raise BatchInputError([
            "Row 1 must be the template's header row, with a column for each answer (at "
            "least \"law\" and \"agency\"): download the template and copy the rows into it."])
    if missing:
        raise BatchInputError([f"The header row (row 1) has no \"{missing[0]}\" column: "
                               "add it, as in the template."])
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name and name in seen:
            problems.append(f"The header row (row 1) names \"{name}\" twice (columns "
                            f"{_letter(seen[name])} and {_letter(i)}): delete one of them.")
        seen.setdefault(name, i)
    if problems:
        raise BatchInputError(problems)
    return names


def _sheet(rows: Iterable[tuple[int, list[str]]], warnings: tuple[str, ...]) -> Sheet:
    it = iter(rows)
    first = next(it, None)
    if first is None or first[0] != 1 or not any(first[1]):
        raise BatchInputError(["Row 1 must be the template's header row, with a column for "
                               "each answer: download the template and copy the rows into "
                               "it."])
    names = _header(first[1])
    kept: list[Row] = []
    count = 0
    nameless: dict[int, int] = {}  # column index -> first row with data there
    for number, cells in it:
        if not any(cells):
            continue  # blank rows are skipped; later rows keep their numbers
        count += 1
        if count > MAX_ROWS:
            continue  # only counted, for the message
        for i, cell in enumerate(cells):
            if cell and (i >= len(names) or not names[i]):
                nameless.setdefault(i, number)
        kept.append(Row(number, {name: cells[i] if i < len(cells) else ""
                                 for i, name in enumerate(names) if name}))
    if count > MAX_ROWS:
        files = -(-count // MAX_ROWS)
        raise BatchInputError([
            f"The file has {count:,} rows; a batch takes at most {MAX_ROWS:,}. Split it into "
            f"{NUMBER_WORDS[files] if files < len(NUMBER_WORDS) else files} files."])
    if nameless:
        raise BatchInputError([
            f"Column {_letter(i)} has data (from row {row}) but no name in the header row "
            "(row 1): name it as in the template, or delete the column."
            for i, row in sorted(nameless.items())])
    return Sheet(tuple(n for n in names if n), tuple(kept), warnings)
