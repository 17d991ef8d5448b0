"""The deadline calculator in plain words (issue 11): events offered per law, errors in
words at their field, what to do now for each clock, and a clock without a date that says
why on its face. The app's today is 2026-11-23 (tests/conftest.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from flask.testing import FlaskClient

from records.deadlines import compute_deadlines
from tests.conftest import TODAY
from tests.wizard_helpers import Element, Page


def page(client: FlaskClient, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return Page.of(response)


def options(found: Page, select_id: str) -> list[tuple[str, str]]:
    select = found.by_id(select_id)
    assert select is not None
    return [(o.get("value"), " ".join(o.text().split())) for o in select.iter()
            if o.tag == "option"]


def section(found: Page, clock: str) -> Element:
    sections = [s for s in found.all("section") if s.get("aria-labelledby") == f"clock-{clock}"]
    assert sections, clock
    return sections[0]


def words(element: Element) -> str:
    return " ".join(element.text().split())


def letter_links(element: Element) -> list[str]:
    return [a.get("href") for a in element.iter() if a.tag == "a"
            and a.get("href").startswith("/deadlines/letter")]


# ------------------------------------------------------------------ events per law
def test_the_events_are_offered_in_words_and_only_for_the_chosen_law(
        client: FlaskClient) -> None:
    missouri = dict(options(page(client, "/deadlines?law=mo-sunshine"), "kind1"))
    federal = dict(options(page(client, "/deadlines?law=foia"), "kind1"))
    assert missouri["statement-requested"].startswith("I asked for the written reasons")
    assert missouri["responded"].startswith("The custodian answered")
    assert "tolled" not in missouri and "determination" not in missouri
    assert federal["tolled"] == "The agency asked me a question and stopped the clock"
    assert federal["determination-full"] == \
        "The agency answered: it gave me everything I asked for"
    assert "responded" not in federal and "statement-requested" not in federal
    # No option shows an engine id ("tolled:", "fee-tolled"): every label is words.
    for value, label in [*missouri.items(), *federal.items()]:
        assert f"{value}:" not in label and ("-" not in value or value not in label), label


def test_changing_the_law_reloads_the_form_with_its_events_and_no_errors(
        client: FlaskClient) -> None:
    found = page(client, "/deadlines?law=privacy-act&show=events&received=&agency=")
    assert "There is a problem" not in found.text() and found.by_id("results") is None
    assert "appeal-sent" in dict(options(found, "kind1"))
    law = found.by_id("law")
    assert law is not None and law.get("aria-describedby") == "law-hint"


def test_a_full_grant_is_its_own_choice_and_keeps_its_place_when_shown_again(
        client: FlaskClient) -> None:
    found = page(client, "/deadlines?law=foia&agency=ice&received=2026-09-01"
                         "&kind1=determination-full&date1=2026-09-20")
    chosen = [o.get("value") for o in found.by_id("kind1").iter()  # type: ignore[union-attr]
              if o.tag == "option" and "selected" in o.attrs]
    assert chosen == ["determination-full"] and found.value("value1") == ""
    assert "nothing to appeal" in found.main_text()


def test_an_event_of_the_other_law_is_refused_at_its_row_in_words(client: FlaskClient) -> None:
    found = page(client, "/deadlines?law=mo-sunshine&agency=kcpd&received=2026-11-02"
                         "&kind2=tolled&date2=2026-11-03", status=400)
    error = found.by_id("event-2-error")
    assert error is not None
    assert "“The agency asked me a question and stopped the clock” does not happen under " \
           "the Missouri Sunshine Law" in words(error)
    kind2 = found.by_id("kind2")
    assert kind2 is not None and kind2.get("aria-invalid") == "true"
    assert any(g.tag == "optgroup" and g.get("label") == "Not under this law"
               for g in kind2.iter())
    assert '<a href="#kind2">' in found_html(client, "/deadlines?law=mo-sunshine&agency=kcpd"
                                             "&received=2026-11-02&kind2=tolled"
                                             "&date2=2026-11-03")


def found_html(client: FlaskClient, url: str) -> str:
    return client.get(url).get_data(as_text=True)


# ------------------------------------------------------------------ errors in words
def test_errors_are_words_at_their_field_never_the_engines_syntax(client: FlaskClient) -> None:
    found = page(client, "/deadlines?law=foia&agency=ice&received=&kind1=tolled&date1=",
                 status=400)
    received = found.by_id("received-error")
    assert received is not None and words(received).endswith(
        "Enter the date the request arrived, for example 2024-06-17.")
    row = found.by_id("event-1-error")
    assert row is not None and "Choose what happened and enter the date it happened, for " \
        "example 2024-06-17." in words(row)
    before = page(client, "/deadlines?law=foia&agency=ice&received=2026-11-02"
                          "&kind1=routed&date1=2026-11-03&kind2=determination&date2=2025-11-03",
                  status=400)
    summary = before.all("div", **{"class": "error-summary"})[0]
    assert "Event 2: It is dated 2025-11-03, before the request arrived on 2026-11-02." \
        in words(summary)
    amount = page(client, "/deadlines?law=mo-sunshine&received=2026-11-02"
                          "&kind1=payment-requested&date1=2026-11-03", status=400)
    assert "Enter the amount the agency asked for, in dollars, for example 1200." \
        in amount.main_text()
    for shown in (found, before, amount):
        text = shown.main_text()
        assert not re.search(r"\b[a-z-]+=\d{4}", text), text  # KIND=DATE
        assert "YYYY-MM-DD" not in text and "event=" not in text
        assert "(known:" not in text


def test_the_api_keeps_its_own_syntax(client: FlaskClient) -> None:
    response = client.get("/api/deadlines?law=mo-sunshine&received=2026-11-02"
                          "&event=tolled=2026-11-03")
    assert response.status_code == 400
    assert response.json == {"errors": [
        "event 1: tolled=2026-11-03: tolled does not apply to mo-sunshine"]}


def test_you_are_asking_as_is_in_words(client: FlaskClient) -> None:
    labels = dict(options(page(client, "/deadlines"), "capacity"))
    assert labels["public"] == "A member of the public or a reporter"
    assert labels["attorney"] == "The attorney of a person involved (RSMo 610.100.4)"


# ------------------------------------------------------------------ what to do now
def now_text(found: Page, clock: str) -> str:
    box = [d for d in section(found, clock).iter() if d.tag == "div"
           and d.get("class") == "what-now"]
    assert box, clock
    return words(box[0])


def test_sunshine_before_on_and_after_the_due_date(client: FlaskClient) -> None:
    # Received Friday 2026-11-20: day 3 is Wednesday 2026-11-25.
    before = page(client, "/deadlines?law=mo-sunshine&agency=kcpd&received=2026-11-20")
    assert "The deadline is November 25, 2026. Check back on November 26, 2026" \
        in now_text(before, "response")
    assert letter_links(section(before, "response")) == []
    # Received Wednesday 2026-11-18: day 3 is today, Monday 2026-11-23.
    on = page(client, "/deadlines?law=mo-sunshine&agency=kcpd&received=2026-11-18")
    assert "Today is the last day." in now_text(on, "response")
    late = page(client, "/deadlines?law=mo-sunshine&agency=kcpd&received=2026-11-02")
    text = now_text(late, "response")
    assert "The custodian is late: the answer was due by November 5, 2026. Send a follow-up " \
           "letter." in text
    assert "Missouri Attorney General" in text and "RSMo 610.027.1" in text
    links = letter_links(section(late, "response"))
    kinds = [parse_qs(urlsplit(link).query)["kind"][0] for link in links]
    assert kinds == ["follow-up", "suit-notice"]
    query = parse_qs(urlsplit(links[0]).query)
    assert query["law"] == ["mo-sunshine"] and query["agency"] == ["kcpd"]
    assert query["received"] == ["2026-11-02"] and "today" not in query
    # Going to court: a date a year on, and the notice of the violation.
    court = now_text(late, "suit-by")
    assert "You can ask a court to enforce the law until" in court and "lawyer" in court


def _received_due_today() -> date:
    """A receipt date whose FOIA determination is due today (found by the engine)."""
    day = TODAY - timedelta(days=20)
    while True:
        found = compute_deadlines("foia", day, today=TODAY, agency="ice")
        if found["deadlines"][0]["due"] == TODAY.isoformat():
            return day
        day -= timedelta(days=1)
        assert day > TODAY - timedelta(days=60)


def test_foia_before_on_and_after_the_due_date(client: FlaskClient) -> None:
    before = page(client, "/deadlines?law=foia&agency=ice&received=2026-11-20")
    assert "Check back on" in now_text(before, "determination")
    received = _received_due_today().isoformat()
    on = page(client, f"/deadlines?law=foia&agency=ice&received={received}")
    # Due today, but another reading of the law gives the agency one more day: not "late
    # from tomorrow" (the next day would say to wait), but when to check back.
    on_text = now_text(on, "determination")
    assert "late from tomorrow" not in on_text and "Check back on" in on_text
    late = page(client, "/deadlines?law=foia&agency=ice&received=2026-09-01")
    text = now_text(late, "determination")
    assert "The agency is late" in text and "status inquiry" in text and "OGIS" in text
    kinds = [parse_qs(urlsplit(link).query)["kind"][0]
             for link in letter_links(section(late, "determination"))]
    assert kinds == ["status-inquiry", "appeal-no-determination", "ogis"]
    assert "Attorney General" not in text


def test_an_appeal_window_offers_the_appeal_letters(client: FlaskClient) -> None:
    found = page(client, "/deadlines?law=foia&agency=ice&received=2026-09-01"
                         "&kind1=determination&date1=2026-10-01")
    assert "You can appeal until December 30, 2026" in now_text(found, "appeal-by")
    kinds = [parse_qs(urlsplit(link).query)["kind"][0]
             for link in letter_links(section(found, "appeal-by"))]
    assert kinds == ["appeal-exemptions", "appeal-search"]


def test_a_letter_that_cannot_be_written_here_says_why_and_links_to_the_wizard(
        client: FlaskClient) -> None:
    privacy = page(client, "/deadlines?law=privacy-act&agency=ice&received=2026-09-01")
    box = section(privacy, "determination")
    assert letter_links(box) == []
    assert "date and place of birth" in now_text(privacy, "determination")
    assert "/new/?asking_for=self&agency=ice" in [a.get("href") for a in box.iter()
                                                  if a.tag == "a"]
    nobody = page(client, "/deadlines?law=foia&received=2026-09-01")
    assert letter_links(section(nobody, "determination")) == []
    assert "Choose the agency above" in now_text(nobody, "determination")


# ------------------------------------------------------------------ no fixed date
def test_a_clock_without_a_date_says_why_on_its_face(client: FlaskClient) -> None:
    found = page(client, "/deadlines?law=foia&agency=ice&received=2026-11-02"
                         "&kind1=tolled&date1=2026-11-04")
    box = section(found, "determination")
    shown = [d for d in box.iter() if d.tag == "dd"]
    due = words(shown[0])
    assert due.startswith("No fixed date: The clock is stopped: the agency asked you a "
                          "question")
    details = [d for d in box.iter() if d.tag == "details"][0]
    assert shown[0] not in list(details.iter())
    court = page(client, "/deadlines?law=mo-sunshine&received=2026-11-20")
    why = words([d for d in section(court, "suit-by").iter() if d.tag == "dd"][0])
    assert why.startswith("No fixed date: No lawsuit clock yet")


def test_a_sunshine_denial_offers_the_written_reasons(client: FlaskClient) -> None:
    found = page(client, "/deadlines?law=mo-sunshine&agency=kcpd&received=2026-11-02"
                         "&kind1=denied&date1=2026-11-04")
    text = now_text(found, "response")
    assert text.startswith("What to do now The agency refused on November 4, 2026. Ask for "
                           "the written reasons") and "RSMo 610.023.4" in text
    kinds = [parse_qs(urlsplit(link).query)["kind"][0]
             for link in letter_links(section(found, "response"))]
    assert kinds == ["denial-statement"]
    asked = page(client, "/deadlines?law=mo-sunshine&agency=kcpd&received=2026-11-02"
                         "&kind1=denied&date1=2026-11-04&kind2=statement-requested"
                         "&date2=2026-11-05")
    assert "Met: the answer came on November 4, 2026." in now_text(asked, "response")
