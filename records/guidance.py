"""Guidance for the requester, not the agency: shown in the interface and the text notes.

Each note carries its citation and confidence tag, so the interface can say which
facts are unconfirmed. Rules that depend on dates are picked by the letter's date.
"""

from __future__ import annotations

from datetime import date

from records.catalog import Note
from records.drafts import DHS_PORTAL_RULE, Draft
from records.vocabulary import Law

# HB 145 (2025), effective 2025-08-28: unpaid fees or unanswered clarification requests
# lapse the request after 90 days (150 if fees exceed $1,000): RSMo 610.026 as amended
# by HB 145 (2025). Known from secondary sources, so the note is tagged S.
HB145_EFFECTIVE = date(2025, 8, 28)

# Agency warnings on these topics appear only when the draft's own notes raise them.
TOPICS_NEEDING_CAUSE = {"no-consent", "dhs-portal"}

DISCLAIMER = Note("This letter is not legal advice. Check facts marked unconfirmed before "
                  "relying on them.", "C")


def _missouri(draft: Draft) -> list[Note]:
    notes = [Note("Send the letter to the custodian of records by a method that gives proof of "
                  "delivery (certified mail, return receipt requested, or a hand delivery with a "
                  "date-stamped copy). The 3-business-day clock starts only when the custodian "
                  "receives it (Starr v. Jackson County Prosecuting Attorney, 2021).", "C",
                  "RSMo 610.023.3")]
    if draft.date >= HB145_EFFECTIVE:
        notes.append(Note("Since 2025-08-28, if the agency asks you to pay fees or to clarify the "
                          "request, and its letter warns you of the deadline, the request is "
                          "treated as withdrawn after 90 days without payment or an answer "
                          "(150 days if the fees exceed $1,000).", "S", "RSMo 610.026 (HB 145)"))
    if draft.fee_waiver:
        notes.append(Note("A Sunshine Law fee waiver is at the agency's discretion; it is not "
                          "guaranteed.", "C", "RSMo 610.026.1(1)"))
    if draft.cites_morales:
        notes.append(Note("The letter cites Morales v. Kansas City Missouri Police Department "
                          "(2024) on video fees. It is a Jackson County trial-court judgment, "
                          "known from news reports: persuasive, not binding precedent.", "S",
                          "RSMo 610.026.1(2)"))
    if draft.kind == "sunshine-involved":
        notes.append(Note("The rights of people involved in an incident under RSMo 610.100.4 "
                          "(complete incident report; 30 days to comply or go to court) come from "
                          "an unconfirmed summary of the statute. Check the current text before "
                          "relying on them.", "U", "RSMo 610.100.4"))
    return notes


def _federal(draft: Draft) -> list[Note]:
    notes: list[Note] = []
    if draft.dhs_portal_era:
        notes.append(Note(f"Since {DHS_PORTAL_RULE.isoformat()} DHS generally accepts requests "
                          "only through its online portal. Mailed requests are accepted only "
                          "with an exception for people without internet access; a mailed "
                          "request without one may never start the clock.", "V",
                          "6 CFR 5.3(a)(2), 5.21(a)(6)", "dhs-portal"))
    if draft.law == Law.FOIA and draft.subject is None:
        notes.append(Note("No consent from the subject: expect Exemption 6 and 7(C) withholdings "
                          "of personal details. A signed consent from the person the records are "
                          "about gets you more.", "V", "5 U.S.C. 552(b)(6), (b)(7)(C)",
                          "no-consent"))
    if draft.law == Law.PRIVACY_ACT:
        notes.append(Note("The Privacy Act covers only U.S. citizens and lawful permanent "
                          "residents. The letter also asks under FOIA, which covers everyone.",
                          "V", "5 U.S.C. 552a(a)(2)"))
        notes.append(Note("Sign the certification of identity before sending. Do not send a "
                          "Social Security number.", "V", "28 U.S.C. 1746"))
    if draft.subject and draft.subject.relationship == "consent":
        notes.append(Note("Have the subject sign and date the consent page before you send "
                          "the request.", "V", "28 U.S.C. 1746"))
    if draft.subject and draft.subject.relationship == "deceased":
        notes.append(Note("Attach proof of death, such as a death certificate or an obituary.",
                          "V", "28 CFR 16.3(a)(4)"))
    if draft.expedite:
        notes.append(Note("The agency must decide on expedited processing within 10 days.", "V",
                          "5 U.S.C. 552(a)(6)(E)(ii)(I)"))
        if draft.incident and (draft.date - draft.incident.date).days > 365:
            notes.append(Note("The incident is more than a year old. An old event is not urgent "
                              "by itself: the reason you give must show why the records are "
                              "needed now.", "S", "6 CFR 5.5(e)(1)"))
    if draft.fee_waiver and not draft.dissemination and draft.law == Law.FOIA:
        notes.append(Note("You asked for a fee waiver without saying how you will share what "
                          "you learn. Agencies weigh your ability and intention to inform a "
                          "broad audience; without it the waiver is likely to be denied.", "S",
                          "6 CFR 5.11(k)(2)(iii)"))
    return notes


def guidance(draft: Draft) -> list[Note]:
    """Every note for this draft: law-specific ones, then the agency's warnings.

    A note whose topic was already covered is left out, so nothing is said twice; an
    agency warning on a topic the draft's own notes do not raise (no-consent, when
    consent was given) is left out too.
    """
    own = _missouri(draft) if draft.law == Law.MO_SUNSHINE else _federal(draft)
    raised = {n.topic for n in own if n.topic}
    notes = list(own)
    for note in (*draft.agency.warnings, *(n for n in draft.agency.notes if n.unconfirmed)):
        if note.topic and (note.topic in raised or note.topic in TOPICS_NEEDING_CAUSE):
            continue
        notes.append(note)
    notes.append(DISCLAIMER)
    return notes


def notes_text(draft: Draft) -> str:
    lines = ["Notes for you (not part of the letter):"]
    for note in guidance(draft):
        flag = " [unconfirmed: check before relying on it]" if note.unconfirmed else ""
        cite = f" ({note.citation})" if note.citation else ""
        lines.append(f"- {note.text}{cite}{flag}")
    return "\n".join(lines) + "\n"
