"""The catalog: agencies, record presets and incidents, as reviewed data with citations."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from records.catalog import CATALOG_DIR, CatalogError, default_catalog, load_catalog
from records.catalog.incidents import default_incidents, load_incidents
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ANSWERS_KEYS = {
    "law", "agency", "records", "description", "incident", "requester", "capacity", "subject",
    "fee_waiver", "fee_limit", "expedite", "format", "date", "delivery", "dissemination",
    "expedite_ground", "represents", "records_from", "no_internet",
}


def _presets(agency_id: str) -> dict[str, Any]:
    return {p.id: p for p in default_catalog().presets_for(agency_id)}


def _write_catalog(tmp_path: Path, presets: str, agencies: str | None = None) -> Path:
    """A throwaway catalog: the real agency directory plus one presets file."""
    text = agencies if agencies is not None else (CATALOG_DIR / "agencies.toml").read_text()
    (tmp_path / "agencies.toml").write_text(text)
    (tmp_path / "presets").mkdir()
    (tmp_path / "presets" / "broken.toml").write_text(presets)
    return tmp_path


def _problems(directory: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(directory)
    return info.value.problems


GOOD_PRESET = """
[[preset]]
id = "kcpd-test"
agencies = ["kcpd"]
title = "A test record"
description = "A test record."
citation = "RSMo 610.010(6)"
media = "paper"
tag = "C"
"""


# ---------------------------------------------------------------- the packaged catalog

def test_the_packaged_catalog_loads_and_validates() -> None:
    catalog = load_catalog()
    assert "kcpd" in catalog.agencies and "ice" in catalog.agencies
    assert len(catalog.presets) >= 30


@pytest.mark.parametrize("agency_id", sorted(default_catalog().agencies))
def test_every_agency_offers_its_own_presets(agency_id: str) -> None:
    catalog = default_catalog()
    own = [p for p in catalog.presets_for(agency_id) if agency_id in p.agencies]
    if agency_id == "ogis":  # the ombudsman holds no agency's records
        assert catalog.presets_for(agency_id), "general federal presets still apply"
        return
    assert own, f"{agency_id} has no presets of its own"


def test_every_preset_has_a_citation_title_help_and_a_kebab_case_id() -> None:
    for preset in default_catalog().presets.values():
        assert preset.citation.strip(), preset.id
        assert preset.title.strip() and preset.help.strip(), preset.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", preset.id), preset.id


def test_agency_presets_are_prefixed_by_their_agency() -> None:
    for preset in default_catalog().presets.values():
        for agency_id in preset.agencies:
            assert preset.id.startswith(agency_id + "-"), preset.id


def test_general_presets_cover_missouri_and_federal_bodies() -> None:
    scopes = {p.scope for p in default_catalog().presets.values() if p.scope}
    assert scopes == {"missouri", "federal"}


def test_missouri_presets_cite_the_sunshine_law_and_federal_presets_cite_foia() -> None:
    catalog = default_catalog()
    for agency in catalog.agencies.values():
        for preset in catalog.presets_for(agency.id):
            if agency.is_federal:
                assert "U.S.C. 552" in preset.citation, preset.id
            else:
                assert "RSMo" in preset.citation, preset.id


def test_audio_and_video_presets_ask_for_preservation() -> None:
    for preset in default_catalog().presets.values():
        if preset.media in ("audio", "video"):
            assert preset.preserve, preset.id


# ---------------------------------------------------------------- KCPD

def test_kcpd_asks_for_in_car_video_as_a_mobile_video_recording() -> None:
    video = _presets("kcpd")["kcpd-in-car-video"]
    assert video.media == "video" and video.preserve
    assert "in-car" in video.description and "610.100" in video.citation
    assert "investigation" in video.help  # closed while an investigation is active


def test_kcpd_body_camera_video_is_asked_for_only_if_any() -> None:
    """KCPD issued body cameras from October 2020: for 2019, ask "if any"."""
    body = _presets("kcpd")["kcpd-body-camera"]
    assert body.description.startswith("Any body-worn camera") \
        and "if none exist, a statement saying so" in body.description
    assert "October 2020" in body.help


def test_kcpd_dispatch_records_cite_the_daily_log_statute() -> None:
    cad = _presets("kcpd")["kcpd-cad"]
    assert "610.200" in cad.citation and "610.100" in cad.citation
    assert "unit history" in cad.description and "Computer-Aided Dispatch" in cad.description


def test_kcpd_offers_every_record_the_2019_case_needs() -> None:
    ids = set(_presets("kcpd"))
    assert {"kcpd-cad", "kcpd-incident-report", "kcpd-in-car-video", "kcpd-body-camera",
            "kcpd-radio", "kcpd-ice-communications", "kcpd-use-of-force",
            "kcpd-immigration-directive", "kcpd-retention"} <= ids


def test_kcpd_directive_is_described_by_its_quoted_sentence_not_an_unconfirmed_number() -> None:
    directive = _presets("kcpd")["kcpd-immigration-directive"]
    assert ("Only immigration officers have the authority to detain and arrest suspected "
            "undocumented/unauthorized foreign nationals") in directive.description
    assert "however titled and numbered" in directive.description


def test_kcpd_use_of_force_records_rest_on_guyer_v_kirkwood() -> None:
    assert "Guyer" in _presets("kcpd")["kcpd-use-of-force"].citation


def test_kcpd_retention_item_does_not_print_a_secondary_series_number_as_fact() -> None:
    # POL 011 is known only from a secondary source: the letter asks for "the retention
    # schedule and series that applied" instead of naming it.
    retention = _presets("kcpd")["kcpd-retention"]
    assert "POL 011" not in retention.description + retention.citation
    assert "retention schedule and series that applied" in retention.description
    assert retention.tag == "S"


# ---------------------------------------------------------------- ICE and other federal bodies

def test_ice_detainer_preset_names_the_i247_family_and_any_predecessor_or_successor() -> None:
    detainer = _presets("ice")["ice-i247"]
    for form in ("I-247A", "I-247D", "I-247N", "I-247X"):
        assert form in detainer.description
    assert "predecessor or successor form" in detainer.description


def test_ice_offers_the_forms_systems_and_policies_named_in_the_law_file() -> None:
    text = " ".join(p.description for p in _presets("ice").values())
    for needle in ("I-200", "I-205", "I-213", "I-871", "I-860", "EARM",
                   "Field Operations Worksheet", "target folder", "NCIC", "LESC",
                   "044-05", "Interim Use of Force Policy", "19009", "10074.2",
                   "Fugitive Operations Handbook", "Office of Public Affairs",
                   "1357(a)(2)", "Kansas City Missouri Police Department"):
        assert needle in text, needle
    # Facts of the 2019 arrest come from the incident, not the presets.
    for word in ("Neudauer", "window", "2019", "livestream"):
        assert word not in text, word


def test_ice_video_is_asked_for_without_claiming_body_cameras_existed() -> None:
    recordings = _presets("ice")["ice-recordings"]
    assert "any body-worn camera recording" in recordings.description
    assert recordings.preserve


def test_eoir_help_says_parties_can_get_the_record_of_proceedings_without_foia() -> None:
    assert "without FOIA" in _presets("eoir")["eoir-rop"].help


def test_unconfirmed_presets_are_worded_as_if_any_or_however_titled() -> None:
    for preset in default_catalog().presets.values():
        if preset.tag == "U":
            text = preset.description.lower()
            assert any(h in text for h in ("if any", "however titled", "may be redacted")), (
                preset.id)


# ---------------------------------------------------------------- Morgan County (8 CFR 236.6)

def test_no_morgan_county_preset_asks_for_detainee_records() -> None:
    detainee_records = re.compile(
        r"booking|detainee (records|files?|lists?|roster|names)|"
        r"records (of|about|relating to) (the |any |each )?(detainee|person named)|"
        r"person named in this request")
    presets = default_catalog().presets_for("morgan-county-sheriff")
    assert presets
    for preset in presets:
        assert not detainee_records.search(preset.description.lower()), preset.id
        assert "detainee" not in preset.title.lower(), preset.id


def test_morgan_county_presets_warn_about_8_cfr_236_6_and_are_tagged_unconfirmed() -> None:
    own = [p for p in default_catalog().presets_for("morgan-county-sheriff") if p.agencies]
    assert {p.id for p in own} >= {"morgan-county-sheriff-igsa",
                                   "morgan-county-sheriff-igsa-payments"}
    for preset in own:
        assert "236.6" in preset.help and "not" in preset.help, preset.id
        assert preset.tag == "U", preset.id


# ---------------------------------------------------------------- broken catalogs fail loudly

def test_a_good_preset_file_loads(tmp_path: Path) -> None:
    catalog = load_catalog(_write_catalog(tmp_path, GOOD_PRESET))
    assert catalog.presets["kcpd-test"].title == "A test record"


def test_a_preset_without_a_title_is_named_by_file_entry_and_field(tmp_path: Path) -> None:
    problems = _problems(_write_catalog(tmp_path, GOOD_PRESET.replace('title = "A test record"\n',
                                                                      "")))
    assert problems == ["presets/broken.toml: preset[0].title: is required"]


def test_a_preset_with_an_unknown_media_is_rejected(tmp_path: Path) -> None:
    problems = _problems(_write_catalog(tmp_path, GOOD_PRESET.replace('"paper"', '"vhs"')))
    assert len(problems) == 1
    assert problems[0].startswith("presets/broken.toml: preset[0].media: must be one of")


def test_a_preset_for_an_unknown_agency_is_rejected(tmp_path: Path) -> None:
    problems = _problems(_write_catalog(tmp_path, GOOD_PRESET.replace('["kcpd"]', '["fbi"]')))
    assert problems == ["presets/broken.toml: preset[0].agencies: unknown agency 'fbi'"]


def test_a_duplicate_preset_id_is_rejected(tmp_path: Path) -> None:
    problems = _problems(_write_catalog(tmp_path, GOOD_PRESET + GOOD_PRESET))
    assert problems == ["presets/broken.toml: preset[1].id: duplicate id 'kcpd-test'"]


def test_a_preset_needs_agencies_or_a_scope_but_not_both(tmp_path: Path) -> None:
    both = GOOD_PRESET.replace('agencies = ["kcpd"]', 'agencies = ["kcpd"]\nscope = "missouri"')
    problems = _problems(_write_catalog(tmp_path, both))
    assert any(p.startswith("presets/broken.toml: preset[0].agencies:") for p in problems)


def test_invalid_toml_names_the_file(tmp_path: Path) -> None:
    problems = _problems(_write_catalog(tmp_path, "[[preset]\nid = "))
    assert len(problems) == 1 and problems[0].startswith("presets/broken.toml: ")


def test_several_problems_are_all_reported_at_once(tmp_path: Path) -> None:
    bad = GOOD_PRESET.replace('"paper"', '"vhs"').replace('tag = "C"', 'tag = "maybe"')
    problems = _problems(_write_catalog(tmp_path, bad))
    assert [p.split(":")[1].strip() for p in problems] == ["preset[0].media", "preset[0].tag"]


# ---------------------------------------------------------------- incidents

INCIDENT = """
[[incident]]
id = "test-incident"
title = "A test incident"
date = "2019-07-22"
time = "10:00"
place = "Somewhere, Kansas City, MO"
people = ["A. Person"]
summary = "Something happened."
agencies = ["kcpd"]
presets = { kcpd = ["kcpd-cad"] }
facts = [ { field = "place", text = "Unconfirmed.", tag = "U", editable = true } ]
"""


def _incident_problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "incidents.toml").write_text(text)
    with pytest.raises(CatalogError) as info:
        load_incidents(tmp_path)
    return info.value.problems


def test_the_2019_incident_loads_with_its_facts_and_recommended_presets() -> None:
    incident = default_incidents()["kc-2019-07-22"]
    assert incident.title == "The July 22, 2019 arrest in Kansas City"
    assert incident.answers_incident() == {
        "date": "2019-07-22", "time": "10:00", "place": "4032 Harvard Circle, Kansas City, MO",
        "people": ["Florencio Millan-Vazquez"],
        "summary": incident.letter_summary}
    assert "broke the driver's-side window" in incident.letter_summary
    assert incident.agencies == ("kcpd", "ice")
    assert "kcpd-in-car-video" in incident.presets_for("kcpd")
    assert "ice-i247" in incident.presets_for("ice")
    assert incident.answers("ice")["law"] == "foia"


def test_the_unconfirmed_address_and_reported_time_are_editable_and_tagged() -> None:
    facts = {f.field: f for f in default_incidents()["kc-2019-07-22"].facts
             if f.field != "context"}
    assert facts["place"].tag == "U" and facts["place"].editable
    assert facts["time"].tag == "S" and facts["time"].editable
    assert facts["date"].tag == "C"


def test_a_valid_incident_file_loads(tmp_path: Path) -> None:
    (tmp_path / "incidents.toml").write_text(INCIDENT)
    incident = load_incidents(tmp_path)["test-incident"]
    assert incident.editable_fields() == ("place",)


def test_the_incident_loader_rejects_an_unknown_preset_id(tmp_path: Path) -> None:
    problems = _incident_problems(tmp_path, INCIDENT.replace('["kcpd-cad"]', '["kcpd-nope"]'))
    assert problems == ["incidents.toml: incident[0].presets.kcpd: unknown preset 'kcpd-nope'"]


def test_the_incident_loader_rejects_a_preset_of_another_agency(tmp_path: Path) -> None:
    problems = _incident_problems(tmp_path, INCIDENT.replace('["kcpd-cad"]', '["ice-i200"]'))
    assert problems == ["incidents.toml: incident[0].presets.kcpd: "
                        "preset 'ice-i200' does not apply to agency 'kcpd'"]


def test_the_incident_loader_rejects_unknown_agencies_bad_dates_and_tags(tmp_path: Path) -> None:
    text = (INCIDENT.replace('agencies = ["kcpd"]', 'agencies = ["kcpd", "fbi"]')
            .replace('"2019-07-22"', '"July 22"').replace('tag = "U"', 'tag = "X"'))
    problems = _incident_problems(tmp_path, text)
    assert "incidents.toml: incident[0].agencies: unknown agency 'fbi'" in problems
    assert "incidents.toml: incident[0].date: must be a date in the form YYYY-MM-DD" in problems
    assert any(p.startswith("incidents.toml: incident[0].facts[0].tag:") for p in problems)


# ---------------------------------------------------------------- example answers files

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def test_the_examples_include_the_2019_requests() -> None:
    names = {p.name for p in EXAMPLE_FILES}
    assert {"kcpd-sunshine-2019.json", "ice-foia-2019.json", "ice-privacy-act-self.json",
            "kcpd-involved-attorney.json"} <= names


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
def test_each_example_names_a_known_agency_and_its_presets(path: Path) -> None:
    answers = json.loads(path.read_text())
    assert set(answers) <= ANSWERS_KEYS, set(answers) - ANSWERS_KEYS
    catalog = default_catalog()
    agency = catalog.agencies[answers["agency"]]
    assert answers["law"] in agency.laws
    offered = {p.id for p in catalog.presets_for(agency.id)}
    assert answers["records"] and set(answers["records"]) <= offered
    assert answers["requester"]["email"].endswith("@example.org")


def test_the_2019_examples_ask_for_the_incidents_recommended_presets() -> None:
    incident = default_incidents()["kc-2019-07-22"]
    for name, agency_id in (("kcpd-sunshine-2019.json", "kcpd"), ("ice-foia-2019.json", "ice")):
        answers = json.loads((EXAMPLES / name).read_text())
        assert answers["records"] == list(incident.presets_for(agency_id))
        assert answers["incident"] == incident.answers_incident()
        assert answers["fee_limit"] == 50 and answers["requester"]["category"] == "news-media"


def test_the_ice_example_is_a_third_party_request_with_expedite_by_portal() -> None:
    answers = json.loads((EXAMPLES / "ice-foia-2019.json").read_text())
    assert "subject" not in answers and answers["expedite"] and answers["delivery"] == "portal"


def test_the_first_party_example_identifies_the_subject() -> None:
    answers = json.loads((EXAMPLES / "ice-privacy-act-self.json").read_text())
    subject = answers["subject"]
    assert answers["law"] == "privacy-act" and subject["relationship"] == "self"
    assert subject["birth_date"] and subject["birth_place"]
    assert re.fullmatch(r"A\d{9}", subject["a_number"])


# ---------------------------------------------------------------- the CLI

def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args)


def test_cli_presets_json_lists_id_title_description_and_citation() -> None:
    result = _cli("presets", "kcpd", "--json")
    assert result.returncode == 0, result.stderr
    presets = json.loads(result.stdout)
    assert isinstance(presets, list) and presets
    for preset in presets:
        assert {"id", "title", "description", "citation"} <= set(preset)
    assert "kcpd-cad" in [p["id"] for p in presets]


def test_cli_presets_for_an_unknown_agency_exits_2_with_one_line() -> None:
    result = _cli("presets", "nope")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "'nope'" in lines[0]
    assert "Traceback" not in result.stderr
