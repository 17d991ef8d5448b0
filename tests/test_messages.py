"""Coded error messages: every code has English and Spanish, the English is what the CLI and
the JSON API have always printed, and no view reads the English to decide anything."""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys

import pytest
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po

import records
from records import drafts, fields
from records.deadlines import engine
from records.messages import MESSAGES, Alternatives, FieldError, Message, error_message
from tests.conftest import ROOT

PO = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
POT = ROOT / "translations" / "messages.pot"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
CODE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def every_message() -> dict[str, Message]:
    """MESSAGES once every module of the package is loaded, so a message declared in a new
    module is checked without anyone listing it here."""
    for module in pkgutil.walk_packages(records.__path__, "records."):
        if not module.name.endswith("__main__"):  # it runs the command line
            importlib.import_module(module.name)
    return dict(MESSAGES)


def catalog(path: str) -> PoCatalog:
    with (ROOT / path).open("rb") as f:
        return read_po(f, locale="es" if path.endswith(".po") else None)


def test_every_code_is_a_slug_with_an_english_template() -> None:
    found = every_message()
    assert len(found) > 60
    for code, message in found.items():
        assert CODE.match(code), code
        assert message.code == code and message.template.strip() == message.template
        assert message.template and "%s" not in message.template, code  # named only


def test_every_code_has_spanish_with_the_same_placeholders() -> None:
    po = catalog("translations/es/LC_MESSAGES/messages.po")
    pot_ids = {m.id for m in catalog("translations/messages.pot")}
    missing, mismatched = [], []
    for code, message in every_message().items():
        entry = po.get(message.template)
        if message.template not in pot_ids or entry is None or not entry.string:
            missing.append(code)
            continue
        if set(PLACEHOLDER.findall(str(entry.string))) != set(
                PLACEHOLDER.findall(message.template)):
            mismatched.append(code)
    assert missing == [], "run `make messages` and translate these in messages.po"
    assert mismatched == []


def test_the_english_is_the_message_the_cli_has_always_printed() -> None:
    email = fields.NOT_AN_EMAIL.at("requester.email")
    assert str(email) == "requester.email: not an email address"
    assert email.message == "not an email address" and email.code == "not-an-email"
    channel = drafts.NOT_A_CHANNEL.at("delivery", agency="Kansas City", delivery="fax",
                                      channels=Alternatives(["mail", "email", "portal"]))
    assert channel.message == "Kansas City takes requests by mail or email or portal, not fax"
    laws = engine.AGENCY_LAW.at("agency", agency="ice", laws=Alternatives(["foia"]),
                                law="mo-sunshine")
    assert str(laws) == "agency: ice takes foia requests, not mo-sunshine"


def test_parameters_known_early_are_kept_and_later_ones_added() -> None:
    bound = drafts.CATEGORY_REQUIRED.with_params(options="a, b")
    assert bound.at("requester.category").message == "is required for fees: a, b"
    assert drafts.CATEGORY_REQUIRED.params == {}  # the declared message is not changed


def test_a_code_means_one_english_template() -> None:
    assert error_message("not-an-email", "not an email address") is MESSAGES["not-an-email"]
    with pytest.raises(ValueError, match="declared twice"):
        error_message("not-an-email", "not a mail address")
    with pytest.raises(ValueError, match="undeclared"):
        FieldError("requester.email", "no-such-code")


def test_the_engine_and_the_validator_load_without_flask() -> None:
    code = ("import sys, records.deadlines, records.drafts, records.commands.deadlines; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('flask', 'flask_babel', 'werkzeug')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"


# What reading an error's English looks like: comparing it, searching it, matching it.
READS_ENGLISH = re.compile(
    r"\.message\s*(==|!=|\.startswith|\.endswith|\.find|\.count|\[)"
    r"|\bin\s+[\w.]*\.message\b|re\.(match|search|fullmatch|sub)\([^)]*\.message"
    r"|\.message\s*\|\s*(replace|regex)|\.message\s+(==|!=|in)\s")


def test_no_view_or_template_decides_on_the_english_text() -> None:
    sources = sorted((ROOT / "records" / "web").glob("*.py")) + sorted(
        (ROOT / "templates").rglob("*.html"))
    offending = [f"{path.relative_to(ROOT)}:{number}"
                 for path in sources
                 for number, line in enumerate(path.read_text().splitlines(), 1)
                 if READS_ENGLISH.search(line)]
    assert offending == []
    assert READS_ENGLISH.search('if error.message.startswith("is required"):')
    assert READS_ENGLISH.search('if "is required" in error.message:')


def test_no_regular_expression_translates_messages() -> None:
    web = (ROOT / "records" / "web" / "messages.py").read_text()
    assert "import re" not in web and "fullmatch" not in web
