"""The next-step letters' vocabulary: which letters exist for each law, their button
labels, and the facts the tracker passes in (`Facts`). No rendering here, so the tracker
can import it cheaply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from records.tracker.timeline import SEND_METHODS
from records.vocabulary import Law


class FollowUpKind(StrEnum):
    # Missouri Sunshine Law (RSMo ch. 610)
    FOLLOW_UP = "follow-up"  # the 610.023.3 response is overdue
    DENIAL_STATEMENT = "denial-statement"  # 610.023.4 written grounds for a denial
    FEE_CHALLENGE = "fee-challenge"  # fees beyond 610.026
    SUIT_NOTICE = "suit-notice"  # the body violated the law; 610.027.5's period runs
    # FOIA (5 U.S.C. 552; 6 CFR Part 5) and the Privacy Act (5 U.S.C. 552a)
    STATUS_INQUIRY = "status-inquiry"  # 552(a)(7)(B) estimated date of completion
    APPEAL_NO_DETERMINATION = "appeal-no-determination"
    APPEAL_SEARCH = "appeal-search"
    APPEAL_EXEMPTIONS = "appeal-exemptions"
    APPEAL_FEE_WAIVER = "appeal-fee-waiver"
    APPEAL_EXPEDITE = "appeal-expedite"
    OGIS = "ogis"  # 552(h)(3) mediation
    AMEND = "amend"  # 552a(d)(2), Privacy Act only

    @property
    def is_appeal(self) -> bool:
        return self.value.startswith("appeal-")


_FEDERAL = (FollowUpKind.STATUS_INQUIRY, FollowUpKind.APPEAL_NO_DETERMINATION,
            FollowUpKind.APPEAL_SEARCH, FollowUpKind.APPEAL_EXEMPTIONS,
            FollowUpKind.APPEAL_FEE_WAIVER, FollowUpKind.APPEAL_EXPEDITE, FollowUpKind.OGIS)
FOLLOW_UPS_BY_LAW: dict[Law, tuple[FollowUpKind, ...]] = {
    Law.MO_SUNSHINE: (FollowUpKind.FOLLOW_UP, FollowUpKind.DENIAL_STATEMENT,
                      FollowUpKind.FEE_CHALLENGE, FollowUpKind.SUIT_NOTICE),
    Law.FOIA: _FEDERAL,
    # A Privacy Act request is processed under FOIA too (6 CFR 5.1(a)(2)), so every FOIA
    # step applies; amendment is the Privacy Act's own (552a(d)(2)).
    Law.PRIVACY_ACT: (*_FEDERAL, FollowUpKind.AMEND),
}

FOLLOW_UP_TITLES: dict[FollowUpKind, str] = {
    FollowUpKind.FOLLOW_UP: "Send the follow-up",
    FollowUpKind.DENIAL_STATEMENT: "Ask for the written grounds of the denial",
    FollowUpKind.FEE_CHALLENGE: "Challenge the fees",
    FollowUpKind.SUIT_NOTICE: "Give notice of the violation",
    FollowUpKind.STATUS_INQUIRY: "Ask for the estimated completion date",
    FollowUpKind.APPEAL_NO_DETERMINATION: "Appeal: no determination",
    FollowUpKind.APPEAL_SEARCH: "Appeal: inadequate search",
    FollowUpKind.APPEAL_EXEMPTIONS: "Appeal the withholdings",
    FollowUpKind.APPEAL_FEE_WAIVER: "Appeal the fee waiver denial",
    FollowUpKind.APPEAL_EXPEDITE: "Appeal the expedited processing denial",
    FollowUpKind.OGIS: "Ask OGIS to mediate",
    FollowUpKind.AMEND: "Ask to amend a record",
}

# How the original went: the tracker's timeline vocabulary, so the two never differ.
SENT_METHODS = SEND_METHODS


@dataclass(frozen=True)
class Facts:
    """What the tracker knows when the user asks for the next letter. Only what is given
    is printed: a missing optional fact leaves its sentence out."""

    answers: dict[str, Any]  # the original request's answers (already valid)
    letter_date: date  # the new letter's date
    original_date: date  # the original letter's date
    received: date | None = None  # when the agency received the original request
    sent_method: str | None = None  # SENT_METHODS
    certified_number: str = ""
    tracking: tuple[str, ...] = ()  # the agency's tracking numbers, in order
    appeal_tracking: tuple[str, ...] = ()
    due: date | None = None  # the missed clock's due date
    denied: date | None = None  # Missouri denial, or federal adverse determination date
    exemptions: tuple[str, ...] = ()  # as the agency cited them: "(b)(6)", "(b)(7)(C)"
    arguments: str = ""  # the user's own arguments (appeals, fee challenge, OGIS, notice)
    fee_amount: Decimal | None = None
    fee_requested: date | None = None
    appeal_by: date | None = None  # the appeal-by clock's safe date, if known
    amend_record: str = ""
    amend_correction: str = ""
    amend_reason: str = ""
    # Added for issue 9's letters:
    # How this letter goes ("mail", "email", "portal"); "" = as the original request did,
    # with the DHS portal rule applied on the new letter's date.
    delivery: str = ""
    # The requester has no internet access (6 CFR 5.3(a)(2) exception), in addition to
    # what the original answers said.
    no_internet: bool = False
    # An appeals office's address as the agency's own letter gives it: needed to mail an
    # appeal where followups.toml confirms neither an address nor a portal (EOIR, NARA), or
    # a DHS appeal mailed under the no-internet exception.
    appeal_address: tuple[str, ...] = ()
    # suit-notice only: the user chooses to say they may ask the court to enforce the law
    # (RSMo 610.027.1). Without it the notice states no intention to sue.
    may_sue: bool = False
