"""The wizard's questions for issue 8, through the Flask test client: each new answer is
asked where it applies (and only there), saved, shown on the review page, and its errors
land at its field; the incident's time window is shown in words, past midnight too; the
waiver is not offered for commercial use; DHS-only grounds are DHS-only; the no-internet
box belongs to a DHS letter by mail; a jail's 8 CFR 236.6 warning sits where a person is
named; and the Spanish pages have no English left among the new strings."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask

from records.catalog import default_catalog
from records.catalog.incidents import default_incidents
from records.drafts import Incident
from records.letters import window_words
from records.web import forms
from tests.live import step_form
from tests.test_wizard import field_block, finished, wizard_answers
from tests.wizard_helpers import Page, Wizard, errors_on, form_steps

INCIDENT = "kc-2019-07-22"
ES = {"Accept-Language": "es-MX,es;q=0.9"}


def text_of(page: Page, element_id: str) -> str:
    element = page.by_id(element_id)
    assert element is not None, element_id
    return re.sub(r"\s+", " ", element.text())


def block_text(page: Page, field_id: str) -> str:
    return re.sub(r"\s+", " ", field_block(page, field_id).text())


def review_answers(wiz: Wizard) -> str:
    page = Page.of(wiz.get("review"))
    answers = page.all("dl", class_="answers")
    assert answers
    return re.sub(r"\s+", " ", answers[0].text())


def about_the_person(monkeypatch: pytest.MonkeyPatch, preset_id: str) -> None:
    """Give one preset the "person" window (no preset of the catalog has one yet)."""
    presets = default_catalog().presets
    monkeypatch.setitem(presets, preset_id,
                        replace(presets[preset_id], window="person", needs="person"))


def post_with(wiz: Wizard, answers: dict[str, Any], step: str, **overrides: Any) -> Any:
    """Post a step; a save with errors is followed to the page that shows them."""
    response = wiz.post(step, {**form_steps(answers)[step], **overrides})
    if response.status_code == 303:
        return wiz.client.get(response.headers["Location"])
    return response


def assert_error_at(response: Any, field_id: str, message: str) -> Page:
    assert response.status_code == 200 and "check=1" in response.request.full_path
    page = Page.of(response)
    error = page.by_id(f"{field_id}-error")
    assert error is not None and message in error.text(), errors_on(page)
    assert any(e.get("id") == f"{field_id}-error" for e in field_block(page, field_id).iter())
    summary = page.all("div", class_="error-summary")[0]
    assert [a.get("href") for a in summary.iter() if a.tag == "a"] == [f"#{field_id}"]
    return page


# --- the incident: what happened, and the time span ----------------------------------------

def test_the_incident_summary_is_filled_from_the_preset_saved_and_reviewed(wiz: Wizard) -> None:
    wiz.start(INCIDENT)
    wiz.submit("agency", {"agency": "kcpd", "asking_for": "others"})
    page = Page.of(wiz.get("records"))
    summary = default_incidents()[INCIDENT].letter_summary
    assert page.value("incident_summary").strip() == summary
    data = {**form_steps({"agency": "kcpd", "law": "mo-sunshine"})["records"],
            "records": page.checked("records"), "incident_date": "2019-07-22",
            "incident_summary": "Officers <b>arrested</b> a man."}
    wiz.submit("records", data)
    assert wiz.answers()["incident"]["summary"] == "Officers <b>arrested</b> a man."
    html = wiz.get("review").get_data(as_text=True)
    assert "What happened: Officers &lt;b&gt;arrested&lt;/b&gt; a man." in html


def test_the_window_from_the_time_is_shown_and_can_be_widened(wiz: Wizard) -> None:
    wiz.start(INCIDENT)
    wiz.submit("agency", {"agency": "kcpd", "asking_for": "others"})
    shown = text_of(Page.of(wiz.get("records")), "incident-window")
    assert "from 9:00 a.m. to 12:00 p.m. on Monday, July 22, 2019" in shown
    assert "an hour before to two hours after the time above" in shown
    page = Page.of(wiz.get("records"))
    wiz.submit("records", {**_records_form(page), "incident_window_from": "07:00",
                           "incident_window_to": "15:30"})
    assert wiz.answers()["incident"]["window_from"] == "07:00"
    assert wiz.answers()["incident"]["window_to"] == "15:30"
    page = Page.of(wiz.get("records"))
    assert "from 7:00 a.m. to 3:30 p.m. on Monday, July 22, 2019" in text_of(
        page, "incident-window")
    assert page.value("incident_window_from") == "07:00"
    assert "from 7:00 a.m. to 3:30 p.m." in review_answers(wiz)


def test_a_window_past_midnight_reads_as_the_next_day(wiz: Wizard) -> None:
    wiz.start("blank")
    wiz.submit("agency", {"agency": "kcpd", "asking_for": "others"})
    page = Page.of(wiz.get("records"))
    wiz.submit("records", {**_records_form(page), "records": ["kcpd-cad"],
                           "incident_date": "2019-07-19", "incident_time": "23:30",
                           "incident_window_from": "23:00", "incident_window_to": "01:00"})
    shown = text_of(Page.of(wiz.get("records")), "incident-window")
    assert "from 11:00 p.m. on Friday, July 19, 2019, to 1:00 a.m. on Saturday, July 20, " \
        "2019" in shown
    # The default span of a late time runs past midnight as well.
    page = Page.of(wiz.get("records"))
    wiz.submit("records", {**_records_form(page), "incident_window_from": "",
                           "incident_window_to": ""})
    assert "from 10:30 p.m. on Friday, July 19, 2019, to 1:30 a.m. on Saturday, July 20, " \
        "2019" in text_of(Page.of(wiz.get("records")), "incident-window")
    # The same words as the letter's.
    incident = Incident(date(2019, 7, 19), time(23, 30))
    assert window_words(SimpleNamespace(incident=incident)) in text_of(  # type: ignore[arg-type]
        Page.of(wiz.get("records")), "incident-window")
    spanish = Page.of(wiz.get("records", headers=ES))
    assert "de 22:30 del viernes, 19 de julio de 2019, a 1:30 del sábado, 20 de julio de " \
        "2019" in text_of(spanish, "incident-window")


def test_without_a_time_the_window_is_the_whole_day(wiz: Wizard) -> None:
    finished(wiz, "ice-privacy-act-self.json")  # an incident date, no time
    assert "the whole day of Monday, July 22, 2019" in text_of(
        Page.of(wiz.get("records")), "incident-window")


def test_half_a_window_is_an_error_at_the_missing_end(wiz: Wizard) -> None:
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    response = post_with(wiz, answers, "records", incident_window_from="08:00")
    page = assert_error_at(response, "incident_window_to", "give both the start and the end")
    assert page.value("incident_window_from") == "08:00", "what was typed stays"
    window = page.by_id("incident-window")
    assert window is not None
    assert [e.attrs.get("open") for e in window.iter() if e.tag == "details"] == [""]


def _records_form(page: Page) -> dict[str, Any]:
    return step_form(page)


# --- records about the person: records_from --------------------------------------------------

def test_records_from_is_asked_only_with_a_record_about_the_person(
        wiz: Wizard, monkeypatch: pytest.MonkeyPatch) -> None:
    wiz.start("blank")
    wiz.submit("agency", {"agency": "kcpd", "asking_for": "others"})
    assert Page.of(wiz.get("records")).by_id("records_from") is None, "no such preset yet"
    about_the_person(monkeypatch, "kcpd-cad")
    page = Page.of(wiz.get("records"))
    box = page.all("input", name="records", value="kcpd-cad")[0]
    assert box.get("data-window") == "person"
    # On the page for the style sheet to reveal once ticked; hidden until then.
    assert "reveal-person" in field_block(page, "records_from").get("class").split()
    response = wiz.post_errors("records", {**_records_form(page), "records": ["kcpd-cad"],
                                           "incident_date": "2019-07-22"})
    assert_error_at(response, "records", "is about a person: name them under")
    page = Page.of(wiz.get("records"))  # the invalid answers were saved: a new version
    wiz.submit("records", {**_records_form(page), "records": ["kcpd-cad"],
                           "incident_date": "2019-07-22", "incident_people": "Ana Reyes",
                           "records_from": "2018-01-01"})
    assert wiz.answers()["records_from"] == "2018-01-01"
    page = Page.of(wiz.get("records"))
    assert page.value("records_from") == "2018-01-01"
    assert "reveal-person" not in field_block(page, "records_from").get("class").split()
    assert "Records about the person from: January 1, 2018" in review_answers(wiz)
    # A date after the letter's is refused at the field.
    response = wiz.post_errors("records", {**_records_form(page), "records_from": "2026-12-24"})
    assert_error_at(response, "records_from", "after the letter's date")
    page = Page.of(wiz.get("records"))
    # Without a record about the person, the date no longer applies.
    wiz.submit("records", {**_records_form(page), "records": ["kcpd-radio"],
                           "records_from": "2018-01-01"})
    assert "records_from" not in wiz.answers()


# --- who is asking: family capacity, represents, address, parent vs guardian -----------------

def test_an_attorney_insurer_or_family_member_names_the_person_they_act_for(
        wiz: Wizard) -> None:
    answers = finished(wiz, "kcpd-involved-attorney.json")
    page = Page.of(wiz.get("requester"))
    assert {e.get("value") for e in page.all("input", name="capacity")} == {
        "public", "involved", "attorney", "insurer", "family"}
    assert [e.get("value") for e in page.all("input", name="capacity")
            if e.get("data-acting-for")] == ["attorney", "insurer", "family"]
    assert page.value("represents") == "Ana Lucia Reyes"
    assert "Acting for: Ana Lucia Reyes" in review_answers(wiz)
    response = post_with(wiz, answers, "requester", capacity="family", represents="")
    assert_error_at(response, "represents", "the person involved you act for")
    wiz.submit("requester", {**form_steps(answers)["requester"], "capacity": "family",
                             "represents": "Ana Lucia Reyes"})
    assert wiz.answers()["capacity"] == "family"
    assert "parent or child of a person involved" in review_answers(wiz)
    # Back to a member of the public: the name no longer applies, and is dropped.
    wiz.submit("requester", {**form_steps(answers)["requester"], "capacity": "public"})
    assert "represents" not in wiz.answers()
    page = Page.of(wiz.get("requester"))
    assert "reveal-acting-for" in field_block(page, "represents").get("class").split()


def test_a_federal_request_has_no_represents_field(wiz: Wizard) -> None:
    finished(wiz, "ice-foia-2019.json")
    page = Page.of(wiz.get("requester"))
    assert page.by_id("represents") is None and page.all("input", name="capacity") == []


@pytest.mark.parametrize("example", ["ice-privacy-act-self.json", "ice-foia-2019.json"])
def test_the_subjects_current_address_is_asked_saved_and_reviewed(
        wiz: Wizard, example: str) -> None:
    answers = wizard_answers(example)
    if example == "ice-foia-2019.json":
        answers["subject"] = {"name": "Florencio Millan-Vazquez", "relationship": "consent"}
    answers["subject"]["address"] = "12 Elm Street\nKansas City, MO 64124"
    wiz.start("blank")
    wiz.fill(answers)
    if example == "ice-privacy-act-self.json":
        # One's own records: the requester's address is the person's, asked once (the
        # letter uses it, letters/privacy-act/letter.html).
        assert Page.of(wiz.get("requester")).by_id("subject_address") is None
        assert "address" not in wiz.answers()["subject"]
        return
    assert wiz.answers()["subject"]["address"] == "12 Elm Street\nKansas City, MO 64124"
    assert "6 CFR 5.21(d)" in block_text(Page.of(wiz.get("requester")), "subject_address")
    assert "Current address: 12 Elm Street, Kansas City, MO 64124" in review_answers(wiz)


def test_parent_and_guardian_are_two_choices_with_plain_explanations(wiz: Wizard) -> None:
    answers = wizard_answers("ice-privacy-act-self.json")
    answers["asking_for"] = "ward"  # a child or a person under guardianship
    answers["subject"] = {**answers["subject"], "name": "Ana Robles", "relationship": "guardian"}
    wiz.start("blank")
    wiz.fill(answers)
    page = Page.of(wiz.get("requester"))
    assert [e.get("value") for e in page.all("input", name="subject_relationship")] == [
        "parent", "guardian"]
    parent = text_of(page, "subject_relationship-0-help")
    guardian = text_of(page, "subject_relationship-1-help")
    assert "under 18" in parent and "sign a consent" in parent
    assert "court" in guardian and "attach" in guardian
    # The subject of the example is an adult: a parent cannot act for them.
    response = post_with(wiz, answers, "requester", subject_relationship="parent")
    assert_error_at(response, "subject_relationship", "18 or older")
    wiz.submit("requester", {**form_steps(answers)["requester"],
                             "subject_relationship": "parent",
                             "subject_birth_date": "2012-05-01"})
    assert wiz.answers()["subject"]["relationship"] == "parent"
    assert "I am the parent of a child under 18" in review_answers(wiz)
    wiz.submit("requester", {**form_steps(answers)["requester"],
                             "subject_relationship": "guardian"})
    assert "How you stand to them: A court appointed me as their legal guardian" \
        in review_answers(wiz)
    wiz.client.post(wiz.url("done"), data={"csrf_token": wiz.csrf})
    assert "court order that appointed you" in Page.of(wiz.get("done")).main_text()


# --- fees: waiver and dissemination ---------------------------------------------------------

def test_the_waiver_asks_two_different_questions_and_both_are_saved(wiz: Wizard) -> None:
    answers = finished(wiz, "ice-foia-2019.json")
    page = Page.of(wiz.get("fees"))
    waiver = page.by_id("waiver")
    assert waiver is not None and waiver.tag == "details" and "open" in waiver.attrs
    assert page.value("dissemination").strip() == answers["dissemination"]
    assert "Two different questions" in text_of(page, "waiver")
    assert "not in the box above" in block_text(page, "dissemination")
    assert "that is the next box" in block_text(page, "fee_waiver")
    assert wiz.answers()["dissemination"] == answers["dissemination"]
    assert "How you will share what you learn: Kansas City Community Newsroom" \
        in review_answers(wiz)
    response = post_with(wiz, answers, "fees", fee_waiver="")
    assert_error_at(response, "dissemination", "fill in the box above too")


def test_a_commercial_requester_is_not_offered_a_waiver(wiz: Wizard) -> None:
    answers = wizard_answers("ice-foia-2019.json")
    answers["requester"]["category"] = "commercial"
    for key in ("fee_waiver", "dissemination"):
        answers.pop(key)
    wiz.start("blank")
    wiz.fill(answers)
    page = Page.of(wiz.get("fees"))
    assert page.by_id("fee_waiver") is None and page.by_id("dissemination") is None
    assert "6 CFR 5.11(k)(3)" in text_of(page, "waiver-closed")
    # A hand-made post cannot put one in.
    wiz.submit("fees", {**form_steps(answers)["fees"], "fee_waiver": "Please waive.",
                        "dissemination": "I will blog."})
    assert "fee_waiver" not in wiz.answers() and "dissemination" not in wiz.answers()


def test_a_waiver_given_before_choosing_commercial_shows_its_error_at_the_field(
        wiz: Wizard) -> None:
    answers = finished(wiz, "ice-foia-2019.json")
    wiz.submit("requester", {**form_steps(answers)["requester"],
                             "requester_category": "commercial"})
    review = Page.of(wiz.get("review"))
    links = [a.get("href") for a in review.all("a") if "#fee_waiver" in a.get("href")]
    assert links == [f"/new/{wiz.token}/fees?then=review&check=1#fee_waiver"]
    response = wiz.post_errors("fees", form_steps(answers)["fees"])
    assert_error_at(response, "fee_waiver", "cannot get a fee waiver (6 CFR 5.11(k)(3))")


# --- expedited processing -----------------------------------------------------------------

def _grounds(page: Page) -> list[str]:
    return [e.get("value") for e in page.all("input", name="expedite_ground")]


def test_each_ground_is_explained_and_the_dhs_ones_are_only_for_dhs(wiz: Wizard) -> None:
    answers = finished(wiz, "ice-foia-2019.json")
    page = Page.of(wiz.get("fees"))
    assert _grounds(page) == ["none", "life-safety", "urgency-to-inform", "due-process",
                              "media-integrity"]
    assert page.checked("expedite_ground") == ["urgency-to-inform"]
    for i, ground in enumerate(_grounds(page)[1:], start=1):
        help_text = text_of(page, f"expedite_ground-{i}-help")
        assert str(forms.GROUND_HELP[ground]) in help_text  # type: ignore[index]
    assert "(E)(v)(I)" in text_of(page, "expedite_ground-1-help")
    assert "6 CFR 5.5(e)(1)(iii)" in text_of(page, "expedite_ground-3-help")
    assert "Your incident was in 2019" in text_of(page, "expedited")
    assert "an arrest in 2019 is not urgent today" in block_text(page, "expedite")
    assert "Why it cannot wait: I share news with the public" in review_answers(wiz)
    # EOIR is in the Department of Justice: only the statute's two grounds.
    wiz.submit("agency", {"agency": "eoir", "asking_for": "others"})
    page = Page.of(wiz.get("fees"))
    assert _grounds(page) == ["none", "life-safety", "urgency-to-inform"]
    assert "only by DHS agencies" in text_of(page, "expedited")
    # A DHS-only ground sent anyway is refused at the field.
    response = post_with(wiz, answers, "fees", expedite_ground="due-process")
    assert_error_at(response, "expedite_ground", "only DHS agencies accept this reason")


def test_a_dhs_only_ground_is_dropped_when_the_agency_is_not_dhs(wiz: Wizard) -> None:
    answers = wizard_answers("ice-foia-2019.json")
    answers["expedite_ground"] = "due-process"
    wiz.start("blank")
    wiz.fill(answers)
    assert wiz.answers()["expedite_ground"] == "due-process"
    wiz.submit("agency", {"agency": "eoir", "asking_for": "others"})
    assert "expedite_ground" not in wiz.answers()


def test_expedite_needs_a_ground_and_a_ground_needs_facts(wiz: Wizard) -> None:
    answers = finished(wiz, "ice-foia-2019.json")
    response = post_with(wiz, answers, "fees", expedite_ground="none")
    assert_error_at(response, "expedite_ground", "choose why the records cannot wait")
    response = post_with(wiz, answers, "fees", expedite="")
    assert_error_at(response, "expedite", "describe the facts")
    wiz.submit("fees", {**form_steps(answers)["fees"], "expedite": "",
                        "expedite_ground": "none"})
    assert "expedite" not in wiz.answers() and "expedite_ground" not in wiz.answers()


def test_a_missouri_request_asks_no_ground(wiz: Wizard) -> None:
    finished(wiz, "kcpd-sunshine-2019.json")
    page = Page.of(wiz.get("fees"))
    assert page.by_id("expedited") is None and _grounds(page) == []


# --- delivery: the no-internet exception ----------------------------------------------------

def test_a_dhs_letter_by_mail_says_the_requester_has_no_internet(wiz: Wizard) -> None:
    answers = finished(wiz, "ice-foia-2019.json")
    page = Page.of(wiz.get("fees"))
    box = page.by_id("no_internet")
    assert box is not None and box.get("type") == "checkbox" and "checked" not in box.attrs
    assert "reveal-mail" in field_block(page, "no_internet").get("class").split()
    assert page.all("input", name="delivery", value="mail")[0].get("data-mail") == "yes"
    response = post_with(wiz, answers, "fees", delivery="mail")
    page = assert_error_at(response, "delivery", "tick the box that says so")
    assert "reveal-mail" not in field_block(page, "no_internet").get("class").split()
    wiz.submit("fees", {**form_steps(answers)["fees"], "delivery": "mail", "no_internet": "y"})
    assert wiz.answers()["no_internet"] is True and wiz.answers()["delivery"] == "mail"
    assert "checked" in Page.of(wiz.get("fees")).by_id("no_internet").attrs  # type: ignore[union-attr]
    assert "No internet access" in review_answers(wiz)
    wiz.client.post(wiz.url("done"), data={"csrf_token": wiz.csrf})
    done = Page.of(wiz.get("done")).main_text()
    assert "Send it by mail" in done and "6 CFR 5.3(a)(2)" in done
    # Back to the portal: the box no longer applies.
    wiz.submit("fees", {**form_steps(answers)["fees"], "delivery": "portal",
                        "no_internet": "y"})
    assert "no_internet" not in wiz.answers()


def test_before_the_portal_rule_a_dhs_letter_asks_no_exception(
        app: Flask, wiz: Wizard) -> None:
    app.config["TODAY"] = date(2025, 6, 2)
    answers = wizard_answers("ice-foia-2019.json")
    wiz.start("blank")
    wiz.fill({**answers, "delivery": "mail"})
    page = Page.of(wiz.get("fees"))
    assert page.by_id("no_internet") is None
    assert "January 22, 2026" not in page.main_text()
    assert wiz.answers()["delivery"] == "mail" and "no_internet" not in wiz.answers()
    # ICE took email then: it is offered, and accepted.
    assert [e.get("value") for e in page.all("input", name="delivery")] == [
        "portal", "mail", "email"]
    wiz.submit("fees", {**form_steps(answers)["fees"], "delivery": "email"})
    assert wiz.answers()["delivery"] == "email"


def test_in_the_portal_era_a_dhs_letter_is_not_offered_email(wiz: Wizard) -> None:
    finished(wiz, "ice-foia-2019.json")
    page = Page.of(wiz.get("fees"))
    assert [e.get("value") for e in page.all("input", name="delivery")] == ["portal", "mail"]


def test_a_missouri_agency_asks_no_delivery(wiz: Wizard) -> None:
    finished(wiz, "kcpd-sunshine-2019.json")
    page = Page.of(wiz.get("fees"))
    assert page.by_id("no_internet") is None and page.all("input", name="delivery") == []


# --- a jail that houses ICE detainees -------------------------------------------------------

@pytest.mark.parametrize(("agency", "warned"), [("morgan-county-sheriff", True),
                                                ("kcpd", False)])
def test_the_8_cfr_236_6_warning_is_at_the_people_field(
        wiz: Wizard, agency: str, warned: bool) -> None:
    wiz.start(INCIDENT)
    wiz.submit("agency", {"agency": agency, "asking_for": "others"})
    page = Page.of(wiz.get("records"))
    people = block_text(page, "incident_people")
    assert ("8 CFR 236.6" in people) is warned
    if warned:
        control = page.by_id("incident_people")
        assert control is not None
        assert "incident_people-warning" in control.get("aria-describedby").split()
        spanish = Page.of(wiz.get("records", headers=ES))
        assert "prohíbe" in block_text(spanish, "incident_people")


# --- Spanish ---------------------------------------------------------------------------------

NEW_ENGLISH = (
    "What happened", "Ask for a wider span of time", "Records made at the incident",
    "From (time)", "To (time)", "Full name of the person involved", "Their current address",
    "I am the parent of a child under 18", "A court appointed me", "Ask for a fee waiver",
    "How you will share", "What the records will show", "Ask for faster processing",
    "Why it cannot wait", "I do not need faster processing", "life or physical safety",
    "I do not have internet access", "By mail", "cannot legally act", "the whole day",
    "Acting for", "Current address", "Waiting for the records", "Your incident was in",
    "a.m.", "p.m.",
)


@pytest.mark.parametrize("example", ["ice-foia-2019.json", "ice-privacy-act-self.json",
                                     "kcpd-involved-attorney.json"])
def test_the_spanish_pages_have_no_english_among_the_new_strings(
        wiz: Wizard, example: str) -> None:
    answers = wizard_answers(example)
    answers.setdefault("incident", {})["summary"] = "Resumen."
    if example == "ice-privacy-act-self.json":
        answers["subject"]["address"] = "Calle 1"
    wiz.start("blank")
    wiz.fill(answers)
    for step in ("records", "requester", "fees", "review"):
        text = Page.of(wiz.get(step, headers=ES)).main_text()
        left = [s for s in NEW_ENGLISH if s in text]
        assert left == [], (step, left)
    fees = Page.of(wiz.get("fees", headers=ES)).main_text()
    if example.startswith("ice"):
        assert "Por qué no puede esperar" in fees and "Pedir un trámite más rápido" in fees
