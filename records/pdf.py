"""PDF rendering with WeasyPrint.

One FontConfiguration and the parsed letter stylesheet are built once per process and
reused for every letter. The URL fetcher serves only packaged static files by name and
refuses everything else: no `file:`, no `http:`, no `data:`, no path traversal. User
text is escaped by the templates, so it never becomes markup; the fetcher is the second
lock on the same door.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from records.config import ROOT

log = logging.getLogger(__name__)

STATIC_SCHEME = "records-static:"
# The only files the renderer may read, by name. Fonts come from fontconfig, not URLs.
STATIC_FILES: dict[str, Path] = {
    "letter.css": ROOT / "letters" / "letter.css",
    "letter-ua.css": ROOT / "letters" / "letter-ua.css",
}


class RendererUnavailable(RuntimeError):
    """The PDF stack is incomplete on this machine (a missing Debian package)."""


class RefusedURL(Exception):
    """The fetcher refused a URL that is not a packaged static file."""


def check_environment() -> None:
    """Fail loudly when libharfbuzz-subset0 is missing.

    Without it WeasyPrint silently falls back to a font subsetter about three times
    slower, so we refuse to start rather than quietly degrade.
    """
    try:
        from weasyprint.text import ffi
    except OSError as exc:  # pango itself is missing
        raise RendererUnavailable(
            f"WeasyPrint cannot load Pango ({exc}); run `scripts/setup.sh` or "
            "`apt-get install libpango-1.0-0 libpangoft2-1.0-0`") from None
    if getattr(ffi, "harfbuzz_subset", None) is None:
        raise RendererUnavailable(
            "libharfbuzz-subset0 is missing, so WeasyPrint would fall back to a subsetter "
            "three times slower; run `scripts/setup.sh` or `apt-get install libharfbuzz-subset0`")


def _static_fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serves `records-static:NAME` for the names in STATIC_FILES; refuses the rest."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            name = url[len(STATIC_SCHEME):] if url.startswith(STATIC_SCHEME) else None
            path = STATIC_FILES.get(name or "")
            if path is None:
                scheme = url.split(":", 1)[0][:20] if ":" in url else "relative"
                # Log the scheme only: the URL itself may carry a user's text.
                log.warning("pdf: refused to fetch a %s URL", scheme)
                raise RefusedURL("only packaged static files may be fetched")
            return URLFetcherResponse(url, path.read_bytes(),
                                      {"Content-Type": "text/css; charset=utf-8"})

    return StaticOnlyFetcher


def _letter_html_class(ua_stylesheet: Any) -> type:
    """HTML whose user-agent stylesheet is letters/letter-ua.css.

    WeasyPrint matches its full HTML5 UA sheet (about 250 rules) against every element
    of every document; ours keeps only the rules for the elements letters use, which
    cuts about a quarter of the render time. `_ua_stylesheets` is WeasyPrint's own hook
    (pinned at 70.0); tests/test_pdf.py proves the layout is identical to the full sheet's.
    """
    from weasyprint import HTML

    class LetterHTML(HTML):  # type: ignore[misc]
        def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
            return [ua_stylesheet]

    return LetterHTML


@dataclass
class Renderer:
    """Everything reusable across letters in one process."""

    font_config: Any
    stylesheet: Any
    fetcher: Any
    html_class: Any

    def write_pdf(self, html: str, *, pdf_ua: bool = False) -> bytes:
        document = self.html_class(string=html, base_url=STATIC_SCHEME,
                                   url_fetcher=self.fetcher)
        options: dict[str, Any] = {"stylesheets": [self.stylesheet],
                                   "font_config": self.font_config}
        if pdf_ua:
            options["pdf_variant"] = "pdf/ua-1"
        pdf: bytes = document.write_pdf(**options)
        return pdf


@cache
def renderer() -> Renderer:
    """The process-wide renderer: built on first use, then reused."""
    check_environment()
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _static_fetcher_class()()
    font_config = FontConfiguration()
    stylesheet = CSS(url=STATIC_SCHEME + "letter.css", url_fetcher=fetcher,
                     font_config=font_config)
    ua = CSS(url=STATIC_SCHEME + "letter-ua.css", url_fetcher=fetcher, font_config=font_config)
    return Renderer(font_config=font_config, stylesheet=stylesheet, fetcher=fetcher,
                    html_class=_letter_html_class(ua))


def html_to_pdf(html: str, *, pdf_ua: bool = False) -> bytes:
    return renderer().write_pdf(html, pdf_ua=pdf_ua)
