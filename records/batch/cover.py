"""An agency's cover sheet in the mail stack: how many letters and pages follow, where they
go, a checklist for the volunteers, and the warnings that apply to this agency's letters.

Every fact comes from the catalog or the letters' drafts, with its citation; the cover
fits on one page, so it says only what the volunteers preparing the envelopes need (each
client's own notes are on the batch's preview and in their summary).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from records.batch.model import Item, Rendered
from records.batch.summary import needs
from records.catalog import Agency, Note
from records.vocabulary import Law

# The ICE FOIA page's warning about scam calls (agencies.toml, topic "scam") goes on the
# cover, where the volunteers who answer clients' questions will read it.
COVER_TOPICS = ("scam",)
# Each need's short name on the cover's checklist, with the rows that have it.
NEED_LABELS = {
    "certification": "Certification of identity signed and dated (28 U.S.C. 1746)",
    "consent": "Consent page signed and dated by the person the records are about "
               "(28 U.S.C. 1746)",
    "parent": "Proof of parenthood and of the parent's identity attached",
    "guardian": "Court order appointing the guardian and proof of identity attached",
    "proof_of_death": "Proof of death attached",
}


@dataclass(frozen=True)
class Cover:
    agency: Agency
    letters: int
    pages: int
    sunshine: bool
    portal_era_mail: int  # DHS letters from 2026-01-22 that go by mail (no-internet exception)
    checks: tuple[tuple[str, str], ...]  # (what, which rows)
    warnings: tuple[Note, ...]


def _rows(numbers: Sequence[int], total: int) -> str:
    if len(numbers) == total:
        return "every letter"
    return "rows " + ", ".join(str(n) for n in numbers)


def _checks(items: Sequence[Item]) -> tuple[tuple[str, str], ...]:
    found: dict[str, list[int]] = {}
    for item in items:
        for key, _name in needs(item.draft):
            if key in NEED_LABELS:
                found.setdefault(key, []).append(item.row)
    return tuple((NEED_LABELS[key], _rows(rows, len(items)))
                 for key in NEED_LABELS if (rows := found.get(key)))


def cover(agency: Agency, items: Sequence[Item], rendered: dict[int, Rendered]) -> Cover:
    for item in items:
        # A DHS letter dated on or after 2026-01-22 goes by mail only with the requester's
        # no-internet statement (6 CFR 5.3(a)(2)); the validator makes sure of it, and
        # the stack refuses it otherwise.
        if item.draft.dhs_portal_era and not item.draft.no_internet:
            raise ValueError(f"row {item.row}: a DHS letter in the portal era without the "
                             "no-internet statement cannot go into the mail stack")
    return Cover(
        agency=agency, letters=len(items), pages=sum(rendered[i.row].pages for i in items),
        sunshine=agency.law == Law.MO_SUNSHINE,
        portal_era_mail=sum(1 for i in items if i.draft.dhs_portal_era),
        checks=_checks(items),
        warnings=tuple(n for n in agency.notes if n.topic in COVER_TOPICS),
    )


def cover_pdf(agency: Agency, items: Sequence[Item], rendered: dict[int, Rendered]) -> bytes:
    from records.batch.sheets import render_sheet

    return render_sheet("batch/cover.html", {"c": cover(agency, items, rendered)})
