"""What to do now, for each clock the calculator shows: when to check back before the due
date, what the due date means on the day, and once it is missed the next step the law
offers, with a button that writes that letter (the tracker's follow-up letters,
records.tracker.followups: no second letter generator).

A step that no letter here can take says why and, where the wizard can, links to it:
never a dead button.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext

from records.catalog import default_catalog
from records.deadlines import Case, Clock
from records.messages import N_
from records.tracker.followup_facts import FOLLOW_UP_TITLES, FollowUpKind
from records.vocabulary import ClockId, Law, Side, Status, Unit
from records.web.labels import day_words as day
from records.web.messages import say

F = FollowUpKind
C = ClockId

# The Missouri Attorney General may enforce the Sunshine Law (RSMo 610.027.1: "by ... the
# attorney general or the prosecuting attorney"); no complaint letter is written here.
AG = N_("You can also ask the Missouri Attorney General, who may enforce the Sunshine Law "
        "(RSMo 610.027.1), to look into it.")
BEFORE = N_("The deadline is %(due)s. Check back on %(check)s: only after %(safe)s is the "
            "agency late on every reading.")
BEFORE_SAME = N_("The deadline is %(due)s. Check back on %(check)s if nothing has come.")
YOURS_BEFORE = N_("Your deadline is %(due)s. To be safe, act by %(safe)s.")
TODAY = N_("Today is the last day. If nothing comes today, the agency is late from "
           "tomorrow: come back then to write the next letter.")
YOURS_TODAY = N_("Today is your last day to act.")
WAIT_SAFE = N_("The deadline was %(due)s, but another reading of the law gives the agency "
               "until %(safe)s. Wait until %(check)s before calling it late.")
ANSWERED = N_("Met: the answer came on %(day)s.")
ANSWERED_LATE = N_("The answer came on %(day)s, after the deadline of %(due)s.")
DONE_YOURS = N_("Done on %(day)s.")
REASONS = N_("The agency refused on %(day)s. Ask for the written reasons, citing the law it "
             "relies on: it must give them within three business days (RSMo 610.023.4).")
NO_DATE = N_("No fixed date yet: see why above. Enter the event that starts or restarts "
             "this clock when it happens.")

LATE: dict[ClockId, str] = {
    C.RESPONSE: N_("The custodian is late: the answer was due by %(due)s. Send a "
                   "follow-up letter. If it still does not answer, give notice that the "
                   "time to go to court is running."),
    C.DENIAL_STATEMENT: N_("The written reasons for the denial are late (due by %(due)s). "
                           "Give notice of the violation: the time to go to court is "
                           "running."),
    C.INVOLVED_PERSON: N_("The agency is late with the records for a person involved (due "
                          "by %(due)s). No letter for this deadline is written here: ask a "
                          "lawyer about going to court."),
    C.DETERMINATION: N_("The agency is late: its answer was due by %(due)s. Ask when it "
                        "expects to finish (a status inquiry), or appeal as if it had "
                        "refused. The Office of Government Information Services (OGIS) can "
                        "also mediate."),
    C.EXPEDITE_DECISION: N_("The agency is late deciding on faster processing (due by "
                            "%(due)s): send a status inquiry."),
    C.APPEAL_DECISION: N_("The decision on your appeal is late (due by %(due)s). Ask OGIS to "
                          "mediate, or ask a lawyer about going to court."),
    C.FEE_LAPSE: N_("The time to pay ended on %(due)s: the request may be treated as "
                    "withdrawn. Write a new request."),
    C.CLARIFICATION_LAPSE: N_("The time to answer ended on %(due)s: the request may be "
                              "treated as withdrawn. Write a new request."),
    C.APPEAL_BY: N_("The safe time to appeal ended on %(due)s. The agency's letter may give "
                    "a longer period; OGIS can still mediate."),
    C.SUIT_BY: N_("The time to go to court ended on %(due)s on the conservative reading. Ask "
                  "a lawyer whether a later date applies."),
}
# The requester's own clocks, before their date: what to do by then.
OPEN: dict[ClockId, str] = {
    C.FEE_LAPSE: N_("Pay by %(safe)s, or the request may be treated as withdrawn. If the fee "
                    "seems too high, challenge it first."),
    C.CLARIFICATION_LAPSE: N_("Answer the agency's question by %(safe)s, or the request may "
                              "be treated as withdrawn. Answer it in your own words: no "
                              "letter for it is written here."),
    C.APPEAL_BY: N_("You can appeal until %(safe)s: appeal the withholdings (name the "
                    "exemptions the agency cited), or the search if it found too little."),
    C.SUIT_BY: N_("You can ask a court to enforce the law until %(safe)s (%(basis)s). Ask a "
                  "lawyer. Before that, you can give the agency notice of the violation."),
}
SUIT_FEDERAL = N_("You can sue in federal court until %(safe)s (%(basis)s). Ask a lawyer.")
PRIVACY_ACT_WHY = N_("A Privacy Act letter must identify the person whose records these are, "
                     "with their date and place of birth (%(rule)s); this page does not "
                     "ask for them. Write it in the request wizard.")
# Each department's rule that a Privacy Act request state the date and place of birth:
# DHS 6 CFR 5.21(d); DOJ (EOIR) 28 CFR 16.41(d). Another department: no citation guessed.
IDENTITY_RULES = {"DHS": "6 CFR 5.21(d)", "DOJ": "28 CFR 16.41(d)"}
IDENTITY_RULE_UNKNOWN = N_("the agency's Privacy Act rules")
NO_AGENCY_WHY = N_("Choose the agency above and calculate again to write this letter.")
NEW_REQUEST = N_("Write a new request")

# The letters each missed (or open) clock offers, by law group.
MISSED_LETTERS: dict[ClockId, tuple[FollowUpKind, ...]] = {
    C.RESPONSE: (F.FOLLOW_UP, F.SUIT_NOTICE),
    C.DENIAL_STATEMENT: (F.SUIT_NOTICE,),
    C.DETERMINATION: (F.STATUS_INQUIRY, F.APPEAL_NO_DETERMINATION, F.OGIS),
    C.EXPEDITE_DECISION: (F.STATUS_INQUIRY,),
    C.APPEAL_DECISION: (F.OGIS,),
    C.APPEAL_BY: (F.OGIS,),
}
OPEN_LETTERS: dict[ClockId, tuple[FollowUpKind, ...]] = {
    C.FEE_LAPSE: (F.FEE_CHALLENGE,),
    C.APPEAL_BY: (F.APPEAL_EXEMPTIONS, F.APPEAL_SEARCH),
}
AGENCY_OPEN = (C.RESPONSE, C.DENIAL_STATEMENT, C.INVOLVED_PERSON, C.DETERMINATION,
               C.EXPEDITE_DECISION, C.APPEAL_DECISION)


@dataclass(frozen=True)
class Action:
    """A button that writes a letter (`kind`), or the reason none can (`why`) with a link."""

    kind: str
    label: str
    why: str = ""
    href: str = ""


@dataclass
class Now:
    text: str
    actions: list[Action] = field(default_factory=list)
    extra: str = ""  # a second sentence (the Attorney General)


def _identity_rule(case: Case) -> str:
    agency = default_catalog().agencies.get(case.agency or "")
    rule = IDENTITY_RULES.get(agency.department if agency else "")
    return rule or str(gettext(IDENTITY_RULE_UNKNOWN))


def _letter(kind: FollowUpKind, case: Case, wizard: str) -> Action:
    label = gettext(FOLLOW_UP_TITLES[kind])
    if case.law == Law.PRIVACY_ACT:
        return Action(str(kind), label, gettext(PRIVACY_ACT_WHY) % {"rule": _identity_rule(case)},
                      wizard)
    if case.agency is None:
        return Action(str(kind), label, gettext(NO_AGENCY_WHY))
    return Action(str(kind), label)


def advise(case: Case, clock: Clock, wizard: str, new_request: str) -> Now:
    """What to do now about `clock`, as of the case's today."""
    today, status = case.today, clock.status(case.today)
    cid = ClockId(clock.id)
    letters = [_letter(k, case, wizard) for k in OPEN_LETTERS.get(ClockId(clock.id), ())]
    if cid == C.RESPONSE and case.first("denied") is not None \
            and case.first("statement-requested") is None:
        denied = case.first("denied")
        assert denied is not None
        return Now(gettext(REASONS) % {"day": day(denied.date)},
                   [_letter(F.DENIAL_STATEMENT, case, wizard)])
    if clock.answered is not None:
        if status == Status.MET:
            text = DONE_YOURS if clock.side == Side.REQUESTER else ANSWERED
            return Now(gettext(text) % {"day": day(clock.answered)})
        assert clock.due is not None
        return Now(gettext(ANSWERED_LATE) % {"day": day(clock.answered), "due": day(clock.due)})
    if clock.due is None or clock.unit == Unit.NONE:
        return Now(gettext(NO_DATE))
    safe = clock.safe_date or clock.due
    values = {"due": day(clock.due), "safe": day(safe), "basis": say(clock.basis),
              "check": day(safe + timedelta(days=1))}
    if clock.side == Side.REQUESTER:
        if today > clock.due:
            actions = [_letter(k, case, wizard) for k in MISSED_LETTERS.get(cid, ())]
            if cid in (C.FEE_LAPSE, C.CLARIFICATION_LAPSE):
                actions.append(Action("", gettext(NEW_REQUEST), href=new_request))
            return Now(gettext(LATE[cid]) % values, actions)
        if cid == C.SUIT_BY and case.law != Law.MO_SUNSHINE:
            return Now(gettext(SUIT_FEDERAL) % values)
        if cid == C.SUIT_BY:
            letters = [_letter(F.SUIT_NOTICE, case, wizard)]
        text = gettext(OPEN.get(cid, YOURS_BEFORE)) % values
        if today == clock.due:
            text = f"{gettext(YOURS_TODAY)} {text}"
        return Now(text, letters, gettext(AG) if cid == C.SUIT_BY and case.law ==
                   Law.MO_SUNSHINE else "")
    # On the due day, "late from tomorrow" holds only when no other reading of the law gives
    # the agency longer; else the day to check back is the one after the safe date.
    if status == Status.UPCOMING or (status == Status.DUE_TODAY and safe != clock.due):
        return Now(gettext(BEFORE if safe != clock.due else BEFORE_SAME) % values)
    if status == Status.DUE_TODAY:
        return Now(gettext(TODAY))
    if today <= safe:
        return Now(gettext(WAIT_SAFE) % values)
    actions = [_letter(k, case, wizard) for k in MISSED_LETTERS.get(cid, ())]
    extra = gettext(AG) if case.law == Law.MO_SUNSHINE else ""
    return Now(gettext(LATE[cid]) % values, actions, extra)


def why_no_date(clock: Clock) -> str:
    """Why a clock has no fixed date, said on its face: the open toll that paused an
    agency's clock, else the engine's last line for it (what would start it, or the rule's
    note where the law fixes no period), else the note."""
    if clock.due is not None:
        return ""
    if clock.id in (C.DETERMINATION, C.APPEAL_DECISION):
        return str(gettext(PAUSED))
    lines = [line for line in clock.explanation if line]
    return say(lines[-1] if lines else clock.note)


PAUSED = N_("The clock is stopped: the agency asked you a question (or about fees) and "
            "waits for your answer. Enter the day your answer reached the agency to restart "
            "it.")
