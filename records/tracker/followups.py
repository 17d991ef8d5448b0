"""The next letter, one click away (issue 9): follow-ups, denial statements, fee
challenges, notices, status inquiries, appeals, OGIS mediation and Privacy Act
amendments, each built from the original request's answers and the facts the tracker
knows.

Each letter is held to the standard of the first: it states only what the user gave or
the law supplies, says each thing once, and fits one page where it can. Templates are
letters/<law>/<kind>.html over letters/_followup.html; reference data a lawyer reviews
(appeals offices, exemption lines, OGIS) is records/catalog/followups.toml.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from records.catalog import default_catalog
from records.catalog.followups import default_followups, exemption_key
from records.drafts import Draft
from records.fields import FieldError
from records.letters import environment, longdate
from records.pdf import html_to_pdf
from records.textify import html_to_text
from records.tracker.followup_facts import (
    FOLLOW_UP_TITLES,
    FOLLOW_UPS_BY_LAW,
    Facts,
    FollowUpKind,
)
from records.tracker.followup_route import Route, route
from records.tracker.followup_rules import check, is_timely
from records.vocabulary import Law

__all__ = ["FOLLOW_UPS_BY_LAW", "FOLLOW_UP_TITLES", "Facts", "FollowUpError", "FollowUpKind",
           "problems", "render_html", "render_pdf", "render_text"]

# RSMo 610.026 as amended by HB 145 (2025) applies to a payment request made on or after
# this day; one made before it is read under the earlier text.
HB_145 = date(2025, 8, 28)
# A description this short, on one line, is what the letter says was asked for.
ONE_LINE = 200
# Privacy Act and FOIA templates are shared where the letter is the same: a Privacy Act
# request is processed under FOIA too (6 CFR 5.1(a)(2)).
FOLDER = {Law.MO_SUNSHINE: Law.MO_SUNSHINE, Law.FOIA: Law.FOIA, Law.PRIVACY_ACT: Law.FOIA}


class FollowUpError(Exception):
    """The facts cannot make this letter. `problems` names each field and what is wrong."""

    def __init__(self, problems: list[FieldError]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def problems(kind: FollowUpKind, facts: Facts) -> list[FieldError]:
    """Every reason the letter cannot be written from these facts; empty when it can."""
    return check(FollowUpKind(kind), facts)[1]


def template_name(kind: FollowUpKind, law: str) -> str:
    if kind == FollowUpKind.AMEND:
        return f"{Law.PRIVACY_ACT}/amend.html"
    return f"{FOLDER[Law(law)]}/{kind}.html"


def render_html(kind: FollowUpKind, facts: Facts) -> str:
    """The letter as a complete HTML document. Raises FollowUpError."""
    kind = FollowUpKind(kind)
    draft, found = check(kind, facts)
    if found or draft is None:
        raise FollowUpError(found)
    template = environment().get_template(template_name(kind, draft.law))
    return template.render(context(kind, facts, draft))


def render_text(kind: FollowUpKind, facts: Facts) -> str:
    """The same letter as plain text, for a portal or an email."""
    return html_to_text(render_html(kind, facts))


def render_pdf(kind: FollowUpKind, facts: Facts) -> bytes:
    return html_to_pdf(render_html(kind, facts))


def what_words(draft: Draft) -> str:
    """What the original request asked for, in a few words."""
    if draft.law == Law.PRIVACY_ACT and draft.subject is not None:
        if draft.subject.relationship == "self":
            return "my own records"
        return f"the records of {draft.subject.name}"
    if draft.incident is not None:
        return f"records of the {longdate(draft.incident.date)} incident"
    if draft.description and not draft.records and "\n" not in draft.description \
            and len(draft.description) <= ONE_LINE:
        return draft.description  # a one-line request (the calculator's letter form)
    return "records"


def sent_words(facts: Facts, draft: Draft) -> str:
    """How the original went and when it arrived, as far as the user said: " (sent by
    certified mail, no. 9589...; received November 25, 2026)"."""
    how = {"mail": "by mail", "email": "by email", "hand": "by hand",
           "portal": f"through {draft.agency.portal_name or 'the agency portal'}",
           "certified": "by certified mail"}.get(facts.sent_method or "", "")
    if facts.sent_method == "certified" and facts.certified_number:
        how += f", no. {facts.certified_number}"
    parts = [f"sent {how}"] if how else []
    if facts.received is not None:
        parts.append(f"received {longdate(facts.received)}")
    return f" ({'; '.join(parts)})" if parts else ""


def subject_line(kind: FollowUpKind, facts: Facts, draft: Draft) -> str:
    law = Law(draft.law).names.in_letter
    # The agency's numbers follow in the template (letters/_followup_base.html).
    of = f"my {law} request of {longdate(facts.original_date)}"
    lines = {
        FollowUpKind.FOLLOW_UP: f"Response overdue: {of}",
        FollowUpKind.DENIAL_STATEMENT: f"Written grounds for denial: {of}",
        FollowUpKind.FEE_CHALLENGE: f"Fees for {of}",
        FollowUpKind.SUIT_NOTICE: f"Notice of violation of the Sunshine Law: {of}",
        FollowUpKind.STATUS_INQUIRY: f"Status of {of}",
        FollowUpKind.OGIS: f"Request for mediation: {of} to {draft.agency.name}",
        FollowUpKind.AMEND: "Request to amend a record (5 U.S.C. § 552a(d)(2))",
    }
    return lines.get(kind) or f"FOIA Appeal: {of}"


def salutation(kind: FollowUpKind, draft: Draft) -> str:
    if draft.law == Law.MO_SUNSHINE:
        return "Dear Custodian of Records:"
    if kind.is_appeal:
        return "Dear Appeals Officer:"  # 6 CFR 5.8(a)(1) names the component Appeals Officer
    if kind == FollowUpKind.OGIS:
        return "To the Office of Government Information Services:"
    if kind == FollowUpKind.AMEND and draft.agency.id in default_followups().amendment:
        return "Dear Privacy Officer:"
    return f"Dear {draft.agency.custodian_title}:"


def context(kind: FollowUpKind, facts: Facts, draft: Draft) -> dict[str, Any]:
    data = default_followups()
    found = route(kind, facts, draft, data, default_catalog())
    assert isinstance(found, Route)  # check() refused the facts otherwise
    # Reference lines only in an exemptions appeal; elsewhere (a Missouri denial) the
    # provisions are printed as the agency cited them.
    cited = [(c, data.exemptions[exemption_key(c)]) for c in facts.exemptions] \
        if kind == FollowUpKind.APPEAL_EXEMPTIONS else []
    return {
        "draft": draft, "f": facts, "kind": kind, "route": found,
        "law_name": Law(draft.law).names.in_letter,
        "subject_line": subject_line(kind, facts, draft),
        "description": FOLLOW_UP_TITLES[kind],
        "delivery_line": found.line,
        "salutation": salutation(kind, draft),
        "recipient": found.recipient,
        "what": what_words(draft),
        "sent": sent_words(facts, draft),
        "exemption_lines": cited,
        "timely_ok": is_timely(kind, facts, draft.law),
        "hb145": facts.fee_requested is not None and facts.fee_requested >= HB_145,
        "after_hb145": facts.letter_date >= HB_145,
        "late": facts.due is not None and facts.letter_date > facts.due,
        "media_records": draft.media_records,
        "ogis_citation": data.ogis_citation,
    }
