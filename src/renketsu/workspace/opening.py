"""opening.csv — the group's carrying position at a start date (docs/format.md "Extension: opening.csv").

:func:`read_opening` turns the file's rows (already checked against :class:`OpeningRowFile`, amounts
read by the exact reader of :mod:`renketsu.workspace.schemas`) into a :class:`~renketsu.model.types.Opening`,
reporting every problem together, each naming file and row and what to do:

- one start date on every row, a fiscal year end;
- entities, accounts and holders that exist; an entity that is a subsidiary or an associate at the
  start date, a holder that is a group holder of it then;
- items that fit the entity (``carrying`` for an associate, ``nci`` for a subsidiary, ...), equity rows
  on equity accounts, no row twice; what an entity must have (a foreign subsidiary's equity or
  reserve, an NCI amount where there is NCI, each associate holder's carrying amount);
- no holding change after the start date in an entity it lists (not supported yet).

:func:`check_against_ledger` then checks, once the ledger is loaded, that the start date is a period
of the ledger holding the trial balance of the parent and of every entity listed.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Literal

from renketsu.model import types as m
from renketsu.model.errors import Problems
from renketsu.model.types import Source

from .schemas import Date, Id, Money, _Strict

FILE = "opening.csv"

SUBSIDIARY_ITEMS = ("equity", "reserve", "goodwill", "nci", "reserve_owners")
ASSOCIATE_ITEMS = ("carrying", "goodwill", "reserve")
_WITH_HOLDER = ("goodwill", "carrying")


class OpeningRowFile(_Strict):
    """One row of opening.csv (docs/format.md "Extension: opening.csv")."""

    date: Date
    entity: Id
    item: Literal["equity", "reserve", "goodwill", "nci", "reserve_owners", "carrying"]
    account: Id | None = None
    holder: Id | None = None
    amount: Money


def _at(src: Source) -> str:
    return f"row {src.row}" if src.row is not None else str(src)


def read_opening(problems: Problems, group: m.Group | None, rows: list[tuple[OpeningRowFile, Source]],
                 file: str, check_ownership: bool = True) -> m.Opening | None:
    """The opening position from opening.csv's rows, or None (problems added) when there is none to use."""
    if not rows:
        return None
    start = rows[0][0].date
    for r, src in rows[1:]:
        if r.date != start:
            problems.add("opening.date", f"date {r.date} differs from the start date {start} of the first row",
                         src, "opening.csv gives the position at one start date: write it on every row")
    if group is None:
        return None
    if group.fiscal_year_end_for(start) != start:
        problems.add("opening.date", f"the start date {start} is not a fiscal year end "
                     f"(fiscal_year_end {group.fiscal_year_end[0]:02d}-{group.fiscal_year_end[1]:02d})",
                     rows[0][1], f"start from a fiscal year end, e.g. {group.fiscal_year_end_for(start)}")
    out = [_row(problems, group, r, src) for r, src in rows]
    kept = tuple(x for x in out if x is not None)
    _duplicates(problems, kept)
    if check_ownership and not problems:
        _against_ownership(problems, group, start, kept, file)
    return m.Opening(start, kept, Source(file))


def _row(problems: Problems, group: m.Group, r: OpeningRowFile, src: Source) -> m.OpeningRow | None:
    ok = True
    if r.entity not in group.entities:
        problems.add("opening.unknown_entity", f"entity '{r.entity}' is not an entity of the group", src,
                     f"fix the id, or add {r.entity} to entities in group.yaml")
        ok = False
    if r.holder is not None and r.holder not in group.entities:
        problems.add("opening.unknown_entity", f"holder '{r.holder}' is not an entity of the group", src,
                     "fix the id, or leave holder empty when the entity has one group holder")
        ok = False
    if r.item == "equity":
        acc = group.accounts.get(r.account) if r.account is not None else None
        if r.account is None:
            problems.add("opening.item", "an equity row needs the equity account it is about", src,
                         "write the account id in the account column")
            ok = False
        elif acc is None:
            problems.add("opening.unknown_account", f"account '{r.account}' is not a group account", src,
                         f"fix the id, or add {r.account} to accounts in group.yaml")
            ok = False
        elif acc.type != "equity" or acc.role in ("cta", "nci", "dividends_declared"):
            problems.add("opening.item", f"account {r.account} ({acc.name}) is not an equity account an equity row "
                         "can give", src, "give equity accounts other than the translation reserve, NCI and "
                         "dividends declared (retained earnings include the year's dividends)")
            ok = False
    elif r.account is not None:
        problems.add("opening.item", f"item {r.item} takes no account (only equity rows do)", src,
                     "leave the account column empty")
        ok = False
    if r.holder is not None and r.item not in (*_WITH_HOLDER, "reserve"):
        problems.add("opening.item", f"item {r.item} takes no holder", src, "leave the holder column empty")
        ok = False
    if not ok:
        return None
    return m.OpeningRow(r.entity, r.item, r.account, r.holder, r.amount, src)


def _duplicates(problems: Problems, rows: Iterable[m.OpeningRow]) -> None:
    seen: dict[tuple, Source] = {}
    for r in rows:
        key = (r.entity, r.item, r.account, r.holder)
        if key in seen:
            what = " ".join(x for x in (r.item, r.account, r.holder and f"of {r.holder}") if x)
            problems.add("opening.duplicate", f"{r.entity} {what} is given twice (first at {_at(seen[key])})",
                         r.source, "keep one row")
            continue
        seen[key] = r.source


def _against_ownership(problems: Problems, group: m.Group, start: dt.date, rows: tuple[m.OpeningRow, ...],
                       file: str) -> None:
    """Methods, holders and required items as the group stands at the start date."""
    from renketsu.ownership import ownership_at  # the structure at one date; numpy only

    from renketsu.model.errors import RenketsuError

    try:
        own = ownership_at(group, start)
    except RenketsuError:  # pragma: no cover - a group the solver refuses is reported by validation
        return
    by_entity: dict[str, list[m.OpeningRow]] = defaultdict(list)
    for r in rows:
        by_entity[r.entity].append(r)
    holders_of = {eid: {h for h, s in eo.direct.items() if s and own.method(h) in ("parent", "full")}
                  for eid, eo in own.entities.items()}
    for eid, its in by_entity.items():
        method = own.method(eid)
        if method not in ("full", "equity") or (method == "equity" and not holders_of.get(eid)):
            what = {"parent": "the parent", "none": "neither a subsidiary nor an associate"}.get(method, method)
            problems.add("opening.not_held", f"{eid} is {what} at the start date {start}", its[0].source,
                         "opening.csv lists subsidiaries and associates of the group at the start date: remove "
                         f"{eid}'s rows, or fix the holdings in group.yaml")
            continue
        _check_items(problems, eid, its, method, holders_of[eid], start)
        _required(problems, group, own.entities[eid].nci if method == "full" else None, eid, its,
                  sorted(holders_of[eid]), start, file)
    for eid, eo in own.entities.items():
        if eid in by_entity or eo.method not in ("full", "equity") or (eo.method == "equity" and not holders_of[eid]):
            continue
        kind = "subsidiary" if eo.method == "full" else "associate"
        problems.add("opening.missing", f"{eid} is a {kind} at the start date {start} but opening.csv has no rows "
                     "for it", Source(file), f"add {eid}'s opening position (docs/format.md \"Extension: opening.csv\")")
    _holdings_after(problems, group, start, set(by_entity))


def _check_items(problems: Problems, eid: str, its: list[m.OpeningRow], method: str, holders: set[str],
                 start: dt.date) -> None:
    allowed = SUBSIDIARY_ITEMS if method == "full" else ASSOCIATE_ITEMS
    kind = "a subsidiary" if method == "full" else "an associate"
    for r in its:
        if r.item not in allowed:
            problems.add("opening.item", f"{eid} is {kind} at {start}: item {r.item} is not one of its items",
                         r.source, f"items of {kind}: {', '.join(allowed)}")
        elif r.holder is not None and r.holder not in holders:
            problems.add("opening.unknown_holder", f"{r.holder} is not a group holder of {eid} at {start}",
                         r.source, f"group holders of {eid} then: {', '.join(sorted(holders)) or 'none'}")


def _required(problems: Problems, group: m.Group, nci_ratio, eid: str, its: list[m.OpeningRow],
              holders: list[str], start: dt.date, file: str) -> None:
    items = {r.item for r in its}
    first = its[0].source
    for r in its:
        if r.item in _WITH_HOLDER and r.holder is None and len(holders) > 1:
            problems.add("opening.unknown_holder", f"{eid} has several group holders ({', '.join(holders)}): "
                         f"say whose {r.item} this is", r.source, "write the holder's id in the holder column")
    if nci_ratio is not None:  # a subsidiary
        foreign = group.entities[eid].currency != group.reporting_currency
        if "equity" in items and "reserve" in items:
            problems.add("opening.item", f"{eid} has both equity rows and a reserve row", first,
                         "give its equity at historical rates per account, or its own reserve, not both")
        elif foreign and not items & {"equity", "reserve"}:
            problems.add("opening.missing", f"{eid} keeps its books in {group.entities[eid].currency}: its equity at "
                         f"historical rates at {start} is needed", first,
                         "add equity rows (one per equity account) or one reserve row")
        if nci_ratio and "nci" not in items:
            problems.add("opening.missing", f"{eid} has non-controlling interests at {start}: the NCI amount is "
                         "needed", first, f"add a row {start},{eid},nci,,,AMOUNT (reporting currency)")
        return
    given = {r.holder or (holders[0] if len(holders) == 1 else None) for r in its if r.item == "carrying"}
    for h in holders:
        if h not in given:
            problems.add("opening.missing", f"{eid} is an associate of {h} at {start}: its carrying amount is needed",
                         first, f"add a row {start},{eid},carrying,,{h},AMOUNT (in {group.entities[eid].currency})")


def _holdings_after(problems: Problems, group: m.Group, start: dt.date, listed: set[str]) -> None:
    for h in group.holdings:
        if h.date > start and h.entity in listed:
            problems.add("opening.holding_after_start",
                         f"the holding of {h.entity} by {h.holder} changes on {h.date}, after the start date "
                         f"{start} of opening.csv: a change of holding in an entity starting from opening "
                         "balances is not supported yet", h.source,
                         "move the start date after the change, or consolidate from full history")


def check_against_ledger(opening: m.Opening | None, group: m.Group, entity_periods: Mapping[str, Iterable[dt.date]],
                         problems: Problems) -> None:
    """The start date is a period of the ledger, with the parent's and every listed entity's trial balance."""
    if opening is None:
        return
    start = opening.start
    periods = {p for ps in entity_periods.values() for p in ps}
    if start not in periods:
        held = ", ".join(str(p) for p in sorted(periods)[:6]) or "no period"
        problems.add("opening.start_not_period", f"the start date {start} is not a period of the ledger "
                     f"(it holds {held})", opening.rows[0].source if opening.rows else opening.source,
                     f"add the trial balances at {start} to ledger/ (the base later years are measured from), "
                     "or fix the date")
        return
    firsts: dict[str, Source] = {}
    for r in opening.rows:
        firsts.setdefault(r.entity, r.source)
    for eid in [group.parent, *sorted(firsts)]:
        if start not in set(entity_periods.get(eid, ())):
            problems.add("opening.no_trial_balance", f"the ledger has no trial balance of {eid} at the start "
                         f"date {start}", firsts.get(eid, opening.source),
                         f"add {eid}'s rows with period {start} to ledger/")


__all__ = ["ASSOCIATE_ITEMS", "SUBSIDIARY_ITEMS", "OpeningRowFile", "check_against_ledger", "read_opening"]
