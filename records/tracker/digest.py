"""The daily digest: for each user, what is overdue, due this week, or an appeal window
closing within 14 days, across every request they can see, as one plain-text email.

The subject counts items and names nobody (mail subjects show on lock screens and in
server logs). The body holds what the user's own dashboard shows: request titles (which
name no client), agencies, dates, next steps and links. English only: no language
preference is stored for a user yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from records.catalog import default_catalog
from records.deadlines import Clock
from records.models import TrackedRequest, User
from records.tracker.overview import headline, open_clocks, request_url
from records.tracker.requests import tracking, visible
from records.tracker.status import Tracking
from records.vocabulary import ClockId, Side

WEEK = 7  # "due this week": today and the six days after it
APPEAL_WARNING = 14  # an appeal window closing within this many days


class ItemKind(StrEnum):
    OVERDUE = "overdue"
    APPEAL = "appeal window closing"
    DUE = "due this week"


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    request_id: int
    title: str
    agency: str
    what: str  # "KCPD response due (RSMo 610.023.3)"
    day: date
    step: str
    url: str


@dataclass(frozen=True)
class Digest:
    user_id: int
    to: str
    items: tuple[Item, ...]

    @property
    def subject(self) -> str:
        counts = [f"{sum(1 for i in self.items if i.kind == kind)} {kind}"
                  for kind in ItemKind if any(i.kind == kind for i in self.items)]
        return "Show-Me Records: " + ", ".join(counts)

    @property
    def body(self) -> str:
        return render_body(self.items)


def classify(clock: Clock, today: date) -> ItemKind | None:
    """Which part of the digest an open clock belongs in, if any."""
    assert clock.safe_date is not None
    days = (clock.safe_date - today).days
    if clock.side == Side.AGENCY and days < 0:
        return ItemKind.OVERDUE  # late on every reading: the safe date is the latest
    if clock.id == ClockId.APPEAL_BY and 0 <= days < APPEAL_WARNING:
        return ItemKind.APPEAL
    if 0 <= days < WEEK:
        return ItemKind.DUE
    return None


def request_items(request: TrackedRequest, track: Tracking, *, today: date,
                  base_url: str) -> list[Item]:
    agency = default_catalog().agency(request.agency)
    found = []
    for clock in open_clocks(track):
        kind = classify(clock, today)
        if kind is None:
            continue
        assert clock.safe_date is not None
        found.append(Item(kind, request.id, request.title, agency.name,
                          headline(agency.short_name, clock), clock.safe_date,
                          track.step.text, request_url(base_url, request.id)))
    return found


def digests(session: Session, *, today: date, base_url: str) -> list[Digest]:
    """One digest per user with something to report, in user order."""
    tracked: dict[int, Tracking] = {}  # an organisation's request is computed once
    found = []
    for user in session.scalars(select(User).order_by(User.id)):
        items: list[Item] = []
        for request in visible(session, user.id):
            if request.id not in tracked:
                tracked[request.id] = tracking(request, today=today)
            items += request_items(request, tracked[request.id], today=today,
                                   base_url=base_url)
        if items:
            order = list(ItemKind)
            items.sort(key=lambda i: (order.index(i.kind), i.day, i.request_id))
            found.append(Digest(user.id, user.email, tuple(items)))
    return found


def _when(item: Item) -> str:
    if item.kind == ItemKind.OVERDUE:
        return f"was due {item.day:%a %Y-%m-%d}"
    return f"due {item.day:%a %Y-%m-%d}"


def render_body(items: tuple[Item, ...]) -> str:
    lines = ["Your public-records requests that need attention.", ""]
    for kind in ItemKind:
        group = [i for i in items if i.kind == kind]
        if not group:
            continue
        lines += [f"{kind.value.upper()} ({len(group)})", ""]
        for item in group:
            lines += [f"* {item.title} ({item.agency})",
                      f"  {item.what}: {_when(item)}",
                      f"  Next step: {item.step}",
                      f"  {item.url}", ""]
    lines += ["Dates are the safe ones: an agency is called late only after the latest "
              "reading of its deadline; you are told to act by the earliest reading of yours.",
              "This is not legal advice."]
    return "\n".join(lines) + "\n"

