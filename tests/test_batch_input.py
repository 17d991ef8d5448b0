"""Reading a clinic's spreadsheet: CSV in any encoding Excel writes, XLSX with its dates,
numbers and formulas, and a clear sentence for anything that is not a spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest

from records.batch.model import MAX_BYTES, MAX_ROWS, BatchInputError, RowErrors
from records.batch.reader import read_sheet
from records.batch.rows import check
from records.catalog import default_catalog
from tests.batch_helpers import COLUMNS, client_row, clinic_rows, csv_bytes, xlsx_bytes

TODAY = dt.date(2026, 11, 23)


def refused(data: bytes, filename: str) -> str:
    with pytest.raises(BatchInputError) as caught:
        read_sheet(data, filename)
    return "\n".join(caught.value.problems)


def xlsx_with(cells: dict[str, Any], *, formats: dict[str, str] | None = None,
              epoch: dt.datetime | None = None) -> bytes:
    """One client row as an XLSX, with some cells given as real Excel values."""
    from openpyxl import Workbook

    book = Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    sheet.append(list(COLUMNS))
    sheet.append([cells.get(c, value) for c, value in client_row("ice-pa", 1).items()])
    for column, number_format in (formats or {}).items():
        sheet.cell(row=2, column=COLUMNS.index(column) + 1).number_format = number_format
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def first_row(data: bytes, filename: str = "clients.xlsx") -> dict[str, str]:
    return read_sheet(data, filename).rows[0].cells


# --- CSV --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8"])
def test_csv_reads_alike_with_or_without_a_bom(encoding: str) -> None:
    rows = clinic_rows(3)
    sheet = read_sheet(csv_bytes(rows, encoding=encoding), "clients.csv")
    assert sheet.columns == COLUMNS
    assert sheet.warnings == ()
    assert [r.number for r in sheet.rows] == [2, 3, 4]
    assert sheet.rows[1].cells["requester.name"] == "Jordan Alvarez"
    assert sheet.rows[0].cells["subject.name"] == "Maria Elena Robles"
    assert sheet.rows[0].cells == {c: v.strip() for c, v in rows[0].items()}


def test_windows_1252_csv_is_read_with_a_warning_naming_the_encoding() -> None:
    rows = [client_row("ice-pa", 1)]  # José Ángel Hernández
    sheet = read_sheet(csv_bytes(rows, encoding="cp1252"), "clients.csv")
    assert sheet.rows[0].cells["subject.name"] == "José Ángel Hernández"
    assert len(sheet.warnings) == 1
    assert "Windows-1252" in sheet.warnings[0]
    assert "CSV UTF-8" in sheet.warnings[0]


def test_excel_unicode_text_utf16_with_tabs_is_read() -> None:
    row = client_row("ice-pa", 4)  # Nguyễn Văn An: not in Windows-1252
    lines = ["\t".join(COLUMNS), "\t".join(row[c] for c in COLUMNS)]
    data = ("\r\n".join(lines) + "\r\n").encode("utf-16")
    sheet = read_sheet(data, "clients.txt")
    assert sheet.warnings == ()
    assert sheet.rows[0].cells["subject.name"] == "Nguyễn Văn An"


def test_semicolon_separated_csv_from_a_european_excel_is_read() -> None:
    header = ";".join(COLUMNS)
    row = client_row("kcpd", 2)
    line = ";".join(f'"{row[c]}"' for c in COLUMNS)
    sheet = read_sheet(f"{header}\n{line}\n".encode(), "clients.csv")
    assert sheet.rows[0].cells["records"] == row["records"]


def test_csv_that_is_neither_utf8_nor_windows_1252_is_refused() -> None:
    data = csv_bytes([client_row("kcpd")]) + b"\x81\x8d\x90"  # undefined in Windows-1252
    assert "neither UTF-8 nor Windows-1252" in refused(data, "clients.csv")


def test_csv_with_nul_bytes_is_refused_as_not_text() -> None:
    data = csv_bytes([client_row("kcpd")]).replace(b"Jordan", b"Jor\x00dan")
    assert "NUL bytes" in refused(data, "clients.csv")


def test_blank_lines_are_skipped_and_later_rows_keep_their_numbers() -> None:
    lines = csv_bytes(clinic_rows(3)).decode("utf-8-sig").split("\r\n")
    data = "\r\n".join([*lines[:2], "", ",,,", *lines[2:]]).encode()
    assert [r.number for r in read_sheet(data, "clients.csv").rows] == [2, 5, 6]


def test_a_line_break_inside_a_quoted_cell_is_one_spreadsheet_row() -> None:
    rows = clinic_rows(3)
    rows[0]["requester.address"] = "3315 Pleasant Valley Road\nKansas City, MO 64124"
    sheet = read_sheet(csv_bytes(rows), "clients.csv")
    assert [r.number for r in sheet.rows] == [2, 3, 4]
    assert sheet.rows[0].cells["requester.address"].splitlines()[1] == "Kansas City, MO 64124"


def test_header_names_are_stripped_and_matched_without_case() -> None:
    columns = tuple(f" {c.upper()} " if c.startswith("requester") else c for c in COLUMNS)
    data = csv_bytes([client_row("kcpd")]).decode("utf-8-sig").split("\r\n", 1)[1]
    sheet = read_sheet((",".join(columns) + "\r\n" + data).encode(), "clients.csv")
    assert sheet.columns == COLUMNS
    assert sheet.rows[0].cells["requester.email"] == "client0@example.org"


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_date_cells_become_iso_dates_and_times() -> None:
    cells = first_row(xlsx_with({
        "incident.date": dt.datetime(2019, 7, 22), "subject.birth_date": dt.date(1987, 3, 14),
        "incident.time": dt.time(10, 0), "records_from": dt.datetime(2019, 1, 1, 0, 0)}))
    assert cells["incident.date"] == "2019-07-22"
    assert cells["subject.birth_date"] == "1987-03-14"
    assert cells["incident.time"] == "10:00"
    assert cells["records_from"] == "2019-01-01"


def test_xlsx_serial_numbers_in_date_columns_become_iso_dates() -> None:
    # 43668 is 2019-07-22 in Excel's 1900 date system; 0.4375 of a day is 10:30.
    cells = first_row(xlsx_with({"incident.date": 43668, "subject.birth_date": 31850.0,
                                 "incident.time": 0.4375}))
    assert cells["incident.date"] == "2019-07-22"
    assert cells["subject.birth_date"] == "1987-03-14"
    assert cells["incident.time"] == "10:30"


def test_xlsx_serial_dates_follow_the_workbooks_1904_date_system() -> None:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    cells = first_row(xlsx_with({"incident.date": 43668 - 1462}, epoch=CALENDAR_MAC_1904))
    assert cells["incident.date"] == "2019-07-22"


def test_xlsx_numbers_print_as_excel_shows_them() -> None:
    cells = first_row(xlsx_with({"fee_limit": 50.0, "requester.phone": 8165550187,
                                 "no_internet": False, "incident.place": 12.5}))
    assert cells["fee_limit"] == "50"
    assert cells["requester.phone"] == "8165550187"
    assert cells["no_internet"] == "false"
    assert cells["incident.place"] == "12.5"


def test_a_number_that_is_not_a_date_serial_stays_a_number_for_the_validator() -> None:
    cells = first_row(xlsx_with({"incident.date": 20190722}))
    assert cells["incident.date"] == "20190722"
    with pytest.raises(RowErrors) as caught:
        check(read_sheet(xlsx_with({"incident.date": 20190722}), "c.xlsx"),
              catalog=default_catalog(), today=TODAY)
    [problem] = [p for p in caught.value.problems if p.field == "incident.date"]
    assert problem.message == "not a date: '20190722' (use YYYY-MM-DD, e.g. 2019-07-22)"


def test_a_numbers_keep_their_leading_zeros_as_text_and_as_zero_padded_numbers() -> None:
    as_text = first_row(xlsx_with({"subject.a_number": "012345678"}))
    padded = first_row(xlsx_with({"subject.a_number": 12345678},
                                 formats={"subject.a_number": "000000000"}))
    assert as_text["subject.a_number"] == "012345678"
    assert padded["subject.a_number"] == "012345678"
    sheet = read_sheet(xlsx_with({"subject.a_number": 12345678},
                                 formats={"subject.a_number": "000000000"}), "c.xlsx")
    [item] = check(sheet, catalog=default_catalog(), today=TODAY)
    assert item.draft.subject is not None
    assert item.draft.subject.a_number == "A012345678"


def test_a_formula_is_read_as_its_text_and_never_evaluated() -> None:
    cells = first_row(xlsx_with({"requester.name": '=HYPERLINK("http://x.example","Ana")',
                                 "fee_limit": "=20+30"}))
    assert cells["requester.name"] == '=HYPERLINK("http://x.example","Ana")'
    assert cells["fee_limit"] == "=20+30"


def test_a_formula_cell_is_a_problem_at_its_column_not_a_letter_value() -> None:
    sheet = read_sheet(xlsx_with({"requester.name": '=HYPERLINK("http://x.example","Ana")',
                                  "requester.email": "=B2"}), "c.xlsx")
    with pytest.raises(RowErrors) as caught:
        check(sheet, catalog=default_catalog(), today=TODAY)
    problems = caught.value.problems
    assert [(p.row, p.field) for p in problems] == [(2, "requester.name"),
                                                   (2, "requester.email")]
    assert all("formula" in p.message and "never calculated" in p.message for p in problems)


def test_a_wholly_blank_xlsx_row_is_skipped_and_numbers_stay() -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx_bytes(clinic_rows(2))))
    book.active.insert_rows(3, amount=2)
    out = io.BytesIO()
    book.save(out)
    assert [r.number for r in read_sheet(out.getvalue(), "c.xlsx").rows] == [2, 5]


# --- limits -------------------------------------------------------------------------------


def test_more_than_2000_rows_is_refused_with_the_limit_in_the_sentence() -> None:
    rows = [client_row("kcpd", 0)] * (MAX_ROWS + 1)
    message = refused(csv_bytes(rows), "clients.csv")
    assert message == ("The file has 2,001 rows; a batch takes at most 2,000. Split it into "
                       "two files.")


def test_2000_rows_is_within_the_limit() -> None:
    rows = [client_row("kcpd", 0)] * MAX_ROWS
    assert len(read_sheet(csv_bytes(rows), "clients.csv").rows) == MAX_ROWS


def test_more_than_2000_rows_in_an_xlsx_is_refused_too() -> None:
    rows = [{"law": "foia", "agency": "ice"}] * (MAX_ROWS + 1)
    assert "2,001 rows" in refused(xlsx_bytes(rows, columns=("law", "agency")), "c.xlsx")


def test_more_than_5_mb_is_refused_with_the_limit_in_the_sentence() -> None:
    data = csv_bytes([client_row("kcpd")])
    data += b"x" * (MAX_BYTES + 1 - len(data))
    assert refused(data, "clients.csv") == ("The file is 5.0 MB; a batch takes at most 5 MB. "
                                            "Split it into smaller files.")


# --- not a spreadsheet ---------------------------------------------------------------------


@pytest.mark.parametrize(("data", "filename", "expected"), [
    (b"%PDF-1.7\n1 0 obj\n", "clients.pdf", "neither a CSV nor an XLSX"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "clients.xls", "Excel 97-2003"),
    (b"law,agency\n", "clients.xlsx", "not an Excel workbook"),
    (b"", "clients.csv", "empty"),
])
def test_a_file_that_is_not_a_spreadsheet_is_refused_in_one_sentence(
        data: bytes, filename: str, expected: str) -> None:
    assert expected in refused(data, filename)


def zip_of(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_an_ods_spreadsheet_is_told_to_save_as_xlsx() -> None:
    data = zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert ".ods" in refused(data, "clients.ods")


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    assert "not an Excel workbook" in refused(zip_of({"notes.txt": b"hi"}), "c.xlsx")


@pytest.mark.parametrize("damage", ["truncated", "bad-xml", "missing-sheet", "bad-zip"])
def test_a_corrupt_xlsx_is_a_clear_error_never_a_traceback(damage: str) -> None:
    good = xlsx_bytes(clinic_rows(3))
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    if damage == "truncated":
        data = good[: len(good) // 2]
    elif damage == "bad-xml":
        data = zip_of({**parts, "xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row"})
    elif damage == "missing-sheet":
        data = zip_of({k: v for k, v in parts.items() if k != "xl/worksheets/sheet1.xml"})
    else:
        data = good[:4] + b"\0" * 200
    assert "damaged" in refused(data, "clients.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    good = xlsx_bytes(clinic_rows(1))
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    data = zip_of({**parts, "xl/media/padding.bin": b"\0" * (65 * 1024 * 1024)})
    assert len(data) < MAX_BYTES
    assert "unpacks to 65 MB" in refused(data, "clients.xlsx")


# --- the header -----------------------------------------------------------------------------


def test_a_sheet_without_the_templates_header_is_refused() -> None:
    data = b"Name,Date of birth,A-number\nMaria Elena Robles,1987-03-14,A012345678\n"
    message = refused(data, "clients.csv")
    assert "header row" in message and "law" in message
    assert "Maria" not in message  # row 1 might be a client: never echo it


def test_a_header_missing_the_agency_column_is_refused() -> None:
    data = csv_bytes([client_row("kcpd")], columns=tuple(c for c in COLUMNS if c != "agency"))
    assert 'no "agency" column' in refused(data, "clients.csv")


def test_a_column_named_twice_is_refused_with_both_letters() -> None:
    columns = (*COLUMNS[:-1], "requester.email")
    message = refused(csv_bytes([client_row("kcpd")], columns=columns), "clients.csv")
    assert 'names "requester.email" twice (columns P and AL)' in message


def test_a_nameless_column_with_data_is_refused_and_an_empty_one_ignored() -> None:
    lines = csv_bytes(clinic_rows(2)).decode("utf-8-sig").split("\r\n")
    empty = "\r\n".join([lines[0] + ",", lines[1] + ",", lines[2] + ","])
    assert read_sheet(empty.encode(), "c.csv").columns == COLUMNS
    stray = "\r\n".join([lines[0], lines[1], lines[2] + ",note"])
    assert refused(stray.encode(), "c.csv") == (
        "Column AM has data (from row 3) but no name in the header row (row 1): name it as "
        "in the template, or delete the column.")


def test_excels_sep_line_names_the_separator_and_is_not_a_row() -> None:
    row = client_row("kcpd", 2)
    lines = ["sep=;", ";".join(COLUMNS), ";".join(f'"{row[c]}"' for c in COLUMNS)]
    sheet = read_sheet("\r\n".join(lines).encode(), "clients.csv")
    assert sheet.columns == COLUMNS
    assert [r.number for r in sheet.rows] == [2]


def test_a_password_protected_workbook_is_told_to_remove_the_password() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode(
        "utf-16-le") + b"\0" * 64
    assert "protected by a password" in refused(data, "clients.xlsx")


def test_excel_features_openpyxl_drops_raise_no_warning_on_the_terminal() -> None:
    import warnings

    good = xlsx_bytes(clinic_rows(1))
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    # A drop-down list (data validation) as Excel stores it: openpyxl warns and drops it.
    ext = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://'
           'schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
           'count="0"/></ext></extLst></worksheet>')
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode().replace("</worksheet>", ext)
    data = zip_of({**parts, "xl/worksheets/sheet1.xml": sheet_xml.encode()})
    with warnings.catch_warnings(record=True) as control:
        warnings.simplefilter("always")
        from openpyxl import load_workbook
        list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].iter_rows())
    assert any("Data Validation" in str(w.message) for w in control)  # it would warn
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert read_sheet(data, "clients.xlsx").rows[0].cells["law"] == "privacy-act"
    assert [str(w.message) for w in seen] == []


def test_an_array_formula_is_read_as_its_text_too() -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.formula import ArrayFormula

    book = Workbook()
    sheet = book.active
    sheet.append(["law", "agency"])
    sheet["A2"] = ArrayFormula("A2:A2", '=INDEX({"foia"},1)')
    sheet["B2"] = "ice"
    out = io.BytesIO()
    book.save(out)
    assert first_row(out.getvalue()) == {"law": '=INDEX({"foia"},1)', "agency": "ice"}


def test_a_workbook_whose_parts_zipfile_cannot_open_is_one_sentence() -> None:
    """An entry flagged as encrypted makes zipfile raise RuntimeError when read: still the
    "damaged" sentence, never a traceback (or a 500 on the web)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    # Set bit 0 (encrypted) of the general-purpose flags in the local and central headers.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        data[at + offset] |= 1
    with pytest.raises(BatchInputError) as caught:
        read_sheet(bytes(data), "clients.xlsx")
    assert caught.value.problems[0].startswith("The Excel file is damaged")
