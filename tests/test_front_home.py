"""The front door (/) and the agency directory (/agencies), through the test client, in
English and in Spanish."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from records.catalog import Agency, default_catalog
from records.catalog.clock_rules import select_rule
from records.catalog.incidents import default_incidents
from records.vocabulary import ClockId
from records.web import home
from tests.conftest import TODAY
from tests.wizard_helpers import Element, Page

ES = {"Accept-Language": "es-MX,es;q=0.9"}
AGENCIES = list(default_catalog().agencies.values())
# The answers' `asking_for` values (contract 1 of issue 11): whose records.
ASKING_FOR = {"others", "self", "ward", "consent", "deceased"}


def get(client: FlaskClient, url: str, lang: str = "en") -> Page:
    response = client.get(url, headers=ES if lang == "es" else {})
    assert response.status_code == 200, url
    page = Page.of(response)
    assert f'<html lang="{lang}">' in page.html
    return page


def main(page: Page) -> Element:
    (found,) = page.all("main")
    return found


def flat(element: Element) -> str:
    return re.sub(r"\s+", " ", element.text()).strip()


def links(element: Element) -> list[tuple[str, dict[str, list[str]], str]]:
    """Every link inside `element`: (path, query, text)."""
    found = []
    for a in element.iter():
        if a.tag == "a" and a.get("href"):
            parts = urlsplit(a.get("href"))
            found.append((parts.path, parse_qs(parts.query), flat(a)))
    return found


def visible_ids(text: str) -> list[str]:
    """Catalog ids (agencies, calendars) that appear as words of `text`. An id is lower
    case; the text may name ICE or OGIS in capitals, and an email address may contain an id
    ("ice-foia@ice.dhs.gov"): neither counts."""
    ids = {a.id for a in AGENCIES} | {a.calendar for a in AGENCIES}
    return sorted(i for i in ids
                  if re.search(rf"(?<![\w@.\-/]){re.escape(i)}(?![\w@.\-])", text))


def section(page: Page, agency: Agency) -> Element:
    found = page.by_id(agency.id)
    assert found is not None and found.tag == "section", f"no section #{agency.id}"
    return found


# --- the home page -----------------------------------------------------------------------


def test_the_home_page_has_one_primary_action_first(client: FlaskClient) -> None:
    body = main(get(client, "/"))
    buttons = [a for a in body.iter() if a.tag == "a" and "button" in a.get("class").split()]
    assert [(a.get("href"), flat(a)) for a in buttons] == [("/new/", "Write a records request")]
    assert links(body)[0][0] == "/new/"  # the first link in the page's main part


def test_each_kind_of_user_has_an_entry_with_its_links(client: FlaskClient) -> None:
    page = get(client, "/")
    entries = {h.get("id"): h for h in page.all("h2")}

    def entry(heading_id: str) -> Element:
        assert heading_id in entries, f"no entry {heading_id}"
        (found,) = page.all("section", aria_labelledby=heading_id)
        return found

    reporter = links(entry("door-reporter"))
    assert [(p, q) for p, q, _ in reporter] == [
        ("/new/", {"asking_for": ["others"]}),
        ("/new/", {"asking_for": ["others"], "start": ["kc-2019-07-22"]})]
    assert "July 22, 2019" in reporter[1][2] and "4032 Harvard Circle" in reporter[1][2]
    assert "kc-2019-07-22" in default_incidents()

    family = links(entry("door-family"))
    assert [(p, q) for p, q, _ in family] == [
        ("/new/", {"asking_for": [who], "agency": ["ice"]})
        for who in ("self", "ward", "consent", "deceased")]
    assert [text for _, _, text in family] == [
        "My own records", "My child's, or those of a person under my guardianship",
        "A relative's or a client's, who agrees and signs", "A person who has died"]
    assert "ice" in default_catalog().agencies
    assert {q["asking_for"][0] for _, q, _ in reporter + family} <= ASKING_FOR

    advocate = links(entry("door-advocate"))
    assert [(p, t) for p, _, t in advocate] == [("/deadlines", "Check a deadline"),
                                                ("/requests", "Track your requests")]
    clinic = links(entry("door-clinic"))
    assert [(p, t) for p, _, t in clinic] == [("/batch", "Make letters from a spreadsheet")]
    assert ("/agencies", {}, "agency directory") in links(main(page))


def test_every_link_of_the_home_page_leads_somewhere(client: FlaskClient) -> None:
    """Each door opens: the wizard and the calculator directly, the tracker and the batch
    through the sign-in page."""
    for path, query, _ in links(main(get(client, "/"))):
        url = path + ("?" + "&".join(f"{k}={v[0]}" for k, v in query.items()) if query else "")
        response = client.get(url)
        if path in ("/requests", "/batch"):
            assert response.status_code == 302, url
            assert urlsplit(response.headers["Location"]).path == "/login", url
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_home_page_has_no_command_line_and_no_ids(client: FlaskClient, lang: str) -> None:
    page = get(client, "/", lang)
    assert "python -m records" not in page.html
    assert not page.all("code") and not page.all("table")
    assert visible_ids(page.text()) == []


def test_the_home_page_in_spanish(client: FlaskClient) -> None:
    page = get(client, "/", "es")
    (h1,) = page.all("h1")
    assert flat(h1).startswith("Pida bien los documentos públicos")
    nav = flat(page.all("nav")[0])
    assert "Agencias" in nav and "Calculadora de plazos" in nav
    assert "Ask for public records" not in page.html


def test_the_id_check_would_see_an_id() -> None:
    """A control for visible_ids: the old home page's table showed calendar ids."""
    assert visible_ids("Calendar: us-federal-dc") == ["us-federal-dc"]
    assert visible_ids("write to kcpd today") == ["kcpd"]
    assert visible_ids("Ask ICE: ice-foia@ice.dhs.gov") == []


# --- the agency directory ----------------------------------------------------------------


def test_the_nav_links_the_directory(client: FlaskClient) -> None:
    nav = get(client, "/deadlines").all("nav")[0]
    assert ("/agencies", {}, "Agencies") in links(nav)


def test_the_directory_lists_every_agency_by_name_with_its_write_link(
        client: FlaskClient) -> None:
    page = get(client, "/agencies")
    (index,) = page.all("nav", class_="agency-index")
    assert [(a.get("href"), flat(a), a.get("lang")) for a in index.iter() if a.tag == "a"] \
        == [(f"#{a.id}", a.name, "en") for a in sorted(AGENCIES, key=lambda a: a.is_federal)]
    for agency in AGENCIES:
        card = section(page, agency)
        (name,) = [h for h in card.iter() if h.tag == "h3"]
        assert (flat(name), name.get("lang")) == (agency.name, "en")
        writes = [a for a in card.iter() if a.tag == "a" and "write-to" in a.get("class")]
        assert len(writes) == 1
        assert urlsplit(writes[0].get("href"))[2:4] == ("/new/", f"agency={agency.id}")
        assert flat(writes[0]).startswith("Write to this agency")
        text = flat(card)
        assert agency.custodian_title in text
        (address,) = [e for e in card.iter() if e.tag == "address"]
        assert address.get("lang") == "en"
        assert [line.strip() for line in address.children if isinstance(line, str)] \
            == list(agency.address)
        for warning in agency.warnings:
            assert html.unescape(warning.text) in text, warning.text
            assert warning.citation in text
        for note in agency.notes:
            assert note.text in text, note.text
    assert visible_ids(page.text()) == []


def test_the_directory_gives_the_law_and_the_clock_from_the_catalog(
        client: FlaskClient) -> None:
    page = get(client, "/agencies")
    kcpd = flat(section(page, default_catalog().agency("kcpd")))
    assert "Missouri Sunshine Law (RSMo ch. 610)" in kcpd
    assert "An answer within 3 business days. — RSMo 610.023.3" in kcpd
    assert "Privacy Act" not in kcpd and "working days" not in kcpd
    ice = flat(section(page, default_catalog().agency("ice")))
    assert "Freedom of Information Act (5 U.S.C. 552)" in ice
    assert "Privacy Act (5 U.S.C. 552a): for your own records" in ice
    assert "A decision within 20 working days; up to 10 more working days" in ice
    assert "5 U.S.C. 552(a)(6)(A)(i)" in ice
    for agency in AGENCIES:  # every card states the row clocks.toml has for it today
        clock = ClockId.DETERMINATION if agency.is_federal else ClockId.RESPONSE
        rule = select_rule(clock, agency.law, agency.department, TODAY)
        assert rule is not None
        text = flat(section(page, agency))
        assert f"within {rule.length} " in text and rule.basis in text, agency.id


def test_the_directory_says_how_to_send_today(client: FlaskClient) -> None:
    page = get(client, "/agencies")

    def channels(agency_id: str) -> str:
        card = section(page, default_catalog().agency(agency_id))
        (dd,) = [dt for dt in card.iter() if dt.tag == "div"
                 and flat(dt).startswith("How to send a request")]
        return flat(dd)

    assert channels("kcpd") == "How to send a request By mail, to the address above"
    # DHS takes requests only through its portal since 2026-01-22 (6 CFR 5.3(a)(2)): the
    # catalog still lists ICE's email, but the page does not offer it.
    ice = channels("ice")
    assert "Through the agency's online portal: The DHS FOIA portal" in ice
    assert "By email" not in ice and "ice-foia@" not in ice
    assert "By email: ogis@nara.gov" in channels("ogis")
    card = section(page, default_catalog().agency("ice"))
    (portal,) = [a for a in card.iter() if a.tag == "a" and a.get("href").startswith("https:")]
    assert portal.get("href") == "https://www.dhs.gov/foia"
    assert "noopener" in portal.get("rel").split() and portal.get("lang") == "en"
    # A portal the catalog knows only by name is not made into a link.
    city = section(page, default_catalog().agency("kc-city"))
    assert not [a for a in city.iter() if a.tag == "a" and "://" in a.get("href")]
    assert "no web address on file" in flat(city)


def test_the_directory_marks_unconfirmed_facts(client: FlaskClient) -> None:
    page = get(client, "/agencies")

    def address_says(agency_id: str) -> str:
        card = section(page, default_catalog().agency(agency_id))
        (div,) = [d for d in card.iter() if d.tag == "div"
                  and flat(d).startswith("Mailing address")]
        return flat(div)

    assert not default_catalog().agency("kc-city").address_confirmed
    assert address_says("kc-city").endswith("(unconfirmed)")
    assert "unconfirmed" not in address_says("ice")
    # A note tagged U is flagged where it is shown.
    ice = section(page, default_catalog().agency("ice"))
    flagged = [flat(li) for li in ice.iter() if li.tag == "li" and "Mail Stop 5900" in flat(li)]
    assert len(flagged) == 1 and "Unconfirmed: check before relying on it." in flagged[0]


def test_a_custodian_name_is_marked_unless_confirmed(
        client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalog names no custodian today; a name it gives is flagged until confirmed."""
    catalog = default_catalog()
    named = replace(catalog.agency("kcpd"), custodian_name="Jane Roe")
    sure = replace(catalog.agency("ice"), custodian_name="John Doe", custodian_confirmed=True)
    agencies = {**catalog.agencies, "kcpd": named, "ice": sure}
    monkeypatch.setattr(home, "default_catalog", lambda: replace(catalog, agencies=agencies))
    page = get(client, "/agencies")

    def custodian(agency: Agency) -> str:
        (div,) = [d for d in section(page, agency).iter() if d.tag == "div"
                  and flat(d).startswith("Custodian of records")]
        return flat(div)

    assert custodian(named) == "Custodian of records Jane Roe, Custodian of Records (unconfirmed)"
    assert custodian(sure) == "Custodian of records John Doe, FOIA Officer"
    assert custodian(catalog.agency("uscis")) == "Custodian of records FOIA/PA Officer"


def test_the_directory_in_spanish(client: FlaskClient) -> None:
    page = get(client, "/agencies", "es")
    ice = section(page, default_catalog().agency("ice"))
    labels = [flat(e) for e in ice.iter() if e.tag == "dt"]
    assert {"Ley", "Dirección postal", "Advertencias"} <= set(labels)
    text = flat(ice)
    assert "Pida el A-file a USCIS." in text  # the warning, through the `tr` filter
    assert "Ask USCIS for the A-file." not in text
    assert "Ley de Libertad de Información" in text and "Por correo postal" in text
    assert "Ley Sunshine de Missouri" in flat(section(page, default_catalog().agency("kcpd")))
    # Names and addresses stay as the agency writes them, marked as English.
    (name,) = [h for h in ice.iter() if h.tag == "h3"]
    assert (flat(name), name.get("lang")) == ("U.S. Immigration and Customs Enforcement", "en")
    assert visible_ids(page.text()) == []
    assert "python -m records" not in page.html
