"""Step ``dividends`` — intra-group dividends against the holder's income; the NCI's part against NCI."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter

from renketsu.model.money import ZERO, book, fmt, fsum

from .investment import cuts_in_year
from .products import Matching
from .run import Acquired
from .stage import StepIO


#: A translated key's account.
_ACCOUNT = itemgetter(0)


def _money(io: StepIO, x: Fraction | Decimal) -> str:
    return fmt(x, io.run.decimals)


def dividends(io: StepIO) -> Matching:
    """The ``dividends`` step: intra-group dividends against the holder's dividend income; the NCI's part against NCI."""
    run = io.run
    matching: list[dict] = []
    paid: dict[str, Fraction] = {}
    borne: dict[str, Fraction] = {}
    declaring = run.accounts_of_role("dividends_declared")
    for entity in run.consolidated()[1:]:
        nci_part, nci_share = _entity_dividends(io, entity, matching, declaring)
        if nci_part:
            paid[entity] = nci_part
        if nci_share:
            borne[entity] = nci_share
    return Matching(tuple(matching), paid, borne)


def _entity_dividends(io: StepIO, entity: str, matching: list[dict], declaring: frozenset[str] | None = None
                      ) -> tuple[Fraction, Fraction]:
    """Post ``entity``'s dividends of the year; returns the exact part paid to its direct NCI and the exact
    share of them its NCI ratio (indirect NCI included) bears. ``declaring``: the dividends-declared accounts
    (a trial balance without one declares nothing, found by a C loop over its keys)."""
    run = io.run
    tb = io.tb.get(entity, {})
    if declaring is not None and declaring.isdisjoint(map(_ACCOUNT, tb)):
        return ZERO, ZERO
    declared = Decimal(0)
    div_acc = None  # the first dividends-declared account of its trial balance
    role = run.account_role
    for (acc, _p), amt in tb.items():  # one pass: the sum and the first account
        if role(acc) == "dividends_declared":
            declared += amt
            if div_acc is None:
                div_acc = acc
    if not declared or div_acc is None:
        return ZERO, ZERO
    acq = io.acquired.get(entity)
    if acq is not None:
        # Dividends declared before control began are pre-acquisition equity, eliminated at first consolidation.
        declared -= book(Fraction(declared_before_control(io, entity, acq)) * acq.rate, run.decimals)
        if not declared:
            return ZERO, ZERO
    stretches = _dividend_stretches(io, entity, acq, declared)
    holders = sorted({h for start, _amt in stretches for h, hd in run.history.standing(entity, start).items()
                      if run.is_consolidated(h)})
    for holder in holders:
        _holder_dividend(io, entity, holder, div_acc, declared, stretches, matching)
    nci_part = nci_share = ZERO
    for start, amt in stretches:
        standing = run.history.standing(entity, start)
        group_direct = fsum(hd.share for h, hd in standing.items() if run.is_consolidated(h))
        nci_part += Fraction(amt) * (1 - group_direct)
        nci_share += Fraction(amt) * run.nci_at(entity, start)
    if nci_part:
        io.post("dividend", entity, None,
                [(entity, io.role("nci"), nci_part), (entity, div_acc, -nci_part)],
                f"dividend of {entity} paid to non-controlling shareholders ({_money(io, nci_part)} of "
                f"{_money(io, declared)})")
    return nci_part, nci_share


def _holder_dividend(io: StepIO, entity: str, holder: str, div_acc: str, declared: Decimal,
                     stretches: list[tuple[dt.date, Decimal]], matching: list[dict]) -> None:
    run = io.run
    income = [(acc, amt) for (acc, p), amt in io.tb.get(holder, {}).items()
              if p == entity and run.account_role(acc) == "dividend_income"]
    if not income:
        return
    got = -fsum(Fraction(a) for _acc, a in income)
    expected = fsum(Fraction(amt) * _held(io, entity, holder, start) for start, amt in stretches)
    lines = [(holder, acc, -Fraction(a)) for acc, a in income] + [(entity, div_acc, -got)]
    reason = (f"dividend of {entity} received by {holder} ({_money(io, expected)} of "
              f"{_money(io, declared)} by the shares it held when declared)")
    if got != expected:
        reason += f"; {holder} recorded {_money(io, got)}, {_money(io, expected)} expected"
        matching.append({"kind": "dividend", "entity": holder, "partner": entity,
                         "difference": str(book(got - expected, run.decimals)),
                         "within_tolerance": abs(got - expected) <= run.group.policies.ic_tolerance,
                         "rows": []})
    io.post("dividend", entity, holder, lines, reason, attribute_to=holder)


def _held(io: StepIO, entity: str, holder: str, day: dt.date) -> Fraction:
    run = io.run
    hd = run.history.standing(entity, day).get(holder)
    return hd.share if hd else ZERO


def _dividend_stretches(io: StepIO, entity: str, acq: Acquired | None, declared: Decimal) -> list[tuple[dt.date, Decimal]]:
    """The year's dividends split where the group's holding changed inside the year (docs/format.md §10.4):
    what the trial balance on the day before a change had declared went to the holders of then.

    A subsidiary in another currency: each stretch's dividends in its own currency (the same trial balances), in
    the reporting currency as the translation takes them — a dated row at its day's spot rate, the rest at the
    year's average — the last stretch taking what is left of ``declared``, so that the stretches sum to it."""
    run = io.run
    start = max(acq.control_date, run.fy_start) if acq else run.fy_start
    cuts = cuts_in_year(io, acq) if acq else []
    if not cuts:
        return [(start, declared)]
    foreign = run.currency(entity) != run.group.reporting_currency
    out = []
    done = Decimal(0)
    before = declared_before_control(io, entity, acq) if acq else Decimal(0)
    for cut in cuts:
        tb = run.local_tb(entity, cut - dt.timedelta(days=1))
        if tb is None:  # reported by the NCI step (the profit split needs the same trial balance)
            return [(start, declared)]
        upto = sum((amt for (acc, _p, _d), amt in tb.items() if run.account_role(acc) == "dividends_declared"),
                   Decimal(0)) - before
        out.append((start, upto - done))
        done, start = upto, cut
    out.append((start, declared - done))
    if foreign:
        out = _translated_stretches(io, entity, out, declared)
    return [(d, a) for d, a in out if a]


def _translated_stretches(io: StepIO, entity: str, local: list[tuple[dt.date, Decimal]], declared: Decimal
                          ) -> list[tuple[dt.date, Decimal]]:
    """``local``'s stretches (all but the last in ``entity``'s currency) in the reporting currency: a dividend row of
    the year dated inside a stretch at its day's spot rate, the rest of the stretch's dividends at the year's
    average (``translation._movement_rate``); the last stretch is what is left of ``declared`` (reporting)."""
    from .translation import _movement_rate

    run = io.run
    cur = run.currency(entity)
    year = run.local_tb(entity, run.period) or {}
    dated = [(d, Fraction(amt)) for (acc, _p, d), amt in year.items()
             if run.account_role(acc) == "dividends_declared" and d is not None]
    why = f"splitting {entity}'s dividends of the year where its holding changed"
    out: list[tuple[dt.date, Decimal]] = []
    done = Decimal(0)
    for i, (start, amount) in enumerate(local[:-1]):
        end = local[i + 1][0]
        inside = [(d, a) for d, a in dated if (i == 0 or start <= d) and d < end]
        rest = Fraction(amount) - fsum(a for _d, a in inside)
        value = fsum(a * _movement_rate(io, cur, run.period, d, why) for d, a in inside)
        if rest:
            value += rest * _movement_rate(io, cur, run.period, None, why)
        part = Decimal(book(value, run.decimals))
        out.append((start, part))
        done += part
    out.append((local[-1][0], declared - done))
    return out


def declared_before_control(io: StepIO, entity: str, acq: Acquired) -> Decimal:
    """Dividends declared in this year before control began (pre-acquisition)."""
    run = io.run
    if run.frame is not None or not (run.fy_start < acq.control_date <= run.period):
        return Decimal(0)
    pre = run.local_tb(entity, acq.control_date - dt.timedelta(days=1)) or {}
    return sum((amt for (acc, _p, _d), amt in pre.items() if run.account_role(acc) == "dividends_declared"), Decimal(0))


