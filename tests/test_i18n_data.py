"""Spanish for the texts that come from data (records/catalog/es.toml): agency warnings and
notes, preset titles and help, the incident's title, summary and facts, the guidance notes, and
the deadline engine's data (holiday calendars, closure lists, clock notes).

Every such text has a Spanish entry, no entry is stale, the Spanish keeps the citations,
numbers and dates, and the Spanish wizard pages show it while the English pages do not
change."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from records.catalog import CatalogError, default_catalog
from records.catalog.calendar_data import default_calendar_data
from records.catalog.clock_rules import default_clock_rules
from records.catalog.incidents import default_incidents
from records.catalog.translations import default_translations, load_translations, translate
from records.drafts import DHS_PORTAL_RULE, Draft, DraftError, validate
from records.guidance import DISCLAIMER, HB145_EFFECTIVE, guidance
from tests.conftest import EXAMPLES, load_example
from tests.wizard_helpers import Page, Wizard, https_client, today_in_chicago

TODAY = date(2026, 11, 23)
DAY = date.resolution
INCIDENT = "kc-2019-07-22"
WAIVER = "The records will be published free of charge to inform the public."
EXPEDITE = "There is an urgency to inform the public about this federal activity."
# What the Spanish must keep from the English: numbers (statutes, forms, dates, amounts),
# email addresses and citation words.
# A clock's basis with a word in it ("received within 60 days"), not only a citation.
BASIS_WORDS = re.compile(r"\b(?!sec\b)[a-z]{3,}\b")
FULL_GRANT_BASIS = "no adverse determination"  # records/deadlines/federal.py: appeal_by
KEPT = re.compile(r"[\w.+-]+@[\w.-]+\w|\d+(?:[.,]\d+)*|\b(?:RSMo|CFR|U\.S\.C\.)")


# --- the texts in use ------------------------------------------------------------------


def _answers(base: str, **changes: Any) -> dict[str, Any]:
    answers = copy.deepcopy(load_example(base))
    for key, value in changes.items():
        if value is None:
            answers.pop(key, None)
        else:
            answers[key] = value
    return answers


def _variants() -> Iterator[dict[str, Any]]:
    """Answers for every branch of records.guidance: each example, then each law and agency
    with the dates, options and people that change the notes."""
    for path in sorted(EXAMPLES.glob("*.json")):
        yield load_example(path.name)
    yield _answers("ice-foia-2019.json", dissemination=None)  # a waiver without it
    catalog = default_catalog()
    missouri = [a.id for a in catalog.agencies.values() if not a.is_federal]
    federal = [a.id for a in catalog.agencies.values() if a.is_federal]
    for agency in missouri:
        for day in (HB145_EFFECTIVE - DAY, HB145_EFFECTIVE, TODAY):
            for waiver in ("", WAIVER):
                for capacity in ("public", "involved", "attorney"):
                    yield _answers("kcpd-involved-attorney.json", agency=agency, records=[],
                                   date=day.isoformat(), fee_waiver=waiver, capacity=capacity,
                                   delivery=None, represents="Ana Lucia Reyes"
                                   if capacity == "attorney" else None)
    subjects: list[dict[str, Any] | None] = [
        None, {"name": "Ana Lucia Reyes", "relationship": "consent"},
        {"name": "Ana Lucia Reyes", "relationship": "deceased"}]
    for agency in federal:
        for day in (DHS_PORTAL_RULE - DAY, DHS_PORTAL_RULE, TODAY):
            for expedite in ("", EXPEDITE):
                for delivery in (None, "mail"):
                    for subject in subjects:
                        yield _answers("ice-foia-2019.json", agency=agency, records=[],
                                       date=day.isoformat(), expedite=expedite,
                                       expedite_ground="life-safety" if expedite else None,
                                       delivery=delivery, no_internet=delivery == "mail",
                                       subject=subject)
                    yield _answers("ice-privacy-act-self.json", agency=agency, records=[],
                                   date=day.isoformat(), expedite=expedite,
                                   expedite_ground="life-safety" if expedite else None,
                                   delivery=delivery, no_internet=delivery == "mail")


def _drafts() -> list[Draft]:
    drafts = []
    for answers in _variants():
        try:
            drafts.append(validate(answers, catalog=default_catalog(), today=TODAY))
        except DraftError:
            continue  # e.g. mail to a body that takes no mail: not a draft, so no notes
    return drafts


DRAFTS = _drafts()


def guidance_texts() -> set[str]:
    return {note.text for draft in DRAFTS for note in guidance(draft)}


def catalog_texts() -> dict[str, set[str]]:
    catalog = default_catalog()
    agencies = {n.text for a in catalog.agencies.values() for n in (*a.warnings, *a.notes)}
    presets = {t for p in catalog.presets.values() for t in (p.title, p.help) if t}
    incidents = {t for i in default_incidents().values()
                 for t in (i.title, i.summary, *(f.text for f in i.facts))}
    return {"agencies.toml": agencies, "presets/*.toml": presets, "incidents.toml": incidents,
            "records/guidance.py": guidance_texts(), "calendars, clocks.toml": engine_texts()}


def engine_texts() -> set[str]:
    """What the deadline engine shows from data: the calendars' names, holidays, notes and
    statute-only readings, the closure lists and their closures, and the clocks' notes and
    the bases that have words besides the citation (records/web shows them through `say`)."""
    data = default_calendar_data()
    rules = default_clock_rules()
    texts = {r.note for r in rules if r.note} | {FULL_GRANT_BASIS}
    texts |= {r.basis for r in rules if BASIS_WORDS.search(r.basis)}
    for spec in data.calendars.values():
        texts |= {spec.name, *(r.name for r in spec.rules), *(r.note for r in spec.rules)}
        if spec.statute_only:
            texts |= {spec.statute_only.reading, spec.statute_only.why}
    for closures in data.closure_lists.values():
        texts |= {closures.name, *(c.name for c in closures.closures)}
    return texts - {""}


def texts_in_use() -> set[str]:
    return set().union(*catalog_texts().values())


# --- coverage and staleness ------------------------------------------------------------


def test_the_guidance_variants_reach_every_kind_of_draft() -> None:
    kinds = {(d.kind, d.dhs_portal_era, bool(d.fee_waiver), bool(d.expedite),
              d.subject.relationship if d.subject else None) for d in DRAFTS}
    assert {k[0] for k in kinds} == {"sunshine", "sunshine-involved", "foia", "privacy-act"}
    assert {k[1] for k in kinds} == {True, False}
    assert {d.date >= HB145_EFFECTIVE for d in DRAFTS if d.law == "mo-sunshine"} == {True, False}
    assert {k[4] for k in kinds if k[0] == "foia"} == {None, "consent", "deceased"}
    assert any(d.delivery == "mail" and d.dhs_portal_era for d in DRAFTS)
    assert {d.agency.id for d in DRAFTS} == set(default_catalog().agencies)
    assert DISCLAIMER.text in guidance_texts()


@pytest.mark.parametrize("source", ["agencies.toml", "presets/*.toml", "incidents.toml",
                                    "records/guidance.py", "calendars, clocks.toml"])
def test_every_data_text_has_spanish(source: str) -> None:
    spanish = default_translations()
    missing = sorted(t for t in catalog_texts()[source] if t not in spanish)
    assert not missing, f"{source}: add these to records/catalog/es.toml:\n" + "\n".join(missing)


def test_es_toml_has_no_stale_entries() -> None:
    stale = sorted(set(default_translations()) - texts_in_use())
    assert not stale, "es.toml: no data text is this English any more:\n" + "\n".join(stale)


def test_the_dhs_portal_note_is_matched_as_rendered() -> None:
    rendered = {t for t in guidance_texts() if t.startswith("Since 2026-01-22 DHS")}
    assert rendered and all(t in default_translations() for t in rendered)


def test_the_spanish_keeps_citations_numbers_dates_and_addresses() -> None:
    problems = []
    for en, es in default_translations().items():
        if es == en:
            problems.append(f"not translated: {en}")
        lost = [k for k in KEPT.findall(en) if k not in es]
        if lost:
            problems.append(f"{lost} missing from the Spanish of: {en}")
    assert not problems, "\n".join(problems)


def test_the_spanish_speaks_to_usted() -> None:
    # Forms of "tú" that cannot be third person ("pide" can: "la carta pide").
    informal = re.compile(r"\b(?:tú|tu|tus|te|ti|tienes|puedes|quieres|debes|necesitas)\b",
                          re.IGNORECASE)
    found = [es for es in default_translations().values() if informal.search(es)]
    assert not found, found


# --- the loader and translate() --------------------------------------------------------


def test_translate_gives_spanish_only_for_spanish_and_known_texts() -> None:
    en = DISCLAIMER.text
    es = default_translations()[en]
    assert translate(en, "es") == es != en
    assert translate(en, "en") == en
    assert translate(en, "fr") == en
    assert translate("A text nobody translated.", "es") == "A text nobody translated."
    assert translate("", "es") == ""


def test_the_packaged_file_loads_once() -> None:
    assert default_translations() is default_translations()
    assert default_translations() == load_translations()


def test_a_broken_es_toml_names_each_problem(tmp_path: Path) -> None:
    path = tmp_path / "es.toml"
    path.write_text(
        '[[text]]\nen = "Mailing address of the ICE FOIA Office."\n'
        'es = "Dirección postal de la oficina de FOIA de ICE."\n\n'
        '[[text]]\nen = "Mailing address of the ICE FOIA Office."\nes = "Otra."\n\n'
        '[[text]]\nen = "Do not send a Social Security number to USCIS."\nes = "  "\n\n'
        '[[text]]\nen = ""\nes = "Sin inglés."\n\n'
        '[[text]]\nes = "Falta en."\nnote = "x"\n',
        encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_translations(path)
    assert info.value.problems == [
        "es.toml: text[1].en: duplicate of text[0] ('Mailing address of the ICE FOIA Office.')",
        "es.toml: text[2].es: is required (en = 'Do not send a Social Security number to USCIS.')",
        "es.toml: text[3].en: is required",
        "es.toml: text[4].note: unknown key (known keys: en, es)",
        "es.toml: text[4].en: is required",
    ]


def test_an_es_toml_that_does_not_parse_says_where(tmp_path: Path) -> None:
    path = tmp_path / "es.toml"
    path.write_text('[[text]]\nen = "unclosed\n', encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_translations(path)
    assert len(info.value.problems) == 1 and info.value.problems[0].startswith("es.toml: ")


# --- the wizard pages ------------------------------------------------------------------


def _wizard(app: Flask, lang: str) -> Wizard:
    client = https_client(app)
    client.set_cookie("lang", lang)
    return Wizard(client)


def _finished(wiz: Wizard, example: str) -> Draft:
    answers = load_example(example)
    answers.pop("date", None)  # the wizard dates the letter today
    wiz.start()
    wiz.fill(answers)
    return validate(answers, catalog=default_catalog(), today=today_in_chicago())


def _notes(page: Page) -> list[str]:
    lists = page.all("ul", class_="notes")
    assert len(lists) == 1
    return [re.sub(r"\s+", " ", li.text()).strip() for li in lists[0].iter() if li.tag == "li"]


@pytest.mark.parametrize("step", ["review", "done"])
def test_the_spanish_notes_of_an_ice_draft(app: Flask, step: str) -> None:
    wiz = _wizard(app, "es")
    draft = _finished(wiz, "ice-foia-2019.json")
    page = Page.of(wiz.get(step))
    assert page.all("html")[0].get("lang") == "es"
    expected = guidance(draft)
    shown = _notes(page)
    assert len(shown) == len(expected)
    for note, line in zip(expected, shown, strict=True):
        spanish = default_translations()[note.text]
        assert line.startswith(spanish), (line, spanish)
        assert note.text not in line
        if note.citation:
            assert f"({note.citation})" in line  # citations stay as they are
    assert DISCLAIMER.text not in page.text()


@pytest.mark.parametrize("step", ["review", "done"])
def test_the_english_notes_do_not_change(app: Flask, step: str) -> None:
    wiz = _wizard(app, "en")
    draft = _finished(wiz, "ice-foia-2019.json")
    page = Page.of(wiz.get(step))
    shown = _notes(page)
    for note, line in zip(guidance(draft), shown, strict=True):
        assert line.startswith(note.text + (f" ({note.citation})" if note.citation else ""))
    assert not any(es in page.text() for es in default_translations().values())


def test_the_spanish_start_agency_and_records_steps(app: Flask) -> None:
    spanish = default_translations()
    incident = default_incidents()[INCIDENT]
    ice = default_catalog().agency("ice")
    wiz = _wizard(app, "es")

    start = Page.of(wiz.client.get("/new/")).text()
    assert spanish[incident.summary] in start and incident.summary not in start

    wiz.start(INCIDENT)
    agency = Page.of(wiz.get("agency")).text()
    for warning in (*ice.warnings, *default_catalog().agency("kcpd").warnings):
        assert spanish[warning.text] in agency and warning.text not in agency

    wiz.submit("agency", {"agency": "kcpd", "asking_for": "others"})
    records = Page.of(wiz.get("records")).text()
    for preset in default_catalog().presets_for("kcpd"):
        assert spanish[preset.help] in records and preset.help not in records
        assert spanish[preset.title] in records  # the interface's title; the letter's is English
    flagged = [f for f in incident.facts if f.editable or f.unconfirmed]
    flagged = [f for f in flagged if f.field in ("date", "time", "place", "people")]
    assert flagged
    for fact in flagged:
        assert spanish[fact.text] in records and fact.text not in records


def test_the_english_start_and_records_steps_do_not_change(app: Flask) -> None:
    incident = default_incidents()[INCIDENT]
    wiz = _wizard(app, "en")
    assert incident.summary in Page.of(wiz.client.get("/new/")).text()
    wiz.start(INCIDENT)
    wiz.submit("agency", {"agency": "kcpd", "asking_for": "others"})
    records = Page.of(wiz.get("records")).text()
    for preset in default_catalog().presets_for("kcpd"):
        assert preset.help in records and preset.title in records
        assert spanish_of(preset.title) not in records


def spanish_of(text: str) -> str:
    return default_translations()[text]


def test_every_preset_title_and_help_has_spanish_in_the_catalog_check() -> None:
    from records.catalog.translations import preset_problems

    catalog = default_catalog()
    assert preset_problems(catalog, default_translations()) == []
    some = next(iter(catalog.presets.values()))
    without = {en: es for en, es in default_translations().items() if en != some.title}
    assert preset_problems(catalog, without) == [
        f"es.toml: no Spanish for preset {some.id!r} title ({some.title!r})"]
