"""No English sentence on a Spanish page (issue 11, contract 5).

Each page in PAGES is rendered with the interface in Spanish (the visible switch /lang/es)
and read as a browser shows it: text nodes, plus the attributes a user meets (aria-label,
title, placeholder, alt); never <script> or <style>. Content that is English on purpose (the
letter, agency names and addresses as the agency writes them, titles quoted as the English
letter says them, citations, form numbers) sits inside an element with lang="en" and is
skipped. Anything else is English when

(a) it is the exact English of an interface string whose Spanish differs (every msgid of
    translations/messages.pot) or of a data text (every `en` of records/catalog/es.toml), or
(b) a text has two or more English function words that are not Spanish words ("the",
    "your", "with", ...), and more of them than Spanish ones ("de", "la", "que", ...): an
    untranslated sentence that is in neither catalog. (A Spanish sentence may quote an
    English name; it has more Spanish function words than English ones.)

The user's own words (names, addresses, the description they typed) are theirs, in their
language, and are not counted. Each offending string is printed with the page it was on.

PAGES: the lead adds the pages that arrive with other branches (the agency directory at
/agencies, new wizard steps, the calculator's letters) as one line each. A URL may use
the placeholders of Visit: {kcpd}, {ice} and {mother} (wizard drafts from the 2019
incident: the reporter's KCPD and ICE letters and a mother's consent request to ICE for
her detained son), {self} (a Privacy Act request for one's own records), {blank} (a draft
with nothing filled in) and {request} (a request in the signed-in user's tracker).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tinyhtml5
from babel.messages.pofile import read_po
from flask import Flask

from records.catalog.translations import default_translations
from tests.conftest import load_example
from tests.tracker_web_helpers import make_request, make_user, sign_in
from tests.wizard_helpers import HttpsClient, Wizard, https_client

ROOT = Path(__file__).resolve().parent.parent
INCIDENT = "kc-2019-07-22"


@dataclass(frozen=True)
class SpanishPage:
    name: str
    url: str  # with Visit's placeholders
    status: int = 200


CALCULATOR_MO = ("/deadlines?law=mo-sunshine&received=2026-11-02&agency=kcpd&today=2026-11-23"
                 "&kind1=payment-requested&date1=2026-11-05&value1=35")
CALCULATOR_FED = ("/deadlines?law=foia&received=2026-11-02&agency=ice&today=2026-11-23"
                  "&kind1=tolled&date1=2026-11-04&kind2=resumed&date2=2026-11-09")

# Every page the test reads in Spanish. Add a page here as one line.
PAGES: list[SpanishPage] = [
    SpanishPage("home", "/"),
    SpanishPage("start", "/new/"),
    SpanishPage("start from the incident", f"/new/?start={INCIDENT}"),
    *(SpanishPage(f"{who} {step}", f"/new/{{{who}}}/{step}")
      for who in ("kcpd", "ice", "mother")
      for step in ("agency", "records", "requester", "fees", "review", "done")),
    SpanishPage("self review", "/new/{self}/review"),
    SpanishPage("self done", "/new/{self}/done"),
    SpanishPage("unfinished review", "/new/{blank}/review"),
    SpanishPage("kcpd resumen", "/new/{kcpd}/resumen"),
    SpanishPage("ice resumen", "/new/{ice}/resumen"),
    SpanishPage("mother resumen", "/new/{mother}/resumen"),
    SpanishPage("self resumen", "/new/{self}/resumen"),
    SpanishPage("calculator", "/deadlines"),
    SpanishPage("calculator, Missouri results", CALCULATOR_MO),
    SpanishPage("calculator, federal results", CALCULATOR_FED),
    SpanishPage("tracker dashboard", "/requests"),
    SpanishPage("tracker request", "/requests/{request}"),
    SpanishPage("batch index", "/batch"),
    SpanishPage("agency directory", "/agencies"),
    SpanishPage("start for ICE, own records", "/new/?asking_for=self&agency=ice"),
    SpanishPage("calculator letter form", "/deadlines/letter?kind=follow-up&law=mo-sunshine"
                "&agency=kcpd&received=2026-11-02"),
]

# English function words that are not Spanish words (so "a", "de", "en", "no", "son", "he",
# "me" are not here). Two of them in one text make it an English sentence.
_ENGLISH = """
the and your you of to with this for is are was were be been has have had from that which
what when will would it its our their they them not or an at by on in if can may must should
please about into any each only before after these those there here who how than do does
did we my me she his her him up out more most other such no
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split()) - {"no", "me"}
# Spanish function words: a Spanish sentence that quotes an English name ("la orden
# (Warrant for Arrest of Alien)") has more of these than English ones.
_SPANISH = """
de la el los las que y en por para con un una del al se su sus es son lo le les como pero
si más este esta ese esa hay usted sin sobre entre
"""
SPANISH_WORDS = frozenset(_SPANISH.split())
WORD = re.compile(r"[A-Za-zÁÉÍÓÚÑáéíóúñü']+")
SKIPPED = {"script", "style", "template"}
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


# --- the English to look for -----------------------------------------------------------


@cache
def english_strings() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(whole, parts): English that must not be a whole visible text, and English long
    enough (3 words or more) that it must not be any part of one."""
    with open(ROOT / "translations/es/LC_MESSAGES/messages.po", "rb") as f:
        catalog = read_po(f)
    texts: set[str] = set()
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid and msgid not in strings:
                # A placeholder is filled in on the page: look for the text around it.
                texts.update(part.strip() for part in re.split(r"%\(\w+\)[sd]|%[sd]", msgid))
    texts.update(en for en, es in default_translations().items() if en != es)
    texts = {t for t in texts if re.search(r"[A-Za-z]{2}", t)}
    whole = tuple(sorted(texts))
    parts = tuple(sorted(t for t in texts if len(t.split()) >= 3))
    return whole, parts


# --- what a user sees ------------------------------------------------------------------


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def visible_texts(html: str) -> list[str]:
    """The page's visible texts outside [lang=en], each squeezed to single spaces."""
    found: list[str] = []

    def add(text: str | None) -> None:
        if text and text.strip():
            found.append(re.sub(r"\s+", " ", text).strip())

    def walk(element: Any) -> None:
        tag = _local(element.tag)
        if tag in SKIPPED or element.get("lang", "").lower().startswith("en"):
            return
        for name in SHOWN_ATTRIBUTES:
            add(element.get(name))
        add(element.text)
        for child in element:
            walk(child)
            add(child.tail)  # the child's tail is in this element's language

    walk(tinyhtml5.parse(html))
    return found


def english_on(html: str, users_words: set[str]) -> list[str]:
    whole, parts = english_strings()
    offending = []
    for text in visible_texts(html):
        for own in sorted(users_words, key=len, reverse=True):
            text = text.replace(own, " ")
        bare = text.strip(" :.,;()¿?¡!*-")
        if not bare:
            continue
        if bare in whole:
            offending.append(f"interface string: {bare!r}")
            continue
        part = next((p for p in parts if p in text), None)
        if part is not None:
            offending.append(f"contains interface string {part!r}: {text!r}")
            continue
        words = [w.lower() for w in WORD.findall(text)]
        english = sum(w in ENGLISH_WORDS for w in words)
        if english >= 2 and english > sum(w in SPANISH_WORDS for w in words):
            offending.append(f"English words: {text!r}")
    return offending


# --- the drafts the pages show ---------------------------------------------------------


def _answers(base: str, **changes: Any) -> dict[str, Any]:
    answers = copy.deepcopy(load_example(base))
    answers.pop("date", None)  # the wizard dates the letter today
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


MOTHER = _answers(
    "ice-foia-2019.json",
    records=["ice-i200", "ice-i213", "ice-i247", "ice-earm", "ice-custody-forms"],
    description=None, fee_waiver=None, dissemination=None, expedite=None,
    expedite_ground=None, fee_limit=25, delivery="portal",
    requester={"name": "María Hernández", "address": "1200 Central Avenue, Kansas City, KS 66102",
               "email": "maria.hernandez@example.org", "category": "other"},
    subject={"name": "Florencio Millan-Vazquez", "relationship": "consent",
             "birth_date": "1985-03-14", "birth_place": "Guanajuato, México"})
DRAFTS = {
    "kcpd": (INCIDENT, _answers("kcpd-sunshine-2019.json")),
    "ice": (INCIDENT, _answers("ice-foia-2019.json")),
    "mother": (INCIDENT, MOTHER),
    "self": ("blank", _answers("ice-privacy-act-self.json")),
}


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield from (line.strip() for line in value.splitlines() if line.strip())
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def users_words() -> set[str]:
    """Everything the drafts' users typed (not the preset ids they ticked)."""
    typed = set()
    for _, answers in DRAFTS.values():
        typed |= set(_strings({k: v for k, v in answers.items() if k != "records"}))
    return {t for t in typed if len(t) > 3}


class Visit(dict[str, str]):
    """A Spanish-speaking visitor, signed in, whose drafts and tracked request are made the
    first time a page asks for them."""

    def __init__(self, app: Flask) -> None:
        super().__init__()
        self.app = app
        self.client: HttpsClient = https_client(app)
        self.user = make_user(app)
        sign_in(self.client, self.user)
        response = self.client.get("/lang/es")
        assert response.status_code == 302 and self.client.get_cookie("lang").value == "es"

    def __missing__(self, key: str) -> str:
        if key == "request":
            value = str(make_request(self.app, self.user))
        else:
            wiz = Wizard(self.client)
            start, answers = DRAFTS.get(key, ("blank", {}))
            wiz.start(start)
            if answers:
                wiz.fill(answers)
            value = wiz.token
        self[key] = value
        return value


# --- the tests -------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_no_english_on_the_spanish_page(app: Flask, page: SpanishPage) -> None:
    visit = Visit(app)
    url = page.url.format_map(visit)
    response = visit.client.get(url)
    assert response.status_code == page.status, (page.name, url, response.status_code)
    html = response.get_data(as_text=True)
    assert re.search(r'<html[^>]* lang="es"', html), f"{page.name}: not marked Spanish"
    offending = english_on(html, users_words())
    assert not offending, f"English on the Spanish page {page.name!r} ({url}):\n" + "\n".join(
        f"  {page.name}: {o}" for o in offending)


def test_the_detector_finds_english_and_spares_lang_en_names_and_citations() -> None:
    whole, parts = english_strings()
    assert "Download the PDF" in whole and "Records" in whole
    page = ('<html lang="es"><head><title>Hola</title><style>p{color:red}</style></head><body>'
            '<p>Download the PDF</p>'
            '<p>Please send this to the agency before the date.</p>'
            '<p lang="en">Please send this to the agency before the date.</p>'
            '<p>Su carta para <span lang="en">the Custodian of Records</span> está lista.</p>'
            '<p>Ley: 5 U.S.C. 552(b)(6), (b)(7)(C). Kansas City Missouri Police Department.</p>'
            '<button aria-label="Close this window for me">x</button>'
            '<script>var the = "and your";</script>'
            '<p>Escrito por Jordan Alvarez of the Newsroom.</p></body></html>')
    found = english_on(page, {"Jordan Alvarez of the Newsroom"})
    assert found == ["interface string: 'Download the PDF'",
                     "English words: 'Please send this to the agency before the date.'",
                     "English words: 'Close this window for me'"], found


def test_the_vocabulary_and_the_engine_words_have_spanish() -> None:
    """The words Python hands to the Spanish pages (clock titles, statuses, laws, event
    labels, the safe date's meaning, the portal's field labels) each have Spanish."""
    from babel.support import Translations

    from records.deadlines.model import NO_SAFE_DATE, SAFE_FOR
    from records.vocabulary import CLOCK_TITLES, EVENT_KINDS, LAW_NAMES, STATUS_NAMES
    from records.web.messages import PORTAL_LABELS

    spanish = Translations.load(str(ROOT / "translations"), ["es"])
    words = [*CLOCK_TITLES.values(), *STATUS_NAMES.values(), NO_SAFE_DATE,
             *SAFE_FOR.values(), *(spec.label for spec in EVENT_KINDS.values()),
             *(n.choice for n in LAW_NAMES.values()), *(n.title for n in LAW_NAMES.values()),
             *PORTAL_LABELS]
    untranslated = [w for w in words if spanish.gettext(w) == w]
    assert not untranslated, untranslated


def test_every_citation_a_spanish_user_meets_in_a_note_is_explained() -> None:
    from records.catalog import default_catalog
    from records.guidance import guidance
    from records.web.citations import explain
    from tests.test_i18n_data import DRAFTS as VARIANTS

    cites = {n.citation for d in VARIANTS for n in guidance(d) if n.citation}
    cites |= {n.citation for a in default_catalog().agencies.values()
              for n in (*a.warnings, *a.notes) if n.citation}
    assert len(cites) > 20
    unexplained = sorted(c for c in cites if not explain(c))
    assert not unexplained, unexplained
