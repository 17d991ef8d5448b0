"""Imported once by the forkserver that starts the batch's rendering workers
(records/batch/render.py), so each worker starts with WeasyPrint, the letter templates'
code and pypdf already imported instead of importing them again (about a second each)."""

import pypdf  # noqa: F401
import weasyprint  # noqa: F401
import weasyprint.text.fonts  # noqa: F401

import records.batch.render  # noqa: F401
import records.letters  # noqa: F401
import records.pdf  # noqa: F401
