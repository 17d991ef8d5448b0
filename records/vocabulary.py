"""The product's vocabulary, defined once: laws, capacities, relationships, requester
categories, channels, formats, event kinds, clock ids and statuses, with their display names.

Each set is a `StrEnum`, so a member *is* its string ("foia" == Law.FOIA): answers files,
CSV rows, the database and the JSON keep plain strings, and code compares against the
member instead of repeating the literal. Display names live next to the ids. Interface
text is English here and is translated by the templates (`_()`), so each name is a msgid.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Law(StrEnum):
    MO_SUNSHINE = "mo-sunshine"
    FOIA = "foia"
    PRIVACY_ACT = "privacy-act"

    @property
    def is_federal(self) -> bool:
        return self is not Law.MO_SUNSHINE

    @property
    def names(self) -> LawNames:
        return LAW_NAMES[self]


@dataclass(frozen=True)
class LawNames:
    """How each place names a law: a letter's subject line, a plain title, a form choice."""

    title: str  # "Privacy Act": the CLI table's heading
    in_letter: str  # the Privacy Act letter asks under both laws, and says so
    choice: str  # the deadline calculator's choice, with the abbreviation users search for
    calendar: str  # the default holiday calendar when no agency is named


LAW_NAMES: dict[Law, LawNames] = {
    Law.MO_SUNSHINE: LawNames("Missouri Sunshine Law", "Missouri Sunshine Law",
                              "Missouri Sunshine Law", "missouri"),
    Law.FOIA: LawNames("Freedom of Information Act", "Freedom of Information Act",
                       "Freedom of Information Act (FOIA)", "us-federal"),
    Law.PRIVACY_ACT: LawNames("Privacy Act", "Privacy Act and Freedom of Information Act",
                              "Privacy Act (your own records)", "us-federal"),
}
LAWS: tuple[Law, ...] = tuple(Law)
FEDERAL_LAWS: tuple[Law, ...] = (Law.FOIA, Law.PRIVACY_ACT)
# An agency is listed under the law its requests start from; Privacy Act requests go to the
# same federal bodies as FOIA requests.
AGENCY_LAWS: tuple[Law, ...] = (Law.MO_SUNSHINE, Law.FOIA)


class Capacity(StrEnum):
    """Who asks a Missouri body: the public, or under RSMo 610.100.4 a person involved in
    the incident, their family, attorney or insurer."""

    PUBLIC = "public"
    INVOLVED = "involved"
    ATTORNEY = "attorney"
    INSURER = "insurer"
    FAMILY = "family"  # first-degree family of a person involved who is deceased or incompetent


CAPACITIES: tuple[Capacity, ...] = tuple(Capacity)
# Capacities that act for someone else, named in the answers' `represents` (RSMo 610.100.4).
ACTING_FOR: tuple[Capacity, ...] = (Capacity.ATTORNEY, Capacity.INSURER, Capacity.FAMILY)


class Relationship(StrEnum):
    """How the requester stands to the person the records are about."""

    SELF = "self"
    PARENT = "parent"  # of a subject under 18 on the letter's date (5 U.S.C. 552a(h))
    GUARDIAN = "guardian"  # appointed by a court; the order is attached (552a(h))
    CONSENT = "consent"
    DECEASED = "deceased"


RELATIONSHIPS: tuple[Relationship, ...] = tuple(Relationship)
FIRST_PARTY: tuple[Relationship, ...] = (Relationship.SELF, Relationship.PARENT,
                                          Relationship.GUARDIAN)
# Who may act for an individual under the Privacy Act (5 U.S.C. 552a(h)).
ACTING_FOR_SUBJECT: tuple[Relationship, ...] = (Relationship.PARENT, Relationship.GUARDIAN)


class AskingFor(StrEnum):
    """Whose records the requester asks for: the wizard's first question, in plain words
    (the answers' optional `asking_for`). For a federal agency it decides the law and the
    subject's relationship; for a Missouri body it decides nothing by itself (records.asking
    has both rules)."""

    OTHERS = "others"  # records about an event or other people: reporters, advocates
    SELF = "self"  # my own records
    WARD = "ward"  # my child under 18, or a person under my court-ordered guardianship
    CONSENT = "consent"  # a relative or client who consents and signs
    DECEASED = "deceased"  # a person who has died


ASKING_FOR: tuple[AskingFor, ...] = tuple(AskingFor)


class ExpediteGround(StrEnum):
    """The ground for expedited processing. The statute's two (5 U.S.C. 552(a)(6)(E)(v))
    and the two DHS adds (6 CFR 5.5(e)(1)(iii), (iv)), which only DHS letters may use."""

    LIFE_SAFETY = "life-safety"
    URGENCY_TO_INFORM = "urgency-to-inform"
    DUE_PROCESS = "due-process"
    MEDIA_INTEGRITY = "media-integrity"


EXPEDITE_GROUNDS: tuple[ExpediteGround, ...] = tuple(ExpediteGround)
DHS_ONLY_GROUNDS: tuple[ExpediteGround, ...] = (ExpediteGround.DUE_PROCESS,
                                                ExpediteGround.MEDIA_INTEGRITY)


class Window(StrEnum):
    """The time a record preset covers (its `window` in presets/*.toml)."""

    INCIDENT = "incident"  # made at the incident: its time window, and reports about it
    PERSON = "person"  # about the person or case: any date through the search
    POLICY = "policy"  # in force on the incident date, plus later revisions
    ANY = "any"  # catch-all: no window


WINDOWS: tuple[Window, ...] = tuple(Window)


class Category(StrEnum):
    """FOIA fee categories (5 U.S.C. 552(a)(4)(A)(ii))."""

    NEWS_MEDIA = "news-media"
    EDUCATIONAL = "educational"
    NONCOMMERCIAL = "noncommercial"
    COMMERCIAL = "commercial"
    OTHER = "other"


CATEGORIES: tuple[Category, ...] = tuple(Category)
# The names agencies' own forms use (the DHS portal's requester categories).
CATEGORY_NAMES: dict[Category, str] = {
    Category.NEWS_MEDIA: "Representative of the news media",
    Category.EDUCATIONAL: "Educational institution",
    Category.NONCOMMERCIAL: "Noncommercial scientific institution",
    Category.COMMERCIAL: "Commercial use",
    Category.OTHER: "All other requesters",
}


class Channel(StrEnum):
    """How a request reaches an agency (also the answers' `delivery`)."""

    MAIL = "mail"
    EMAIL = "email"
    PORTAL = "portal"


CHANNELS: tuple[Channel, ...] = (Channel.MAIL, Channel.EMAIL, Channel.PORTAL)
DELIVERIES: tuple[Channel, ...] = (Channel.PORTAL, Channel.MAIL, Channel.EMAIL)


class Format(StrEnum):
    ELECTRONIC = "electronic"
    PAPER = "paper"


FORMATS: tuple[Format, ...] = tuple(Format)


class Unit(StrEnum):
    """How a clock counts: business days, calendar days, years, or no fixed date."""

    BUSINESS = "business"
    CALENDAR = "calendar"
    YEARS = "years"
    NONE = "none"


class Side(StrEnum):
    """Whose deadline it is: the agency's (to answer) or the requester's (to act)."""

    AGENCY = "agency"
    REQUESTER = "requester"


class Status(StrEnum):
    UPCOMING = "upcoming"
    DUE_TODAY = "due-today"
    MISSED = "missed"
    MET = "met"


STATUS_NAMES: dict[Status, str] = {Status.UPCOMING: "Upcoming", Status.DUE_TODAY: "Due today",
                                   Status.MISSED: "Missed", Status.MET: "Met"}


class EventKind(StrEnum):
    """What can happen to a request after it is sent; each may start or answer a clock."""

    RESPONDED = "responded"
    DENIED = "denied"
    PRODUCED = "produced"
    STATEMENT_REQUESTED = "statement-requested"
    STATEMENT_SENT = "statement-sent"
    PAYMENT_REQUESTED = "payment-requested"
    PAID = "paid"
    CLARIFICATION_REQUESTED = "clarification-requested"
    CLARIFIED = "clarified"
    ROUTED = "routed"
    TOLLED = "tolled"
    FEE_TOLLED = "fee-tolled"
    RESUMED = "resumed"
    EXTENDED = "extended"
    EXPEDITE_REQUESTED = "expedite-requested"
    EXPEDITE_DECIDED = "expedite-decided"
    DETERMINATION = "determination"
    APPEAL_SENT = "appeal-sent"
    APPEAL_RECEIVED = "appeal-received"
    APPEAL_EXTENDED = "appeal-extended"
    APPEAL_DECIDED = "appeal-decided"
    SUIT_FILED = "suit-filed"


class EventValue(StrEnum):
    """What value an event takes after `KIND=DATE:`."""

    NONE = ""
    AMOUNT = "amount"  # required: the dollars asked
    DETERMINATION = "determination"  # optional: adverse or full


@dataclass(frozen=True)
class EventSpec:
    laws: tuple[Law, ...]
    value: EventValue
    label: str  # how the day-by-day explanation names the event


_MO, _FED = (Law.MO_SUNSHINE,), FEDERAL_LAWS
E = EventKind
EVENT_KINDS: dict[EventKind, EventSpec] = {
    E.RESPONDED: EventSpec(_MO, EventValue.NONE, "the custodian responded"),
    E.DENIED: EventSpec(_MO, EventValue.NONE, "the request was denied"),
    E.PRODUCED: EventSpec(_MO, EventValue.NONE, "the records were produced"),
    E.STATEMENT_REQUESTED: EventSpec(_MO, EventValue.NONE, "your request for a written denial "
                                     "statement was received"),
    E.STATEMENT_SENT: EventSpec(_MO, EventValue.NONE, "the written denial statement was sent"),
    E.PAYMENT_REQUESTED: EventSpec(_MO, EventValue.AMOUNT, "the agency asked for payment"),
    E.PAID: EventSpec(_MO, EventValue.NONE, "you paid"),
    E.CLARIFICATION_REQUESTED: EventSpec(_MO, EventValue.NONE, "the agency asked you to clarify"),
    E.CLARIFIED: EventSpec(_MO, EventValue.NONE, "you answered the request for clarification"),
    E.ROUTED: EventSpec(_FED, EventValue.NONE, "the right component received the request "
                        "(routed)"),
    E.TOLLED: EventSpec(_FED, EventValue.NONE, "tolled: the agency sent its one request for "
                        "information; this day counts"),
    E.FEE_TOLLED: EventSpec(_FED, EventValue.NONE, "fee-tolled: the agency asked about fees; "
                            "this day counts"),
    E.RESUMED: EventSpec(_FED, EventValue.NONE, "resumed: your answer reached the agency; "
                         "counting restarts the next working day"),
    E.EXTENDED: EventSpec(_FED, EventValue.NONE, "the agency's written notice of unusual "
                          "circumstances"),
    E.EXPEDITE_REQUESTED: EventSpec(_FED, EventValue.NONE, "your request for expedited "
                                    "processing was received"),
    E.EXPEDITE_DECIDED: EventSpec(_FED, EventValue.NONE, "the agency decided on expedited "
                                  "processing"),
    E.DETERMINATION: EventSpec(_FED, EventValue.DETERMINATION, "the agency's determination"),
    E.APPEAL_SENT: EventSpec(_FED, EventValue.NONE, "you sent your appeal"),
    E.APPEAL_RECEIVED: EventSpec(_FED, EventValue.NONE, "the agency received your appeal"),
    E.APPEAL_EXTENDED: EventSpec(_FED, EventValue.NONE, "the agency's notice extending the "
                                 "appeal decision"),
    E.APPEAL_DECIDED: EventSpec(_FED, EventValue.NONE, "the agency decided your appeal"),
    E.SUIT_FILED: EventSpec(_MO + _FED, EventValue.NONE, "you filed suit"),
}
DETERMINATION_VALUES = ("adverse", "full")  # "full": a full grant, nothing to appeal
TOLLS: tuple[EventKind, ...] = (E.TOLLED, E.FEE_TOLLED)


class ClockId(StrEnum):
    RESPONSE = "response"
    DENIAL_STATEMENT = "denial-statement"
    INVOLVED_PERSON = "involved-person"
    FEE_LAPSE = "fee-lapse"
    CLARIFICATION_LAPSE = "clarification-lapse"
    SUIT_BY = "suit-by"
    DETERMINATION = "determination"
    EXPEDITE_DECISION = "expedite-decision"
    APPEAL_BY = "appeal-by"
    APPEAL_DECISION = "appeal-decision"


# What each clock means to the person waiting on it (interface titles; msgids).
CLOCK_TITLES: dict[ClockId, str] = {
    ClockId.RESPONSE: "The custodian's response",
    ClockId.DENIAL_STATEMENT: "Written reasons for a denial",
    ClockId.INVOLVED_PERSON: "Records for a person involved",
    ClockId.FEE_LAPSE: "Paying the fees",
    ClockId.CLARIFICATION_LAPSE: "Answering a request for clarification",
    ClockId.SUIT_BY: "Going to court",
    ClockId.DETERMINATION: "The agency's determination",
    ClockId.EXPEDITE_DECISION: "The decision on expedited processing",
    ClockId.APPEAL_BY: "Your appeal",
    ClockId.APPEAL_DECISION: "The decision on your appeal",
}
