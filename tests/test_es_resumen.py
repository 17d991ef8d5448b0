"""The Spanish client summary (/new/<token>/resumen) and its reading copy PDF
(/new/<token>/lectura.pdf): how to send, what to attach, when the answer is due, and a
Spanish reading copy of the consent or certification page that is marked as not signed and
never reaches the letter the agency receives."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Flask

from records.catalog import default_catalog
from records.drafts import validate
from records.web.resumen import NOT_SIGNED, sending
from records.web.resumen import page as resumen_page
from tests.conftest import extract_text
from tests.test_spanish_pages import DRAFTS, INCIDENT, MOTHER, _answers
from tests.wizard_helpers import Page, Wizard, https_client


def _draft(app: Flask, answers: dict[str, Any], start: str = INCIDENT) -> Wizard:
    wiz = Wizard(https_client(app))
    wiz.start(start)
    wiz.fill(answers)
    return wiz


def _summary(wiz: Wizard) -> Page:
    response = wiz.get("resumen")
    assert response.status_code == 200
    return Page.of(response)


def test_the_mothers_summary_says_how_to_send_what_to_attach_and_when(app: Flask) -> None:
    wiz = _draft(app, MOTHER)
    page = _summary(wiz)
    text = page.main_text()
    # How to send: the draft chose the DHS portal; its link is on the page.
    assert "Envíela por internet" in text and "https://www.dhs.gov/foia" in page.hrefs()
    assert "6 CFR 5.3(a)(2)" in text and "regla del DHS que exige" in text
    # What to attach: the consent page, signed by the son.
    attach = page.all("ul", class_="attach")
    assert len(attach) == 1
    assert "Consent to release of records" in attach[0].text()
    assert "firmada y fechada por Florencio Millan-Vazquez" in re.sub(r"\s+", " ",
                                                                       attach[0].text())
    # When: the deadline the done page computes, in Spanish words, with its law explained.
    assert "a más tardar el 22 de diciembre de 2026" in text
    assert "20 días hábiles para decidir" in text
    # The titles in Spanish, each with the English the letter quotes, marked lang="en".
    assert "Formulario I-213, registro y relato del arresto" in text
    quoted = [e.text() for e in page.all("span", lang="en")]
    assert "Form I-213, arrest record and narrative" in quoted


def test_the_reading_copy_of_the_consent_is_the_english_page_in_spanish(app: Flask) -> None:
    wiz = _draft(app, MOTHER)
    page = _summary(wiz)
    copies = page.all("section", class_="reading-copy consent-page")
    assert len(copies) == 1
    copy = re.sub(r"\s+", " ", copies[0].text())
    assert copy.count(NOT_SIGNED) == 2  # at the top and at the bottom
    assert "Consentimiento para entregar documentos (28 U.S.C. § 1746)" in copy
    # The same facts as the English page: names, the request's date, the birth facts.
    assert ("Yo, Florencio Millan-Vazquez, autorizo a U.S. Immigration and Customs "
            "Enforcement a entregar a María Hernández los documentos sobre mí descritos en "
            "la solicitud fechada el 23 de noviembre de 2026") in copy
    assert "14 de marzo de 1985" in copy and "Guanajuato, México" in copy
    assert "Declaro bajo pena de perjurio" in copy and "$5,000 (5 U.S.C. § 552a(i)(3))" in copy
    # Each citation explained in a sentence; no line to sign.
    assert "Ley federal que permite firmar una declaración" in copy
    assert "firme solo la página en inglés" in copy and "sigline" not in str(copies[0].attrs)


def test_the_reading_copy_pdf_is_not_the_letter(app: Flask) -> None:
    wiz = _draft(app, MOTHER)
    reading = wiz.get("lectura.pdf")
    assert reading.status_code == 200 and reading.mimetype == "application/pdf"
    disposition = reading.headers["Content-Disposition"]
    assert "Hern" not in disposition and "Millan" not in disposition  # no names in the name
    text = extract_text(reading.data)
    assert NOT_SIGNED in text
    assert "Consentimiento para entregar documentos" in text
    assert "Resumen de la solicitud de documentos" in text
    letter = extract_text(wiz.get("letter.pdf").data)
    assert "Consent to release of records" in letter
    assert "Traducción" not in letter and "Consentimiento" not in letter


def test_the_certification_reading_copy_for_ones_own_records(app: Flask) -> None:
    _, answers = DRAFTS["self"]
    wiz = _draft(app, answers, start="blank")
    page = _summary(wiz)
    copy = re.sub(r"\s+", " ", page.all("section", class_="reading-copy consent-page")[0].text())
    name = answers["subject"]["name"] if answers.get("subject") else answers["requester"]["name"]
    assert "Certificación de identidad (28 U.S.C. § 1746)" in copy
    assert f"Yo, {name}, soy la persona identificada arriba, y los documentos que pido son " \
           "sobre mí." in copy
    attach = page.all("ul", class_="attach")[0].text()
    assert "Certification of identity" in attach and "Seguro Social" in attach


def test_a_parent_attaches_proof_and_the_citation_is_explained(app: Flask) -> None:
    _, base = DRAFTS["self"]
    answers = {**base, "subject": {"name": "Mateo Reyes", "relationship": "parent",
                                   "birth_date": "2012-05-01",
                                   "birth_place": "Kansas City, Missouri"}}
    wiz = _draft(app, answers, start="blank")
    page = _summary(wiz)
    text = page.main_text()
    assert "Prueba de que usted es el padre o la madre de Mateo Reyes" in text
    assert "6 CFR 5.21(f)" in text and "regla del DHS que pide prueba" in text
    copy = page.all("section", class_="reading-copy consent-page")[0].text()
    assert "soy el padre o la madre de" in copy and "5 U.S.C. § 552a(h)" in copy


def test_a_deceased_subjects_proof_of_death(app: Flask) -> None:
    answers = {**MOTHER, "subject": {"name": "Florencio Millan-Vazquez",
                                     "relationship": "deceased"}}
    wiz = _draft(app, answers)
    page = _summary(wiz)
    text = page.main_text()
    assert "Prueba de la muerte de Florencio Millan-Vazquez" in text
    assert "28 CFR 16.3(a)(4)" in text
    assert not page.all("section", class_="reading-copy consent-page")  # nothing is signed


def test_a_missouri_letter_by_mail(app: Flask) -> None:
    wiz = _draft(app, _answers("kcpd-sunshine-2019.json", delivery="mail"))
    text = _summary(wiz).main_text()
    assert "Envíela por correo postal" in text and "1125 Locust Street" in text
    assert "correo certificado con acuse de recibo" in text and "RSMo 610.023.3" in text
    assert "Nada más: la carta no menciona documentos adjuntos." in text
    assert "al final del tercer día hábil" in text
    assert re.search(r"a más tardar el \d+ de [a-z]+ de 2026", text)


def test_a_federal_letter_by_email(app: Flask) -> None:
    # The wizard asks how to send only where it matters (DHS); an answers file may say email.
    answers = _answers("ice-foia-2019.json", agency="eoir", records=[], delivery="email",
                       date="2026-11-23")
    draft = validate(answers, catalog=default_catalog(), today=date(2026, 11, 23))
    assert sending(draft).channel == "email"
    with app.test_request_context("/new/x/resumen"):
        text = Page(resumen_page(draft, "x", None)).main_text()
    assert f"Envíela por correo electrónico a {default_catalog().agency('eoir').email}" in text


def test_someone_elses_summary_and_reading_copy_are_404(app: Flask) -> None:
    client = https_client(app)
    assert client.get("/new/not-a-token/resumen").status_code == 404
    assert client.get("/new/not-a-token/lectura.pdf").status_code == 404
