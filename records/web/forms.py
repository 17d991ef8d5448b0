"""WTForms for the wizard's steps. Flask-WTF adds the CSRF token to every form.

The forms render fields and coerce input; the legal rules live in records.drafts, the
one validator shared with the CLI and the CSV batch. Field names follow steps.PATHS.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from records.catalog import Catalog
from records.vocabulary import Law

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


class AgencyForm(FlaskForm):  # type: ignore[misc]
    agency = LenientRadio(_l("Which agency holds the records?"), choices=[])
    first_party = LenientRadio(
        _l("For a federal agency: whose records are they?"),
        choices=[C("no", _l("Records about an event or about other people (FOIA)")),
                 C("yes", _l("My own records, or those of a person in my legal care "
                            "(Privacy Act and FOIA)"))],
        default="no",
        description=_l("Asking for your own records adds the Privacy Act, and needs your "
                       "date and place of birth to prove who you are."))


class RecordsForm(FlaskForm):  # type: ignore[misc]
    records = CheckboxesField(_l("Records to ask for"), choices=[])
    incident_date = StringField(_l("Date of the incident"), render_kw={"type": "date"},
                                description=_l("The day it happened, for example July 22, 2019."))
    incident_time = StringField(
        _l("Time (about)"), render_kw={"type": "time"},
        description=_l("About when it happened, for example 10:00 in the morning."))
    incident_place = StringField(_l("Place"),
                                 description=_l("Street address or intersection, and city."))
    incident_people = TextAreaField(_l("People involved"), render_kw={"rows": 3},
                                    description=_l("One name per line."))
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
    ], default="public",
        description=_l("People involved, and their attorneys or insurers, may have a right "
                       "to more records for a civil claim. This rule comes from an unconfirmed "
                       "summary of the statute: check it."))
    subject_relationship = LenientRadio(_l("About the person the records concern"), choices=[])
    subject_name = StringField(_l("Their full name"))
    subject_other_names = TextAreaField(_l("Other names they have used"),
                                        render_kw={"rows": 2},
                                        description=_l("One per line. Optional."))
    subject_birth_date = StringField(_l("Date of birth"), render_kw={"type": "date"})
    subject_birth_place = StringField(_l("Place of birth (city and country)"))
    subject_a_number = StringField(_l("A-number (optional)"),
                                   description=_l("The letter A and 8 or 9 digits, for "
                                                  "example A012345678."))


class FeesForm(FlaskForm):  # type: ignore[misc]
    fee_limit = StringField(_l("Most you agree to pay, in dollars"),
                            render_kw={"inputmode": "decimal"},
                            description=_l("The agency must ask you before charging more."))
    fee_waiver = TextAreaField(
        _l("Why releasing these records is in the public interest (optional)"),
        render_kw={"rows": 4},
        description=_l("Fill this in to ask for a fee waiver. Explain how the records will "
                       "help the public understand what the government did, and that you "
                       "will share what you learn."))
    expedite = TextAreaField(
        _l("Why you need the records quickly (optional; federal agencies only)"),
        render_kw={"rows": 4},
        description=_l("Fill this in to ask for expedited processing: a threat to someone's "
                       "life or safety, or, for people who publish news, an urgency to inform "
                       "the public. You will certify it is true."))
    format = LenientRadio(_l("How do you want the records?"), choices=[
        C("electronic", _l("Electronic files, by email or download")),
        C("paper", _l("Paper copies by mail")),
    ], default="electronic")
    delivery = LenientRadio(_l("How will you send this request?"), choices=[
        C("portal", _l("Through the agency's online portal")),
        C("mail", _l("By mail, because I have no internet access (asks for an exception)")),
    ], default="portal")


def set_agency_choices(form: AgencyForm, catalog: Catalog) -> None:
    form.agency.choices = [C(a.id, a.name) for a in catalog.agencies.values()]


def set_subject_choices(form: RequesterForm, law: str) -> None:
    if law == Law.PRIVACY_ACT:
        form.subject_relationship.choices = [
            C("self", _l("The records are about me")),
            C("guardian", _l("I am the parent or legal guardian of the person")),
        ]
    else:
        form.subject_relationship.choices = [
            C("none", _l("I do not have their consent (the usual case)")),
            C("consent", _l("They consent: they will sign a consent page")),
            C("deceased", _l("They have died: I will attach proof of death")),
        ]
