"""The batch's own pages (an agency's cover sheet, a client's summary): HTML from
letters/batch/ rendered by WeasyPrint with letters/batch/batch.css.

They reuse the letters' font configuration and URL fetcher (records.pdf.renderer(), which
refuses every URL), so a name in the data can never make the renderer read a file. The
stylesheet is parsed once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from records.letters import LETTERS_DIR, environment

BATCH_CSS = LETTERS_DIR / "batch" / "batch.css"


@cache
def _stylesheet() -> Any:
    from weasyprint import CSS

    from records.pdf import renderer

    return CSS(string=BATCH_CSS.read_text(), font_config=renderer().font_config,
               url_fetcher=renderer().fetcher)


def render_sheet(template: str, values: dict[str, Any]) -> bytes:
    """One of letters/batch/*.html as a PDF. User and agency text is escaped (autoescape)."""
    from weasyprint import HTML

    from records.pdf import renderer

    html = environment().get_template(template).render(values)
    document = HTML(string=html, url_fetcher=renderer().fetcher)
    pdf: bytes = document.write_pdf(stylesheets=[_stylesheet()],
                                    font_config=renderer().font_config)
    return pdf
