"""HTML letter -> plain text, so the text and the PDF come from one template.

Block elements become paragraphs, <br> a line break, list items are numbered, table rows
become "label: value" lines, and the signature line becomes a rule to sign on.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = {"p", "div", "section", "address", "h1", "h2", "h3", "h4", "table", "ol", "ul",
          "header", "footer", "blockquote"}
SKIP = {"head", "style", "script", "title"}


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.lists: list[list[int | None]] = []  # per open list: [counter or None]
        self.cells: list[str] = []

    def _break(self, blank: bool = True) -> None:
        self.out.append("\n\n" if blank else "\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in SKIP:
            self.skip_depth += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag == "ol":
            self.lists.append([0])
            self._break()
        elif tag == "ul":
            self.lists.append([None])
            self._break()
        elif tag == "li":
            self._break(blank=bool(self.lists and self.lists[-1][0]))
            counter = self.lists[-1] if self.lists else [None]
            if counter[0] is None:
                self.out.append("- ")
            else:
                counter[0] += 1
                self.out.append(f"{counter[0]}. ")
        elif tag in ("tr",):
            self._break(blank=False)
        elif tag in ("th", "td") and self.out and not self.out[-1].endswith("\n"):
            self.out.append(": ")
        elif tag == "span" and "sigline" in classes:
            self.out.append("\n\n______________________________\n")
        elif tag == "span" and "record-meta" in classes:
            self.out.append("\n   ")
        elif tag in BLOCKS:
            if "consent-page" in classes:
                self.out.append("\n\n" + "-" * 60)
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skip_depth -= 1
        elif tag in ("ol", "ul"):
            if self.lists:
                self.lists.pop()
            self._break()
        elif tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        self.out.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        raw = "".join(self.out)
        lines = [line.strip() if not line.startswith("   ") else "   " + line.strip()
                 for line in raw.split("\n")]
        text = "\n".join(lines)
        text = re.sub(r"\n{3,}", "\n\n", text)
        return text.strip() + "\n"


def html_to_text(html: str) -> str:
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    return builder.text()
