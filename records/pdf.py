"""PDF rendering with WeasyPrint.

One FontConfiguration and the parsed letter stylesheet are built once per process and
reused for every letter. The web app asks for a cached PDF: a repeated download of the
same letter is served from a bounded in-memory cache keyed by the letter's HTML and the
renderer's version (see PdfCache). The URL fetcher serves only packaged static files by
name and refuses everything else: no `file:`, no `http:`, no `data:`, no path
traversal. User text is escaped by the templates, so it never becomes markup; the fetcher
is the second lock on the same door.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
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


# DejaVu has no Han, kana or Hangul glyphs, so a Chinese, Japanese or Korean name printed as
# empty boxes. letters/letter.css names this family after DejaVu Serif (and DejaVu Sans,
# which has the Arabic that DejaVu Serif lacks), so Latin text keeps its DejaVu glyphs and
# only characters DejaVu lacks come from it. WenQuanYi Micro Hei (Debian fonts-wqy-microhei,
# about 5 MB installed) is derived from Droid Sans Fallback and adds the Hangul it lacks:
# Debian's DroidSansFallbackFull.ttf has 3 of the 11,172 Hangul syllables, WenQuanYi Micro
# Hei all of them (Unicode range AC00-D7A3). https://packages.debian.org/fonts-wqy-microhei
FALLBACK_FAMILY = "WenQuanYi Micro Hei"
FALLBACK_PACKAGE = "fonts-wqy-microhei"


class RendererUnavailable(RuntimeError):
    """The PDF stack is incomplete on this machine (a missing Debian package)."""


class RefusedURL(Exception):
    """The fetcher refused a URL that is not a packaged static file."""


def check_environment() -> None:
    """Fail loudly when libharfbuzz-subset0 or the fallback font is missing.

    Without libharfbuzz-subset0 WeasyPrint silently falls back to a font subsetter about
    three times slower; without the fallback font a Chinese, Japanese or Korean name
    prints as empty boxes. Either way we refuse to start rather than quietly degrade.
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
    if fallback_font_file() is None:
        raise RendererUnavailable(
            f"the fallback font {FALLBACK_FAMILY!r} is missing, so Chinese, Japanese and "
            "Korean names would print as empty boxes; run `scripts/setup.sh` or "
            f"`apt-get install {FALLBACK_PACKAGE}`")


def fallback_font_file() -> str | None:
    """The file fontconfig gives for FALLBACK_FAMILY, or None when it is not installed
    (fontconfig then matches some other family, which is not the one we asked for)."""
    from weasyprint.text.ffi import ffi, fontconfig

    pattern = fontconfig.FcPatternCreate()
    try:
        fontconfig.FcPatternAddString(pattern, b"family", FALLBACK_FAMILY.encode())
        fontconfig.FcConfigSubstitute(ffi.NULL, pattern, fontconfig.FcMatchPattern)
        fontconfig.FcDefaultSubstitute(pattern)
        result = ffi.new("FcResult *")
        match = fontconfig.FcFontMatch(ffi.NULL, pattern, result)
    finally:
        fontconfig.FcPatternDestroy(pattern)
    if match == ffi.NULL:
        return None
    try:
        value = ffi.new("FcChar8 **")
        families: list[str] = []
        while fontconfig.FcPatternGetString(match, b"family", len(families),
                                            value) == fontconfig.FcResultMatch:
            families.append(ffi.string(value[0]).decode("utf-8", "replace"))
        if FALLBACK_FAMILY not in families:
            return None
        if fontconfig.FcPatternGetString(match, b"file", 0, value) != fontconfig.FcResultMatch:
            return None
        path: str = ffi.string(value[0]).decode("utf-8", "replace")
        return path
    finally:
        fontconfig.FcPatternDestroy(match)


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
    of every document; ours keeps only the rules for the elements letters use. `make
    bench` measures the saving, on vs off in the same run: about a tenth of a letter's
    render time, with a wide spread on this shared machine. `_ua_stylesheets` is
    WeasyPrint's own hook (pinned at 70.0); tests/test_pdf.py proves the layout is
    identical to the full sheet's.
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
    # What the PDF depends on besides the HTML: WeasyPrint's and pydyf's versions, the
    # bytes of the stylesheets this renderer parsed and the fallback font's file. Part of
    # every cache key.
    version: str = ""

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
    version = _renderer_version()
    font_config = FontConfiguration()
    stylesheet = CSS(url=STATIC_SCHEME + "letter.css", url_fetcher=fetcher,
                     font_config=font_config)
    ua = CSS(url=STATIC_SCHEME + "letter-ua.css", url_fetcher=fetcher, font_config=font_config)
    return Renderer(font_config=font_config, stylesheet=stylesheet, fetcher=fetcher,
                    html_class=_letter_html_class(ua), version=version)


def _renderer_version() -> str:
    import pydyf
    import weasyprint

    digest = hashlib.sha256(f"weasyprint {weasyprint.__version__} "
                            f"pydyf {pydyf.__version__}".encode())
    # The fallback font draws CJK names: another file (a newer package) is another PDF.
    font = fallback_font_file()
    font_stamp = f"{font} {Path(font).stat().st_size}" if font else "no fallback font"
    digest.update(f"\0{font_stamp}\0".encode())
    for name, path in sorted(STATIC_FILES.items()):
        digest.update(f"\0{name}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Per process: 32 MiB holds about a thousand letters (the examples are 22-27 KiB each), and
# two gunicorn workers stay well inside the machine's memory.
PDF_CACHE_BYTES = 32 * 1024 * 1024


@dataclass
class PdfCache:
    """A least-recently-used map from key to PDF bytes, bounded by total size.

    In memory and per process on purpose: a download is a GET, and a GET never writes to
    the database. Keys are content hashes, never draft tokens, so a deleted draft's PDF
    cannot be reached (its token 404s before the cache is asked) and simply ages out.
    """

    max_bytes: int = PDF_CACHE_BYTES
    hits: int = 0
    misses: int = 0
    _entries: OrderedDict[str, bytes] = field(default_factory=OrderedDict)
    _size: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get_or_render(self, key: str, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        # Rendered outside the lock: a slow letter must not hold up cached downloads. Two
        # requests missing on the same key both render; the bytes are the same.
        data = render()
        if len(data) <= self.max_bytes:
            with self._lock:
                if key not in self._entries:
                    self._entries[key] = data
                    self._size += len(data)
                while self._size > self.max_bytes:
                    _, dropped = self._entries.popitem(last=False)
                    self._size -= len(dropped)
        return data

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        return self._size

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0
            self.hits = self.misses = 0


@cache
def pdf_cache() -> PdfCache:
    """The process-wide PDF cache."""
    return PdfCache()


def cache_key(html: str, *, pdf_ua: bool = False) -> str:
    """The letter's HTML fully determines its PDF for a given renderer version."""
    digest = hashlib.sha256(renderer().version.encode())
    digest.update(b"\0pdf/ua-1\0" if pdf_ua else b"\0pdf\0")
    digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def html_to_pdf(html: str, *, pdf_ua: bool = False, cached: bool = False) -> bytes:
    """The PDF of a letter's HTML. With `cached`, a letter rendered before in this process
    (same HTML, same renderer version) is served from pdf_cache() without rendering."""
    if not cached:
        return renderer().write_pdf(html, pdf_ua=pdf_ua)
    return pdf_cache().get_or_render(cache_key(html, pdf_ua=pdf_ua),
                                     lambda: renderer().write_pdf(html, pdf_ua=pdf_ua))
