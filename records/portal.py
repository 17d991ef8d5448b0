"""Text for each part of an online request form (the DHS FOIA portal), ready to paste.

The portal's exact field labels are not confirmed [U], so each item names what it is
for; the interface says so. The texts come from the same letter the PDF carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from records.drafts import Draft
from records.letters import render_text
from records.vocabulary import CATEGORY_NAMES, Category

# The first words of every letter's closing paragraph (letters/*/_common.html).
CLOSING = "\n\nPlease send the records and all correspondence"


@dataclass(frozen=True)
class PortalField:
    label: str
    text: str


def _section(letter: str, heading: str, stop: tuple[str, ...]) -> str:
    """The plain text between a heading of the letter and the next heading."""
    pattern = rf"\n{re.escape(heading)}\n(.*?)(?=\n(?:{'|'.join(map(re.escape, stop))})\n|\Z)"
    match = re.search(pattern, letter, flags=re.S)
    # The last section runs on into the letter's closing paragraph: leave that out.
    return match.group(1).split(CLOSING, 1)[0].strip() if match else ""


def portal_fields(draft: Draft) -> list[PortalField]:
    letter = render_text(draft)
    headings = ("Format and processing", "Expedited processing", "Fees", "Fee waiver",
                "Subject of the records", "Records requested", "Sincerely,")
    r = draft.requester
    fields = [
        PortalField("Requester name", r.name),
        PortalField("Organization", r.organization),
        PortalField("Email", r.email),
        PortalField("Mailing address", r.address),
        PortalField("Phone", r.phone),
        PortalField("Requester category (for fees)", CATEGORY_NAMES[Category(r.category)]),
        PortalField("Description of the records sought",
                    _section(letter, "Records requested", headings)),
        PortalField("Maximum fee you agree to pay", f"${draft.fee_limit:,.2f}"),
        PortalField("Fee waiver justification", _section(letter, "Fee waiver", headings)
                    if draft.fee_waiver else ""),
        PortalField("Expedited processing justification",
                    _section(letter, "Expedited processing", headings)),
        PortalField("Preferred format", "Electronic" if draft.format == "electronic"
                    else "Paper"),
        PortalField("The whole letter (to upload or paste as the request)", letter),
    ]
    return [f for f in fields if f.text]
