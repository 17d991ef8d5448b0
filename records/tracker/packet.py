"""A request's evidence packet, for an appeal or a lawsuit: one PDF with a cover page, the
contents, a chronology of every recorded event, then every stored letter and attachment
in date order, with PDF bookmarks for each section.

The contents give each section's page, so they can only be written once the sections
exist: every part is rendered (or read) first and its pages counted, then the cover and
contents are rendered with those numbers; if the contents themselves grow by a page, the
numbers move and they are rendered again. Page numbers are the packet PDF's own.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from records.catalog import default_catalog
from records.letters import LETTERS_DIR
from records.models import Attachment, TimelineEvent, TrackedRequest
from records.pdf import RefusedURL, renderer
from records.today import today_in_chicago
from records.tracker.overview import law_name
from records.tracker.packet_parts import (
    Part,
    attachment_part,
    count_pages,
    letter_part,
    render_html,
)
from records.tracker.timeline import KINDS, Detail, TimelineKind

log = logging.getLogger(__name__)
Images = dict[str, tuple[bytes, str]]


@dataclass(frozen=True)
class TocEntry:
    title: str
    day: date | None
    page: int | None
    problem: str
    sha256: str


@cache
def _stylesheet() -> Any:
    from weasyprint import CSS

    css = (LETTERS_DIR / "packet" / "packet.css").read_text(encoding="utf-8")
    return CSS(string=css, font_config=renderer().font_config)


def render(template: str, context: dict[str, Any], images: Images) -> bytes:
    """One of the packet's own documents as PDF. The fetcher serves exactly the `data:`
    URIs this packet built from stored bytes and refuses everything else."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PacketFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            found = images.get(url)
            if found is None:
                log.warning("packet: refused to fetch a %s URL", url.split(":", 1)[0][:20])
                raise RefusedURL("the packet fetches only the pictures it was given")
            return URLFetcherResponse(url, found[0], {"Content-Type": found[1]})

    document = HTML(string=render_html(template, context), base_url="records-packet:",
                    url_fetcher=PacketFetcher())
    pdf: bytes = document.write_pdf(stylesheets=[_stylesheet()],
                                    font_config=renderer().font_config)
    return pdf


def _what(event: TimelineEvent) -> str:
    detail = event.detail
    words = [KINDS[TimelineKind(event.kind)].label]
    if detail.get(Detail.AMOUNT):
        words.append(f"${detail[Detail.AMOUNT]}")
    if detail.get(Detail.EXEMPTIONS):
        words.append("exemptions cited: " + ", ".join(detail[Detail.EXEMPTIONS]))
    if Detail.GRANTED in detail:
        words.append("granted" if detail[Detail.GRANTED] else "not granted")
    if detail.get(Detail.FINAL):
        words.append("the agency's final answer")
    if detail.get(Detail.EXPLAINED):
        words.append("gave the cause of the delay and a date")
    if detail.get(Detail.COMPONENT):
        words.append(f"to {detail[Detail.COMPONENT]}")
    return "; ".join(words)


def chronology(request: TrackedRequest) -> list[dict[str, Any]]:
    rows = []
    for event in request.events:
        numbers = [str(event.detail[k]) for k in (Detail.CERTIFIED_NUMBER, Detail.TRACKING)
                   if event.detail.get(k)]
        rows.append({"day": event.day, "what": _what(event),
                     "how": str(event.detail.get(Detail.METHOD, "")),
                     "numbers": ", ".join(numbers), "note": event.note})
    return rows


def attachment_day(attachment: Attachment, events: dict[int, TimelineEvent]) -> date:
    """The day of the event it belongs to, else the (Missouri) day it was uploaded."""
    event = events.get(attachment.event_id) if attachment.event_id else None
    return event.day if event is not None else today_in_chicago(attachment.created_at)


def documents(request: TrackedRequest, folder: Path) -> list[Part]:
    """Every letter and attachment as a Part, in date order (letters first on a day)."""
    events = {e.id: e for e in request.events}
    keyed: list[tuple[tuple[date, int, int], Part]] = []
    for letter in request.letters:
        keyed.append(((letter.letter_date, 0, letter.number), letter_part(letter)))
    for attachment in request.attachments:
        day = attachment_day(attachment, events)
        keyed.append(((day, 1, attachment.id), attachment_part(attachment, day, folder,
                                                                render)))
    return [part for _key, part in sorted(keyed, key=lambda pair: pair[0])]


def contents(parts: list[Part], first_page: int) -> list[TocEntry]:
    entries, page = [], first_page
    for part in parts:
        entries.append(TocEntry(part.title, part.day, page if part.pdf else None, part.problem,
                                part.sha256))
        page += part.pages if part.pdf else 0
    return entries


def cover(request: TrackedRequest, parts: list[Part], today: date) -> tuple[bytes, int]:
    """The cover and contents, with the page each part starts on; rendered again while
    the contents' own length moves the numbers (twice at most in practice)."""
    context = {"title": request.title, "agency": default_catalog().agency(request.agency).name,
               "law": law_name(request.law), "generated": today, "request_id": request.id}
    pages = 2
    for _attempt in range(5):
        pdf = render("packet/cover.html", {**context, "entries": contents(parts, pages + 1)},
                     {})
        counted = count_pages(pdf)
        if counted == pages:
            break
        pages = counted
    return pdf, pages


def build(request: TrackedRequest, *, folder: Path, today: date) -> bytes:
    """The packet PDF. `folder` holds the attachments' bytes (<instance>/attachments)."""
    from pypdf import PdfReader, PdfWriter

    first = render("packet/chronology.html",
                   {"title": request.title, "rows": chronology(request)}, {})
    parts = [Part("Chronology", None, first, pages=count_pages(first)),
             *documents(request, folder)]
    front, _pages = cover(request, parts, today)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(front)), import_outline=False)
    writer.add_outline_item(title="Cover", page_number=0)
    writer.add_outline_item(title="Contents", page_number=1)
    for part in parts:
        if part.pdf is None:
            continue
        start = len(writer.pages)
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
        writer.add_outline_item(title=part.title, page_number=start)
    writer.add_metadata({"/Title": f"Evidence packet: {request.title}",
                         "/Producer": "Show-Me Records"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
