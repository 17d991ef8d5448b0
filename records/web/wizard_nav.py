"""Moving between the wizard's steps without losing anything (records/web/wizard.py).

- The step indicator: "Step 2 of 5: Records" (done is not a numbered step).
- The step links of a form step are submit buttons of the step's form (name="goto"): the
  step is saved, with its errors if it has any, and the user lands on the chosen step.
- A step saved with errors redirects (303) to a GET that shows them again, so reloading the
  page does not send the form again. A step the user has sent once shows its errors when
  they come back to it: the session remembers which steps of which draft were sent (by a
  digest of the draft's token, never the token or an answer).
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import request, session
from flask_babel import gettext

NUMBERED = ("agency", "records", "requester", "fees", "review")
GOTO = "goto"
CHECK = "check"
SENT_KEY = "wizard_sent"
SENT_DRAFTS = 8  # drafts remembered per browser session: a cookie stays small
# Each form step's own form. The step links sit in the layout's nav, outside the form, and
# name it with form="step-form"; each step template gives its form this id.
STEP_FORM_ID = "step-form"


def indicator(step: str, titles: dict[str, str]) -> dict[str, Any]:
    """The step's place: its number, the total, and the indicator's words."""
    total = len(NUMBERED)
    if step not in NUMBERED:
        return {"number": None, "total": total,
                "text": gettext("Done: all %(total)s steps are complete", total=total)}
    number = NUMBERED.index(step) + 1
    return {"number": number, "total": total,
            "text": gettext("Step %(number)s of %(total)s: %(title)s", number=number,
                            total=total, title=gettext(titles[step]))}


def goto_target() -> str | None:
    """The step a step link asked for, if it names one."""
    target = request.form.get(GOTO, "")
    return target if target in NUMBERED else None


def _draft_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def remember_sent(token: str, step: str) -> None:
    """Remember that this step of this draft was sent: coming back shows its errors."""
    sent: dict[str, list[str]] = dict(session.get(SENT_KEY) or {})
    key = _draft_key(token)
    steps = [s for s in sent.pop(key, []) if s != step] + [step]
    sent[key] = steps
    while len(sent) > SENT_DRAFTS:
        sent.pop(next(iter(sent)))
    session[SENT_KEY] = sent


def shows_errors(token: str, step: str) -> bool:
    """Whether a GET of a form step shows its errors: after a save with errors (?check=1),
    or once the user has sent this step before."""
    if request.args.get(CHECK) == "1":
        return True
    sent = session.get(SENT_KEY) or {}
    return isinstance(sent, dict) and step in (sent.get(_draft_key(token)) or [])
