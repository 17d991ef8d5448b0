"""Whose records (`asking_for`): its rules for each law, the validator's errors, the wizard's
mapping both ways (steps.apply and steps.form_data), and the presets' requester kinds."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from records.asking import derived
from records.catalog import CatalogError, default_catalog, load_catalog
from records.catalog.agencies import CATALOG_DIR
from records.drafts import DraftError, validate
from records.vocabulary import AskingFor
from records.web.steps import apply, form_data, visible_fields
from tests.conftest import TODAY, load_example

CATALOG = default_catalog()


def errors(answers: dict[str, Any]) -> dict[str, list[str]]:
    try:
        validate(answers, catalog=CATALOG, today=TODAY)
    except DraftError as exc:
        return exc.by_field()
    return {}


def with_asking_for(example: str, value: str, **changes: Any) -> dict[str, Any]:
    answers = copy.deepcopy(load_example(example))
    answers["asking_for"] = value
    answers.update(changes)
    return answers


# --- the validator ------------------------------------------------------------------


@pytest.mark.parametrize(("example", "value"), [
    ("ice-privacy-act-self.json", "self"),
    ("ice-foia-2019.json", "others"),
    ("kcpd-sunshine-2019.json", "others"),
    ("kcpd-sunshine-2019.json", "self"),  # Missouri: any value, no claim made
    ("kcpd-sunshine-2019.json", "deceased"),
])
def test_a_fitting_asking_for_is_valid_and_changes_nothing_in_the_letter(
        example: str, value: str) -> None:
    plain = validate(load_example(example), catalog=CATALOG, today=TODAY)
    draft = validate(with_asking_for(example, value), catalog=CATALOG, today=TODAY)
    assert draft.asking_for == value
    assert draft == plain  # the letter's inputs are the same
    assert draft.capacity == plain.capacity  # Missouri: no RSMo 610.100.4 claim by itself


def test_without_asking_for_the_cli_answers_stay_valid() -> None:
    for name in ("ice-privacy-act-self.json", "ice-foia-2019.json",
                 "kcpd-sunshine-2019.json", "kcpd-involved-attorney.json"):
        assert validate(load_example(name), catalog=CATALOG, today=TODAY).asking_for == ""


def test_an_unknown_value_is_an_error_at_asking_for() -> None:
    found = errors(with_asking_for("ice-foia-2019.json", "myself"))
    assert list(found) == ["asking_for"]
    assert "'myself'" in found["asking_for"][0] and "others" in found["asking_for"][0]


@pytest.mark.parametrize(("example", "value", "law"), [
    ("ice-foia-2019.json", "self", "privacy-act"),
    ("ice-foia-2019.json", "ward", "privacy-act"),
    ("ice-privacy-act-self.json", "consent", "foia"),
    ("ice-privacy-act-self.json", "deceased", "foia"),
    ("ice-privacy-act-self.json", "others", "foia"),
])
def test_for_a_federal_agency_the_law_must_fit(example: str, value: str, law: str) -> None:
    found = errors(with_asking_for(example, value))
    assert f'law "{law}"' in found["asking_for"][0], found


@pytest.mark.parametrize(("value", "relationship", "allowed"), [
    ("self", "guardian", "'self'"),
    ("ward", "self", "'parent', 'guardian'"),
])
def test_a_privacy_act_relationship_must_fit(value: str, relationship: str,
                                             allowed: str) -> None:
    answers = with_asking_for("ice-privacy-act-self.json", value)
    answers["subject"]["relationship"] = relationship
    found = errors(answers)
    assert list(found) == ["subject.relationship"], found
    assert allowed in found["subject.relationship"][0]


def test_consent_and_deceased_need_their_relationship_and_a_subject() -> None:
    consent = with_asking_for("ice-foia-2019.json", "consent",
                              subject={"name": "Ana Robles", "relationship": "deceased"})
    assert "'consent'" in errors(consent)["subject.relationship"][0]
    deceased = with_asking_for("ice-foia-2019.json", "deceased")
    assert "the person the records are about" in errors(deceased)["subject"][0]
    fine = with_asking_for("ice-foia-2019.json", "consent",
                           subject={"name": "Ana Robles", "relationship": "consent"})
    assert errors(fine) == {}


def test_others_refuses_the_requesters_own_records_once() -> None:
    answers = with_asking_for("ice-foia-2019.json", "others",
                              subject={"name": "Ana Robles", "relationship": "self",
                                       "birth_date": "1980-01-01", "birth_place": "Lima"})
    found = errors(answers)
    assert len(found["subject.relationship"]) == 1  # FOIA's own first-party error only


# --- the wizard's mapping -----------------------------------------------------------


def agency_step(answers: dict[str, Any], agency: str, value: str) -> dict[str, Any]:
    return apply(answers, "agency", {"agency": agency, "asking_for": value}, CATALOG)


@pytest.mark.parametrize(("value", "law", "relationship"), [
    ("others", "foia", None),
    ("self", "privacy-act", "self"),
    ("ward", "privacy-act", None),  # parent or guardian: asked on the requester step
    ("consent", "foia", "consent"),
    ("deceased", "foia", "deceased"),
])
def test_the_first_question_sets_the_law_and_relationship_for_a_federal_agency(
        value: str, law: str, relationship: str | None) -> None:
    merged = agency_step({}, "ice", value)
    assert merged["asking_for"] == value and merged["law"] == law
    assert (merged.get("subject") or {}).get("relationship") == relationship
    # And back: the form shows the same answer.
    assert form_data(merged, "agency")["asking_for"] == value


@pytest.mark.parametrize("value", list(AskingFor))
def test_for_a_missouri_body_it_sets_the_sunshine_law_and_nothing_else(value: str) -> None:
    merged = agency_step({}, "kcpd", value)
    assert merged == {"asking_for": value, "agency": "kcpd", "law": "mo-sunshine"}
    # Nothing is preselected from it: a default saved unread would claim RSMo 610.100.4.
    shown = form_data(merged, "requester")
    assert shown.get("capacity", "") == ""


@pytest.mark.parametrize(("example", "subject", "expected"), [
    ("ice-privacy-act-self.json", None, "self"),
    ("ice-privacy-act-self.json", {"relationship": "guardian", "name": "Ana"}, "ward"),
    ("ice-privacy-act-self.json", {"relationship": "parent", "name": "Ana"}, "ward"),
    ("ice-foia-2019.json", None, "others"),
    ("ice-foia-2019.json", {"relationship": "consent", "name": "Ana"}, "consent"),
    ("ice-foia-2019.json", {"relationship": "deceased", "name": "Ana"}, "deceased"),
    ("kcpd-sunshine-2019.json", None, "others"),
])
def test_an_old_draft_without_asking_for_shows_the_answer_its_law_implies(
        example: str, subject: dict[str, str] | None, expected: str) -> None:
    answers = copy.deepcopy(load_example(example))
    if subject is not None:
        answers["subject"] = subject
    assert "asking_for" not in answers
    assert derived(answers) == expected
    assert form_data(answers, "agency")["asking_for"] == expected


def test_own_records_copy_the_requesters_name_and_ask_only_the_identity() -> None:
    answers = load_example("ice-privacy-act-self.json")
    merged = agency_step(answers, "ice", "self")
    assert merged["subject"]["name"] == answers["requester"]["name"]
    shown = visible_fields("requester", merged, CATALOG)
    assert {"subject_birth_date", "subject_birth_place"} <= shown
    assert not {"subject_relationship", "subject_name", "subject_address"} & shown
    # Changing to a relative's records keeps nothing of the requester as the other person.
    relative = agency_step(merged, "ice", "consent")
    assert "name" not in relative["subject"] and relative["subject"]["relationship"] == "consent"
    assert "subject_relationship" not in visible_fields("requester", relative, CATALOG)
    assert "subject_name" in visible_fields("requester", relative, CATALOG)


def test_records_about_others_ask_no_subject() -> None:
    merged = agency_step(load_example("ice-privacy-act-self.json"), "ice", "others")
    assert "subject" not in merged and merged["law"] == "foia"
    assert not [f for f in visible_fields("requester", merged, CATALOG)
                if f.startswith("subject_")]


# --- presets' requester kinds -------------------------------------------------------


def test_presets_carry_requester_kinds() -> None:
    presets = CATALOG.presets
    assert presets["ice-press"].requesters == ("others",)
    assert not presets["ice-press"].suits("self") and presets["ice-press"].suits("others")
    assert presets["ice-i213"].requesters == ()  # suits every kind
    assert all(presets["ice-i213"].suits(k) for k in AskingFor)
    assert not presets["uscis-a-file"].suits("others")
    assert presets["uscis-a-file"].suits("") is True  # no answer: everything suits


def copy_catalog(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    (target / "presets").mkdir(parents=True)
    (target / "agencies.toml").write_text((CATALOG_DIR / "agencies.toml").read_text())
    for path in (CATALOG_DIR / "presets").glob("*.toml"):
        (target / "presets" / path.name).write_text(path.read_text())
    return target


def test_an_unknown_requester_kind_is_a_catalog_error_naming_the_preset(
        tmp_path: Path) -> None:
    target = copy_catalog(tmp_path)
    ice = target / "presets" / "ice.toml"
    ice.write_text(ice.read_text().replace('requesters = ["others"]',
                                           'requesters = ["others", "journalist"]', 1))
    with pytest.raises(CatalogError) as caught:
        load_catalog(target)
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].startswith("presets/ice.toml: preset[")
    assert "'ice-policies-2019'" in problems[0] and "'journalist'" in problems[0]
    assert load_catalog(copy_catalog(tmp_path / "again")).presets["ice-press"].requesters
