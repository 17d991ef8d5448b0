"""Web layer: blueprints, security headers and error pages. Views only translate HTTP."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from records.web import (
    account,
    api,
    auth,
    batch,
    calculator,
    calculator_letter,  # noqa: F401 (its views join calculator.bp on import)
    citations,
    database,
    datatext,
    home,
    i18n,
    labels,
    limits,
    login,
    orgs,
    resumen,
    serving,
    steps,
    tracker,
    tracker_exports,
    tracker_feeds,
    tracker_files,
    tracker_letters,  # noqa: F401 (its views join tracker.bp on import)
    tracker_next,  # noqa: F401 (likewise)
    tracker_settings,  # noqa: F401 (likewise)
    wizard,
)
from records.web.messages import say

csrf = CSRFProtect()

# A strict policy: nothing inline, nothing from elsewhere. JavaScript is only a comfort.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("X-Frame-Options", "DENY")  # the preview allows 'self'

    return response


def _is_api() -> bool:
    # By path, not by blueprint: a 404 or 405 under /api/ matched no view at all.
    return request.path == "/api" or request.path.startswith("/api/")


def _api_error(code: int, message: str) -> tuple[Response, int]:
    return jsonify({"error": message}), code


def _error_page(exc: HTTPException) -> tuple[str | Response, int]:
    code = exc.code or 500
    if _is_api():
        return _api_error(code, exc.name)
    return render_template("errors/error.html", code=code, title=exc.name,
                           description=exc.description), code




def _csrf_error(exc: CSRFError) -> tuple[str | Response, int]:
    if _is_api():
        return _api_error(400, "CSRF token missing: send Authorization: Bearer <token>")
    return render_template("errors/error.html", code=400, title="This form has expired",
                           description="csrf"), 400


def _server_error(exc: Exception) -> tuple[str | Response, int]:
    # Log the type only: the exception text may hold a client's personal data.
    from flask import current_app

    current_app.logger.error("unhandled %s", type(exc).__name__)
    if _is_api():
        return _api_error(500, "Internal Server Error")
    return render_template("errors/error.html", code=500, title="Something went wrong"), 500


def _csrf_protect() -> None:
    # Flask-WTF's own check is off (WTF_CSRF_CHECK_DEFAULT=False in create_app): this one
    # is the same check, skipped only for a request signed in by a bearer token.
    from flask import current_app

    if current_app.config.get("WTF_CSRF_ENABLED", True) and auth.csrf_required():
        csrf.protect(apply_exemptions=True)


def init_app(app: Flask) -> None:
    database.init_app(app)
    csrf.init_app(app)
    login.init_app(app)
    app.before_request(_csrf_protect)
    auth.init_app(app)
    i18n.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["form_field"] = steps.field_for
    app.jinja_env.filters["longdate"] = labels.day_words
    app.jinja_env.filters["tr"] = datatext.tr
    app.jinja_env.filters["cite_es"] = citations.cite_es
    app.jinja_env.filters["say"] = say
    app.register_blueprint(home.bp)
    app.register_blueprint(wizard.bp)
    app.register_blueprint(resumen.bp)
    app.register_blueprint(calculator.bp)
    app.register_blueprint(account.bp)
    app.register_blueprint(orgs.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(tracker.bp)
    # The upload checks its CSRF token itself, after raising its body limit.
    csrf.exempt(tracker_files.UPLOAD_VIEW)
    app.register_blueprint(tracker_feeds.bp)
    app.register_blueprint(tracker_exports.bp)
    app.register_blueprint(batch.bp)
    csrf.exempt(batch.UPLOAD_VIEW)  # likewise: checks its own token, after its limit
    limits.init_app(app)
    serving.init_app(app)
    app.after_request(_security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _error_page)
    app.register_error_handler(Exception, _server_error)
