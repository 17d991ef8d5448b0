"""`python -m records batch CLIENTS.csv|CLIENTS.xlsx -o OUT.pdf ...`, as a clinic runs it.

The runs that render letters are real `python -m records` processes (worker processes,
a real terminal or none on stderr, Ctrl-C); the refusals, which stop before anything is
rendered, run the same `main(argv)` in this process (tests/cli_helpers.py). Every refusal
is exit code 2, one line per problem, and no file written.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from pypdf import PdfReader

from records.batch.model import MAX_BYTES, initials
from tests.batch_helpers import clinic_rows, csv_bytes, xlsx_bytes
from tests.cli_helpers import ROOT, run_cli

TODAY = "2026-11-23"  # the rows' letter date; pinned so the checks never depend on the day
SUMMARY = re.compile(r"wrote \S+: \d+ \w[\w ]*(, \d+ pages?)?")


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def expected_name(row: int, values: dict[str, str]) -> str:
    """<row>-<agency id>-<initials>.pdf: whose records (the subject, else the requester)."""
    client = values["subject.name"] or values["requester.name"]
    return f"{row}-{values['agency']}-{initials(client)}"


def refused(result: subprocess.CompletedProcess[str], folder: Path,
            keep: Sequence[str] = ("clients.csv",)) -> list[str]:
    """Exit 2, nothing on stdout, no traceback, and nothing written in `folder`."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == "" and "Traceback" not in result.stderr, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(keep)
    return [line for line in result.stderr.splitlines() if line.strip()]


def sheet(folder: Path, rows: list[dict[str, str]], name: str = "clients.csv") -> Path:
    path = folder / name
    path.write_bytes(xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows))
    return path


def batch(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli("batch", *args, "--today", TODAY)


def process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m records ARGS` in a new interpreter, with room for a slow shared machine
    (tests/cli_helpers.run_cli_process allows two minutes)."""
    return subprocess.run([sys.executable, "-m", "records", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)


# --- a whole clinic batch, in a real process ------------------------------------------


class Run:
    """A batch with every output, run once in `folder` (its stderr kept in a file there,
    so a second look at the same folder reads the first run's)."""

    def __init__(self, folder: Path, rows: list[dict[str, str]], name: str,
                 *extra: str) -> None:
        self.folder, self.rows = folder, rows
        self.out = {"stack": folder / "stack.pdf", "zip": folder / "letters.zip",
                    "manifest": folder / "manifest.csv", "packets": folder / "portal",
                    "clients": folder / "clients.zip"}
        kept = folder / "stderr.txt"
        if not kept.exists():
            source = sheet(folder, rows, name)
            result = process(
                "batch", source, "-o", self.out["stack"], "--zip", self.out["zip"],
                "--manifest", self.out["manifest"], "--packets", self.out["packets"],
                "--clients", self.out["clients"], "--today", TODAY, *extra)
            assert result.returncode == 0, result.stderr
            assert result.stdout == ""
            kept.write_text(result.stderr, encoding="utf-8")
        self.stderr = kept.read_text(encoding="utf-8")

    def names(self, kind: str | None = None) -> set[str]:
        return {expected_name(number, values) for number, values in
                enumerate(self.rows, start=2) if kind is None or self.kind(values) == kind}

    @staticmethod
    def kind(values: dict[str, str]) -> str:
        if values["agency"] != "ice":
            return "mail"
        return "mail" if values["delivery"] == "mail" else "portal"

    def letters(self) -> dict[str, list[str]]:
        with zipfile.ZipFile(self.out["zip"]) as archive:
            return {name: pdf_text(archive.read(name)) for name in archive.namelist()}


def shared_run(factory: pytest.TempPathFactory, name: str, rows: list[dict[str, str]],
               sheet_name: str, *extra: str) -> Run:
    """One run for every pytest-xdist worker: the first to take the lock makes it, the
    others read its folder (a batch costs tens of seconds on this shared machine)."""
    import fcntl

    folder = factory.getbasetemp().parent / f"cli-batch-{name}"
    folder.mkdir(exist_ok=True)
    with (folder.parent / f"cli-batch-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return Run(folder, rows, sheet_name, *extra)


@pytest.fixture(scope="session")
def csv_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    # 30 rows: more than one chunk of 25, so two workers really start a process pool.
    return shared_run(tmp_path_factory, "csv", clinic_rows(30), "clients.csv",
                      "--workers", "2")


@pytest.fixture(scope="session")
def xlsx_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return shared_run(tmp_path_factory, "xlsx", clinic_rows(6), "clients.xlsx",
                      "--workers", "1")


def test_clinic_csv_batch_prints_one_summary_line_per_output(csv_run: Run) -> None:
    lines = csv_run.stderr.splitlines()
    out = csv_run.out
    mailed = len(csv_run.names("mail"))
    assert lines[0].startswith(f"wrote {out['stack']}: {mailed} letters, ")
    assert lines[1].startswith(f"wrote {out['zip']}: 30 letters, ")
    assert lines[2:] == [f"wrote {out['manifest']}: 30 rows",
                         f"wrote {out['packets']}: {30 - mailed} portal packets",
                         f"wrote {out['clients']}: 30 client packets"]


def test_no_progress_bar_when_stderr_is_not_a_terminal(csv_run: Run) -> None:
    # Nothing but the summary: no tqdm bar, no carriage returns, no warnings.
    assert all(SUMMARY.fullmatch(line) for line in csv_run.stderr.splitlines())
    assert "\r" not in csv_run.stderr and "letter/s" not in csv_run.stderr


def test_the_stack_holds_the_mailed_letters_with_their_cover_sheets(csv_run: Run) -> None:
    pages = pdf_text(csv_run.out["stack"].read_bytes())
    mailed = len(csv_run.names("mail"))
    assert len(pages) > mailed  # every letter is a page or more, plus the cover sheets
    stated = re.search(r": \d+ letters, (\d+) pages", csv_run.stderr.splitlines()[0])
    assert stated is not None and int(stated.group(1)) == len(pages)
    text = "\n".join(pages)
    assert "Custodian of Records" in text  # the KCPD letters
    assert "A012345678" not in text  # row 2's A-number: it goes through the DHS portal
    assert "A000000002" in text  # row 4's: the same request by mail (no internet access)


def test_the_zip_names_each_letter_by_row_agency_and_initials(csv_run: Run) -> None:
    with zipfile.ZipFile(csv_run.out["zip"]) as archive:
        pages = {name: len(PdfReader(archive.open(name)).pages) for name in archive.namelist()}
        kcpd = pdf_text(archive.read("3-kcpd-JA.pdf"))
    assert set(pages) == {f"{name}.pdf" for name in csv_run.names()}
    assert all(re.fullmatch(r"\d+-[a-z0-9-]+-[A-Z]{1,4}\.pdf", name) for name in pages)
    stated = re.search(r": 30 letters, (\d+) pages", csv_run.stderr.splitlines()[1])
    assert stated is not None and int(stated.group(1)) == sum(pages.values())
    assert "Jordan Alvarez" in "".join(kcpd)


def test_the_manifest_says_how_each_row_goes(csv_run: Run) -> None:
    with csv_run.out["manifest"].open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["row", "agency", "address", "pages", "method"]
    methods = {int(row["row"]): row["method"] for row in rows}
    assert sorted(methods) == list(range(2, 32))
    portal = {int(name.split("-")[0]) for name in csv_run.names("portal")}
    assert {n for n, how in methods.items() if how == "DHS portal"} == portal
    assert all(how.endswith("mail") for n, how in methods.items() if n not in portal)
    with zipfile.ZipFile(csv_run.out["zip"]) as archive:
        pages = {int(name.split("-")[0]): len(PdfReader(archive.open(name)).pages)
                 for name in archive.namelist()}
    assert {int(row["row"]): int(row["pages"]) for row in rows} == pages


def test_portal_rows_get_a_packet_folder_each(csv_run: Run) -> None:
    folder = csv_run.out["packets"]
    assert {p.name for p in folder.iterdir()} == csv_run.names("portal")
    for packet in folder.iterdir():
        assert (packet / "letter.pdf").read_bytes().startswith(b"%PDF")
        assert (packet / "portal-fields.txt").read_text(encoding="utf-8").strip()


def test_client_packets_are_named_like_the_letters(csv_run: Run) -> None:
    with zipfile.ZipFile(csv_run.out["clients"]) as archive:
        assert set(archive.namelist()) == {f"{name}.pdf" for name in csv_run.names()}


def test_an_xlsx_sheet_makes_the_same_outputs(xlsx_run: Run) -> None:
    assert set(xlsx_run.letters()) == {f"{name}.pdf" for name in xlsx_run.names()}
    assert len(pdf_text(xlsx_run.out["stack"].read_bytes())) > len(xlsx_run.names("mail"))
    assert {p.name for p in xlsx_run.out["packets"].iterdir()} == xlsx_run.names("portal")
    assert xlsx_run.stderr.count("\nwrote ") == 4  # five summary lines


def test_one_worker_and_two_workers_write_the_same_letters(csv_run: Run,
                                                            tmp_path: Path) -> None:
    one = Run(tmp_path, csv_run.rows, "clients.csv", "--workers", "1")
    assert one.letters() == csv_run.letters()
    assert pdf_text(one.out["stack"].read_bytes()) == pdf_text(
        csv_run.out["stack"].read_bytes())


# --- a terminal on stderr: the progress bar, and Ctrl-C ---------------------------------


def on_a_terminal(args: Sequence[str | Path], *, interrupt_after: str | None = None,
                  ) -> tuple[int, str]:
    """Run `python -m records ARGS` with stderr on a pseudo-terminal; its exit code and
    what it wrote there. With `interrupt_after`, Ctrl-C (SIGINT to the whole process
    group, as a terminal sends it) once that text has appeared."""
    import fcntl
    import struct
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "records", *map(str, args)], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=slave, start_new_session=True)
    os.close(slave)
    seen, sent, deadline = b"", False, time.monotonic() + 900
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: every process holding the terminal has exited
            break
        if not chunk:
            break
        seen += chunk
        if interrupt_after and not sent and interrupt_after.encode() in seen:
            os.killpg(proc.pid, signal.SIGINT)
            sent = True
    os.close(master)
    return proc.wait(timeout=60), seen.decode("utf-8", "replace")


def test_a_progress_bar_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    source = sheet(tmp_path, clinic_rows(4))
    code, shown = on_a_terminal(["batch", source, "-o", tmp_path / "stack.pdf",
                                 "--packets", tmp_path / "portal", "--today", TODAY])
    assert code == 0, shown
    assert re.search(r"\d+/4 \[", shown), shown  # tqdm's "done/total [elapsed<left, rate]"
    assert "letter/s" in shown or "s/letter" in shown
    assert f"wrote {tmp_path / 'stack.pdf'}: 2 letters, " in shown


def test_ctrl_c_leaves_no_half_written_file(tmp_path: Path) -> None:
    source = sheet(tmp_path, clinic_rows(60))
    code, shown = on_a_terminal(["batch", source, "-o", tmp_path / "stack.pdf",
                                 "--zip", tmp_path / "letters.zip", "--packets",
                                 tmp_path / "portal", "--workers", "2", "--today", TODAY],
                                interrupt_after="/60 [")
    assert code == 130, shown
    assert "interrupted" in shown and "Traceback" not in shown, shown
    leftovers = {p.name for p in tmp_path.iterdir()} - {"clients.csv", "portal"}
    assert leftovers == set(), leftovers
    assert not (tmp_path / "portal").exists() or not any((tmp_path / "portal").iterdir())


# --- bad rows and bad arguments: exit 2, every problem, nothing written -----------------


def test_every_bad_row_is_one_line_and_nothing_is_written(tmp_path: Path) -> None:
    rows = clinic_rows(6)
    rows[1]["requester.email"] = "not-an-email"  # row 3
    rows[3]["format"] = "fax"  # row 5
    rows[4]["requester.email"] = "also wrong"  # row 6
    source = sheet(tmp_path, rows)
    found = refused(process("batch", source, "-o", tmp_path / "stack.pdf", "--zip",
                                    tmp_path / "l.zip", "--packets", tmp_path / "portal",
                                    "--today", TODAY), tmp_path)
    assert found == ["row 3, requester.email: not an email address",
                     "row 5, format: must be one of: electronic, paper (got 'fax')",
                     "row 6, requester.email: not an email address"]


def test_portal_rows_without_packets_are_refused_by_row(tmp_path: Path) -> None:
    source = sheet(tmp_path, clinic_rows(7))  # rows 2, 5 and 8 go through the DHS portal
    found = refused(batch(source, "-o", tmp_path / "stack.pdf"), tmp_path)
    assert found == ["rows 2, 5, 8 go through the DHS portal, not the mail: add --packets "
                     "DIR for their portal packets"]


def test_argument_and_row_problems_come_together(tmp_path: Path) -> None:
    rows = clinic_rows(2)
    rows[0]["requester.email"] = "nope"
    source = sheet(tmp_path, rows)
    found = refused(batch(source, "-o", tmp_path / "stack.txt", "--zip",
                          tmp_path / "missing" / "l.zip", "--workers", "0"), tmp_path)
    assert found == ["--workers: must be a whole number from 1 to 32 (got '0')",
                     f"--output: {tmp_path / 'stack.txt'} should end in .pdf",
                     f"--zip: folder does not exist: {tmp_path / 'missing'}",
                     "row 2, requester.email: not an email address"]


@pytest.mark.parametrize("workers", ["0", "33", "two", "1.5", "-1"])
def test_workers_must_be_a_whole_number_from_1_to_32(tmp_path: Path, workers: str) -> None:
    source = sheet(tmp_path, clinic_rows(1, kinds=("kcpd",)))
    found = refused(batch(source, "-o", tmp_path / "s.pdf", f"--workers={workers}"), tmp_path)
    assert found == [f"--workers: must be a whole number from 1 to 32 (got {workers!r})"]


def test_a_missing_sheet_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    found = refused(batch(missing, "-o", tmp_path / "s.pdf"), tmp_path, keep=())
    assert found == [f"{missing}: no such file"]


def test_a_folder_as_the_sheet_is_one_line(tmp_path: Path) -> None:
    found = refused(batch(tmp_path, "-o", tmp_path / "s.pdf"), tmp_path, keep=())
    assert found == [f"{tmp_path}: is a folder, not a CSV or XLSX file"]


def test_a_sheet_over_the_size_limit_is_one_line(tmp_path: Path) -> None:
    source = tmp_path / "clients.csv"
    source.write_bytes(csv_bytes(clinic_rows(1)) + b"\n" * MAX_BYTES)
    found = refused(batch(source, "-o", tmp_path / "s.pdf"), tmp_path)
    assert len(found) == 1 and found[0].startswith(f"{source}: ") and "5 MB" in found[0]


def test_packets_must_be_a_folder_that_can_be_made(tmp_path: Path) -> None:
    source = sheet(tmp_path, clinic_rows(2))
    taken = tmp_path / "taken"
    taken.write_text("x")
    found = refused(batch(source, "-o", tmp_path / "s.pdf", "--packets", taken), tmp_path,
                    keep=("clients.csv", "taken"))
    assert found == [f"--packets: {taken} is not a folder"]
    inside = taken / "portal"
    found = refused(batch(source, "-o", tmp_path / "s.pdf", "--packets", inside), tmp_path,
                    keep=("clients.csv", "taken"))
    assert found == [f"--packets: cannot create {inside}: {taken} is not a writable folder"]


def test_the_same_file_twice_is_refused(tmp_path: Path) -> None:
    source = sheet(tmp_path, clinic_rows(1, kinds=("kcpd",)))
    found = refused(batch(source, "-o", tmp_path / "s.pdf", "--zip", tmp_path / "a.zip",
                          "--clients", tmp_path / "a.zip"), tmp_path)
    assert found == ["--clients: the same file as --zip"]


def test_an_output_onto_the_spreadsheet_is_refused(tmp_path: Path) -> None:
    source = sheet(tmp_path, clinic_rows(1, kinds=("kcpd",)))
    found = refused(batch(source, "-o", tmp_path / "s.pdf", "--manifest", source), tmp_path)
    assert found == ["--manifest: the same file as the spreadsheet"]


def test_a_windows_1252_sheet_is_read_with_a_warning(tmp_path: Path) -> None:
    rows = clinic_rows(1, kinds=("kcpd",))
    rows[0]["requester.name"] = "José Peña"
    source = tmp_path / "clients.csv"
    source.write_bytes(csv_bytes(rows, encoding="cp1252"))
    result = batch(source, "-o", tmp_path / "s.pdf", "--packets", tmp_path / "portal")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{source}: warning: ") and "1252" in lines[0]
    assert lines[1:] == [f"wrote {tmp_path / 's.pdf'}: 1 letter, "
                         f"{len(PdfReader(tmp_path / 's.pdf').pages)} pages",
                         f"{tmp_path / 'portal'}: no portal packets (no row goes through a "
                         "portal)"]
    assert "José Peña" in "".join(pdf_text((tmp_path / "s.pdf").read_bytes()))


def test_a_batch_with_nothing_to_mail_writes_no_stack_and_says_so(tmp_path: Path) -> None:
    rows = clinic_rows(2, kinds=("ice-pa",))
    source = sheet(tmp_path, rows)
    result = batch(source, "-o", tmp_path / "stack.pdf", "--packets", tmp_path / "portal",
                   "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "stack.pdf").exists()
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert f"{tmp_path / 'stack.pdf'}: not written (no row goes by mail)" in lines
    assert len(list((tmp_path / "portal").iterdir())) == 2
