"""WTForms for the tracker's pages. Flask-WTF adds the CSRF token to each.

The forms render fields and coerce input; the rules (which kinds apply to a law, what a
detail may hold) live in records.tracker, and its coded errors are set on the fields.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from records.messages import N_
from records.models import TrackedRequest
from records.tracker import KINDS, SEND_METHODS, Detail, kinds_for
from records.tracker.timeline import SEND_METHOD_LABELS
from records.vocabulary import LAW_NAMES, Law

C = SelectChoice
NO_ORG = ""


class Lenient(SelectField):  # type: ignore[misc]
    def pre_validate(self, form: Any) -> None:
        """Unknown values are reported by the domain, with its own message."""


class EventForm(FlaskForm):  # type: ignore[misc]
    kind = Lenient(_l("What happened"), choices=[])
    day = StringField(_l("Date"), render_kw={"type": "date"})
    method = Lenient(_l("How it was sent"), choices=[],
                     description=_l("Only for: sent, appeal sent."))
    certified_number = StringField(_l("Certified mail number"),
                                   description=_l("Only for: sent by certified mail."))
    tracking = StringField(_l("The agency's tracking number"),
                           description=_l("Only for: acknowledged, routed, appeal received."))
    amount = StringField(_l("Amount in dollars"),
                         description=_l("Only for: fee estimate, payment requested, paid."))
    exemptions = StringField(
        _l("Exemptions cited"),
        description=_l("Only for a denial, partial release, determination or written "
                       "reasons: as the agency cited them, separated by commas, for example "
                       "(b)(6), (b)(7)(C) or 610.021(14)."))
    component = StringField(_l("Where it was routed"),
                            description=_l("Only for: routed to another component."))
    explained = BooleanField(
        _l("The reply explained the delay and gave a date"),
        description=_l("Only for a Missouri acknowledgment: then it counts as the "
                       "custodian's response (RSMo 610.023.3)."))
    final = BooleanField(_l("This is the agency's final answer"),
                         description=_l("Only for: partial release."))
    granted = BooleanField(_l("Granted"),
                           description=_l("Only for a determination or a decision on "
                                          "expedited processing, a fee waiver or an appeal."))
    note = TextAreaField(_l("Note (optional)"), render_kw={"rows": 3})
    version = HiddenField()


# The form's detail fields, by the timeline's Detail names.
DETAIL_FIELDS = {Detail.METHOD: "method", Detail.CERTIFIED_NUMBER: "certified_number",
                 Detail.TRACKING: "tracking", Detail.AMOUNT: "amount",
                 Detail.EXEMPTIONS: "exemptions", Detail.COMPONENT: "component",
                 Detail.EXPLAINED: "explained", Detail.FINAL: "final",
                 Detail.GRANTED: "granted"}


# How the timeline shows each detail (msgids: templates translate them).
DETAIL_LABELS = {Detail.METHOD: N_("Sent by"), Detail.CERTIFIED_NUMBER: N_("Certified mail number"),
                 Detail.TRACKING: N_("Tracking number"), Detail.AMOUNT: N_("Amount ($)"),
                 Detail.EXEMPTIONS: N_("Exemptions"), Detail.COMPONENT: N_("Routed to"),
                 Detail.EXPLAINED: N_("Explained the delay"), Detail.FINAL: N_("Final answer"),
                 Detail.GRANTED: N_("Granted")}


def event_form(law: str, **kwargs: Any) -> EventForm:
    form = EventForm(**kwargs)
    form.kind.choices = [C(k.value, _l(KINDS[k].label)) for k in kinds_for(law)]
    form.method.choices = [C("", _l("(not sent)"))] + [
        C(m, _l(SEND_METHOD_LABELS[m])) for m in SEND_METHODS]
    return form


def relevant(law: str) -> dict[str, list[str]]:
    """For each detail field, the kinds of this law that use it (the page's JavaScript
    hides a field the chosen kind does not use)."""
    found: dict[str, list[str]] = {}
    for kind in kinds_for(law):
        for detail in KINDS[kind].details:
            found.setdefault(DETAIL_FIELDS[detail], []).append(kind.value)
    return found


class VersionForm(FlaskForm):  # type: ignore[misc]
    """A button's form that only says which version of the request the page showed."""

    version = HiddenField()


class TitleForm(FlaskForm):  # type: ignore[misc]
    title = StringField(_l("Title"))
    version = HiddenField()


class ShareForm(FlaskForm):  # type: ignore[misc]
    org = Lenient(_l("Shared with"), choices=[],
                  description=_l("Members of the organisation can see it and add to it."))
    version = HiddenField()


class RepeatForm(FlaskForm):  # type: ignore[misc]
    repeat_months = StringField(
        _l("Repeat every how many months? (optional)"), render_kw={"inputmode": "numeric"},
        description=_l("A recurring request: the tracker reminds you to send the next one, "
                       "asking for records made since the last. From 1 to 24; leave it "
                       "empty for a one-off request."))
    version = HiddenField()


class TrackForm(FlaskForm):  # type: ignore[misc]
    org = Lenient(_l("Share it with"), choices=[])
    repeat_months = RepeatForm.repeat_months


class UploadForm(FlaskForm):  # type: ignore[misc]
    file = FileField(_l("File"), description=_l(
        "A PDF, PNG or JPEG file, or an email exported as .eml; at most 10 MB."))
    event = Lenient(_l("About which event? (optional)"), choices=[])


def upload_form(request: TrackedRequest, **kwargs: Any) -> UploadForm:
    form = UploadForm(**kwargs)
    form.event.choices = [C("", _l("None in particular"))] + [
        C(str(e.id), f"{e.day.isoformat()}: {e.kind}") for e in request.events]
    return form


def org_choices(orgs: list[tuple[int, str]]) -> list[SelectChoice]:
    return [C(NO_ORG, _l("Only me"))] + [C(str(org_id), name) for org_id, name in orgs]


def law_choices() -> list[SelectChoice]:
    return [C(law.value, LAW_NAMES[law].choice) for law in Law]


def months(text: str | None) -> int | None:
    """The months typed; None for empty, 0 (out of range, so refused) for anything that is
    not a small number."""
    text = (text or "").strip()
    if not text:
        return None
    return int(text) if text.isascii() and text.isdigit() and len(text) < 4 else 0
