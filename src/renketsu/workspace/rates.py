"""Missing exchange rates, reported (docs/format.md §4, §10.3).

The consolidation records each rate it needs and lacks, with what needs it (a row or an
amount it translates); nothing demands a rate in advance. ``validate`` consolidates at every
fiscal year end and simulates every event, so it reports exactly the rates those use.
This module turns the missing ones into problems: one per currency and date, naming the
first needs and the count of the rest, with the rows to add to rates.csv.
"""

from __future__ import annotations

import datetime as dt

from renketsu.model.errors import Problems
from renketsu.model.types import Source

from . import files

#: (currency, date, kind, fallback kind or None) -> what needs the rate.
Missing = dict[tuple[str, dt.date, str, str | None], list[str]]


#: How many of the things that need a rate a problem names before giving the count of the rest.
NAMED = 3


def report_missing(problems: Problems, root: str, missing: Missing) -> None:
    """One problem per missing currency and date (every kind it lacks), with the rows to add.

    A rate needed by many entities names the first :data:`NAMED` needs and the count of the others.
    """
    path = f"{root}/rates.csv"
    exists = files.kind(path) != "absent"
    by_day: dict[tuple[str, dt.date], list[tuple[str, str | None, list[str]]]] = {}
    for (currency, date, kind, fallback), whys in sorted(missing.items(), key=str):
        by_day.setdefault((currency, date), []).append((kind, fallback, whys))
    for (currency, date), kinds in sorted(by_day.items(), key=str):
        # One kind asked for with and without a fallback is one rate to add: the need without a fallback
        # wants that kind itself (found by review: "no spot (or closing) rate ..., and no spot rate").
        fallbacks: dict[str, set[str | None]] = {}
        for kind, fallback, _ in kinds:
            fallbacks.setdefault(kind, set()).add(fallback)
        wanted = [kind + (f" (or {next(iter(fb))})" if len(fb) == 1 and None not in fb else "")
                  for kind, fb in fallbacks.items()]
        needs = list(dict.fromkeys(w for _, _, whys in kinds for w in whys))
        shown = "; ".join(needs[:NAMED]) + (f"; and {len(needs) - NAMED} more" if len(needs) > NAMED else "")
        what = f"no {wanted[0]} rate for {currency} at {date}" + "".join(f", and no {w} rate" for w in wanted[1:])
        rows = [f"'{currency},{date},{kind},RATE'" for kind in fallbacks]
        listed = rows[0] if len(rows) == 1 else ", ".join(rows[:-1]) + " and " + rows[-1]
        noun = "row" if len(rows) == 1 else "rows"
        hint = (f"add the {noun} {listed} to rates.csv" if exists else
                f"rates.csv does not exist yet: create it with the header 'currency,date,kind,rate' and the {noun} "
                f"{listed}")
        problems.add("rate.missing", f"{what}: needed for {shown}", Source(path), hint)
