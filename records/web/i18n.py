"""Interface language: English or Spanish (Flask-Babel).

A visible switch sets a `lang` cookie that is remembered for a year; without it the
browser's Accept-Language picks. Letters stay in English whatever the interface
language: they go to US agencies. The two settings are separate on purpose.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, redirect, request
from flask_babel import Babel, get_locale
from werkzeug.wrappers import Response

from records.config import ROOT

LANGUAGES = ("en", "es")
COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "en"


def safe_next(target: str | None, default: str = "/") -> str:
    """Only a path on this site: never an open redirect to another host."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    # Browsers read "/\\evil.example" and "/<tab>/evil.example" as "//evil.example".
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return default
    return target


@bp.get("/lang/<code>")
def switch(code: str) -> Response:
    response = redirect(safe_next(request.args.get("next")))
    if code in LANGUAGES:
        response.set_cookie(COOKIE, code, max_age=ONE_YEAR, httponly=True, samesite="Lax",
                            secure=request.is_secure)
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(lambda: {"get_locale": get_locale})
    app.register_blueprint(bp)
