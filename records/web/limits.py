"""Per-client rate limits (Flask-Limiter): PDF renders, the one expensive thing a visitor
can trigger, and new drafts, so one client cannot fill the disk.

Clients are keyed by address: `request.remote_addr`, which is the real client only when
ProxyFix is on (PROXY_FIX, see records.web.serving). Counts live in memory, per worker
process, unless RATELIMIT_STORAGE_URI (REDIS_URL) names a Redis that all workers share.
A moving window: never more than the limit in any window, as the old limiter counted.
Tests switch limits off with RATELIMIT_ENABLED=False or clear them with `reset(app)`.
https://flask-limiter.readthedocs.io/en/stable/configuration.html
"""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address

PDF_RENDERS = "20 per minute"
NEW_DRAFTS = "30 per hour"
# endpoint -> (limit, the key errors/error.html uses to say which limit was reached)
# Password guessing and mail bombing: per address, on the POSTs only (the forms' GETs
# are separate endpoints). No per-account lockout: it would let anyone lock anyone out.
SIGN_INS = "10 per minute"
SIGN_UPS = "10 per hour"
RESETS = "5 per hour"
LIMITS = {"wizard.letter_pdf": (PDF_RENDERS, "pdf"), "wizard.create": (NEW_DRAFTS, "drafts"),
          "resumen.reading_pdf": (PDF_RENDERS, "pdf"),  # the Spanish reading copy
          "auth.sign_in": (SIGN_INS, "sign-in"), "auth.create_account": (SIGN_UPS, "sign-up"),
          "auth.send_reset": (RESETS, "reset"), "auth.reset_password": (SIGN_INS, "sign-in"),
          # The tracker's views that render a letter, and the one that starts a draft.
          "tracker.track": (PDF_RENDERS, "pdf"), "tracker.next_letter": (PDF_RENDERS, "pdf"),
          "tracker.repeat": (PDF_RENDERS, "pdf"),
          "tracker.another_agency": (NEW_DRAFTS, "drafts"),
          # Each renders PDFs: a letter, or a packet of several WeasyPrint documents.
          "tracker_exports.evidence_packet": (PDF_RENDERS, "pdf"),
          "api.create_request": (PDF_RENDERS, "pdf")}
TITLES = {"pdf": "Too many PDFs at once", "sign-in": "Too many attempts",
          "sign-up": "Too many attempts", "reset": "Too many attempts"}
EXTENSION = "records.limits"


def init_app(app: Flask) -> None:
    """A Limiter per app (not one per module): each app, and each test's app, has its own
    storage and its own RATELIMIT_ENABLED."""
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "show-me-records")  # a shared Redis
    # If Redis goes away, keep limiting per worker rather than failing every request.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    # Flask-Limiter logs each breach at INFO with the client's address.
    logging.getLogger("flask-limiter").setLevel(logging.WARNING)
    limiter = Limiter(get_remote_address, app=app)
    app.extensions[EXTENSION] = limiter
    for endpoint, (limit, message) in LIMITS.items():
        limited: Any = limiter.limit(limit, error_message=message)(app.view_functions[endpoint])
        app.view_functions[endpoint] = limited
    app.register_error_handler(RateLimitExceeded, _too_many)


def limiter(app: Flask) -> Limiter:
    found: Limiter = app.extensions[EXTENSION]
    return found


def reset(app: Flask) -> None:
    """Forget every count (tests; with Redis, every worker's)."""
    limiter(app).reset()


def _too_many(exc: RateLimitExceeded) -> Response:
    what = str(exc.description)
    if request.path.startswith("/api/"):  # the JSON API answers JSON, even here
        response = jsonify({"error": TITLES.get(what, exc.name)})
        response.status_code = 429
    else:
        page = render_template("errors/error.html", code=429,
                               title=TITLES.get(what, exc.name), description=what)
        response = Response(page, status=429, mimetype="text/html")
    current = limiter(current_app).current_limit
    wait = current.reset_at - time.time() if current is not None else 60
    response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
    return response
