"""The home page: what the product does, and links to the parts that exist."""

from __future__ import annotations

from flask import Blueprint, render_template

from records.catalog import default_catalog

bp = Blueprint("home", __name__)


@bp.get("/")
def index() -> str:
    return render_template("home.html", agencies=default_catalog().agencies.values())
