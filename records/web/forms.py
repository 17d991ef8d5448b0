"""WTForms for the wizard's steps. Flask-WTF adds the CSRF token to every form.

The forms render fields and coerce input; the legal rules live in records.drafts, the
one validator shared with the CLI and the CSV batch. Field names follow steps.PATHS.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from records.catalog import Agency, Catalog
from records.drafts import channels_for, grounds_for
from records.vocabulary import AskingFor, ExpediteGround, Law

C = SelectChoice  # short, so the choice lists stay readable


class CheckboxesField(SelectMultipleField):  # type: ignore[misc]
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form: Any) -> None:
        """Unknown ids are reported by the shared validator, with the agency named."""


class LenientRadio(RadioField):  # type: ignore[misc]
    def pre_validate(self, form: Any) -> None:
        """Invalid choices are reported by the shared validator."""


class StartForm(FlaskForm):  # type: ignore[misc]
    start = LenientRadio(_l("How do you want to start?"), choices=[
        C("blank", _l("A blank request")),
        C("kc-2019-07-22", _l("The July 22, 2019 incident in Kansas City")),
    ], default="kc-2019-07-22")


# The answers to the wizard's first question, in plain words.
ASKING_FOR_LABELS = {
    AskingFor.OTHERS: _l("About an event or other people"),
    AskingFor.SELF: _l("My own records"),
    AskingFor.WARD: _l("My child under 18, or a person under my guardianship by court order"),
    AskingFor.CONSENT: _l("A relative or client who agrees and will sign"),
    AskingFor.DECEASED: _l("A person who has died"),
}


class AgencyForm(FlaskForm):  # type: ignore[misc]
    # The wizard's first question, in plain words: the law follows from it and the agency
    # (records.asking), so no legal term comes before it.
    asking_for = LenientRadio(_l("Whose records are you asking for?"),
                              choices=list(ASKING_FOR_LABELS.items()), default=AskingFor.OTHERS)
    agency = LenientRadio(_l("Which agency holds the records?"), choices=[])


class RecordsForm(FlaskForm):  # type: ignore[misc]
    records = CheckboxesField(_l("Records to ask for"), choices=[])
    records_from = StringField(
        _l("Records about the person: from what date? (optional)"),
        render_kw={"type": "date"},
        description=_l("Leave it empty to ask for their records from any date up to the day "
                       "the agency searches. Give a date to ask only for records made since "
                       "then."))
    incident_date = StringField(_l("Date of the incident"), render_kw={"type": "date"},
                                description=_l("The day it happened, for example July 22, 2019."))
    incident_time = StringField(
        _l("Time (about)"), render_kw={"type": "time"},
        description=_l("About when it happened, for example 10:00 in the morning."))
    incident_window_from = StringField(_l("From (time)"), render_kw={"type": "time"})
    incident_window_to = StringField(
        _l("To (time)"), render_kw={"type": "time"},
        description=_l("If this time is earlier than the start, the span runs past "
                       "midnight into the next day."))
    incident_place = StringField(_l("Place"),
                                 description=_l("Street address or intersection, and city."))
    incident_people = TextAreaField(_l("People involved"), render_kw={"rows": 3},
                                    description=_l("One name per line."))
    incident_summary = TextAreaField(
        _l("What happened (optional)"), render_kw={"rows": 3},
        description=_l("One or two sentences, only facts you know. The letter says this "
                       "once, for example: Police stopped a car and arrested the driver."))
    description = TextAreaField(
        _l("Other records, in your own words"), render_kw={"rows": 4},
        description=_l("Optional if you ticked records above. Be specific: dates, names, "
                       "form numbers."))


class RequesterForm(FlaskForm):  # type: ignore[misc]
    requester_name = StringField(_l("Your full name"), render_kw={"autocomplete": "name"})
    requester_organization = StringField(
        _l("Organization (optional)"), render_kw={"autocomplete": "organization"})
    requester_address = TextAreaField(
        _l("Mailing address"), render_kw={"rows": 3, "autocomplete": "street-address"},
        description=_l("Where the agency should write to you."))
    requester_email = StringField(_l("Email"), render_kw={"type": "email",
                                                          "autocomplete": "email"})
    requester_phone = StringField(_l("Phone (optional)"), render_kw={"type": "tel",
                                                                     "autocomplete": "tel"})
    requester_category = LenientRadio(_l("Which describes you best? (sets FOIA fees)"), choices=[
        C("news-media", _l("News media: you gather news and publish it to an audience. Pays "
                          "only copying, after 100 free pages.")),
        C("educational", _l("Educational institution, for scholarly research. Pays only "
                           "copying, after 100 free pages.")),
        C("noncommercial", _l("Noncommercial scientific institution. Pays only copying, after "
                             "100 free pages.")),
        C("commercial", _l("Commercial use: for a business purpose. Pays search, review and "
                          "copying.")),
        C("other", _l("Anyone else, such as a person, family or advocate. First 2 hours of "
                     "search and 100 pages free.")),
    ], default="other")
    capacity = LenientRadio(_l("Are you involved in the incident?"), choices=[
        C("public", _l("No: I am a member of the public or a reporter")),
        C("involved", _l("Yes: I was involved in the incident (RSMo 610.100.4)")),
        C("attorney", _l("I am the attorney of a person involved (RSMo 610.100.4)")),
        C("insurer", _l("I am the insurer of a person involved (RSMo 610.100.4)")),
        C("family", _l("I am the parent or child of a person involved who has died or "
                       "cannot legally act for themselves (RSMo 610.100.4)")),
    ], default="public",
        description=_l("People involved, their attorneys or insurers, and the parents or "
                       "children of one who has died or cannot act for themselves may have a "
                       "right to more records for a civil claim. This rule comes from an "
                       "unconfirmed summary of the statute: check it."))
    represents = StringField(
        _l("Full name of the person involved you act for"),
        description=_l("Only for an attorney, insurer or family member. The letter names "
                       "this person as the one you act for."))
    subject_relationship = LenientRadio(_l("About the person the records concern"), choices=[])
    subject_name = StringField(_l("Full name of the person the records are about"),
                               render_kw={"autocomplete": "off"})
    subject_other_names = TextAreaField(_l("Their other names, if they have used any"),
                                        render_kw={"rows": 2},
                                        description=_l("One per line. Optional."))
    subject_birth_date = StringField(_l("Their date of birth"), render_kw={"type": "date"})
    subject_birth_place = StringField(_l("Their place of birth (city and country)"))
    subject_a_number = StringField(_l("Their A-number (optional)"),
                                   description=_l("The letter A and 8 or 9 digits, for "
                                                  "example A012345678."))
    subject_address = TextAreaField(
        _l("Their current address (optional)"), render_kw={"rows": 3},
        description=_l("Helps the agency confirm who they are (6 CFR 5.21(d))."))


class FeesForm(FlaskForm):  # type: ignore[misc]
    fee_limit = StringField(_l("Most you agree to pay, in dollars"),
                            render_kw={"inputmode": "decimal"},
                            description=_l("The agency must ask you before charging more."))
    fee_waiver = TextAreaField(
        _l("1. What the records will show, and why that matters to the public"),
        render_kw={"rows": 4},
        description=_l("What the records are likely to show about what the government did, "
                       "and why people need to know it. Do not say here how you will share "
                       "it: that is the next box."))
    dissemination = TextAreaField(
        _l("2. How you will share what you learn, and with whom"),
        render_kw={"rows": 3},
        description=_l("For example: the newspaper, website or group that will publish it, "
                       "and who it reaches. Say it only here, not in the box above."))
    expedite_ground = LenientRadio(_l("Why it cannot wait"), choices=[])
    expedite = TextAreaField(
        _l("The facts that show it cannot wait"),
        render_kw={"rows": 4},
        description=_l("Say what is happening now. An event years ago is not urgent by "
                       "itself: an arrest in 2019 is not urgent today, but a hearing next "
                       "month or a public debate going on now can be. You certify that "
                       "this is true."))
    format = LenientRadio(_l("How do you want the records?"), choices=[
        C("electronic", _l("Electronic files, by email or download")),
        C("paper", _l("Paper copies by mail")),
    ], default="electronic")
    delivery = LenientRadio(_l("How will you send this request?"), choices=[
        C("portal", _l("Through the agency's online portal")),
        C("mail", _l("By mail")),
    ], default="portal")
    no_internet = BooleanField(
        _l("I do not have internet access, so I cannot use the portal"),
        description=_l("DHS takes requests by mail only from people without internet access "
                       "(6 CFR 5.3(a)(2)). The letter says so and asks for that exception. "
                       "Tick it only if it is true."))

GROUND_LABELS = {
    ExpediteGround.LIFE_SAFETY: _l("Someone's life or physical safety is at risk"),
    ExpediteGround.URGENCY_TO_INFORM: _l("I share news with the public, and people need to "
                                         "know now"),
    ExpediteGround.DUE_PROCESS: _l("Someone could lose important legal rights in a case"),
    ExpediteGround.MEDIA_INTEGRITY: _l("Wide news attention raises questions about the "
                                       "government's honesty"),
}
# Plain words for each ground, shown next to it, with the rule that makes it a ground.
GROUND_HELP = {
    ExpediteGround.LIFE_SAFETY: _l(
        "Waiting for the records could put someone's life or physical safety in danger. "
        "5 U.S.C. 552(a)(6)(E)(v)(I)."),
    ExpediteGround.URGENCY_TO_INFORM: _l(
        "Only if your main work is sharing information with the public, such as a reporter, "
        "and the public urgently needs to know about something the federal government did "
        "or is said to have done. 5 U.S.C. 552(a)(6)(E)(v)(II)."),
    ExpediteGround.DUE_PROCESS: _l(
        "DHS only. Waiting could cost someone substantial due process rights, for example "
        "in a case with a hearing coming up. 6 CFR 5.5(e)(1)(iii)."),
    ExpediteGround.MEDIA_INTEGRITY: _l(
        "DHS only. The matter has wide and unusual news attention, and it raises possible "
        "questions about the government's integrity that affect public confidence. "
        "6 CFR 5.5(e)(1)(iv)."),
}


def set_agency_choices(form: AgencyForm, catalog: Catalog) -> None:
    form.agency.choices = [C(a.id, a.name) for a in catalog.agencies.values()]


# For one's own records the subject is the requester: their fields say "your".
SELF_LABELS = {
    "subject_other_names": _l("Other names you have used, if any"),
    "subject_birth_date": _l("Your date of birth"),
    "subject_birth_place": _l("Your place of birth (city and country)"),
    "subject_a_number": _l("Your A-number (optional)"),
}


# The subject's relationship choices: a ward's, the Privacy Act's, and FOIA's.
WARD_RELATIONSHIPS = [
    C("parent", _l("I am their parent, and they are under 18")),
    C("guardian", _l("A court appointed me as their guardian")),
]
PRIVACY_ACT_RELATIONSHIPS = [
    C("self", _l("The records are about me")),
    C("parent", _l("I am the parent of a child under 18")),
    C("guardian", _l("A court appointed me as their legal guardian")),
]
FOIA_RELATIONSHIPS = [
    C("none", _l("I do not have their consent (the usual case)")),
    C("consent", _l("They consent: they will sign a consent page")),
    C("deceased", _l("They have died: I will attach proof of death")),
]


def set_subject_choices(form: RequesterForm, law: str, asking_for: str = "") -> None:
    """The subject's relationship choices (only those left once whose records is known)
    and, for one's own records, labels that say "your"."""
    if asking_for == AskingFor.SELF:
        for name, label in SELF_LABELS.items():
            form[name].label.text = label
    if asking_for == AskingFor.WARD:
        form.subject_relationship.label.text = _l("Are you their parent or their guardian?")
        form.subject_relationship.choices = list(WARD_RELATIONSHIPS)
    elif law == Law.PRIVACY_ACT:
        form.subject_relationship.choices = list(PRIVACY_ACT_RELATIONSHIPS)
    else:
        form.subject_relationship.choices = list(FOIA_RELATIONSHIPS)


# Plain words next to the Privacy Act's choices of who is asking (5 U.S.C. 552a(h)).
RELATIONSHIP_HELP = {
    "parent": _l("Only for a child under 18 on the date of this letter. A parent cannot ask "
                 "for the records of someone 18 or older: that person must sign a consent "
                 "instead. Attach proof that you are the parent, such as the child's birth "
                 "certificate (6 CFR 5.21(f))."),
    "guardian": _l("Only if a court appointed you. The letter says a copy of the court order "
                   "is attached: attach it (6 CFR 5.21(f))."),
}


DELIVERY_LABELS = {"portal": _l("Through the agency's online portal"), "mail": _l("By mail"),
                   "email": _l("By email")}


def set_fee_choices(form: FeesForm, agency: Agency | None, today: date) -> None:
    """The grounds for expedited processing this agency recognises: DHS adds two of its
    own (6 CFR 5.5(e)(1)(iii), (iv)); other agencies only have the statute's two. And the
    ways to send the letter: the agency's channels, without email for a DHS letter dated
    from 2026-01-22 (6 CFR 5.3(a)(2)); before that date DHS took email."""
    grounds = grounds_for(agency) if agency is not None else ()
    form.expedite_ground.choices = [C("none", _l("I do not need faster processing")),
                                    *(C(g.value, GROUND_LABELS[g]) for g in grounds)]
    if agency is not None:
        channels = channels_for(agency, today)
        form.delivery.choices = [C(c, DELIVERY_LABELS[c]) for c in DELIVERY_LABELS
                                 if c in channels]


def offer_people(form: RequesterForm, people: Any) -> None:
    """The incident's people offered as the subject's name (a <datalist>, never filled in
    for the user)."""
    names = [str(p) for p in people] if isinstance(people, list) else []
    if not names:
        return
    form.subject_name.render_kw = {**(form.subject_name.render_kw or {}),
                                   "list": "incident-people"}
    # gettext, not the lazy _l: a lazy string is rendered unescaped, and the names are
    # the user's own text.
    form.subject_name.description = gettext(
        "People named in the incident: %(names)s. You can choose a name from the list as "
        "you type.", names="; ".join(names))
