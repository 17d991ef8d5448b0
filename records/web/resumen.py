"""The Spanish client summary (GET /new/<token>/resumen) and its printable reading copy
(GET /new/<token>/lectura.pdf).

The letter goes to a US agency in English; the person it is for may read only Spanish.
The summary says, from the draft, what the letter asks, how to send it, what to attach and
when the answer is due, and carries a Spanish reading copy of the page the person signs
(the consent to release of records, or the certification of identity). The reading copy is
rendered from the same facts as the English page (names, dates, citations) and is marked
as a translation that is not signed. It never goes into the letter's PDF: the agency
receives only the English letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, make_response, render_template
from flask_babel import force_locale

from records.drafts import Draft
from records.vocabulary import CLOCK_TITLES, Channel, Law
from records.web.calculator import Result
from records.web.citations import explain

bp = Blueprint("resumen", __name__, url_prefix="/new")
NOT_SIGNED = "Traducción para leer. No firme esta página: firme la página en inglés."


@dataclass(frozen=True)
class Sending:
    """How the letter reaches the agency, from the draft's delivery and the agency's
    channels: `channel` is a Channel, or "" when the draft chose none (then `options` lists
    the agency's channels)."""

    channel: str
    no_internet: bool = False  # a mailed DHS request that asks for the no-internet exception
    options: tuple[str, ...] = ()


def sending(draft: Draft) -> Sending:
    """The same choice as records.letters.delivery_line, which prints the letter's "via"."""
    if draft.dhs_portal_era and draft.delivery == Channel.PORTAL:
        return Sending(Channel.PORTAL)
    if draft.dhs_portal_era and draft.no_internet:
        return Sending(Channel.MAIL, no_internet=True)
    if draft.delivery in (Channel.EMAIL, Channel.PORTAL, Channel.MAIL):
        return Sending(draft.delivery)
    return Sending("", options=tuple(draft.agency.channels))


def signed_page(draft: Draft) -> str:
    """Which page the letter asks someone to sign: "consent", "certification" or ""."""
    if draft.law == Law.PRIVACY_ACT:
        return "certification"
    if draft.subject is not None and draft.subject.relationship == "consent":
        return "consent"
    return ""


def signer(draft: Draft) -> str:
    """Who signs the signed page: the requester acting for a child or ward, else the subject."""
    s = draft.subject
    if s is None:
        return ""
    return draft.requester.name if s.relationship in ("parent", "guardian") else s.name


def subject_address(draft: Draft) -> str:
    """The address on the certification page, as the English letter chooses it."""
    s = draft.subject
    if s is None:
        return ""
    acting = s.relationship in ("parent", "guardian")
    return s.address or ("" if acting else draft.requester.address)


def due_dates(deadlines: Result | None) -> list[Any]:
    """The clocks with a date, in the order the engine gives them."""
    return [c for c in deadlines.clocks if c.due] if deadlines is not None else []


def context(draft: Draft, token: str, deadlines: Result | None) -> dict[str, Any]:
    return {"draft": draft, "token": token, "deadlines": deadlines,
            "due": due_dates(deadlines), "sending": sending(draft),
            "signed_page": signed_page(draft), "signer": signer(draft),
            "subject_address": subject_address(draft), "explain": explain,
            "not_signed": NOT_SIGNED, "clock_titles": CLOCK_TITLES}


def page(draft: Draft, token: str, deadlines: Result | None) -> str:
    """The summary as a web page, always in Spanish."""
    with force_locale("es"):
        return render_template("wizard/summary_es.html", pdf=False,
                               **context(draft, token, deadlines))


@bp.get("/<token>/lectura.pdf")
def reading_pdf(token: str) -> Response:
    """The summary and the reading copy as a PDF to print and keep (rate-limited like every
    PDF by records.web.limits). Not the letter: the agency never receives it."""
    from records.pdf import html_to_pdf
    from records.web.wizard import _complete_draft, _deadlines

    draft = _complete_draft(token)
    with force_locale("es"):
        html = render_template("wizard/summary_es.html", pdf=True,
                               **context(draft, token, _deadlines(draft)))
    response = make_response(html_to_pdf(html))
    response.mimetype = "application/pdf"
    # No personal data in the file name: the agency and the letter's date only.
    name = f"resumen-lectura-{draft.agency.id}-{draft.date.isoformat()}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
