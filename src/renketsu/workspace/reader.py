"""Reading a workspace folder into the frozen model, collecting every problem.

``read_workspace`` parses group.yaml (or entities.csv / holdings.csv), events.yaml,
facts.csv, rates.csv and ic_stock.csv, checks them against their schemas and
against each other, and returns a :class:`~renketsu.model.Workspace` together with
the problems found. Ledger rows are read by :mod:`renketsu.ledger`.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from renketsu.model import types as m
from renketsu.model.errors import Problems
from renketsu.model.types import ROLES, Source

from . import schemas as s
from .yamlio import YamlDoc, YamlSyntaxError, load_yaml

FRAMEWORK_DEFAULTS = {
    "jgaap": {"nci_measurement": "proportionate", "goodwill_amortisation_years": 20},
    "ifrs": {"nci_measurement": "proportionate", "goodwill_amortisation_years": None},
}


class _Ctx:
    """The workspace root and the collector, passed through the readers."""

    def __init__(self, root: Path, problems: Problems):
        self.root = root
        self.problems = problems

    def name(self, rel: str) -> str:
        return str(self.root / rel)


# ----------------------------------------------------------------------------- pydantic errors


def _describe(err: dict) -> str:
    typ = err["type"]
    loc = ".".join(str(x) for x in err["loc"])
    value = err.get("input")
    if typ == "extra_forbidden":
        return f"unknown key '{err['loc'][-1]}'"
    if typ == "missing":
        return f"missing required key '{err['loc'][-1]}'"
    msg = err["msg"].removeprefix("Value error, ")
    if typ == "literal_error":
        msg = f"must be {err['ctx']['expected']}"
    if typ == "string_pattern_mismatch":
        msg = "has the wrong form"
    shown = value if not isinstance(value, (dict, list)) else None
    return f"{loc}: {msg}" + (f" (got {shown!r})" if shown is not None else "")


_HINTS = {
    "extra_forbidden": "remove it or check its spelling against FORMAT.md",
    "missing": "add it",
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_parsing": "write dates as YYYY-MM-DD",
    "date_type": "write dates as YYYY-MM-DD",
    "string_pattern_mismatch": "currency codes are 3 capital letters (JPY); fiscal_year_end is MM-DD",
}


def _line_for(doc: YamlDoc | None, data: Any, loc: tuple) -> int | None:
    """The line of the deepest mapping or sequence on ``loc`` inside ``data``."""
    if doc is None:
        return None
    line = doc.line_of(data)
    node = data
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        found = doc.line_of(node)
        if found is not None:
            line = found
    return line


def _validate(ctx: _Ctx, model: type[BaseModel], data: Any, file: str, *, row: int | None = None,
              doc: YamlDoc | None = None, key: str | None = None) -> Any | None:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            line = row if row is not None else _line_for(doc, data, err["loc"])
            full_key = ".".join(x for x in (key, ".".join(str(p) for p in err["loc"])) if x) or None
            ctx.problems.add(
                f"schema.{err['type']}", _describe(err), Source(file, line, key=full_key if row is None else None),
                _HINTS.get(err["type"]),
            )
        return None


# ----------------------------------------------------------------------------- files


def _read_yaml(ctx: _Ctx, rel: str) -> YamlDoc | None:
    path = ctx.root / rel
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        ctx.problems.add("file.encoding", "is not UTF-8 text", Source(ctx.name(rel)), "save it as UTF-8")
        return None
    try:
        doc = load_yaml(text)
    except YamlSyntaxError as e:
        ctx.problems.add("yaml.syntax", str(e), Source(ctx.name(rel), e.line), "fix the YAML at that line")
        return None
    for key, line in doc.duplicates:
        ctx.problems.add("yaml.duplicate_key", f"key '{key}' appears twice in one mapping", Source(ctx.name(rel), line),
                         "keep one of them")
    return doc


def read_csv_rows(ctx: _Ctx, rel: str, columns: set[str], required: set[str]) -> Iterator[tuple[int, dict]]:
    """Yield (line, row) with empty cells as None; reports missing or unknown columns once."""
    path = ctx.root / rel
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as e:
        ctx.problems.add("file.unreadable", f"cannot be read: {e.strerror}", Source(ctx.name(rel)))
        return
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            ctx.problems.add("csv.empty", "is empty; it needs a header row", Source(ctx.name(rel), 1),
                             f"columns: {', '.join(sorted(required))}")
            return
        except UnicodeDecodeError:
            ctx.problems.add("file.encoding", "is not UTF-8 text", Source(ctx.name(rel)), "save it as UTF-8")
            return
        header = [h.strip() for h in header]
        unknown = [h for h in header if h not in columns]
        missing = sorted(required - set(header))
        if unknown:
            ctx.problems.add("csv.unknown_column", f"unknown column(s) {', '.join(unknown)}", Source(ctx.name(rel), 1),
                             f"allowed columns: {', '.join(sorted(columns))}")
        if missing:
            ctx.problems.add("csv.missing_column", f"missing column(s) {', '.join(missing)}", Source(ctx.name(rel), 1),
                             "add them to the header row")
        if unknown or missing:
            return
        try:
            for i, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(header):
                    ctx.problems.add("csv.width", f"has {len(cells)} cells, the header has {len(header)}",
                                     Source(ctx.name(rel), i), "check for a stray comma")
                    continue
                yield i, {h: (c.strip() or None) for h, c in zip(header, cells)}
        except UnicodeDecodeError:
            ctx.problems.add("file.encoding", "is not UTF-8 text", Source(ctx.name(rel)), "save it as UTF-8")


def _fields(model: type[BaseModel]) -> tuple[set[str], set[str]]:
    cols = set(model.model_fields)
    req = {k for k, f in model.model_fields.items() if f.is_required()}
    return cols, req


# ----------------------------------------------------------------------------- group


def _policies(framework: str, pf: s.PoliciesFile | None) -> m.Policies:
    d = FRAMEWORK_DEFAULTS[framework]
    pf = pf or s.PoliciesFile()
    years = pf.goodwill_amortisation_years if "goodwill_amortisation_years" in pf.model_fields_set \
        else d["goodwill_amortisation_years"]
    return m.Policies(
        nci_measurement=pf.nci_measurement or d["nci_measurement"],
        goodwill_amortisation_years=years or None,
        control_threshold=pf.control_threshold if pf.control_threshold is not None else Fraction(1, 2),
        significant_influence=pf.significant_influence if pf.significant_influence is not None else Fraction(1, 5),
        ic_tolerance=pf.ic_tolerance if pf.ic_tolerance is not None else Decimal(0),
        decimals=pf.decimals,
        common_control_basis=pf.common_control_basis or "consolidated_carrying_amounts",
    )


def _holding(h: s.HoldingFile | s.HoldingRow, src: Source) -> m.Holding:
    return m.Holding(
        date=h.date, holder=h.holder, entity=h.entity, share=h.share,
        voting=h.voting if h.voting is not None else h.share,
        cost=h.cost,
        equity_at_acquisition=dict(getattr(h, "equity_at_acquisition", None) or {}) or None,
        fair_value_adjustments=tuple(m.FairValueAdjustment(f.account, f.amount)
                                     for f in (getattr(h, "fair_value_adjustments", None) or ())),
        nci_fair_value=getattr(h, "nci_fair_value", None),
        nci_measurement=getattr(h, "nci_measurement", None),
        source=src,
    )


def _read_group(ctx: _Ctx) -> m.Group | None:
    rel = "group.yaml"
    if not (ctx.root / rel).is_file():
        ctx.problems.add("workspace.no_group", "group.yaml is missing", Source(ctx.name(rel)),
                         "a workspace folder needs group.yaml (FORMAT.md §2)")
        return None
    doc = _read_yaml(ctx, rel)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        ctx.problems.add("yaml.not_mapping", "must be a mapping of keys (group, parent, entities, ...)",
                         Source(ctx.name(rel), 1))
        return None
    data = doc.data
    # Validate the top level without the lists, then each list item on its own, so that
    # one bad entity does not hide the others' problems.
    top = {k: v for k, v in data.items() if k not in ("entities", "accounts", "holdings")}
    top["accounts"] = []
    gf = _validate(ctx, s.GroupFile, top, ctx.name(rel), doc=doc)

    def items(key: str, model: type[BaseModel]) -> list[tuple[Any, Source]]:
        raw = data.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            ctx.problems.add("schema.list_type", f"'{key}' must be a list", Source(ctx.name(rel), doc.line_of(data), key=key))
            return []
        out = []
        for i, item in enumerate(raw):
            line = doc.line_of(item) or doc.line_of(raw)
            v = _validate(ctx, model, item, ctx.name(rel), doc=doc, key=f"{key}[{i}]")
            if v is not None:
                out.append((v, Source(ctx.name(rel), line, key=f"{key}[{i}]")))
        return out

    entity_items = items("entities", s.EntityFile)
    account_items = items("accounts", s.AccountFile)
    holding_items = items("holdings", s.HoldingFile)
    if "accounts" not in data:
        ctx.problems.add("schema.missing", "missing required key 'accounts'", Source(ctx.name(rel), 1),
                         "list the group chart of accounts (FORMAT.md §2)")

    entities: dict[str, m.Entity] = {}
    for e, src in entity_items:
        _add_entity(ctx, entities, e, src)
    if (ctx.root / "entities.csv").is_file():
        if entity_items:
            ctx.problems.add("workspace.entities_twice", "entities are listed both in group.yaml and entities.csv",
                             Source(ctx.name("entities.csv")), "keep one of the two")
        cols, req = _fields(s.EntityRow)
        for line, row in read_csv_rows(ctx, "entities.csv", cols, req):
            e = _validate(ctx, s.EntityRow, row, ctx.name("entities.csv"), row=line)
            if e is not None:
                _add_entity(ctx, entities, e, Source(ctx.name("entities.csv"), line))

    holdings = [_holding(h, src) for h, src in holding_items]
    if (ctx.root / "holdings.csv").is_file():
        if holding_items:
            ctx.problems.add("workspace.holdings_twice", "holdings are listed both in group.yaml and holdings.csv",
                             Source(ctx.name("holdings.csv")), "keep one of the two")
        cols, req = _fields(s.HoldingRow)
        for line, row in read_csv_rows(ctx, "holdings.csv", cols, req):
            h = _validate(ctx, s.HoldingRow, row, ctx.name("holdings.csv"), row=line)
            if h is not None:
                holdings.append(_holding(h, Source(ctx.name("holdings.csv"), line)))

    accounts: dict[str, m.Account] = {}
    for a, src in account_items:
        if a.id in accounts:
            ctx.problems.add("duplicate.account", f"account id '{a.id}' is listed twice (first at line "
                             f"{accounts[a.id].source.row})", src, "give each account its own id")
            continue
        if a.role is not None and a.role not in ROLES:
            ctx.problems.add("unknown.role", f"account {a.id}: unknown role '{a.role}'", src,
                             f"roles are: {', '.join(ROLES)}")
        accounts[a.id] = m.Account(a.id, a.name, a.type, a.role if a.role in ROLES else None, src)

    if gf is None:
        return None
    framework = gf.framework
    group = m.Group(
        name=gf.group, parent=gf.parent, reporting_currency=gf.reporting_currency,
        fiscal_year_end=(int(gf.fiscal_year_end[:2]), int(gf.fiscal_year_end[3:])),
        framework=framework, policies=_policies(framework, gf.policies),
        entities=entities, accounts=accounts, holdings=tuple(sorted(holdings, key=lambda h: (h.date, h.holder, h.entity))),
    )
    if framework == "jgaap" and group.policies.nci_measurement == "fair_value":
        ctx.problems.add("policy.nci_fair_value_jgaap", "nci_measurement fair_value is not allowed under jgaap",
                         Source(ctx.name(rel), key="policies.nci_measurement"), "use proportionate, or framework ifrs")
    return group


def _add_entity(ctx: _Ctx, entities: dict[str, m.Entity], e: Any, src: Source) -> None:
    if e.id in entities:
        ctx.problems.add("duplicate.entity", f"entity id '{e.id}' is listed twice (first at {entities[e.id].source})",
                         src, "give each entity its own id")
        return
    overrides = tuple(m.MethodOverride(o.date, o.method, src) for o in (getattr(e, "method", None) or ()))
    entities[e.id] = m.Entity(
        id=e.id, name=e.name, currency=e.currency, country=e.country, established=e.established,
        shares_outstanding=e.shares_outstanding, mapping=dict(getattr(e, "mapping", None) or {}),
        method_overrides=tuple(sorted(overrides, key=lambda o: o.date)), source=src,
    )


# ----------------------------------------------------------------------------- cross-references


def _check_group(ctx: _Ctx, g: m.Group) -> None:
    if g.parent not in g.entities:
        ctx.problems.add("unknown.parent", f"parent '{g.parent}' is not among the entities",
                         Source(ctx.name("group.yaml"), key="parent"), "add it to entities or fix the id")
    for e in g.entities.values():
        for local, target in e.mapping.items():
            if target not in g.accounts:
                ctx.problems.add("unknown.account", f"entity {e.id}: mapping {local} -> '{target}': no such group account",
                                 e.source, "map to an account listed under accounts")
    for h in g.holdings:
        for who, label in ((h.holder, "holder"), (h.entity, "entity")):
            if who not in g.entities:
                ctx.problems.add("unknown.entity", f"holding {label} '{who}' is not an entity", h.source,
                                 "add the entity or fix the id")
        if h.holder == h.entity:
            ctx.problems.add("holding.self", f"{h.holder} cannot hold its own shares as a holding", h.source)
        for value, label in ((h.share, "share"), (h.voting, "voting")):
            if not (0 <= value <= 1):
                ctx.problems.add("holding.share_range", f"{label} {value} is outside [0, 1]", h.source,
                                 "write shares as fractions of the entity, e.g. 0.8 for 80%")
        ent = g.entities.get(h.entity)
        if ent is not None and ent.established is not None and h.date < ent.established:
            ctx.problems.add("holding.before_established",
                             f"holding of {h.entity} dated {h.date} is before {h.entity} was established ({ent.established})",
                             h.source, "fix the holding date or the established date")
        for acc in (h.equity_at_acquisition or {}):
            if acc not in g.accounts:
                ctx.problems.add("unknown.account", f"equity_at_acquisition: '{acc}' is not a group account", h.source)
        for f in h.fair_value_adjustments:
            if f.account not in g.accounts:
                ctx.problems.add("unknown.account", f"fair_value_adjustments: '{f.account}' is not a group account", h.source)
    # Total held of each entity, at every date a holding changes.
    current: dict[str, dict[str, Fraction]] = {}
    for h in g.holdings:
        current.setdefault(h.entity, {})[h.holder] = h.share
        total = sum(current[h.entity].values(), Fraction(0))
        if total > 1:
            ctx.problems.add("holding.over_100", f"{h.entity} is {float_free_percent(total)} held in total from {h.date}",
                             h.source, "a holding's share is the holder's fraction after the event; check the holders")
    for role in ("retained_earnings",):
        if g.role_account(role) is None:
            ctx.problems.add("chart.missing_role", f"no account has role '{role}'",
                             Source(ctx.name("group.yaml"), key="accounts"), f"mark your {role.replace('_', ' ')} account with role: {role}")


def float_free_percent(f: Fraction) -> str:
    """A share as a percentage string without floats: 5/4 -> '125%'."""
    from renketsu.model.money import ratio_str

    return f"{ratio_str(f * 100)}%"


# ----------------------------------------------------------------------------- other files


def _read_events(ctx: _Ctx, g: m.Group | None) -> dict[str, m.Event]:
    rel = "events.yaml"
    if not (ctx.root / rel).is_file():
        return {}
    doc = _read_yaml(ctx, rel)
    if doc is None:
        return {}
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        ctx.problems.add("schema.events", "must hold a list under 'events'", Source(ctx.name(rel), 1))
        return {}
    out: dict[str, m.Event] = {}
    models = {"merger": s.MergerFile, "acquisition": s.AcquisitionFile, "disposal": s.DisposalFile}
    for i, item in enumerate(data["events"]):
        line = doc.line_of(item)
        src = Source(ctx.name(rel), line, key=f"events[{i}]")
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in models:
            ctx.problems.add("event.kind", f"events[{i}]: kind must be one of {', '.join(models)} (got {kind!r})", src)
            continue
        ev = _validate(ctx, models[kind], item, ctx.name(rel), doc=doc, key=f"events[{i}]")
        if ev is None:
            continue
        if ev.id in out:
            ctx.problems.add("duplicate.event", f"event id '{ev.id}' is listed twice", src)
            continue
        if isinstance(ev, s.MergerFile):
            c = ev.consideration
            out[ev.id] = m.Merger(ev.id, ev.effective, ev.surviving, tuple(ev.absorbed),
                                  m.Consideration(c.shares_issued, c.shares_issued_fair_value, c.share_capital_increase, c.cash),
                                  src)
            names = [ev.surviving, *ev.absorbed]
        elif isinstance(ev, s.AcquisitionFile):
            out[ev.id] = m.Acquisition(ev.id, _holding(ev, src), src)
            names = [ev.holder, ev.entity]
        else:
            if not (0 < ev.share_sold <= 1):
                ctx.problems.add("event.share_sold", f"share_sold {ev.share_sold} must be in (0, 1]", src)
            out[ev.id] = m.Disposal(ev.id, ev.date, ev.holder, ev.entity, ev.share_sold, ev.proceeds,
                                    ev.retained_fair_value, src)
            names = [ev.holder, ev.entity]
        if g is not None:
            for n in names:
                if n not in g.entities:
                    ctx.problems.add("unknown.entity", f"event {ev.id}: '{n}' is not an entity", src)
        if isinstance(ev, s.MergerFile) and ev.surviving in ev.absorbed:
            ctx.problems.add("event.merger_self", f"event {ev.id}: {ev.surviving} cannot absorb itself", src)
    return out


def _read_table(ctx: _Ctx, rel: str, model: type[BaseModel]) -> list[tuple[Any, Source]]:
    if not (ctx.root / rel).is_file():
        return []
    cols, req = _fields(model)
    out = []
    for line, row in read_csv_rows(ctx, rel, cols, req):
        v = _validate(ctx, model, row, ctx.name(rel), row=line)
        if v is not None:
            out.append((v, Source(ctx.name(rel), line)))
    return out


def _known(ctx: _Ctx, g: m.Group | None, src: Source, **ids: str) -> None:
    if g is None:
        return
    for label, value in ids.items():
        if label in ("entity", "seller", "buyer") and value not in g.entities:
            ctx.problems.add("unknown.entity", f"{label} '{value}' is not an entity", src, "fix the id or add the entity")
        if label == "account" and value not in g.accounts:
            ctx.problems.add("unknown.account", f"account '{value}' is not a group account", src)


def read_workspace(path: str | Path, problems: Problems) -> m.Workspace | None:
    """Read every non-ledger file of the workspace; problems are appended, never raised."""
    root = Path(path)
    ctx = _Ctx(root, problems)
    if not root.is_dir():
        problems.add("workspace.missing", f"{root} is not a folder", None, "give the path of a workspace folder")
        return None
    group = _read_group(ctx)
    if group is not None:
        _check_group(ctx, group)
    events = _read_events(ctx, group)

    rates = []
    for r, src in _read_table(ctx, "rates.csv", s.RateRow):
        if r.rate <= 0:
            problems.add("rate.not_positive", f"rate {r.rate} must be positive", src)
        rates.append(m.Rate(r.currency, r.date, r.kind, r.rate, src))
    seen: dict[tuple, Source] = {}
    for r in rates:
        k = (r.currency, r.date, r.kind)
        if k in seen:
            problems.add("duplicate.rate", f"{r.kind} rate for {r.currency} at {r.date} is given twice (also {seen[k]})", r.source)
        seen[k] = r.source

    facts = []
    for f, src in _read_table(ctx, "facts.csv", s.FactRow):
        _known(ctx, group, src, entity=f.entity)
        if f.period_start is not None and f.period_start > f.as_of:
            problems.add("fact.period", f"period_start {f.period_start} is after as_of {f.as_of}", src)
        facts.append(m.Fact(f.entity, f.concept, f.value, f.unit, f.as_of, f.period_start, f.basis, f.source or "", src))

    stock = []
    for r, src in _read_table(ctx, "ic_stock.csv", s.IcStockRow):
        _known(ctx, group, src, seller=r.seller, buyer=r.buyer, account=r.account)
        if not (0 <= r.margin < 1):
            problems.add("ic_stock.margin", f"margin {r.margin} must be in [0, 1)", src, "margin is the seller's gross margin on sales, e.g. 0.2")
        stock.append(m.IcStock(r.period, r.seller, r.buyer, r.account, r.amount, r.margin, src))

    if group is None:
        return None
    return m.Workspace(root=str(root), group=group, events=events, facts=tuple(facts), rates=tuple(rates),
                       ic_stock=tuple(stock))


def parse_date(text: str, what: str = "date") -> dt.date:
    """A command-line date, or a RenketsuError naming the bad value."""
    from renketsu.model.errors import Problem, RenketsuError

    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise RenketsuError(Problem("cli.bad_date", f"{what} {text!r} is not a date", None, "write YYYY-MM-DD")) from None
