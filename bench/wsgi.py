"""The app as `make bench` serves it: `app:app` under the repo's gunicorn config (preload,
and the warm-up letter rendered in the master before it forks), with one change: the
per-client rate limits are off. wrk sends every request from one address, and the PDF
limit would refuse all but the first 20 downloads of the repeated-PDF figure."""

from app import app
from records.web import limits

limits.limiter(app).enabled = False

__all__ = ["app"]
