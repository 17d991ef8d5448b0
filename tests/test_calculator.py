"""The public deadline calculator (/deadlines) and /api/deadlines, through the Flask client."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from records.deadlines import compute_deadlines


class Page(HTMLParser):
    """Collects what the accessibility checks need: headings, labels, fields, scripts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.labels: set[str] = set()
        self.fields: dict[str, dict[str, str]] = {}
        self.ids: set[str] = set()
        self.scripts = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        elif tag == "label" and "for" in a:
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            self.fields[a.get("id", "")] = a
        elif tag == "script":
            self.scripts += 1


def get(client: FlaskClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    return response.data.decode()


def test_the_calculator_needs_no_login_and_no_javascript(client: FlaskClient) -> None:
    page = Page(get(client, "/deadlines"))
    assert page.scripts == 0
    assert page.headings[0] == 1


def test_every_field_has_a_real_label_and_headings_go_in_order(client: FlaskClient) -> None:
    html = get(client, "/deadlines?law=foia&agency=ice&received=2024-01-02"
                       "&kind1=determination&date1=2024-01-08&today=2024-02-01")
    page = Page(html)
    assert page.fields and all(fid in page.labels for fid in page.fields), page.fields.keys()
    assert {"kind1", "date1", "value1", "kind5"} <= set(page.fields)
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, page.headings


def test_the_page_shows_each_clock_with_its_explanation_and_safe_date(client: FlaskClient) -> None:
    html = get(client, "/deadlines?law=mo-sunshine&agency=kcpd&received=2026-07-01"
                       "&today=2026-07-02")
    assert "<details>" in html and "Day-by-day explanation" in html
    assert "<li>Thursday, July 2, 2026: day 1</li>" in html  # a date in words on a page
    assert "<strong>July 7, 2026</strong>: say the agency is late only after this date" in html
    assert ("July 6, 2026</strong>, statute only: a Saturday holiday has no Friday "
            "substitute") in html


def test_the_f3_appeal_shows_the_safer_calendar_date(client: FlaskClient) -> None:
    html = get(client, "/deadlines?law=foia&agency=ice&received=2024-01-02"
                       "&kind1=determination&date1=2024-01-08&today=2024-02-01")
    assert "May 15, 2024 (90 business days)" in html
    assert "<strong>April 5, 2024</strong>: act by this date (the earliest reading)" in html


def test_errors_sit_next_to_their_field_with_a_summary_at_the_top(client: FlaskClient) -> None:
    html = get(client, "/deadlines?law=foia&agency=ice&received=2024-02-30&today=2024-03-01",
               status=400)
    page = Page(html)
    assert html.index("There is a problem") < html.index("<form")
    assert ('<a href="#received">Received: “2024-02-30” is not a date we can use. Enter the '
            'date the request arrived, for example 2024-06-17.</a>') in html
    received = page.fields["received"]
    assert received["aria-invalid"] == "true"
    assert received["aria-describedby"].split() == ["received-hint", "received-error"]
    assert "received-error" in page.ids


def test_an_event_error_is_shown_on_its_row(client: FlaskClient) -> None:
    html = get(client, "/deadlines?law=foia&agency=ice&received=2024-09-03"
                       "&kind1=&date1=&kind2=resumed&date2=2024-09-06", status=400)
    page = Page(html)
    assert page.fields["kind2"]["aria-describedby"] == "event-2-error"
    assert "Nothing stopped the clock before this. Add the day the agency asked you a " \
        "question first." in html
    summary = html[html.index('class="error-summary"'):html.index("<form")]
    assert "resumed" not in summary and "toll" not in summary
    assert '<a href="#kind2">' in html


def test_a_row_with_a_kind_but_no_date_asks_for_the_date(client: FlaskClient) -> None:
    html = get(client, "/deadlines?law=foia&received=2024-09-03&kind1=tolled&date1=",
               status=400)
    assert "Choose what happened and enter the date it happened, for example 2024-06-17." \
        in html


def test_the_nav_and_the_home_page_link_to_the_calculator(client: FlaskClient) -> None:
    html = get(client, "/")
    assert html.count('href="/deadlines"') >= 2


# ---------------------------------------------------------------- the API
def test_the_api_returns_the_engines_json(client: FlaskClient) -> None:
    response = client.get("/api/deadlines?law=foia&agency=ice&received=2024-09-03"
                          "&event=tolled=2024-09-06&event=resumed=2024-09-20&today=2024-10-01")
    assert response.status_code == 200
    expected = compute_deadlines("foia", "2024-09-03", today=date(2024, 10, 1), agency="ice",
                                 events=["tolled=2024-09-06", "resumed=2024-09-20"])
    assert response.json == expected
    assert response.json["deadlines"][0]["due"] == "2024-10-16"


def test_the_api_defaults_today_to_chicago(client: FlaskClient) -> None:
    response = client.get("/api/deadlines?law=mo-sunshine&received=2024-07-19")
    assert response.status_code == 200 and response.json["today"] >= "2026-01-01"


@pytest.mark.parametrize(("query", "message"), [
    ("law=foia&received=2025-02-30", "received: 2025-02-30 is not a real date"),
    ("law=foia&received=2024-09-03&event=tolled=2024-09-01", "before the request was received"),
    ("law=foia&received=2024-09-03&event=resumed=2024-09-04", "resumed with no open toll"),
    ("law=foia&received=2024-09-03&event=tolled=2024-09-04&event=resumed=2024-09-05"
     "&event=tolled=2024-09-06", "a second information toll"),
    ("law=foia&received=2024-09-03&event=tolled:2024-09-04", "is not KIND=YYYY-MM-DD[:VALUE]"),
    ("law=foia&received=2024-09-03&event=nap=2024-09-04", "unknown event kind 'nap'"),
    ("law=sunshine&received=2024-09-03", "law: unknown law 'sunshine'"),
    ("law=foia&received=2024-09-03&agency=nsa", "agency: unknown agency 'nsa'"),
    ("received=2024-09-03", "law: required"),
    ("law=foia", "received: enter the date"),
    ("law=foia&received=0001-01-01", "out of range"),
    ("law=foia&received=2024-09-03&capacity=public", "capacity: applies only to Missouri"),
    ("law=privacy-act&received=2024-09-03&capacity=attorney", "capacity: applies only to"),
    ("law=foia&received=2024-09-03&closures=sometimes",
     "closures: must be both or count or ignore, not 'sometimes'"),
])
def test_bad_api_input_is_a_400_with_json_errors(client: FlaskClient, query: str,
                                                 message: str) -> None:
    response = client.get(f"/api/deadlines?{query}")
    assert response.status_code == 400
    errors: list[Any] = response.json["errors"]
    assert any(message in e for e in errors), errors


def test_the_api_takes_the_closures_choice(client: FlaskClient) -> None:
    for mode, due, safe in (("count", "2026-01-26", "2026-01-26"),
                            ("ignore", "2026-01-22", "2026-01-22")):
        response = client.get(f"/api/deadlines?law=foia&agency=ice&received=2025-12-22"
                              f"&today=2025-12-23&closures={mode}")
        assert response.status_code == 200 and response.json["closures_mode"] == mode
        first = response.json["deadlines"][0]
        assert (first["due"], first["safe_date"]) == (due, safe)
    both = client.get("/api/deadlines?law=foia&agency=ice&received=2025-12-22&today=2025-12-23")
    assert both.json["closures_mode"] == "both"
    assert both.json["deadlines"][0]["safe_date"] == "2026-01-26"


def test_the_form_refuses_an_involved_capacity_for_a_federal_law(client: FlaskClient) -> None:
    html = get(client, "/deadlines?law=foia&received=2024-09-03&capacity=attorney", 400)
    assert 'id="capacity-error"' in html and "This choice is only for Missouri requests" in html
    # The form always sends its default, "public": that is not an error.
    ok = get(client, "/deadlines?law=foia&received=2024-09-03&capacity=public")
    assert "/api/deadlines?" in ok and "capacity=" not in ok.split("/api/deadlines?")[1][:300]


def test_the_form_offers_the_closures_choice_and_reports_a_bad_one(client: FlaskClient) -> None:
    page = Page(get(client, "/deadlines"))
    assert "closures" in page.fields and "closures" in page.labels
    html = get(client, "/deadlines?law=foia&agency=ice&received=2025-12-22&closures=count")
    assert "January 26, 2026" in html and "closures=count" in html
    bad = get(client, "/deadlines?law=foia&received=2025-12-22&closures=x", 400)
    assert 'id="closures-error"' in bad


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(law=st.sampled_from(["foia", "mo-sunshine", "privacy-act", "", "x"]),
       received=st.text(max_size=12) | st.dates().map(str),
       event=st.text(max_size=25), capacity=st.text(max_size=8))
def test_no_input_ever_gives_a_server_error(client: FlaskClient, law: str, received: str,
                                            event: str, capacity: str) -> None:
    args = {"law": law, "received": received, "event": event, "capacity": capacity}
    for url in ("/api/deadlines", "/deadlines"):
        assert client.get(url, query_string=args).status_code in (200, 400)
