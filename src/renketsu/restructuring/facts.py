"""Headline facts after a merger: what the surviving company's figures add up to (docs/format.md §7, §9 ``facts_after``).

Map of the module::

    CombinedFact ........ one figure after the event, the companies it adds and a note
    facts_after_merger .. Facts of the merging companies -> CombinedFact list

A fact is only ever added to facts with the same concept, unit, as-of date,
period start and basis (a *group*). Where the merging companies' figures for a
concept sit on different dates or bases, each group gets its own entry and one
more entry, ``mixed``, adds each company's latest figure and says in its note
exactly which dates and bases it mixes. Capital is never added: after a merger
the survivor's share capital changes only by the increase the merger contract
sets. Revenue added up company by company is labelled as a sum before
eliminating intra-group sales. The module is pure: no files, no printing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import money_str
from renketsu.model.types import Fact

#: Concepts added up across companies whatever their unit.
ADDITIVE_CONCEPTS = frozenset({"employees", "headcount", "revenue", "net_sales", "sales", "capital"})
#: Concepts that are the company's share capital: never added, see :func:`facts_after_merger`.
CAPITAL_CONCEPTS = frozenset({"capital", "share_capital"})
#: Concepts that are sales: a non-consolidated sum still holds intra-group sales.
REVENUE_CONCEPTS = frozenset({"revenue", "net_sales", "sales", "operating_revenue"})
#: Units counting people (any unit of persons is additive).
PERSON_UNITS = frozenset({"persons", "person", "people", "employees", "headcount", "heads"})
#: Units of money: an ISO currency code, optionally with a scale ("JPY", "JPY_million", "USD thousand").
_MONEY_UNIT = re.compile(r"^[A-Z]{3}(?:$|[ _-])")

REVENUE_NOTE = "simple sum of non-consolidated revenue, before eliminating intra-group sales"


@dataclass(frozen=True, slots=True)
class CombinedFact:
    """A headline figure of the surviving company after a merger, with what it adds up."""

    #: The surviving company: every entry describes it after the event.
    entity: str
    concept: str
    #: Exact sum (or the survivor's capital plus the increase).
    value: Decimal
    unit: str
    #: The instant, or the end of a duration; None for a mixed entry whose parts end on different dates.
    as_of: dt.date | None
    #: Start of a duration; None for an instant, or for a mixed entry whose parts start differently.
    period_start: dt.date | None
    #: ``non_consolidated``, ``consolidated``, or ``mixed`` when a mixed entry's parts differ in basis.
    basis: str
    #: The companies whose facts the value includes, survivor first, then in merger order.
    combined_from: tuple[str, ...]
    #: What the figure is and is not: missing companies, mixed dates or bases, intra-group sales.
    note: str | None
    #: True for the entry that adds figures of different dates or bases.
    mixed: bool = False

    def to_json(self) -> dict[str, object]:
        """The docs/format.md §9 ``facts_after`` item (``mixed`` is an extension)."""
        return {
            "entity": self.entity,
            "concept": self.concept,
            "value": money_str(self.value),
            "unit": self.unit,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "period_start": self.period_start.isoformat() if self.period_start else None,
            "basis": self.basis,
            "combined_from": list(self.combined_from),
            "note": self.note,
            "mixed": self.mixed,
        }


def is_additive(concept: str, unit: str) -> bool:
    """Whether figures of ``concept`` in ``unit`` may be added across companies.

    >>> is_additive("employees", "persons"), is_additive("total_assets", "JPY"), is_additive("roe", "percent")
    (True, True, False)
    """
    return (concept in ADDITIVE_CONCEPTS or unit.lower() in PERSON_UNITS
            or bool(_MONEY_UNIT.match(unit)))


def _when(as_of: dt.date, period_start: dt.date | None) -> str:
    if period_start is None:
        return f"as of {as_of.isoformat()}"
    return f"for {period_start.isoformat()}..{as_of.isoformat()}"


def _names(entities: Sequence[str]) -> str:
    return ", ".join(entities)


def facts_after_merger(
    facts: Sequence[Fact],
    surviving: str,
    absorbed: Sequence[str],
    *,
    share_capital_increase: Decimal = Decimal(0),
    consolidated_in_survivor: Collection[str] = (),
) -> list[CombinedFact]:
    """Combine the merging companies' headline facts into the surviving company's.

    Only facts of ``surviving`` and ``absorbed`` are read; other entities' facts do
    not change by the merger and are left out. Facts are grouped by (concept,
    unit, as_of, period_start, basis):

    - additive concepts (:func:`is_additive`) are summed within each group; a group
      missing some merging company says so in its note. When no single group holds
      every merging company that has the concept, one ``mixed`` entry adds each
      company's latest figure (non-consolidated preferred on the same date) and its
      note names every date and basis it mixes;
    - capital (:data:`CAPITAL_CONCEPTS`) is the survivor's figure plus
      ``share_capital_increase``; the absorbed companies' capital disappears with them;
    - on the consolidated basis, an absorbed company listed in
      ``consolidated_in_survivor`` is already inside the survivor's consolidated
      figure and is not added again;
    - other concepts (ratios, percentages) are not added: the survivor's figure stands.

    Raises ``RenketsuError`` (kind ``duplicate_fact``) when one company has two
    figures for the same concept, unit, date and basis.
    """
    order = {e: i for i, e in enumerate([surviving, *absorbed])}
    merging = [f for f in facts if f.entity in order]
    problems: list[Problem] = []
    seen: dict[tuple, Fact] = {}
    for f in merging:
        key = (f.entity, f.concept, f.unit, f.as_of, f.period_start, f.basis)
        if key in seen:
            problems.append(Problem(
                "duplicate_fact",
                f"{f.entity} has two {f.concept} figures {_when(f.as_of, f.period_start)} on the "
                f"{f.basis} basis ({money_str(seen[key].value)} at {seen[key].source} and "
                f"{money_str(f.value)})",
                f.source,
                "keep one row per entity, concept, unit, as_of, period_start and basis in facts.csv",
            ))
        seen[key] = f
    if problems:
        raise RenketsuError(problems)

    by_concept: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for f in merging:
        by_concept[(f.concept, f.unit)].append(f)

    out: list[CombinedFact] = []
    for (concept, unit) in sorted(by_concept):
        items = sorted(by_concept[(concept, unit)], key=lambda f: order[f.entity])
        if concept in CAPITAL_CONCEPTS:
            out.extend(_capital(items, surviving, share_capital_increase))
        elif is_additive(concept, unit):
            out.extend(_additive(items, surviving, order, set(consolidated_in_survivor)))
        else:
            out.extend(_not_additive(items, surviving))
    return out


def _group_key(f: Fact) -> tuple[dt.date, dt.date, str]:
    return (f.as_of, f.period_start or dt.date.min, f.basis)


def _sum(parts: Sequence[Fact], surviving: str, inside: set[str]) -> tuple[Decimal, list[Fact], list[str]]:
    """Add ``parts``, leaving out consolidated figures already inside the survivor's consolidated one."""
    survivor_consolidated = any(p.entity == surviving and p.basis == "consolidated" for p in parts)
    kept, skipped = [], []
    for p in parts:
        if survivor_consolidated and p.entity != surviving and p.basis == "consolidated" and p.entity in inside:
            skipped.append(p.entity)
        else:
            kept.append(p)
    return sum((p.value for p in kept), Decimal(0)), kept, skipped


def _notes(concept: str, kept: Sequence[Fact], skipped: Sequence[str], surviving: str) -> list[str]:
    notes = []
    if skipped:
        notes.append(f"{_names(skipped)} already inside {surviving}'s consolidated figure: not added again")
    if len(kept) > 1 and concept in REVENUE_CONCEPTS and any(p.basis == "non_consolidated" for p in kept):
        notes.append(REVENUE_NOTE)
    if sum(p.basis == "consolidated" for p in kept) > 1:
        notes.append("simple sum of consolidated figures, before eliminating transactions between them")
    return notes


def _additive(items: list[Fact], surviving: str, order: dict[str, int], inside: set[str]) -> list[CombinedFact]:
    concept, unit = items[0].concept, items[0].unit
    present = sorted({f.entity for f in items}, key=order.__getitem__)
    absent = [e for e in order if e not in present]
    groups: dict[tuple, list[Fact]] = defaultdict(list)
    for f in items:
        groups[_group_key(f)].append(f)

    out = []
    complete = False
    for key in sorted(groups, reverse=True):  # latest first
        parts = groups[key]
        first = parts[0]
        value, kept, skipped = _sum(parts, surviving, inside)
        entities = [p.entity for p in parts]
        missing = [e for e in order if e not in entities]
        complete = complete or not [e for e in present if e not in entities]
        notes = []
        if missing:
            if len(entities) == 1:
                notes.append(f"{entities[0]}'s figure alone")
            notes.append(f"no {concept} figure for {_names(missing)} {_when(first.as_of, first.period_start)} "
                         f"on the {first.basis} basis: not included")
        notes += _notes(concept, kept, skipped, surviving)
        out.append(CombinedFact(
            entity=surviving, concept=concept, value=value, unit=unit, as_of=first.as_of,
            period_start=first.period_start, basis=first.basis,
            combined_from=tuple(p.entity for p in kept), note="; ".join(notes) or None,
        ))

    if not complete and len(present) > 1:
        out.append(_mixed(items, surviving, present, absent, inside))
    return out


def _latest(facts: Sequence[Fact]) -> Fact:
    """A company's latest figure; on the same date the non-consolidated one."""
    return max(facts, key=lambda f: (f.as_of, f.period_start or dt.date.min, f.basis == "non_consolidated"))


def _mixed(items: list[Fact], surviving: str, present: list[str], absent: list[str], inside: set[str]) -> CombinedFact:
    concept, unit = items[0].concept, items[0].unit
    picks = [_latest([f for f in items if f.entity == e]) for e in present]
    value, kept, skipped = _sum(picks, surviving, inside)
    dates = sorted({(p.period_start or dt.date.min, p.as_of) for p in kept}, reverse=True)
    bases = sorted({p.basis for p in kept}, reverse=True)
    differs = []
    if len(dates) > 1:
        differs.append("dates " + " and ".join(
            (f"{s.isoformat()}..{a.isoformat()}" if s != dt.date.min else a.isoformat()) for s, a in dates))
    if len(bases) > 1:
        differs.append("bases " + " and ".join(bases))
    what = ", ".join(f"{p.entity} {_when(p.as_of, p.period_start)} {p.basis}" for p in kept)
    notes = [(f"mixed: not a total at one date and basis; adds each company's latest figure across "
             f"{', and across '.join(differs)} ({what})")]
    if absent:
        notes.append(f"no {concept} figure at all for {_names(absent)}: not included")
    notes += _notes(concept, kept, skipped, surviving)
    return CombinedFact(
        entity=surviving, concept=concept, value=value, unit=unit,
        as_of=kept[0].as_of if len({p.as_of for p in kept}) == 1 else None,
        period_start=kept[0].period_start if len(dates) == 1 else None,
        basis=bases[0] if len(bases) == 1 else "mixed",
        combined_from=tuple(p.entity for p in kept), note="; ".join(notes), mixed=True,
    )


def _capital(items: list[Fact], surviving: str, increase: Decimal) -> list[CombinedFact]:
    others = [f for f in items if f.entity != surviving]
    extinguished = ", ".join(
        f"{f.entity} {money_str(f.value)} {_when(f.as_of, f.period_start)}" for f in others)
    out = []
    for f in sorted((f for f in items if f.entity == surviving), key=_group_key, reverse=True):
        note = (f"{surviving}'s capital {_when(f.as_of, f.period_start)} plus the share capital increase "
                f"of the merger ({money_str(increase)}); capital is not added up: the survivor's share "
                "capital changes only by the increase the merger contract sets")
        if others:
            note += f", and the absorbed companies' capital ({extinguished}) ends with them"
        out.append(CombinedFact(
            entity=surviving, concept=f.concept, value=f.value + increase, unit=f.unit, as_of=f.as_of,
            period_start=f.period_start, basis=f.basis, combined_from=(surviving,), note=note,
        ))
    return out


def _not_additive(items: list[Fact], surviving: str) -> list[CombinedFact]:
    others = sorted({f.entity for f in items if f.entity != surviving})
    out = []
    for f in sorted((f for f in items if f.entity == surviving), key=_group_key, reverse=True):
        note = f"not additive: {surviving}'s own figure"
        if others:
            note += f"; {_names(others)}'s figures are not combined"
        out.append(CombinedFact(
            entity=surviving, concept=f.concept, value=f.value, unit=f.unit, as_of=f.as_of,
            period_start=f.period_start, basis=f.basis, combined_from=(surviving,), note=note,
        ))
    return out
