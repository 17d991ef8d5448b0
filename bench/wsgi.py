"""The app as `make bench` serves it with gunicorn --preload: `app:app`, plus two things the
benchmark needs.

- The PDF renderer (WeasyPrint's imports, fonts, the parsed letter.css) is built here, in
  the master before it forks, and one example letter is rendered, which loads the font
  faces and the letter templates: no worker's first PDF pays that second of start-up.
- The per-client PDF limit is lifted: wrk sends every request from one address, and the
  limit would refuse all but the first 20 downloads of the repeated-PDF figure.
"""

import json
from datetime import date
from pathlib import Path

from app import app
from records.catalog import default_catalog
from records.drafts import validate
from records.letters import render_html
from records.pdf import html_to_pdf
from records.web import ratelimit

_example = json.loads((Path(__file__).resolve().parent.parent / "examples"
                       / "ice-foia-2019.json").read_text())
html_to_pdf(render_html(validate(_example, catalog=default_catalog(), today=date.today())))
ratelimit.allow = lambda *args, **kwargs: True  # type: ignore[assignment]
app.config["RATELIMIT_ENABLED"] = False  # Flask-Limiter's switch, should it replace ours

__all__ = ["app"]
