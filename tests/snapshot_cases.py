"""Inputs for the byte-for-byte snapshots of the Deadlines JSON, the CLI's table and the
letters (tests/snapshots/outputs.json): a fixed, seeded mix of every law, agency kind and
event that starts or answers a clock, so a refactor that changes one byte fails."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

Case = tuple[str, str, str | None, str, list[str], str]  # law, received, agency, capacity,
# events (KIND=DATE[:VALUE]), today
EXAMPLES = ("kcpd-sunshine-2019.json", "ice-foia-2019.json", "ice-privacy-act-self.json",
            "kcpd-involved-attorney.json")


def _events(rng: random.Random, law: str, received: date) -> list[str]:
    def on(days: int, kind: str, value: str = "") -> str:
        day = (received + timedelta(days=days)).isoformat()
        return f"{kind}={day}" + (f":{value}" if value else "")

    if law == "mo-sunshine":
        pool = [on(2, "statement-requested"), on(rng.randint(1, 9), "responded"),
                on(6, "payment-requested", rng.choice(["200", "1500"])),
                on(7, "clarification-requested"), on(rng.randint(3, 40), "denied"),
                on(rng.randint(20, 90), "paid")]
    else:
        toll = rng.randint(1, 12)
        pool = [on(0, "expedite-requested"), on(toll, "tolled"),
                on(toll + rng.randint(0, 20), "resumed"), on(rng.randint(1, 9), "routed"),
                on(rng.randint(20, 40), "extended"),
                on(rng.randint(30, 60), "determination", rng.choice(["", "adverse", "full"])),
                on(rng.randint(61, 120), "appeal-received"),
                on(rng.randint(121, 200), "appeal-decided")]
    return sorted(rng.sample(pool, rng.randint(0, len(pool))),
                  key=lambda e: e.split("=")[1])


def cases(n: int = 240, seed: int = 2019) -> Iterator[Case]:
    rng = random.Random(seed)
    first, last = date(2018, 1, 1).toordinal(), date(2027, 12, 31).toordinal()
    for _ in range(n):
        law = rng.choice(["mo-sunshine", "foia", "privacy-act"])
        received = date.fromordinal(rng.randint(first, last))
        if law == "mo-sunshine":
            agency = rng.choice(["kcpd", "kc-city", None])
            capacity = rng.choice(["public", "public", "involved", "attorney"])
        else:
            agency = rng.choice(["ice", "uscis", "eoir", "ogis", "cbp", None])
            capacity = "public"
        today = received + timedelta(days=rng.randint(0, 400))
        yield law, received.isoformat(), agency, capacity, _events(rng, law, received), \
            today.isoformat()
