"""Show-Me Records: public-records request generator (Missouri Sunshine Law, FOIA, Privacy Act)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from records import config

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app. Pure wiring: config, extensions, blueprints.

    Flask is imported here, not at the top: the domain packages (records.deadlines,
    records.drafts, records.catalog) are imported by the CLI and the workers, which must
    not pay for, or depend on, the web stack.
    """
    from flask import Flask

    from records import web

    folder = config.instance_path()
    app = Flask(
        __name__,
        instance_path=str(folder),
        template_folder=str(config.ROOT / "templates"),
        static_folder=str(config.ROOT / "static"),
    )
    app.config.from_mapping(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Secure cookies: browsers accept them on https and on http://localhost and
        # 127.0.0.1 (both count as secure contexts), so `make run` still works.
        SESSION_COOKIE_SECURE=True,
        WTF_CSRF_TIME_LIMIT=None,
        # records.web checks CSRF itself, so that a request signed in by a bearer token
        # (the JSON API) is exempt, and only such a request.
        WTF_CSRF_CHECK_DEFAULT=False,  # the CSRF token lives as long as the session
        # Pages send Referrer-Policy: no-referrer (drafts hold birth dates and A-numbers),
        # so browsers send no Referer and Flask-WTF's HTTPS referer check would refuse
        # every form. The session-bound token and SameSite=Lax cookies still stop CSRF.
        WTF_CSRF_SSL_STRICT=False,
        # No page takes files: the longest form (fees: two 4,000-character texts) stays
        # well under 256 KiB even in 4-byte characters, percent-encoded. Anything longer
        # gets the 413 page before it is read.
        MAX_CONTENT_LENGTH=256 * 1024,
        MAX_FORM_MEMORY_SIZE=256 * 1024,
    )
    app.config.from_mapping(config.serving_settings())
    app.config.from_mapping(config.mail_settings())
    app.config.from_mapping(config.pinned_today())
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config.secret_key(folder)

    web.init_app(app)
    return app
