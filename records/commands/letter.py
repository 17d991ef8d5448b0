"""`python -m records letter ANSWERS.json (-o OUT.pdf | --text)`."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from records.catalog import default_catalog
from records.commands.base import UsageError
from records.drafts import DraftError, validate
from records.guidance import notes_text
from records.letters import render_html, render_text
from records.today import today_in_chicago


def read_answers(source: str) -> Any:
    """The answers JSON from a file or '-' (stdin), with one clear line on failure."""
    try:
        raw = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError([f"answers: no such file: {source}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        raise UsageError([f"answers: cannot read {source}: {reason}"]) from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UsageError([f"answers: not valid JSON (line {exc.lineno}, column {exc.colno}: "
                          f"{exc.msg})"]) from None
    except RecursionError:
        raise UsageError(["answers: nested too deeply to be an answers file"]) from None
    except ValueError:  # e.g. an integer literal longer than Python's 4300-digit limit
        raise UsageError(["answers: holds a number too long to read"]) from None


def write_atomically(path: Path, data: bytes) -> None:
    """Write next to the target and rename, so a failed render leaves no half-written file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError([f"--output: folder does not exist: {folder}"])
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".letter-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise UsageError([f"--output: cannot write {path}: {exc.strerror}"]) from None


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("letter", help="one letter from an answers JSON file")
    p.add_argument("answers", help="answers JSON file ('-' for standard input)")
    out = p.add_mutually_exclusive_group(required=True)
    out.add_argument("-o", "--output", metavar="OUT.pdf", help="write the PDF here")
    out.add_argument("--text", action="store_true", help="print the plain text")
    p.add_argument("--pdf-ua", action="store_true", help="tagged PDF/UA-1 variant")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    answers = read_answers(args.answers)
    try:
        draft = validate(answers, catalog=default_catalog(), today=today_in_chicago())
    except DraftError as exc:
        raise UsageError([str(e) for e in exc.errors]) from None
    if args.text:
        sys.stdout.write(render_text(draft))
    else:
        from records.pdf import html_to_pdf

        output = Path(args.output)
        if output.suffix.lower() != ".pdf":
            raise UsageError([f"--output: {output} should end in .pdf"])
        write_atomically(output, html_to_pdf(render_html(draft), pdf_ua=args.pdf_ua))
        print(f"wrote {output}", file=sys.stderr)
    sys.stderr.write(notes_text(draft))
    return 0
