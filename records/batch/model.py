"""The batch's values, shared by the reader, the checker, the renderer and the outputs."""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from records.drafts import Draft
from records.messages import FieldError

# Limits per upload (issue 10): more rows or bytes get one clear message, never a crash.
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
# Columns that are the batch's own, not answers fields: the client's language for the
# client summary ("en" or "es"; blank is English).
LANGUAGE_COLUMN = "client_language"
LANGUAGES = ("en", "es")
# How a row's letter goes out: in the mail stack, or through an agency's portal (DHS from
# 2026-01-22, 6 CFR 5.3(a)(2)) as a portal packet set apart from the stack.
MAIL = "mail"
PORTAL = "portal"
EMAIL = "email"


class BatchInputError(Exception):
    """The upload as a whole cannot be read (too big, too many rows, not a spreadsheet).
    `problems` are whole sentences, one per line on the command line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class RowProblem:
    """One problem in one row, named as the spreadsheet shows it (the header is row 1)."""

    row: int
    field: str  # the column, e.g. "requester.email"
    message: str  # in English, as the command line prints it
    # The validator's coded error, when the problem came from it, so a page can say it in
    # the interface's language (records.web.messages.say).
    error: FieldError | None = dataclasses.field(default=None, compare=False)

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}"


class RowErrors(Exception):
    """Some rows cannot make a letter: nothing is rendered or saved."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it: the header is row 1, so data starts at 2
    cells: dict[str, str]  # column -> text as read (dates already ISO); blank cells ""


@dataclass(frozen=True)
class Sheet:
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    warnings: tuple[str, ...] = ()  # about the whole file, e.g. read as Windows-1252


@dataclass(frozen=True)
class Item:
    """One valid row: its letter's draft and what the batch needs to place it."""

    row: int
    answers: dict[str, Any]  # JSON-safe, pruned, with "date" filled in: re-validates alike
    draft: Draft
    language: str  # the client summary's language, one of LANGUAGES
    initials: str  # of the client, for footers and file names; never the full name
    route: str  # MAIL, PORTAL or EMAIL
    warnings: tuple[str, ...] = ()  # for the preview, in English (the web page translates)

    @property
    def client(self) -> str:
        """Whose records: the subject for a first-party request, else the requester."""
        subject = self.draft.subject
        return subject.name if subject is not None else self.draft.requester.name

    @property
    def order(self) -> tuple[str, str, int]:
        """The stack's order: agency, then client, then row."""
        return (self.draft.agency.name.casefold(), self.client.casefold(), self.row)


@dataclass(frozen=True)
class Rendered:
    """One row's letter PDF (with the pages the client signs) and its page count."""

    row: int
    pdf: bytes
    pages: int


@dataclass
class Progress:
    """Letters done of total; the job runner stores it, the pages show it."""

    done: int = 0
    total: int = 0
    finished_chunks: list[int] = field(default_factory=list)


def initials(name: str) -> str:
    """A client's initials for footers and file names: the first letter of each part of
    the name, accents dropped, ASCII capitals only, at most four ("Florencio
    Millan-Vazquez" -> "FMV"). A name with no Latin letter gives "X"."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    letters = [part[0].upper() for part in plain.replace("-", " ").split()
               if part[:1].isascii() and part[:1].isalpha()]
    return "".join(letters[:4]) or "X"
