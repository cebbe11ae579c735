"""Plausibility warnings: what a reviewer would question, though the input is valid.

Warnings are not errors: the run goes on and the exit code is unchanged. Each
names the entity, the account and, where a ledger row is behind it, the file
and row. The rules (docs/reports.md, "Plausibility warnings"):

=========================  ====================================================================
``negative_cash``          an entity's cash account (role ``cash``, or an asset account whose
                           id or name says cash) has a credit balance
``income_debit``           an income account has a debit balance in an entity's own books
                           (a sign-flipped revenue row)
``investment_no_partner``  a ledger row on an investment account (roles ``investment``,
                           ``equity_method_investment``) names no ``partner``
``negative_equity``        a subsidiary's net assets (its own books) are negative
``translation_difference`` a foreign operation's translation difference is larger than
                           :data:`TRANSLATION_SHARE` of its translated net assets
=========================  ====================================================================

Silence one deliberately with ``--silence RULE:ENTITY[:ACCOUNT]`` (``*`` matches
any entity or account); a silenced warning is counted and listed as silenced
in JSON, never hidden without trace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from renketsu.model.errors import Problem, RenketsuError
from renketsu.model.money import D

from . import text as fmt

RULES = ("negative_cash", "income_debit", "investment_no_partner", "negative_equity", "translation_difference")

#: A translation difference above this share of the entity's translated net assets is questioned.
TRANSLATION_SHARE = Fraction(1, 5)

INVESTMENT_ROLES = ("investment", "equity_method_investment")


@dataclass(frozen=True)
class Warning:
    rule: str
    entity: str
    account: str | None
    message: str
    file: str | None = None
    row: int | None = None

    def where(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.row}" if self.row is not None else self.file

    def text(self) -> str:
        w = self.where()
        return f"{w}: {self.message}" if w else self.message

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "entity": self.entity, "account": self.account, "file": self.file,
                "row": self.row, "message": self.message}


@dataclass(frozen=True)
class Silence:
    rule: str
    entity: str = "*"
    account: str = "*"

    def matches(self, w: Warning) -> bool:
        return (self.rule == w.rule and self.entity in ("*", w.entity)
                and self.account in ("*", w.account or ""))


def parse_silences(values: Iterable[str]) -> list[Silence]:
    """``RULE:ENTITY[:ACCOUNT]`` options; a bad one is a problem (exit 2)."""
    out: list[Silence] = []
    problems: list[Problem] = []
    for v in values:
        parts = v.split(":")
        if not 1 <= len(parts) <= 3 or parts[0] not in RULES or any(p == "" for p in parts):
            problems.append(Problem("cli.silence", f"--silence {fmt.visible(v)!r} is not RULE[:ENTITY[:ACCOUNT]]",
                                    hint="rules: " + ", ".join(RULES) + "; '*' matches any entity or account"))
            continue
        out.append(Silence(*parts))
    if problems:
        raise RenketsuError(problems)
    return out


#: Warnings that name their first ledger row: each lookup reads the entity's files again
#: (the ledger keeps no row table), so a generated group with thousands of warnings would read
#: its ledger thousands of times. Past this many, a warning names entity and account only.
ROW_LOOKUPS = 5


def _first_row(ctx: Any, entity: str, account: str, period: dt.date,
               budget: list[int] | None = None) -> tuple[str | None, int | None]:
    if budget is not None:
        if budget[0] <= 0:
            return None, None
        budget[0] -= 1
    try:
        rows = list(ctx.ledger_rows(entity, account, period))
    except (RenketsuError, LookupError, ValueError):  # the warning is then given without its row
        return None, None
    if not rows:
        return None, None
    r = rows[0]
    return r.get("file"), r.get("row")


def _is_cash(acc: Any) -> bool:
    if getattr(acc, "type", "") != "asset":
        return False
    if getattr(acc, "role", None) == "cash":
        return True
    return "cash" in f"{acc.id} {acc.name}".lower()


def _amount(x: Any) -> Decimal:
    """A result's amount as a Decimal: its plain decimal text read by ``Decimal`` itself (C speed), anything
    else through :func:`D` (which refuses what is not an exact number)."""
    if type(x) is str:
        try:
            v = Decimal(x)
        except ArithmeticError:  # not plain decimal text (e.g. "1,234"): D reads it or says why not
            return D(x)
        if v.is_finite():
            return v
    return D(str(x))


def _net_assets(amounts: Mapping[str, Any], balance: frozenset[str]) -> Decimal:
    """The sum of an entity's contributed amounts on ``balance``, the asset and liability accounts (its net assets)."""
    return sum((_amount(x) for a, x in amounts.items() if a in balance), Decimal(0))


def plausibility(ctx: Any, result: Mapping[str, Any], silences: Iterable[Silence] = ()
                 ) -> tuple[list[Warning], list[Warning]]:
    """(warnings, silenced) for a consolidation result of ``ctx``'s workspace."""
    group = ctx.workspace.group
    accounts = group.accounts
    period = dt.date.fromisoformat(str(result["period"]))
    cur = result.get("currency")
    found: list[Warning] = []
    contributions: Mapping[str, Mapping[str, str]] = result.get("contributions") or {}
    entities = result.get("entities") or {}
    budget = [ROW_LOOKUPS]
    # A context that finds first rows in the ledger's groups names every warning's row in one query.
    lookup = getattr(ctx, "first_ledger_rows", None)
    pending: list[tuple[int, str, str]] = []
    nets: dict[str, Decimal] = {}  # each subsidiary's net assets, summed once for the two rules that read them
    balance = frozenset(k for k, a in accounts.items() if a.type in ("asset", "liability"))

    # Only cash and income accounts have a sign to check: the other amounts are not parsed here.
    signed = {k for k, a in accounts.items() if _is_cash(a) or a.type == "income"}
    for eid, amounts in contributions.items():
        for acc_id, raw in amounts.items():
            if acc_id not in signed:
                continue
            acc = accounts[acc_id]
            v = _amount(raw)
            if _is_cash(acc) and v < 0:
                pending.append((len(found), eid, acc_id))
                f, r = _first_row(ctx, eid, acc_id, period, budget) if lookup is None else (None, None)
                found.append(Warning("negative_cash", eid, acc_id,
                                     f"{eid}'s {acc_id} {acc.name} is {fmt.amount(v, cur)} (a credit balance): "
                                     "is a row's sign flipped, or is this an overdraft to show as a liability?",
                                     f, r))
            if acc.type == "income" and v > 0:
                pending.append((len(found), eid, acc_id))
                f, r = _first_row(ctx, eid, acc_id, period, budget) if lookup is None else (None, None)
                found.append(Warning("income_debit", eid, acc_id,
                                     f"{eid}'s income account {acc_id} {acc.name} has a debit balance of "
                                     f"{fmt.amount(v, cur)}: income is a credit (negative); is the sign flipped?",
                                     f, r))
        if entities.get(eid, {}).get("method") == "full":
            net = nets[eid] = _net_assets(amounts, balance)
            if net < 0:
                found.append(Warning("negative_equity", eid, None,
                                     f"subsidiary {eid}'s net assets are {fmt.amount(net, cur)} (negative equity): "
                                     "check its going-concern position and the NCI's share of losses"))

    inv_accounts = [a.id for a in accounts.values() if getattr(a, "role", None) in INVESTMENT_ROLES]
    for eid, acc_id in ctx.ledger.without_partner(inv_accounts, period):
        if acc_id not in (contributions.get(eid) or {}):
            continue
        rows: list[dict] = []
        if budget[0] > 0:
            budget[0] -= 1
            try:
                rows = [x for x in ctx.ledger_rows(eid, acc_id, period)
                        if not x.get("partner") and D(str(x.get("amount", "0"))) != 0]
            except (RenketsuError, LookupError, ValueError):
                rows = []
        for hit in rows or [{"file": None, "row": None, "amount": None}]:
            amount = f" ({fmt.amount(D(str(hit['amount'])), cur)})" if hit.get("amount") is not None else ""
            found.append(Warning("investment_no_partner", eid, acc_id,
                                 f"{eid}'s investment row on {acc_id} {accounts[acc_id].name}{amount} "
                                 "names no partner: the engine "
                                 "cannot tell which company it is an investment in; add the partner",
                                 hit.get("file"), hit.get("row")))

    for eid, t in (result.get("translation") or {}).items():
        cta = D(str(t.get("cta", "0")))
        net = nets[eid] if eid in nets else _net_assets(contributions.get(eid) or {}, balance)
        if cta != 0 and (net == 0 or Fraction(abs(cta)) > TRANSLATION_SHARE * Fraction(abs(net))):
            found.append(Warning("translation_difference", eid, None,
                                 f"{eid}'s translation difference {fmt.amount(cta, cur)} is more than "
                                 f"{fmt.share(TRANSLATION_SHARE)} of its net assets {fmt.amount(net, cur)} "
                                 f"({t.get('currency', '')} at closing {t.get('closing', '')}, average "
                                 f"{t.get('average', '')}): check the rates and the equity at acquisition"))

    first = lookup([(e, a) for _, e, a in pending], period) if lookup is not None and pending else {}
    for i, e, a in pending:
        if (e, a) in first:
            found[i] = dataclasses.replace(found[i], file=first[(e, a)][0], row=first[(e, a)][1])
    silences = list(silences)
    kept = [w for w in found if not any(s.matches(w) for s in silences)]
    silenced = [w for w in found if any(s.matches(w) for s in silences)]
    return kept, silenced
