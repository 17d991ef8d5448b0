"""A client's one-page summary of their letter, in English or Spanish: what was asked,
where it goes and how, what to sign and attach, and when an answer is due.

The words are in records/batch/summary.toml (reviewed data, both languages side by side);
the due date comes from the deadline engine (records.deadlines), the only place dates are
computed, counted from the letter's date as an estimate of the day it arrives.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from records.batch.model import MAIL, PORTAL, Item
from records.deadlines import Clock, compute, trusted_case
from records.drafts import Draft
from records.vocabulary import ACTING_FOR_SUBJECT, Law, Relationship, Side, Unit

TEXTS_FILE = Path(__file__).with_name("summary.toml")


@cache
def texts(language: str) -> dict[str, Any]:
    """The summary's texts in `language` ("en" or "es")."""
    with TEXTS_FILE.open("rb") as source:
        found: dict[str, Any] = tomllib.load(source)[language]
    return found


def long_date(day: date, language: str) -> str:
    """A date in words: "November 23, 2026", "23 de noviembre de 2026" (CLDR, via Babel)."""
    from babel.dates import format_date

    words: str = format_date(day, format="long", locale=language)
    return words


def needs(draft: Draft) -> list[tuple[str, str]]:
    """What the letter needs before it goes out, as (key in [needs], whose name): the
    signature, and the pages and attachments the letter itself names (letters/*)."""
    found = [("sign_letter", draft.requester.name)]
    subject = draft.subject
    if subject is None:
        return found
    if draft.law == Law.PRIVACY_ACT:
        acting = subject.relationship in ACTING_FOR_SUBJECT
        # The certification is signed by the requester for a child or ward, else the subject.
        found.append(("certification", draft.requester.name if acting else subject.name))
        if acting:
            found.append((subject.relationship, subject.name))
    elif subject.relationship == Relationship.CONSENT:
        found.append(("consent", subject.name))
    elif subject.relationship == Relationship.DECEASED:
        found.append(("proof_of_death", subject.name))
    return found


def need_lines(draft: Draft, language: str) -> list[str]:
    words = texts(language)["needs"]
    return [words[key].format(name=name) for key, name in needs(draft)]


def answer_clock(draft: Draft, arrives: date, *, today: date) -> Clock | None:
    """The agency's clock to answer (Missouri `response`, federal `determination`) if the
    letter arrives on `arrives`."""
    case = trusted_case(Law(draft.law), arrives, today=today, agency=draft.agency,
                        capacity=draft.capacity)
    for clock in compute(case):
        if clock.side == Side.AGENCY and clock.unit == Unit.BUSINESS and clock.due:
            return clock
    return None


@dataclass(frozen=True)
class Summary:
    language: str
    words: dict[str, Any]
    mark: str
    asked: str
    titles: tuple[str, ...]
    where: str
    address: tuple[str, ...]
    address_note: str
    needs: tuple[str, ...]
    due: str


def where_words(item: Item, words: dict[str, Any]) -> tuple[str, tuple[str, ...], str]:
    """How the letter goes: a sentence, the address lines (mail only) and a note."""
    agency = item.draft.agency
    if item.route == PORTAL:
        # The catalog's portal names are English phrases ("the DHS FOIA portal"): the
        # article stays out of the Spanish sentence. A portal given by name, not by URL
        # (EOIR's PAL), is said once.
        name = agency.portal_name
        if item.language == "es" and name.startswith("the "):
            name = name[len("the "):]
        link = agency.portal if agency.portal.startswith("https://") else ""
        return words["portal_link" if link else "portal"].format(
            portal_name=name, portal=link), (), ""
    if item.route != MAIL:
        return words["email"].format(email=agency.email), (), ""
    # RSMo 610.023.3 counts from receipt by the custodian: proof of the day it arrived.
    key = "mail_certified" if item.draft.law == Law.MO_SUNSHINE else "mail"
    note = "" if agency.address_confirmed else words["unconfirmed_address"]
    return words[key], agency.address, note


def due_words(draft: Draft, words: dict[str, Any], language: str, *, today: date) -> str:
    clock = answer_clock(draft, draft.date, today=today)
    if clock is None or clock.safe_date is None:
        return ""
    key = "due_missouri" if draft.law == Law.MO_SUNSHINE else "due_federal"
    return str(words[key]).format(date=long_date(draft.date, language),
                             due=long_date(clock.safe_date, language), days=clock.days,
                             basis=clock.basis)


def summary(item: Item, mark: str, *, today: date) -> Summary:
    draft = item.draft
    words = texts(item.language)
    asked = words["asked"].format(agency=draft.agency.name, law=words["laws"][draft.law],
                                  date=long_date(draft.date, item.language))
    titles = tuple(r.title for r in draft.records)
    if draft.description:
        titles += (words["other_records"],)
    where, address, note = where_words(item, words)
    return Summary(language=item.language, words=words, mark=mark, asked=asked,
                   titles=titles, where=where, address=address, address_note=note,
                   needs=tuple(need_lines(draft, item.language)),
                   due=due_words(draft, words, item.language, today=today))


def summary_pdf(item: Item, mark: str, *, today: date) -> bytes:
    from records.batch.sheets import render_sheet

    return render_sheet("batch/summary.html", {"s": summary(item, mark, today=today)})


def summary_chunk(jobs: list[tuple[Item, date]]) -> list[tuple[int, bytes]]:
    """Summaries of a chunk of rows, in a worker process: (row, PDF)."""
    from records.batch.render import mark_for

    return [(item.row, summary_pdf(item, mark_for(item), today=today)) for item, today in jobs]


def summary_pdfs(items: Sequence[Item], *, today: date, workers: int = 1,
                 chunk_size: int = 25) -> dict[int, bytes]:
    """Every row's summary PDF, by row; in `workers` processes like the letters (a page
    each: for a whole batch, a fair share of the rendering)."""
    from records.batch.workers import chunked, run_chunks

    found: dict[int, bytes] = {}

    def finished(chunk: list[tuple[int, bytes]]) -> None:
        found.update(chunk)

    chunks = chunked([(item, today) for item in items], chunk_size)
    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            finished(summary_chunk(chunk))
    else:
        run_chunks(summary_chunk, chunks, min(workers, len(chunks)), finished)
    return found
