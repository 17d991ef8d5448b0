"""The front door (/) and the agency directory (/agencies)."""

from __future__ import annotations

from flask import Blueprint, render_template

from records.catalog import default_catalog
from records.web import directory
from records.web.clock import today
from records.web.forms import DELIVERY_LABELS

bp = Blueprint("home", __name__)

# The incident a reporter can start from (records/catalog/incidents.toml).
INCIDENT = "kc-2019-07-22"


@bp.get("/")
def index() -> str:
    return render_template("home.html", incident=INCIDENT)


@bp.get("/agencies")
def agencies() -> str:
    return render_template("agencies.html",
                           entries=directory.entries(default_catalog(), today()),
                           channel_words=DELIVERY_LABELS, law_name=directory.law_name,
                           law_scope=directory.law_scope, law_cites=directory.LAW_CITES)
