"""Helpers for the wizard's test-client tests: an HTTPS client, a tiny HTML reader, and a
driver that walks the wizard's steps the way a browser's form posts would."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

BASE_URL = "https://localhost"
# The page a browser would post from. Flask-WTF's SSL-strict check wants a same-origin
# Referer on https; see test_post_over_https_without_a_referer_is_accepted.
REFERER = BASE_URL + "/new/"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def today_in_chicago() -> date:
    """The app fixture's pinned "today" (tests/conftest.py), as the wizard sees it."""
    from tests.conftest import TODAY

    return TODAY


class HttpsClient(FlaskClient):
    """A test client that talks https://localhost (so Secure cookies count) and, like a
    browser posting a same-origin form, sends a Referer (set `referer = None` to omit)."""

    referer: str | None = REFERER

    def open(self, *args: Any, **kwargs: Any) -> TestResponse:
        if args and isinstance(args[0], str):
            kwargs.setdefault("base_url", BASE_URL)
            headers = dict(kwargs.pop("headers", None) or {})
            if self.referer is not None:
                headers.setdefault("Referer", self.referer)
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


def https_client(app: Any) -> HttpsClient:
    """The app's test client, as an HttpsClient."""
    app.test_client_class = HttpsClient
    client = app.test_client()
    assert isinstance(client, HttpsClient)
    return client


# --- a small HTML reader -----------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def get(self, name: str, default: str = "") -> str:
        return self.attrs.get(name, default)

    def iter(self) -> Iterator[Element]:
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()


def form_values(form: Element) -> dict[str, Any]:
    """What a browser sends for `form` as it stands: text and hidden inputs, textareas,
    ticked radios and checkboxes (as lists); buttons send nothing."""
    data: dict[str, Any] = {}
    for element in form.iter():
        name = element.get("name")
        if not name or element.tag == "button":
            continue
        if element.tag == "textarea":
            data[name] = element.text().removeprefix("\n")
        elif element.get("type") in ("radio", "checkbox"):
            if "checked" in element.attrs:
                data.setdefault(name, []).append(element.get("value"))
        elif element.tag == "input":
            data[name] = element.get("value")
    return data


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs})
        self.stack[-1].children.append(element)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


class Page:
    """A parsed HTML page: find elements by id, tag and attributes."""

    def __init__(self, html: str) -> None:
        self.html = html
        builder = _TreeBuilder()
        builder.feed(html)
        builder.close()
        self.root = builder.root

    @classmethod
    def of(cls, response: TestResponse) -> Page:
        return cls(response.get_data(as_text=True))

    def all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        found = []
        for element in self.root.iter():
            if tag is not None and element.tag != tag:
                continue
            if all(element.attrs.get(k.rstrip("_").replace("_", "-")) == v
                   for k, v in attrs.items()):
                found.append(element)
        return found

    def by_id(self, element_id: str) -> Element | None:
        hits = [e for e in self.root.iter() if e.attrs.get("id") == element_id]
        assert len(hits) <= 1, f"id {element_id!r} is used {len(hits)} times"
        return hits[0] if hits else None

    def ids(self) -> list[str]:
        return [e.attrs["id"] for e in self.root.iter() if "id" in e.attrs]

    def text(self) -> str:
        return re.sub(r"\s+", " ", self.root.text())

    def main_text(self) -> str:
        main = self.all("main")
        return re.sub(r"\s+", " ", main[0].text()) if main else self.text()

    def hrefs(self) -> list[str]:
        return [e.attrs[a] for e in self.root.iter() for a in ("href", "src", "action")
                if a in e.attrs]

    def value(self, element_id: str) -> str:
        """What a form control shows: an input's value or a textarea's text."""
        element = self.by_id(element_id)
        assert element is not None, f"no element with id {element_id!r}"
        if element.tag == "textarea":
            return element.text().removeprefix("\n")
        return element.get("value")

    def checked(self, name: str) -> list[str]:
        return [e.get("value") for e in self.all("input", name=name) if "checked" in e.attrs]

    def csrf_token(self) -> str:
        inputs = self.all("input", name="csrf_token")
        assert inputs, "no CSRF token on the page"
        return inputs[0].get("value")


# --- driving the wizard -------------------------------------------------------------


class Wizard:
    """One visitor's way through /new, with a real CSRF token scraped from the pages."""

    def __init__(self, client: HttpsClient) -> None:
        self.client = client
        self.token = ""
        self._csrf = ""

    @property
    def csrf(self) -> str:
        if not self._csrf:
            self._csrf = Page.of(self.client.get("/new/")).csrf_token()
        return self._csrf

    def url(self, step: str = "", then: str | None = None) -> str:
        base = f"/new/{self.token}/{step}"
        return base + (f"?then={then}" if then else "")

    def start(self, start: str = "blank") -> TestResponse:
        response = self.client.post("/new/", data={"start": start, "csrf_token": self.csrf})
        assert response.status_code == 302, response.status_code
        match = re.fullmatch(r"/new/([A-Za-z0-9_-]+)/agency", response.headers["Location"])
        assert match, response.headers["Location"]
        self.token = match[1]
        return response

    def get(self, step: str, **kwargs: Any) -> TestResponse:
        return self.client.get(self.url(step), **kwargs)

    def post(self, step: str, data: Mapping[str, Any], then: str | None = None,
             csrf: bool = True) -> TestResponse:
        form = dict(data)
        if csrf:
            form.setdefault("csrf_token", self.csrf)
        return self.client.post(self.url(step, then), data=form)

    def post_errors(self, step: str, data: Mapping[str, Any],
                    then: str | None = None) -> TestResponse:
        """Post a step that has errors: the answers are saved and the browser is sent
        (303) to a GET of the same step that shows the errors; return that page."""
        response = self.post(step, data, then)
        assert response.status_code == 303, (step, response.status_code)
        location = response.headers["Location"]
        query = "then=review&check=1" if then == "review" else "check=1"
        assert location == f"{self.url(step)}?{query}", location
        page = self.client.get(location)
        assert page.status_code == 200, (location, page.status_code)
        return page

    def submit(self, step: str, data: Mapping[str, Any]) -> TestResponse:
        """Post a step that must be accepted."""
        response = self.post(step, data)
        assert response.status_code == 302, (step, response.status_code,
                                             errors_on(Page.of(response)))
        return response

    def fill(self, answers: Mapping[str, Any]) -> None:
        """Post every form step with the form fields that express `answers`."""
        for step, data in form_steps(answers).items():
            self.submit(step, data)

    def answers(self) -> dict[str, Any]:
        """The answers saved in the database for this draft (read through the store)."""
        from records.store import DraftStore
        from records.web import database

        app = self.client.application
        with app.app_context():
            row = DraftStore(database.session()).load(self.token,
                                                      now=datetime.now(ZoneInfo("UTC")))
            assert row is not None
            return dict(row.answers)


def errors_on(page: Page) -> list[str]:
    return [re.sub(r"\s+", " ", e.text()).strip() for e in page.all("p", class_="field-error")]


def form_steps(answers: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The form data each step would post to express an answers dict (docs/interfaces.md)."""
    incident = answers.get("incident") or {}
    requester = answers.get("requester") or {}
    subject = answers.get("subject") or {}
    law = answers.get("law")
    from records.asking import derived
    from records.web.steps import SUBJECT_HIDDEN

    agency = {"agency": answers["agency"], "asking_for": derived(answers) or "others"}
    records = {"records": list(answers.get("records") or []),
               "incident_date": incident.get("date", ""),
               "incident_time": incident.get("time", ""),
               "incident_place": incident.get("place", ""),
               "incident_window_from": incident.get("window_from", ""),
               "incident_window_to": incident.get("window_to", ""),
               "incident_people": "\n".join(incident.get("people") or []),
               "incident_summary": incident.get("summary", ""),
               "description": answers.get("description", "")}
    if "records_from" in answers:  # asked only with a record about the person
        records["records_from"] = answers["records_from"]
    requester_form = {"requester_" + k: requester.get(k, "")
                      for k in ("name", "organization", "address", "email", "phone")}
    if law == "mo-sunshine":
        requester_form["capacity"] = answers.get("capacity", "public")
        requester_form["represents"] = answers.get("represents", "")
    else:
        requester_form["requester_category"] = requester.get("category", "other")
        requester_form["subject_relationship"] = subject.get("relationship", "none")
        requester_form.update({
            "subject_name": subject.get("name", ""),
            "subject_other_names": "\n".join(subject.get("other_names") or []),
            "subject_birth_date": subject.get("birth_date", ""),
            "subject_birth_place": subject.get("birth_place", ""),
            "subject_a_number": subject.get("a_number", ""),
            "subject_address": subject.get("address", ""),
        })
        # The page shows only the subject's fields whose records leave to ask.
        for name in SUBJECT_HIDDEN.get(derived(answers), ()):
            requester_form.pop(name, None)
    fees = {"fee_limit": str(answers.get("fee_limit", "")),
            "fee_waiver": answers.get("fee_waiver", ""),
            "dissemination": answers.get("dissemination", ""),
            "format": answers.get("format", "electronic")}
    if law != "mo-sunshine":
        fees["expedite"] = answers.get("expedite", "")
        fees["expedite_ground"] = answers.get("expedite_ground", "none")
    if "delivery" in answers:
        fees["delivery"] = answers["delivery"]
    if answers.get("no_internet"):
        fees["no_internet"] = "y"  # a ticked checkbox; an unticked one sends nothing
    return {"agency": agency, "records": records, "requester": requester_form, "fees": fees}


def local_links(page: Page) -> list[str]:
    """Every same-site URL on a page (links, frames, form actions)."""
    out = []
    for href in page.hrefs():
        parts = urlsplit(href)
        if parts.netloc in ("", "localhost"):
            out.append(href)
    return out
