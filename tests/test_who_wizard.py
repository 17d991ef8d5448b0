"""The wizard's "who" questions through the web: the start page's links, the first
question, records pre-ticked for whose records they are, the chosen agency's warnings,
distinct words for the requester and the person the records are about, and suggestions."""

from __future__ import annotations

import re
from typing import Any

from records.catalog import default_catalog
from records.catalog.incidents import default_incidents
from tests.wizard_helpers import Page, Wizard, errors_on

INCIDENT = "kc-2019-07-22"


def start(wiz: Wizard, **form: str) -> dict[str, Any]:
    """Post the start form as its page would (hidden asking_for and agency included)."""
    response = wiz.client.post("/new/", data={"csrf_token": wiz.csrf, **form})
    assert response.status_code == 302, response.status_code
    match = re.fullmatch(r"/new/([A-Za-z0-9_-]+)/agency", response.headers["Location"])
    assert match, response.headers["Location"]
    wiz.token = match[1]
    return wiz.answers()


def visible_warnings(page: Page) -> list[str]:
    """The agency step's warning boxes that are not hidden, by agency radio id."""
    return [e.get("data-agency-warnings") for e in page.root.iter()
            if e.get("data-agency-warnings") and "hidden" not in e.attrs]


# --- the start page -----------------------------------------------------------------


def test_the_start_page_shows_the_links_choices_and_starts_with_them(wiz: Wizard) -> None:
    page = Page.of(wiz.client.get("/new/?asking_for=self&agency=ice&start=blank"))
    chosen = page.by_id("chosen")
    assert chosen is not None
    text = re.sub(r"\s+", " ", chosen.text())
    assert "My own records" in text and default_catalog().agencies["ice"].name in text
    assert page.checked("start") == ["blank"]
    hidden = {e.get("name"): e.get("value") for e in page.all("input", type="hidden")}
    assert hidden["asking_for"] == "self" and hidden["agency"] == "ice"

    answers = start(wiz, start="blank", asking_for="self", agency="ice")
    assert answers == {"asking_for": "self", "agency": "ice", "law": "privacy-act"}
    agency_page = Page.of(wiz.get("agency"))
    assert agency_page.checked("asking_for") == ["self"]
    assert agency_page.checked("agency") == ["ice"]


def test_the_start_page_ignores_unknown_values(wiz: Wizard) -> None:
    page = Page.of(wiz.client.get("/new/?asking_for=boss&agency=fbi&start=1999"))
    assert page.by_id("chosen") is None
    assert page.all("input", type="hidden", name="asking_for") == []
    assert page.checked("start") == [INCIDENT]  # the page's default
    answers = start(wiz, start="1999", asking_for="boss", agency="fbi")
    assert answers == {}


def test_starting_from_the_incident_with_an_agency_keeps_its_facts(wiz: Wizard) -> None:
    answers = start(wiz, start=INCIDENT, asking_for="consent", agency="ice")
    assert answers["incident"] == default_incidents()[INCIDENT].answers_incident()
    assert answers["law"] == "foia" and answers["asking_for"] == "consent"


def test_a_missouri_agency_from_a_link_takes_the_sunshine_law(wiz: Wizard) -> None:
    assert start(wiz, start="blank", asking_for="self", agency="kcpd")["law"] == "mo-sunshine"


# --- the agency step ----------------------------------------------------------------


def test_the_first_question_comes_before_the_agency_and_any_legal_term(wiz: Wizard) -> None:
    wiz.start("blank")
    page = Page.of(wiz.get("agency"))
    html = page.html
    question = html.index("Whose records are you asking for?")
    assert question < html.index('name="agency"')
    for term in ("Privacy Act", "FOIA", "Freedom of Information", "Sunshine"):
        assert term not in html[:question], term
    values = [e.get("value") for e in page.all("input", name="asking_for")]
    assert values == ["others", "self", "ward", "consent", "deceased"]
    assert page.all("input", name="first_party") == []


def test_only_the_chosen_agencys_warnings_show(wiz: Wizard) -> None:
    wiz.start("blank")
    assert visible_warnings(Page.of(wiz.get("agency"))) == []
    wiz.submit("agency", {"asking_for": "self", "agency": "ice"})
    page = Page.of(wiz.get("agency"))
    assert visible_warnings(page) == ["agency-" + str(
        list(default_catalog().agencies).index("ice"))]
    # Every agency's warnings are on the page for the script, but hidden.
    assert len([e for e in page.root.iter() if e.get("data-agency-warnings")]) >= 5
    # The next page, without any script, shows them too.
    records = Page.of(wiz.get("records"))
    box = records.by_id("agency-warnings")
    assert box is not None and "A-files" in box.text()


# --- records pre-ticked for whose records they are -------------------------------------


def ticked_after(wiz: Wizard, asking_for: str) -> list[str]:
    wiz.start(INCIDENT)
    wiz.submit("agency", {"asking_for": asking_for, "agency": "ice"})
    return list(wiz.answers()["records"])


def test_own_records_at_ice_from_the_incident_tick_no_press_statements(wiz: Wizard) -> None:
    own = ticked_after(wiz, "self")
    assert "ice-press" not in own and "ice-policies-2019" not in own
    assert "ice-i213" in own and "ice-use-of-force" in own
    page = Page.of(wiz.get("records"))
    offered = [e.get("value") for e in page.all("input", name="records")]
    assert "ice-press" in offered  # still available, after the suiting ones
    suiting = [r for r in offered if default_catalog().presets[r].suits("self")]
    assert offered[:len(suiting)] == suiting


def test_a_reporter_from_the_incident_gets_the_press_statements(wiz: Wizard) -> None:
    assert "ice-press" in ticked_after(wiz, "others")


def test_ticks_follow_a_changed_answer_until_the_user_changes_them(wiz: Wizard) -> None:
    reporter = ticked_after(wiz, "others")
    wiz.submit("agency", {"asking_for": "self", "agency": "ice"})
    assert "ice-press" not in wiz.answers()["records"]
    wiz.submit("agency", {"asking_for": "others", "agency": "ice"})
    assert wiz.answers()["records"] == reporter
    # The user's own choice is theirs: a new answer leaves it alone.
    wiz.submit("records", {"records": ["ice-press"], "incident_date": "2019-07-22"})
    wiz.submit("agency", {"asking_for": "self", "agency": "ice"})
    assert wiz.answers()["records"] == ["ice-press"]


# --- the requester and the person the records are about ---------------------------------


def labels(page: Page) -> dict[str, str]:
    return {e.get("for"): re.sub(r"\s+", " ", e.text()).strip()
            for e in page.all("label") if e.get("for")}


def test_the_requester_and_the_person_have_distinct_labels_and_errors(wiz: Wizard) -> None:
    wiz.start(INCIDENT)
    wiz.submit("agency", {"asking_for": "consent", "agency": "ice"})
    page = Page.of(wiz.get("requester"))
    shown = labels(page)
    assert shown["requester_name"] == "Your full name"
    assert shown["subject_name"] == "Full name of the person the records are about"
    for name in ("subject_other_names", "subject_birth_date", "subject_birth_place",
                 "subject_a_number", "subject_address"):
        assert shown[name].startswith("Their"), shown[name]
    response = wiz.post_errors("requester", {"requester_name": "", "subject_name": "",
                                             "requester_category": "other"})
    errors = Page.of(response)
    mine = errors.by_id("requester_name-error")
    theirs = errors.by_id("subject_name-error")
    assert mine is not None and "enter your full name" in mine.text()
    assert theirs is not None and \
        "enter the full name of the person the records are about" in theirs.text()


def test_own_records_ask_the_name_once_and_say_your(wiz: Wizard) -> None:
    wiz.start("blank")
    wiz.submit("agency", {"asking_for": "self", "agency": "ice"})
    page = Page.of(wiz.get("requester"))
    shown = labels(page)
    assert "subject_name" not in shown and "subject_relationship-0" not in shown
    assert shown["subject_birth_date"] == "Your date of birth"
    response = wiz.post_errors("requester", {"requester_name": "",
                                             "requester_category": "other",
                                             "subject_birth_place": "Lima, Peru"})
    found = errors_on(Page.of(response))
    assert any("enter your full name" in e for e in found), found
    assert any("enter your date of birth" in e for e in found), found
    assert not [e for e in found if "person the records are about" in e]
    wiz.post("requester", {"requester_name": "Ana Robles", "requester_category": "other"})
    assert wiz.answers()["subject"]["name"] == "Ana Robles"


def test_a_ward_is_asked_only_parent_or_guardian(wiz: Wizard) -> None:
    wiz.start("blank")
    wiz.submit("agency", {"asking_for": "ward", "agency": "ice"})
    page = Page.of(wiz.get("requester"))
    assert [e.get("value") for e in page.all("input", name="subject_relationship")] == [
        "parent", "guardian"]
    response = wiz.post_errors("requester", {"requester_category": "other",
                                             "subject_name": "Leo"})
    error = Page.of(response).by_id("subject_relationship-error")
    assert error is not None and "parent" in error.text() and "guardian" in error.text()


def test_the_subjects_name_is_offered_from_the_incidents_people(wiz: Wizard) -> None:
    wiz.start(INCIDENT)
    wiz.submit("agency", {"asking_for": "consent", "agency": "ice"})
    page = Page.of(wiz.get("requester"))
    field = page.by_id("subject_name")
    assert field is not None and field.get("list") == "incident-people"
    assert field.get("value", "") == ""  # offered, never filled in
    options = [e.get("value") for e in page.by_id("incident-people").iter() if e.tag == "option"]
    assert options == list(default_incidents()[INCIDENT].people)


def suggestion_hidden(wiz: Wizard) -> bool:
    box = Page.of(wiz.get("requester")).by_id("category-suggestion")
    assert box is not None
    return "hidden" in box.attrs


def test_an_organization_suggests_a_fee_category_without_choosing_it(wiz: Wizard) -> None:
    wiz.start("blank")
    wiz.submit("agency", {"asking_for": "others", "agency": "ice"})
    assert suggestion_hidden(wiz)
    wiz.post("requester", {"requester_organization": "KC Community Newsroom",
                           "requester_category": "other"})
    assert not suggestion_hidden(wiz)
    assert wiz.answers()["requester"]["category"] == "other"  # suggested, not chosen
    text = Page.of(wiz.get("requester")).by_id("category-suggestion").text()
    assert "News media" in text and "100 free pages" in text
    wiz.post("requester", {"requester_organization": "KC Community Newsroom",
                           "requester_category": "news-media"})
    assert suggestion_hidden(wiz)


def test_missouri_has_no_fee_suggestion_and_hints_involved_only_for_own(
        wiz: Wizard) -> None:
    wiz.start(INCIDENT)
    wiz.submit("agency", {"asking_for": "self", "agency": "kcpd"})
    page = Page.of(wiz.get("requester"))
    assert page.by_id("category-suggestion") is None
    # A hint, not a choice made for them: saved unread, a default would claim 610.100.4.
    assert page.checked("capacity") == ["public"]
    note = page.by_id("involved-hint")
    assert note is not None and "RSMo 610.100.4" in note.text()
    assert "Nothing is chosen for you" in note.text()
    wiz.submit("agency", {"asking_for": "consent", "agency": "kcpd"})
    page = Page.of(wiz.get("requester"))
    assert page.checked("capacity") == ["public"] and page.by_id("involved-hint") is None
