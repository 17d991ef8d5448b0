"""The wizard's frame (issue 11, "flow"), through the Flask test client: the step indicator
on every page in English and Spanish, step links that save before they move, an error
page that a reload does not send again, and a review page that says every answer in words
(labels, not ids; dates in the interface language) with each error naming its field."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from records.catalog import default_catalog
from records.web import forms, labels
from tests.test_wizard import finished, wizard_answers
from tests.wizard_helpers import Page, Wizard, errors_on, form_steps

ES = {"Accept-Language": "es-MX,es;q=0.9"}
TITLES_EN = {"agency": "Whose records and agency", "records": "Records",
             "requester": "Who is asking", "fees": "Fees and speed", "review": "Review"}
TITLES_ES = {"agency": "De quién y agencia", "records": "Documentos", "requester": "Quién pide",
             "fees": "Costos y rapidez", "review": "Revisar"}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def indicator(page: Page) -> str:
    element = page.by_id("step-indicator")
    assert element is not None, "no step indicator"
    return squash(element.text())


def nav(page: Page) -> Any:
    navs = [n for n in page.all("nav") if "progress" in n.get("class").split()]
    assert len(navs) == 1
    return navs[0]


# --- 1. the step indicator --------------------------------------------------------------


def test_every_step_says_which_of_five_it_is(wiz: Wizard) -> None:
    finished(wiz, "kcpd-sunshine-2019.json")
    for number, (step, title) in enumerate(TITLES_EN.items(), start=1):
        page = Page.of(wiz.get(step))
        assert indicator(page) == f"Step {number} of 5: {title}", step
        title_tag = page.all("title")[0].text()
        assert title_tag.startswith(f"Step {number} of 5: {title} - New request"), title_tag
        current = [li for li in nav(page).iter() if li.get("aria-current") == "step"]
        assert [squash(li.text()) for li in current] == [title], step
    wiz.client.post(wiz.url("done"), data={"csrf_token": wiz.csrf})
    done = Page.of(wiz.get("done"))
    assert indicator(done) == "Done: all 5 steps are complete"
    assert [squash(li.text()) for li in nav(done).iter()
            if li.get("aria-current") == "step"] == ["Done"]


def test_the_indicator_is_in_spanish(wiz: Wizard) -> None:
    """The step's title is Spanish now; the words around it ("Paso 2 de 5: ...") are one
    msgid with placeholders, translated in the final Spanish pass."""
    finished(wiz, "kcpd-sunshine-2019.json")
    for number, (step, title) in enumerate(TITLES_ES.items(), start=1):
        page = Page.of(wiz.get(step, headers=ES))
        text = indicator(page)
        assert text.endswith(f"{number} de 5: {title}") or \
            text.endswith(f"{number} of 5: {title}"), text
        for english in TITLES_EN.values():
            assert english not in text


def test_the_indicator_is_one_message_whose_words_a_translation_can_order(
        app: Flask, wiz: Wizard, monkeypatch: pytest.MonkeyPatch) -> None:
    """A translation of "Step %(number)s of %(total)s: %(title)s" is used whole, with the
    step's own translated title in it: Spanish reads "Paso 2 de 5: Documentos"."""
    from flask_babel import get_domain

    finished(wiz, "kcpd-sunshine-2019.json")
    with app.test_request_context(headers=ES):
        catalog = get_domain().get_translations()._catalog  # noqa: SLF001
    monkeypatch.setitem(catalog, "Step %(number)s of %(total)s: %(title)s",
                        "Paso %(number)s de %(total)s: %(title)s")
    page = Page.of(wiz.get("records", headers=ES))
    assert indicator(page) == "Paso 2 de 5: Documentos"


# --- 2. step links save, then move -----------------------------------------------------


def step_buttons(page: Page) -> dict[str, Any]:
    return {b.get("value"): b for b in nav(page).iter()
            if b.tag == "button" and b.get("name") == "goto"}


def test_on_a_form_step_each_step_link_is_a_button_of_the_steps_form(wiz: Wizard) -> None:
    finished(wiz, "ice-foia-2019.json")
    for step in ("agency", "records", "requester", "fees"):
        page = Page.of(wiz.get(step))
        forms_ = [f for f in page.all("form") if f.get("id") == "step-form"]
        assert len(forms_) == 1, step
        names = {e.get("name") for e in forms_[0].iter()}
        assert {"csrf_token", "version", "fingerprint"} <= names, step
        buttons = step_buttons(page)
        assert set(buttons) == set(TITLES_EN) - {step}, step
        for target, button in buttons.items():
            assert button.get("form") == "step-form" and button.get("type") == "submit"
            assert squash(button.text()) == TITLES_EN[target]
        # The form's default button (Enter in a field) saves and goes on, as before.
        first = [b for b in nav(page).iter() if b.tag == "button"][0]
        assert "hidden" in first.attrs and not first.get("name"), step
        assert not [a for a in nav(page).iter() if a.tag == "a"], step
    review = Page.of(wiz.get("review"))
    assert not step_buttons(review)
    links = {a.get("href") for a in nav(review).iter() if a.tag == "a"}
    assert links == {f"/new/{wiz.token}/{s}" for s in ("agency", "records", "requester",
                                                       "fees")}


def test_a_step_link_saves_what_was_typed_and_lands_on_the_chosen_step(wiz: Wizard) -> None:
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    data = {**form_steps(answers)["requester"], "requester_phone": "816-555-0199",
            "goto": "records"}
    response = wiz.post("requester", data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/new/{wiz.token}/records"
    assert wiz.answers()["requester"]["phone"] == "816-555-0199"
    back = Page.of(wiz.get("requester"))
    assert back.value("requester_phone") == "816-555-0199"
    assert not errors_on(back)


def test_a_step_link_saves_a_step_with_errors_and_shows_them_on_the_way_back(
        wiz: Wizard) -> None:
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    data = {**form_steps(answers)["requester"], "requester_email": "not-an-email",
            "requester_name": "", "goto": "fees"}
    response = wiz.post("requester", data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/new/{wiz.token}/fees"
    saved = wiz.answers()["requester"]
    assert saved["email"] == "not-an-email" and "name" not in saved
    assert not errors_on(Page.of(wiz.get("fees")))  # fees itself has nothing wrong
    back = Page.of(wiz.get("requester"))
    assert back.value("requester_email") == "not-an-email"
    shown = errors_on(back)
    assert len(shown) == 2 and any("not an email address" in e for e in shown), shown
    assert back.by_id("requester_email-error") is not None


def test_a_step_link_past_a_value_too_long_to_store_stays_to_keep_it(wiz: Wizard) -> None:
    from records.drafts import LIMITS

    answers = finished(wiz, "kcpd-sunshine-2019.json")
    long_name = "N" * (LIMITS["requester.name"] + 1)
    response = wiz.post("requester", {**form_steps(answers)["requester"],
                                      "requester_name": long_name, "goto": "agency"})
    assert response.status_code == 422  # not stored: only this page still holds it
    assert Page.of(response).value("requester_name") == long_name


def test_an_unknown_goto_is_ignored(wiz: Wizard) -> None:
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    for goto in ("done", "delete", "https://evil.example/", "../review"):
        response = wiz.post("records", {**form_steps(answers)["records"], "goto": goto})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/new/{wiz.token}/requester", goto


# --- 3. an error page is a GET: reloading it sends nothing ------------------------------


def test_a_save_with_errors_redirects_to_a_get_that_shows_them(wiz: Wizard) -> None:
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    data = {**form_steps(answers)["fees"], "fee_limit": "lots"}
    response = wiz.post("fees", data)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/new/{wiz.token}/fees?check=1"
    for _ in range(2):  # a reload is the same GET, with the same errors
        page = Page.of(wiz.client.get(response.headers["Location"]))
        assert page.value("fee_limit") == "lots"
        assert page.by_id("fee_limit-error") is not None
        assert page.all("title")[0].text().startswith("Error:")
    # Coming back later, by the address without ?check=1, shows them too.
    assert errors_on(Page.of(wiz.get("fees")))
    wiz.submit("fees", form_steps(answers)["fees"])
    assert not errors_on(Page.of(wiz.get("fees")))


def test_a_step_never_sent_shows_no_errors_until_asked(wiz: Wizard) -> None:
    wiz.start("blank")
    wiz.submit("agency", {"agency": "kcpd", "first_party": "no"})
    assert not errors_on(Page.of(wiz.get("requester")))
    checked = Page.of(wiz.client.get(wiz.url("requester") + "?check=1"))
    assert checked.by_id("requester_name-error") is not None, errors_on(checked)


def test_then_review_survives_the_redirect_after_errors(wiz: Wizard) -> None:
    answers = finished(wiz, "kcpd-sunshine-2019.json")
    page = Page.of(wiz.post_errors("fees", {**form_steps(answers)["fees"], "fee_limit": "x"},
                                   then="review"))
    assert page.by_id("fee_limit-error") is not None
    response = wiz.client.post(wiz.url("fees") + "?then=review&check=1",
                               data={**form_steps(answers)["fees"], "csrf_token": wiz.csrf})
    assert response.headers["Location"] == f"/new/{wiz.token}/review"


# --- 4. the review page says answers in words ---------------------------------------------


def answers_text(wiz: Wizard, **kwargs: Any) -> str:
    page = Page.of(wiz.get("review", **kwargs))
    return squash(page.all("dl", class_="answers")[0].text())


def test_review_shows_labels_not_ids_for_a_full_federal_draft(wiz: Wizard) -> None:
    answers = finished(wiz, "ice-foia-2019.json")
    text = answers_text(wiz)
    assert "Fee category: News media" in text
    assert "news-media" not in text
    for preset in default_catalog().presets_for("ice"):
        assert preset.id not in text
        assert (preset.title in text) == (preset.id in answers["records"]), preset.id
    ground = str(forms.GROUND_LABELS[answers["expedite_ground"]])  # type: ignore[index]
    assert f"Why it cannot wait: {ground}" in text and answers["expedite_ground"] not in text
    assert "Format: Electronic files, by email or download" in text
    assert "How you send it: Through the agency's online portal" in text
    assert "July 22, 2019" in text and "2019-07-22" not in text
    assert "10:00 AM" in text


def test_review_shows_capacity_relationship_and_birth_date_in_words(wiz: Wizard) -> None:
    finished(wiz, "kcpd-involved-attorney.json")
    text = answers_text(wiz)
    assert "Capacity: I am the attorney of a person involved (RSMo 610.100.4)" in text
    assert "attorney," not in text.split("Capacity:")[1][:5]
    answers = finished(wiz, "ice-privacy-act-self.json")
    text = answers_text(wiz)
    assert "How you stand to them: The records are about me" in text
    born = answers["subject"]["birth_date"]
    assert born not in text and re.search(r"\b(January|February|March|April|May|June|July|"
                                          r"August|September|October|November|December) "
                                          r"\d{1,2}, \d{4}", text)


def test_review_dates_are_spanish_words_in_spanish(wiz: Wizard) -> None:
    answers = finished(wiz, "ice-privacy-act-self.json")
    text = answers_text(wiz, headers=ES)
    assert "22 de julio de 2019" in text, text
    assert "2019-07-22" not in text and answers["subject"]["birth_date"] not in text
    assert "July" not in text


def test_an_unknown_record_id_is_named_as_such_and_errors_keep_their_field(
        wiz: Wizard) -> None:
    wiz.start("blank")
    wiz.submit("agency", {"agency": "kcpd", "first_party": "no"})
    wiz.post("records", {"records": ["kcpd-cad", "ice-i213"], "incident_date": "2019-07-22"})
    page = Page.of(wiz.get("review"))
    text = squash(page.all("dl", class_="answers")[0].text())
    cad = default_catalog().presets["kcpd-cad"]
    assert cad.title in text and "kcpd-cad" not in text
    assert "A record this agency does not list: ice-i213" in text
    problems = page.all("div", aria_labelledby="review-problems")[0]
    links = {a.get("href"): squash(a.text()) for a in problems.iter() if a.tag == "a"}
    name = f"/new/{wiz.token}/requester?then=review&check=1#requester_name"
    assert links[name].startswith("Who is asking: Your full name: ")
    # Each link opens its step with the error at the field.
    opened = Page.of(wiz.client.get(name.split("#")[0]))
    assert opened.by_id("requester_name-error") is not None


def test_labels_reuse_the_forms_words() -> None:
    """One source of words: a choice the wizard offers is said with its own label."""
    assert labels.FORMAT["paper"] is dict(
        (c.value, c.label) for c in forms.FeesForm.format.kwargs["choices"])["paper"]
    assert labels.DELIVERY["mail"] is forms.DELIVERY_LABELS["mail"]
    assert set(labels.RELATIONSHIP) >= {"self", "parent", "guardian", "consent", "deceased"}
    assert labels.word(labels.CATEGORY_NAMES, "made-up") == "made-up"
    assert labels.word(labels.CATEGORY_NAMES, None) == ""


def test_day_words_follow_the_interface_language(app: Flask) -> None:
    with app.test_request_context(headers=ES):
        assert labels.day_words("2019-07-22") == "22 de julio de 2019"
        assert labels.day_words("22/07/2019") == "22/07/2019"  # typed wrong: as typed
        assert labels.time_words("10:00") == "10:00"
    with app.test_request_context():
        assert labels.day_words("2019-07-22") == "July 22, 2019"
        assert labels.time_words("10:00").replace("\u202f", " ") == "10:00 AM"


def test_a_spanish_review_has_no_raw_ids(wiz: Wizard) -> None:
    answers = wizard_answers("ice-foia-2019.json")
    wiz.start("blank")
    wiz.fill(answers)
    text = answers_text(wiz, headers=ES)
    for raw in ("news-media", "urgency-to-inform", "electronic", "ice-"):
        assert raw not in text, raw
    assert "Categoría" in text or "Fee category" in text
