"""`python -m records letter|agencies|presets`, as a user would run it.

README, "CLI": exit code 0 on success; on bad input exit code 2 and one clear line
per problem on stderr, never a traceback. Most tests call the CLI's `main(argv)` in this
process (tests/cli_helpers.py); the smoke tests at the end run the real `python -m
records` in a new interpreter, for the exit codes and the absence of tracebacks.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.cli_helpers import run_cli, run_cli_process
from tests.conftest import load_example, make_answers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
KCPD = EXAMPLES / "kcpd-sunshine-2019.json"
ICE = EXAMPLES / "ice-foia-2019.json"
NOTES = "Notes for you"


def cli(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m records ARGS` from the repository root. Never a traceback."""
    result = run_cli(*args, stdin=stdin)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def refused(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Bad input: exit code 2, nothing on stdout; returns the stderr lines."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert NOTES not in result.stderr
    return lines(result.stderr)


def write_answers(tmp_path: Path, answers: Any, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


# --- letters that work ---------------------------------------------------------------


@pytest.mark.parametrize(("example", "expected"), [
    (KCPD, ["Custodian of Records", "RSMo 610.023", "Florencio Millan-Vazquez",
            "Jordan Alvarez"]),
    (ICE, ["FOIA Officer", "5 U.S.C. § 552", "Florencio Millan-Vazquez", "Jordan Alvarez"]),
])
def test_text_letter_goes_to_stdout_and_notes_to_stderr(example: Path,
                                                        expected: list[str]) -> None:
    result = cli("letter", example, "--text")
    assert result.returncode == 0, result.stderr
    for phrase in expected:
        assert phrase in result.stdout, phrase
    assert NOTES in result.stderr
    assert NOTES not in result.stdout


def test_pdf_letter_is_written_to_the_output_path(tmp_path: Path) -> None:
    out = tmp_path / "kcpd.pdf"
    result = cli("letter", KCPD, "-o", out)
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Custodian of Records" in text and "Jordan Alvarez" in text
    assert result.stdout == ""  # the PDF is in the file, not on stdout
    assert NOTES in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["kcpd.pdf"]  # no temporary files left


def test_answers_can_come_from_stdin() -> None:
    result = cli("letter", "-", "--text", stdin=ICE.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert "FOIA Officer" in result.stdout and NOTES in result.stderr


# --- bad input: one line per problem, exit code 2 --------------------------------------


def test_a_missing_answers_file_is_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    assert refused(cli("letter", missing, "--text")) == [f"answers: no such file: {missing}"]


def test_invalid_json_gives_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "law": "foia",\n  "agency": ,\n}\n', encoding="utf-8")
    found = refused(cli("letter", path, "--text"))
    assert len(found) == 1
    assert re.fullmatch(r"answers: not valid JSON \(line 3, column 13: .+\)", found[0]), found


def test_an_empty_answers_file_is_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("", encoding="utf-8")
    found = refused(cli("letter", path, "--text"))
    assert len(found) == 1 and found[0].startswith("answers: not valid JSON (line 1")


def test_an_answers_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"law": "caf\xe9"}')
    assert refused(cli("letter", path, "--text")) == [
        f"answers: cannot read {path}: not UTF-8 text"]


def test_an_answers_path_that_is_a_folder_is_one_line(tmp_path: Path) -> None:
    found = refused(cli("letter", tmp_path, "--text"))
    assert len(found) == 1 and found[0].startswith(f"answers: cannot read {tmp_path}")


def test_answers_that_are_not_an_object_are_one_line(tmp_path: Path) -> None:
    path = write_answers(tmp_path, ["law", "foia"])
    assert refused(cli("letter", path, "--text")) == [
        "answers: must be a JSON object with named fields"]


def test_a_bad_email_names_the_field(tmp_path: Path) -> None:
    answers = load_example("kcpd-sunshine-2019.json")
    answers["requester"]["email"] = "not-an-email"
    path = write_answers(tmp_path, answers)
    assert refused(cli("letter", path, "--text")) == ["requester.email: not an email address"]


def test_a_bad_draft_writes_no_pdf(tmp_path: Path) -> None:
    path = write_answers(tmp_path, make_answers(format="fax"))
    out = tmp_path / "out.pdf"
    found = refused(cli("letter", path, "-o", out))
    assert found == ["format: must be one of: electronic, paper (got 'fax')"]
    assert not out.exists()


def test_several_bad_fields_give_one_line_each(tmp_path: Path) -> None:
    answers = make_answers(format="fax", fee_limit="abc", date="2026-13-01")
    answers["requester"]["email"] = "not-an-email"
    answers["incident"]["time"] = "25:00"
    path = write_answers(tmp_path, answers)
    found = refused(cli("letter", path, "--text"))
    assert len(found) == 5, found
    prefixes = ("format: ", "fee_limit: ", "date: ", "requester.email: ", "incident.time: ")
    for prefix in prefixes:
        assert sum(line.startswith(prefix) for line in found) == 1, (prefix, found)


def test_a_sunshine_request_to_ice_says_what_to_do_instead(tmp_path: Path) -> None:
    path = write_answers(tmp_path, make_answers("ice-foia-2019.json", law="mo-sunshine",
                                                expedite="", expedite_ground=""))
    found = refused(cli("letter", path, "--text"))
    assert len(found) == 1 and found[0].startswith("law: ") and 'use "foia"' in found[0]


# --- bad command lines ---------------------------------------------------------------


def test_letter_without_o_or_text_is_one_line() -> None:
    found = refused(cli("letter", KCPD))
    assert len(found) == 1
    assert "-o/--output" in found[0] and "--text" in found[0] and "required" in found[0]


def test_letter_with_both_o_and_text_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    found = refused(cli("letter", KCPD, "-o", out, "--text"))
    assert len(found) == 1 and "not allowed with" in found[0]
    assert not out.exists()


def test_output_into_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "out.pdf"
    found = refused(cli("letter", KCPD, "-o", out))
    assert found == [f"--output: folder does not exist: {out.parent}"]


def test_output_with_a_txt_suffix_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    found = refused(cli("letter", KCPD, "-o", out))
    assert found == [f"--output: {out} should end in .pdf"]
    assert not out.exists()


def test_output_onto_a_folder_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "taken.pdf"
    out.mkdir()
    found = refused(cli("letter", KCPD, "-o", out))
    assert len(found) == 1 and found[0].startswith(f"--output: cannot write {out}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken.pdf"]


def test_an_unknown_subcommand_exits_2_with_one_line() -> None:
    found = refused(cli("lettre", KCPD, "--text"))
    assert len(found) == 1 and "invalid choice: 'lettre'" in found[0]


def test_no_subcommand_exits_2_with_one_line() -> None:
    assert len(refused(cli())) == 1


def test_presets_for_an_unknown_agency_is_one_line() -> None:
    found = refused(cli("presets", "fbi", "--json"))
    assert len(found) == 1 and found[0].startswith("agency: unknown agency 'fbi'")


# --- JSON that Python's parser chokes on ----------------------------------------------


def test_a_huge_integer_in_the_answers_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    # BUG (records/commands/letter.py read_answers): json.loads raises a plain ValueError
    # (not JSONDecodeError) for an integer literal of more than 4300 digits, so the CLI
    # prints a traceback and exits 1.
    path = tmp_path / "big.json"
    path.write_text('{"fee_limit": ' + "1" * 5000 + "}", encoding="utf-8")
    found = refused(cli("letter", path, "--text"))
    assert found and all(line.startswith(("answers: ", "fee_limit: ")) for line in found), found


def test_deeply_nested_answers_are_one_line_not_a_traceback(tmp_path: Path) -> None:
    # BUG (records/commands/letter.py read_answers): json.loads raises RecursionError on
    # deeply nested arrays, which escapes as a traceback with exit code 1.
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    found = refused(cli("letter", path, "--text"))
    assert len(found) == 1 and found[0].startswith("answers: "), found


# --- the directory and the presets, as JSON --------------------------------------------


def test_agencies_json_lists_every_agency_with_the_stable_keys() -> None:
    result = cli("agencies", "--json")
    assert result.returncode == 0, result.stderr
    agencies = json.loads(result.stdout)
    assert isinstance(agencies, list) and agencies
    ids = {a["id"] for a in agencies}
    assert {"kcpd", "kc-city", "morgan-county-sheriff", "ice", "uscis", "cbp", "eoir",
            "dhs-oig", "dhs-crcl", "ogis"} <= ids
    for agency in agencies:
        assert {"id", "name", "law", "calendar", "custodian", "address", "channels",
                "notes"} <= set(agency), agency.get("id")
        assert agency["law"] in ("mo-sunshine", "foia")
        assert isinstance(agency["channels"], list) and agency["channels"]
        assert set(agency["channels"]) <= {"mail", "email", "portal"}, agency["id"]


def test_presets_json_lists_ice_records_with_the_stable_keys() -> None:
    result = cli("presets", "ice", "--json")
    assert result.returncode == 0, result.stderr
    presets = json.loads(result.stdout)
    assert isinstance(presets, list) and presets
    for preset in presets:
        assert {"id", "title", "description", "citation"} <= set(preset), preset.get("id")
        assert all(isinstance(preset[k], str) and preset[k]
                   for k in ("id", "title", "description", "citation"))
    assert {"ice-i200", "ice-i213", "ice-i247"} <= {p["id"] for p in presets}


# --- the real entry point, in a new interpreter -----------------------------------------


def deep_json(tmp_path: Path) -> Path:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return path


@pytest.mark.parametrize(("args", "code"), [
    (lambda tmp: ["letter", KCPD, "--text"], 0),
    (lambda tmp: ["letter", write_answers(tmp, make_answers(format="fax")), "--text"], 2),
    (lambda tmp: ["letter", deep_json(tmp), "--text"], 2),
    (lambda tmp: ["lettre", KCPD], 2),
    (lambda tmp: [], 2),
], ids=["letter", "bad-answers", "deeply-nested-json", "unknown-command", "no-command"])
def test_python_m_records_exits_with_the_code_and_never_a_traceback(
        tmp_path: Path, args: Any, code: int) -> None:
    result = run_cli_process(*args(tmp_path))
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    if code == 0:
        assert "Custodian of Records" in result.stdout and NOTES in result.stderr
    else:
        assert result.stdout == "" and len(lines(result.stderr)) == 1, result.stderr
