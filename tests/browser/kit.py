"""Keyboard-only driving, focus-ring checks, axe-core and screenshots for the browser suite.

Keyboard helpers press keys only (Tab, Shift+Tab, arrows, Space, Enter, typing); they read
the page's state with evaluate() but never click or fill.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

from tests.conftest import PdfText, extract_text

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_LOG = SCREENSHOTS / "axe-report.txt"
FOCUSABLE_WITH_RING = ("a", "button", "input", "textarea", "select", "summary")

_ACTIVE = """(sel) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "body", match: false};
  const cs = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), type: el.type || "", id: el.id, name: el.name || "",
          value: el.value === undefined ? null : el.value, checked: !!el.checked,
          text: (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50),
          href: el.getAttribute("href") || "",
          outline: cs.outlineStyle, outlineWidth: cs.outlineWidth, shadow: cs.boxShadow,
          focused: el.matches(":focus"), match: sel ? el.matches(sel) : false};
}"""


def active(page: Any, selector: str = "") -> dict[str, Any]:
    info: dict[str, Any] = page.evaluate(_ACTIVE, selector)
    return info


def assert_focus_visible(info: dict[str, Any]) -> None:
    if info["tag"] not in FOCUSABLE_WITH_RING or not info.get("focused"):
        # Not focused itself: focus is inside a date or time input's built-in calendar or
        # clock button (browser shadow DOM), which draws the browser's own focus ring.
        return
    ring = (info["outline"] != "none" and info["outlineWidth"] not in ("0px", "")) \
        or info["shadow"] not in ("none", "")
    assert ring, f"focus is not visible on {describe(info)}: outline {info['outline']} " \
                 f"{info['outlineWidth']}, box-shadow {info['shadow']}"


def describe(info: dict[str, Any]) -> str:
    bits = [info["tag"]]
    if info.get("type"):
        bits.append(f"type={info['type']}")
    if info.get("id"):
        bits.append(f"#{info['id']}")
    if info.get("name"):
        bits.append(f"name={info['name']}")
    if info.get("href"):
        bits.append(f"href={info['href']}")
    if info.get("text"):
        bits.append(repr(info["text"]))
    return " ".join(bits)


def tab_to(page: Any, selector: str, *, limit: int = 90, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`, checking the
    focus ring of every input, button and link on the way."""
    key = "Shift+Tab" if backwards else "Tab"
    seen: list[str] = []
    info = active(page, selector)
    if info["match"]:
        assert_focus_visible(info)
        return
    for _ in range(limit):
        page.keyboard.press(key)
        info = active(page, selector)
        assert_focus_visible(info)
        if info["match"]:
            return
        seen.append(describe(info))
    raise AssertionError(f"{limit} presses of {key} never reached {selector!r}; focus went "
                         "through:\n  " + "\n  ".join(seen[-40:]))


def select_radio(page: Any, name: str, value: str) -> None:
    """Tab into a radio group, then arrow to `value` (Space if the landing radio is it)."""
    tab_to(page, f'input[type=radio][name="{name}"]')
    for _ in range(20):
        info = active(page)
        if info["value"] == value:
            if not info["checked"]:
                page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
        assert_focus_visible(active(page))
    checked = page.evaluate(
        "(n) => (document.querySelector(`input[name='${n}']:checked`) || {}).value", name)
    assert checked == value, f"radio {name}: wanted {value}, checked {checked}"


def type_into(page: Any, selector: str, text: str) -> None:
    """Tab to a text field, select what is there, and type `text` over it."""
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    if text:
        page.keyboard.type(text)
    else:
        page.keyboard.press("Delete")


def open_details(page: Any, details_id: str) -> None:
    """Tab to a <details> element's summary and open it with Enter, as a keyboard user
    does (an open one is left open)."""
    tab_to(page, f"details#{details_id} > summary")
    if page.locator(f"details#{details_id}").get_attribute("open") is None:
        page.keyboard.press("Enter")


def press_and_wait(page: Any, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def submit(page: Any) -> None:
    """Tab to the form's submit button ("Save and continue" / "Start") and press Enter."""
    tab_to(page, "main form:not([action$='/delete']) button[type=submit]")
    press_and_wait(page)


def values(page: Any, names: list[str]) -> dict[str, Any]:
    """Current values of named fields (radios: the checked value; checkboxes: ticked list)."""
    return dict(page.evaluate("""(names) => Object.fromEntries(names.map(n => {
      const els = [...document.querySelectorAll(`[name='${n}']`)];
      if (!els.length) return [n, null];
      if (els[0].type === "radio") return [n, (els.find(e => e.checked) || {}).value || null];
      if (els[0].type === "checkbox") return [n, els.filter(e => e.checked).map(e => e.value)];
      return [n, els[0].value];
    }))""", names))


def shot(page: Any, name: str) -> None:
    """A full-page screenshot for a person to look at, with BROWSER_SCREENSHOTS=1 (each
    takes about 0.4 s and asserts nothing, so `make test` skips them by default)."""
    if not os.environ.get("BROWSER_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def check_axe(page: Any, label: str) -> list[dict[str, Any]]:
    """Run axe-core (bundled in axe-playwright-python, offline) on the page and its frames.
    Fails on any serious or critical violation, and on headings out of order (the issue
    asks for headings in order; axe rates that rule only "moderate"); logs every
    violation to axe-report.txt."""
    for frame in page.frames:
        frame.evaluate(AXE_SCRIPT)
    results = page.evaluate('() => axe.run(document, {resultTypes: ["violations"]})')
    violations: list[dict[str, Any]] = results["violations"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with AXE_LOG.open("a") as log:
        log.write(f"== {label} ({page.url}): {len(violations)} violation(s)\n")
        for v in violations:
            log.write(f"  {v['id']} [{v['impact']}] {v['help']}\n")
            for node in v["nodes"][:5]:
                log.write(f"    {json.dumps(node['target'])}: {node.get('failureSummary', '')}"
                          .replace("\n", " ") + "\n")
    bad = [v for v in violations
           if v["impact"] in ("serious", "critical") or v["id"] in ("heading-order",
                                                                    "page-has-heading-one")]
    assert not bad, f"axe on {label} ({page.url}):\n" + "\n".join(
        f"- {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})\n" + "\n".join(
            f"    {n['target']}: {n.get('failureSummary', '')}" for n in v["nodes"][:8])
        for v in bad)
    return violations


def pdf_from_download(download: Any) -> PdfText:
    path = download.path()
    assert path is not None, f"download failed: {download.failure()}"
    data = Path(path).read_bytes()
    assert data.startswith(b"%PDF"), data[:200]
    return extract_text(data)


def step_url(step: str) -> re.Pattern[str]:
    return re.compile(rf"/new/[^/]+/{step}(\?.*)?$")
