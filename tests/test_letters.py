"""Each letter kind carries every element law/ recommends, read back from the real PDF."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from records.catalog import default_catalog
from records.drafts import Draft, validate
from records.guidance import notes_text
from records.letters import render_html, render_text
from records.pdf import html_to_pdf
from tests.conftest import PdfText, extract_text, make_answers

TODAY = date(2026, 11, 23)


def draft_of(base: str, **overrides: Any) -> Draft:
    return validate(make_answers(base, **overrides), catalog=default_catalog(), today=TODAY)


def pdf_text(draft: Draft, **options: Any) -> str:
    """The real PDF's text (poppler's pdftotext, in reading order), whitespace folded and
    page footers removed, so phrases match across line and page breaks."""
    return extract_text(html_to_pdf(render_html(draft), **options))


@pytest.fixture(scope="module")
def sunshine() -> str:
    return pdf_text(draft_of("kcpd-sunshine-2019.json"))


@pytest.fixture(scope="module")
def foia() -> str:
    return pdf_text(draft_of("ice-foia-2019.json"))


@pytest.fixture(scope="module")
def privacy() -> str:
    return pdf_text(draft_of("ice-privacy-act-self.json"))


# --------------------------------------------------------------------- Missouri Sunshine

def test_sunshine_letter_is_addressed_to_the_custodian_by_title(sunshine: str) -> None:
    assert "Custodian of Records Kansas City Missouri Police Department" in sunshine
    assert "Dear Custodian of Records:" in sunshine


def test_sunshine_letter_cites_the_statute_and_the_three_business_day_clock(sunshine: str) -> None:
    assert "Missouri Sunshine Law, Chapter 610" in sunshine
    assert "no later than the end of the third business day after the custodian receives " \
           "it" in sunshine


def test_sunshine_letter_never_calls_itself_a_foia_request(sunshine: str) -> None:
    # Say "Sunshine Law request" to state and local bodies, not FOIA.
    assert "FOIA" not in sunshine and "Freedom of Information" not in sunshine


def test_the_incident_is_stated_once_and_items_carry_no_basis_line(sunshine: str) -> None:
    draft = draft_of("kcpd-sunshine-2019.json")
    for record in draft.records:
        assert record.title in sunshine
    incident = ("the incident on Monday, July 22, 2019, at about 10:00 a.m., at 4032 "
                "Harvard Circle, Kansas City, MO, involving Florencio Millan-Vazquez")
    assert sunshine.count(incident) == 1
    assert "For the incident" not in sunshine and "Basis:" not in sunshine
    # Items are numbered on across the groups, with the requester's own item last.
    count = len(draft.records) + 1
    assert f" {count}. Other records." in sunshine


def test_sunshine_asks_up_front_for_the_denial_statement(sunshine: str) -> None:
    assert "I ask now for the written statement of grounds" in sunshine and "610.023.4" in sunshine
    assert "specific provision of law" in sunshine


def test_sunshine_asks_for_segregable_parts(sunshine: str) -> None:
    assert "RSMo 610.024" in sunshine
    assert "strictly construed (RSMo 610.011)" in sunshine
    assert "must show that it complied (RSMo 610.027.2)" in sunshine


def test_sunshine_asks_for_detailed_delay_explanation_per_gross(sunshine: str) -> None:
    assert "detailed explanation of the cause for further delay" in sunshine
    assert "earliest time and date" in sunshine
    assert "Gross v. Parson, 624 S.W.3d 877 (Mo. banc 2021)" in sunshine


def test_sunshine_fees_estimate_cap_no_attorney_review_and_waiver(sunshine: str) -> None:
    draft = draft_of("kcpd-sunshine-2019.json")
    assert "give me an estimate" in sunshine and "RSMo 610.026.1(1)" in sunshine
    assert f"up to ${draft.fee_limit:,.2f}" in sunshine
    assert "attorney time spent reviewing records is not chargeable" in sunshine
    assert "without charge or at a reduced charge" in sunshine
    assert re.sub(r"\s+", " ", draft.fee_waiver)[:60] in sunshine


def test_video_records_get_the_morales_cost_limits(sunshine: str) -> None:
    assert "only the cost of copies, staff time for copying and programming, and the medium " \
           "may be charged (RSMo 610.026.1(2))" in sunshine
    # A trial-court judgment, cited to KCPD only and qualified as such.
    assert "A Jackson County circuit court has held" in sunshine
    assert "Morales v. Kansas City Missouri Police Department" in sunshine


def test_paper_only_request_has_no_video_cost_paragraph_or_preservation() -> None:
    text = pdf_text(draft_of("kcpd-sunshine-2019.json", records=["kcpd-incident-report"],
                             format="paper"))
    assert "610.026.1(2)" not in text
    # Everything is preserved; only recordings get the disposition question.
    assert "Please preserve every record" in text
    assert "no longer exists" not in text


def test_sunshine_asks_to_preserve_audio_video_and_dispatch(sunshine: str) -> None:
    assert "Please preserve every record responsive to this request, including audio and " \
           "video recordings" in sunshine
    assert "under what retention authority it was disposed of" in sunshine


def test_unknown_custodian_is_asked_to_identify_itself(sunshine: str) -> None:
    assert "RSMo 610.023.1" in sunshine
    assert "tell me the custodian's name and location" in sunshine


def test_known_custodian_is_not_asked_who_it_is() -> None:
    draft = draft_of("kcpd-sunshine-2019.json")
    known = replace(draft, agency=replace(draft.agency, custodian_confirmed=True))
    assert "610.023.1" not in render_text(known)


def test_sunshine_contact_and_signature_block(sunshine: str) -> None:
    draft = draft_of("kcpd-sunshine-2019.json")
    assert draft.requester.email in sunshine
    assert sunshine.count(draft.requester.name) >= 2  # return address and signature
    assert "Sincerely," in sunshine


def test_hb145_lapse_is_guidance_not_letter_text() -> None:
    after = draft_of("kcpd-sunshine-2019.json", date="2025-08-28")
    before = draft_of("kcpd-sunshine-2019.json", date="2025-08-27")
    assert "withdrawn" not in render_text(after)
    assert "90 days" in notes_text(after) and "HB 145" in notes_text(after)
    assert "HB 145" not in notes_text(before)


# --------------------------------------------------------------------- RSMo 610.100.4

def test_attorney_letter_invokes_610_100_4_for_the_client() -> None:
    text = pdf_text(draft_of("kcpd-involved-attorney.json"))
    draft = draft_of("kcpd-involved-attorney.json")
    assert draft.kind == "sunshine-involved"
    assert "under RSMo 610.100.4" in text
    assert f"as the attorney for {draft.represents}" in text
    assert "complete, unaltered and unedited" in text
    assert "to investigate a civil claim or defense" in text
    assert "Within thirty days of this request, please either provide those records or file " \
           "the motion in circuit court" in text
    assert "610.023.4" in text  # the general Sunshine elements still apply


def test_involved_person_rule_is_flagged_unconfirmed_for_the_user() -> None:
    notes = notes_text(draft_of("kcpd-involved-attorney.json"))
    assert "610.100.4" in notes and "[unconfirmed" in notes


# --------------------------------------------------------------------- FOIA

def test_foia_letter_names_the_statute_regulations_and_20_working_days(foia: str) -> None:
    assert "Dear FOIA Officer:" in foia
    assert "Freedom of Information Act, 5 U.S.C. § 552" in foia
    assert "6 C.F.R. Part 5" in foia
    assert "determination is due within 20 working days after receipt (§ 552(a)(6)(A)(i))" in foia


def test_foia_letter_states_the_requester_category(foia: str) -> None:
    assert "I am a representative of the news media (Kansas City Community Newsroom)" in foia
    assert "5 U.S.C. § 552(a)(4)(A)(ii)(II)" in foia


@pytest.mark.parametrize(("category", "phrase"), [
    ("other", "“all other” requester"),
    ("commercial", "for commercial use (5 U.S.C. § 552(a)(4)(A)(ii)(I))"),
    ("educational", "educational institution"),
    ("noncommercial", "noncommercial scientific institution"),
])
def test_each_requester_category_has_its_fee_sentence(category: str, phrase: str) -> None:
    answers = make_answers("ice-foia-2019.json")
    answers["requester"]["category"] = category
    if category == "commercial":  # no fee waiver for commercial use (6 CFR 5.11(k)(3))
        answers.pop("fee_waiver")
        answers.pop("dissemination")
    draft = validate(answers, catalog=default_catalog(), today=TODAY)
    assert phrase in re.sub(r"\s+", " ", render_text(draft))


def test_foia_expedite_carries_the_certification(foia: str) -> None:
    assert "I request expedited processing because I am primarily engaged in disseminating " \
           "information" in foia
    assert "5 U.S.C. § 552(a)(6)(E)(v)(II); 6 C.F.R. § 5.5(e)(1)(ii)" in foia
    assert "true and correct to the best of my knowledge and belief" in foia
    assert "552(a)(6)(E)(vi)" in foia


def test_foia_fee_cap_waiver_and_segregation(foia: str) -> None:
    assert "I agree to pay fees up to $50.00" in foia
    assert "waiver of all fees under 5 U.S.C. § 552(a)(4)(A)(iii)" in foia
    assert "reasonably segregable portion" in foia


def test_dhs_letter_from_2026_01_22_says_it_went_through_the_portal(foia: str) -> None:
    assert "Submitted through the DHS FOIA portal" in foia
    assert "6 C.F.R. § 5.3(a)(2)" in foia


def test_dhs_mailed_letter_carries_the_no_internet_exception() -> None:
    text = render_text(draft_of("ice-foia-2019.json", delivery="mail", no_internet=True))
    assert "I do not have internet access" in text
    assert "Submitted through" not in text


def test_dhs_letter_before_the_portal_rule_has_neither_note() -> None:
    text = render_text(draft_of("ice-foia-2019.json", date="2026-01-21", delivery="mail"))
    assert "portal" not in text.lower()
    assert "access to the internet" not in text


def test_consent_request_attaches_a_1746_consent_page() -> None:
    subject = {"name": "Florencio Millan-Vazquez", "relationship": "consent"}
    text = pdf_text(draft_of("ice-foia-2019.json", subject=subject))
    assert "whose consent to their release to me, signed under penalty of perjury" in text
    consent = PdfText(text.split("Consent to release of records (28 U.S.C. § 1746)")[1])
    assert "I, Florencio Millan-Vazquez, authorize" in consent
    assert "penalty of perjury under the laws of the United States of America" in consent
    assert "552a(i)(3)" in consent


def test_deceased_subject_notes_proof_of_death() -> None:
    subject = {"name": "Florencio Millan-Vazquez", "relationship": "deceased"}
    text = render_text(draft_of("ice-foia-2019.json", subject=subject))
    assert "who has died; proof of death is attached" in text
    assert "Favish" in text and "541 U.S. 157" in text
    # The weighing sentence stands only because the requester gave a public interest.
    assert "outweighs what privacy interest remains" in text
    without = render_text(draft_of("ice-foia-2019.json", subject=subject, fee_waiver="",
                                   dissemination=""))
    assert "Favish" in without and "outweighs" not in without
    assert "Consent to release" not in text


def test_no_consent_warns_about_exemptions_6_and_7c_in_guidance_only(foia: str) -> None:
    notes = notes_text(draft_of("ice-foia-2019.json"))
    assert "Exemption 6 and 7(C)" in notes
    assert "Exemption 6 and 7(C)" not in foia


def test_eoir_letter_cites_doj_rules_not_dhs() -> None:
    text = render_text(draft_of("ice-foia-2019.json", agency="eoir", records=[],
                                description="The record of proceedings.", delivery="mail",
                                expedite="", expedite_ground=""))
    assert "28 C.F.R. Part 16" in text and "6 C.F.R." not in text


# --------------------------------------------------------------------- Privacy Act

def test_first_party_letter_asks_under_both_acts_with_identity(privacy: str) -> None:
    draft = draft_of("ice-privacy-act-self.json")
    assert draft.subject is not None and draft.subject.birth_date is not None
    assert "Privacy Act of 1974, 5 U.S.C. § 552a(d)(1)" in privacy
    assert "5 U.S.C. § 552a(t)" in privacy
    assert draft.subject.birth_place in privacy
    assert "March 14, 1987" in privacy
    assert draft.subject.a_number in privacy


def test_first_party_letter_has_1746_certification_and_false_pretenses_warning(
        privacy: str) -> None:
    assert "Certification of identity (28 U.S.C. § 1746)" in privacy
    assert "I, Maria Elena Robles, am the person identified above" in privacy
    assert "under false pretenses is a misdemeanor punishable by a fine of up to $5,000" in privacy


def test_guardian_letter_cites_552a_h_and_attaches_proof() -> None:
    answers = make_answers("ice-privacy-act-self.json")
    answers["subject"]["relationship"] = "guardian"
    answers["subject"]["name"] = "Ana Robles"
    text = render_text(validate(answers, catalog=default_catalog(), today=TODAY))
    assert "5 U.S.C. § 552a(h)" in text
    assert "legal guardian of Ana Robles, appointed by a court" in text
    assert "the court order appointing me guardian of Ana Robles" in text
    assert "court-appointed legal guardian of Ana Robles" in text
    assert "for whom I act as parent or legal guardian" not in text
