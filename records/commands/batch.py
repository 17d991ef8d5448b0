"""`python -m records batch CLIENTS.csv|CLIENTS.xlsx -o OUT.pdf [--zip OUT.zip]
[--manifest OUT.csv] [--packets DIR] [--clients OUT.zip] [--workers N] [--today DATE]`.

A clinic batch from the command line: the same reader, checker and pipeline as the web
page's background job (records.batch). Everything the user got wrong (the arguments, the
file, every row) is found before the first letter is rendered, printed one line per
problem, and nothing is written (exit 2). The outputs are written atomically by
records.batch.outputs, so an interrupted run leaves no half-written file.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from records.batch.model import EMAIL, MAX_BYTES, PORTAL, BatchInputError, Item, RowErrors
from records.catalog import default_catalog
from records.commands.base import UsageError
from records.deadlines import DeadlineInputError, parse_date
from records.today import today_in_chicago

MAX_WORKERS = 32
# (option, attribute, suffix) of each output file; the stack (-o) is required.
FILES = (("--output", "output", ".pdf"), ("--zip", "zip", ".zip"),
         ("--manifest", "manifest", ".csv"), ("--clients", "clients_zip", ".zip"))


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "batch", help="a clinic batch: a spreadsheet of clients in, a print-ready stack out")
    p.add_argument("sheet", metavar="CLIENTS.csv|CLIENTS.xlsx",
                   help="one client per row (the columns: README, 'Clinic batches')")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf",
                   help="the print-ready stack of the letters that go by mail")
    p.add_argument("--zip", metavar="OUT.zip", help="every row's letter as its own PDF")
    p.add_argument("--manifest", metavar="OUT.csv", help="the mailing manifest")
    p.add_argument("--packets", metavar="DIR",
                   help="DHS portal packets (required when a row goes through the portal)")
    p.add_argument("--clients", dest="clients_zip", metavar="OUT.zip",
                   help="a packet per client: a summary in their language, the letter and "
                        "the pages to sign")
    p.add_argument("--workers", metavar="N",
                   help=f"processes rendering letters, 1 to {MAX_WORKERS} "
                        "(default: one per core)")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="default: today in America/Chicago")
    p.set_defaults(handler=run)


# --- checks before anything is rendered ---------------------------------------------


def workers_problem(raw: str | None) -> tuple[int, list[str]]:
    """--workers as a number of processes (default: the cores this process may use)."""
    if raw is None:
        return min(len(os.sched_getaffinity(0)), MAX_WORKERS), []
    try:
        workers = int(raw)
    except ValueError:
        workers = 0
    if not 1 <= workers <= MAX_WORKERS:
        return 1, [f"--workers: must be a whole number from 1 to {MAX_WORKERS} (got {raw!r})"]
    return workers, []


def _writable_folder(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def file_problems(option: str, path: Path, suffix: str) -> list[str]:
    """An output file's name, and a folder to write it in."""
    if path.suffix.lower() != suffix:
        return [f"{option}: {path} should end in {suffix}"]
    folder = path.parent
    if not folder.is_dir():
        return [f"{option}: folder does not exist: {folder}"]
    if path.is_dir():
        return [f"{option}: {path} is a folder"]
    if not _writable_folder(folder) or (path.exists() and not os.access(path, os.W_OK)):
        return [f"{option}: cannot write {path}: permission denied"]
    return []


def packets_problems(folder: Path) -> list[str]:
    """--packets: an existing writable folder, or one that can be made (its nearest
    existing parent is a writable folder). It is made only once every check has passed."""
    if folder.exists():
        return [] if _writable_folder(folder) else (
            [f"--packets: {folder} is not a folder"] if not folder.is_dir()
            else [f"--packets: cannot write in {folder}: permission denied"])
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not _writable_folder(parent):
        return [f"--packets: cannot create {folder}: {parent} is not a writable folder"]
    return []


def argument_problems(args: argparse.Namespace) -> list[str]:
    problems: list[str] = []
    seen: dict[Path, str] = {Path(args.sheet).resolve(): "the spreadsheet"}
    for option, attribute, suffix in FILES:
        raw = getattr(args, attribute)
        if raw is None:
            continue
        path = Path(raw)
        problems += file_problems(option, path, suffix)
        key = path.resolve()
        if key in seen:
            problems.append(f"{option}: the same file as {seen[key]}")
        seen.setdefault(key, option)
    if args.packets is not None:
        problems += packets_problems(Path(args.packets))
    return problems


def read_bytes(name: str) -> bytes:
    """The spreadsheet's bytes; one byte past the limit is enough for the reader to say
    the file is too big, without reading a huge file into memory."""
    try:
        with open(name, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise UsageError([f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise UsageError([f"{name}: is a folder, not a CSV or XLSX file"]) from None
    except OSError as exc:
        raise UsageError([f"{name}: cannot read it: {exc.strerror}"]) from None


def load_items(name: str, *, today: date) -> tuple[list[Item], tuple[str, ...]]:
    """The checked rows and the file's warnings; UsageError with every problem."""
    from records.batch.reader import read_sheet
    from records.batch.rows import check

    data = read_bytes(name)
    try:
        sheet = read_sheet(data, Path(name).name)
        return check(sheet, catalog=default_catalog(), today=today), sheet.warnings
    except BatchInputError as exc:
        raise UsageError([f"{name}: {problem}" for problem in exc.problems]) from None
    except RowErrors as exc:
        raise UsageError([str(problem) for problem in exc.problems]) from None


def count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _rows(items: Sequence[Item], verb: str) -> str:
    """"row 4 goes", "rows 2, 5, 8 go": at most 20 numbers, then how many more."""
    numbers = [str(item.row) for item in items]
    shown = ", ".join(numbers[:20]) + (f" and {len(numbers) - 20} more" if len(numbers) > 20
                                        else "")
    many = len(numbers) > 1
    return f"row{'s' if many else ''} {shown} {verb if many else verb + 'es'}"


def route_problems(items: Sequence[Item], args: argparse.Namespace) -> list[str]:
    """Rows that would not be in the stack must land somewhere the user asked for: a DHS
    portal row (6 CFR 5.3(a)(2), from 2026-01-22) in --packets, an email row in --zip."""
    problems = []
    portal = [item for item in items if item.route == PORTAL]
    if portal and args.packets is None:
        problems.append(f"{_rows(portal, 'go')} through the DHS portal, not the mail: add "
                        "--packets DIR for their portal packets")
    email = [item for item in items if item.route == EMAIL]
    if email and args.zip is None:
        problems.append(f"{_rows(email, 'go')} by email, not the mail: add --zip OUT.zip for "
                        "their letters")
    return problems


# --- the run ------------------------------------------------------------------------


def progress_bar(total: int) -> tuple[Callable[[int, int], None], Callable[[], None]]:
    """A tqdm bar on stderr when it is a terminal (nothing at all otherwise): the
    callback the pipeline calls after each chunk, and the bar's close."""
    from tqdm import tqdm

    bar = tqdm(total=total, unit="letter", file=sys.stderr, disable=not sys.stderr.isatty(),
               dynamic_ncols=True, leave=False)

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)

    return update, bar.close


def manifest_rows(path: Path) -> int:
    with path.open(newline="", encoding="utf-8") as fh:
        return max(sum(1 for _ in csv.reader(fh)) - 1, 0)


def summary(args: argparse.Namespace, written: Any) -> list[str]:
    """One line per output: what it holds."""
    lines = [f"wrote {args.output}: {count(written.mailed, 'letter')}, "
             f"{count(written.stack_pages, 'page')}" if written.mailed else
             f"{args.output}: not written (no row goes by mail)"]
    if args.zip:
        lines.append(f"wrote {args.zip}: {count(written.letters, 'letter')}, "
                     f"{count(written.pages, 'page')}")
    if args.manifest:
        lines.append(f"wrote {args.manifest}: {count(manifest_rows(Path(args.manifest)), 'row')}")
    if args.packets and written.portal:
        lines.append(f"wrote {args.packets}: {count(written.portal, 'portal packet')}")
    elif args.packets:
        lines.append(f"{args.packets}: no portal packets (no row goes through a portal)")
    if args.clients_zip:
        lines.append(f"wrote {args.clients_zip}: {count(written.letters, 'client packet')}")
    return lines


def run(args: argparse.Namespace) -> int:
    """Ctrl-C anywhere (exit 130) leaves no half-written file. It reaches the pool's
    workers too (one process group), so the pool may break before this process sees its
    own KeyboardInterrupt: the handler's flag tells that apart from a worker that died."""
    seen = [False]

    def on_sigint(signum: int, frame: object) -> None:
        seen[0] = True
        raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGINT)
    try:
        signal.signal(signal.SIGINT, on_sigint)
        return checked_run(args, seen)
    except KeyboardInterrupt:
        print("batch: interrupted; no output is half-written", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)


def checked_run(args: argparse.Namespace, interrupted: list[bool]) -> int:
    workers, problems = workers_problem(args.workers)
    problems += argument_problems(args)
    try:
        today = parse_date(args.today, "--today") if args.today else today_in_chicago()
    except DeadlineInputError as exc:
        raise UsageError(problems + exc.problems) from None
    try:
        items, warnings = load_items(args.sheet, today=today)
    except UsageError as exc:
        raise UsageError(problems + exc.problems) from None
    problems += route_problems(items, args)
    if problems:
        raise UsageError(problems)
    for warning in warnings:
        print(f"{args.sheet}: warning: {warning}", file=sys.stderr)
    return render(items, args, workers=workers, today=today, interrupted=interrupted)


def render(items: Sequence[Item], args: argparse.Namespace, *, workers: int,
           today: date, interrupted: list[bool]) -> int:
    from records.batch.outputs import OutputPaths
    from records.batch.pipeline import run as run_pipeline
    from records.batch.render import RenderInterrupted
    from records.pdf import RendererUnavailable

    paths = OutputPaths(
        stack=Path(args.output), zip=Path(args.zip) if args.zip else None,
        manifest=Path(args.manifest) if args.manifest else None,
        portal_dir=Path(args.packets) if args.packets else None,
        clients_zip=Path(args.clients_zip) if args.clients_zip else None)
    update, close = progress_bar(len(items))
    try:
        written, _ = run_pipeline(items, paths, workers=workers, today=today,
                                  on_progress=update)
    except (RendererUnavailable, RenderInterrupted, OSError) as exc:
        if interrupted[0]:
            raise KeyboardInterrupt from None
        close()
        print(f"batch: {exc}", file=sys.stderr)
        return 1
    finally:
        close()
    for line in summary(args, written):
        print(line, file=sys.stderr)
    return 0
