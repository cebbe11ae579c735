"""Reading a workspace folder into the frozen model, collecting every problem.

``read_workspace`` parses group.yaml (or entities.csv / holdings.csv), events.yaml,
facts.csv, rates.csv, ic_stock.csv, adjustments.csv and opening.csv (:mod:`renketsu.workspace.opening`), checks them against their schemas and
against each other, and returns a :class:`~renketsu.model.Workspace` together with
the problems found. Ledger rows are read by :mod:`renketsu.ledger`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import functools
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from itertools import repeat
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from renketsu.model import types as m
from renketsu.model.errors import Problems
from renketsu.model.money import ratio_str
from renketsu.model.types import ROLES, Source

from . import csvscan, files
from .adjustments import FILE as ADJUSTMENTS
from .adjustments import AdjustmentRow
from .adjustments import check_lines as check_adjustments
from . import schemas as s
from .opening import FILE as OPENING_FILE
from .opening import OpeningRowFile, read_opening
from .yamlio import YamlDoc, YamlSyntaxError, load_yaml

FRAMEWORK_DEFAULTS: dict[str, dict[str, Any]] = {
    "jgaap": {"nci_measurement": "proportionate", "goodwill_amortisation_years": 20},
    "ifrs": {"nci_measurement": "proportionate", "goodwill_amortisation_years": None},
}


class _Ctx:
    """The workspace root and the collector, passed through the readers."""

    def __init__(self, root: Path, problems: Problems):
        self.root = root
        self.problems = problems
        #: ids of entities listed with schema problems (stand-ins keep them known)
        self.invalid_entities: set[str] = set()
        #: top-level settings of group.yaml that were missing or invalid (stand-ins used)
        self.bad_settings: set[str] = set()
        self.group_doc: YamlDoc | None = None
        #: each entity id as the entities hold it, once they are read: the holdings read column by
        #: column take these string objects for their holder and entity (see :func:`_plain_columns`)
        self.entity_ids: dict[str, str] = {}

    def name(self, rel: str) -> str:
        return str(self.root / rel)


# ----------------------------------------------------------------------------- pydantic errors


_DATE_TYPES = ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact")


def _date_reason(value: Any) -> str:
    """Why a YYYY-MM-DD-looking text is not a date: 'month 13 is outside 1-12'; else ''."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", str(value))
    if m is None:
        return ""
    year, month, day = (int(x) for x in m.groups())
    if not 1 <= month <= 12:
        return f": month {month} is outside 1-12"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f": day {day} is outside 1-{last}"
    return ""


def _describe(err: Mapping[str, Any], *, with_key: bool) -> str:
    """A pydantic error in our words: what is wrong with the value (the key is in the Source).

    ``with_key`` prefixes the key (a CSV column) for sources that carry none.
    """
    typ = err["type"]
    value = err.get("input")
    name = str(err["loc"][-1]) if err["loc"] else ""
    shown = value if not isinstance(value, (dict, list)) else None
    if typ == "extra_forbidden":
        return f"unknown key '{name}'"
    if typ == "missing":
        return f"missing required key '{name}'"
    if typ in _DATE_TYPES:
        msg = f"{str(value)!r} is not a date{_date_reason(value)}"
    elif typ == "value_error":
        msg = err["msg"].removeprefix("Value error, ")
    else:
        if typ == "literal_error":
            msg = f"must be {err['ctx']['expected']}"
        elif typ == "string_pattern_mismatch":
            msg = "has the wrong form"
        else:
            msg = err["msg"][:1].lower() + err["msg"][1:]
        if shown is not None:
            msg += f" (got {shown!r})"
    return f"{name}: {msg}" if with_key and name else msg


_HINTS = {
    "extra_forbidden": "remove it or check its spelling against docs/format.md",
    "missing": "add it",
    "string_pattern_mismatch": "currency codes are 3 capital letters, e.g. JPY; fiscal_year_end is MM-DD",
    **{t: "write dates as YYYY-MM-DD" for t in _DATE_TYPES},
}


def _hint(err: Mapping[str, Any]) -> str | None:
    error = (err.get("ctx") or {}).get("error")
    return getattr(error, "hint", None) or _HINTS.get(err["type"])


def _line_for(doc: YamlDoc | None, data: Any, loc: tuple) -> int | None:
    """The line of the deepest key or item on ``loc`` inside ``data`` that the document holds."""
    if doc is None:
        return None
    line = doc.line_of(data)
    node = data
    for key in loc:
        found = None
        if isinstance(node, dict):
            found = doc.key_line(node, key)
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            found = doc.line_of(node[key])
        if found is not None:
            line = found
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def _validate(ctx: _Ctx, model: type[BaseModel], data: Any, file: str, *, row: int | None = None,
              doc: YamlDoc | None = None, key: str | None = None, errors: list | None = None,
              lines_from: Any = None) -> Any | None:
    """``model`` from ``data``, or None with every error reported (and appended to ``errors``).

    Lines are looked up in ``lines_from`` (the document's own mapping) when ``data`` is a copy.
    """
    try:
        return model.model_validate(data)
    except ValidationError as e:
        for err in e.errors():
            if errors is not None:
                errors.append(err)
            line = row if row is not None else _line_for(doc, data if lines_from is None else lines_from, err["loc"])
            full_key = ".".join(x for x in (key, ".".join(str(p) for p in err["loc"])) if x) or None
            ctx.problems.add(
                f"schema.{err['type']}", _describe(err, with_key=row is not None),
                Source(file, line, key=full_key if row is None else None), _hint(err),
            )
        return None


# ----------------------------------------------------------------------------- files


def _read_yaml(ctx: _Ctx, rel: str) -> YamlDoc | None:
    path = ctx.root / rel
    try:
        text = files.read_text(path)
    except files.FileRefused as e:
        ctx.problems.add(e.kind, e.message, Source(ctx.name(rel)), e.hint)
        return None
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
        fh = files.open_regular(path, newline="", encoding="utf-8-sig")
    except files.FileRefused as e:
        ctx.problems.add(e.kind, e.message, Source(ctx.name(rel)), e.hint)
        return
    with fh:
        recs = csvscan.records(fh)
        try:
            first = next(recs, None)
        except UnicodeDecodeError:
            ctx.problems.add("file.encoding", "is not UTF-8 text", Source(ctx.name(rel)), "save it as UTF-8")
            return
        except csvscan.Error as e:
            ctx.problems.add(e.kind, e.message, Source(ctx.name(rel), e.line), e.hint)
            return
        if first is None or first.blank:
            ctx.problems.add("csv.empty", "is empty; it needs a header row", Source(ctx.name(rel), 1),
                             f"columns: {', '.join(sorted(required))}")
            return
        header = [h.strip() for h in first.cells]
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
            for rec in recs:
                if rec.blank:
                    continue
                bad = csvscan.problem(rec, len(header))
                if bad is not None:
                    kind, message, hint = bad
                    ctx.problems.add(kind, message, Source(ctx.name(rel), rec.line), hint)
                    continue
                yield rec.line, {h: (c.strip() or None) for h, c in zip(header, rec.cells)}
        except UnicodeDecodeError:
            ctx.problems.add("file.encoding", "is not UTF-8 text", Source(ctx.name(rel)), "save it as UTF-8")
        except csvscan.Error as e:
            ctx.problems.add(e.kind, e.message, Source(ctx.name(rel), e.line), e.hint)


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


def _holding(h: s.HoldingFile | s.HoldingRow | m.Holding, src: Source) -> m.Holding:
    if isinstance(h, m.Holding):  # holdings.csv read column by column
        return h
    if isinstance(h, s.HoldingRow):  # holdings.csv: no nested keys (and no slow attribute misses)
        return m.Holding(date=h.date, holder=h.holder, entity=h.entity, share=h.share,
                         voting=h.voting if h.voting is not None else h.share, cost=h.cost,
                         equity_at_acquisition=None, fair_value_adjustments=(), nci_fair_value=None,
                         nci_measurement=None, source=src)
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
        retained_fair_value=getattr(h, "retained_fair_value", None),
        dilution=bool(getattr(h, "dilution", None)),
    )


def _read_group(ctx: _Ctx) -> m.Group | None:
    rel = "group.yaml"
    if files.kind(ctx.root / rel) == "absent":
        ctx.problems.add("workspace.no_group", "group.yaml is missing", Source(ctx.name(rel)),
                         "a workspace folder needs group.yaml; see docs/format.md §2")
        return None
    doc = _read_yaml(ctx, rel)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        ctx.problems.add("yaml.not_mapping", "must be a mapping of keys (group, parent, entities, ...)",
                         Source(ctx.name(rel), 1))
        return None
    ctx.group_doc = doc
    data = _misspelt_keys(ctx, doc, rel)
    gf = _group_settings(ctx, doc, data, rel)
    invalid_entities: dict[str, Source] = {}

    def items(key: str, model: type[BaseModel]) -> list[tuple[Any, Source]]:
        raw = data.get(key)
        if raw is None:
            return []
        if not isinstance(raw, list):
            ctx.problems.add("schema.list_type", f"'{key}' must be a list",
                             Source(ctx.name(rel), doc.key_line(data, key), key=key), "write it as a YAML list")
            return []
        out = []
        name = ctx.name(rel)
        if len(raw) > 100:  # a large group: the whole list in one validation when nothing in it is wrong
            try:
                valid = _list_adapter(model).validate_python(raw)
            except ValidationError:
                pass  # item by item below, each message at its line
            else:
                return [(v, Source(name, doc.line_of(item) or doc.line_of(raw), key=f"{key}[{i}]"))
                        for i, (item, v) in enumerate(zip(raw, valid))]
        for i, item in enumerate(raw):
            line = doc.line_of(item) or doc.line_of(raw)
            src = Source(name, line, key=f"{key}[{i}]")
            v = _validate(ctx, model, item, name, doc=doc, key=f"{key}[{i}]")
            if v is not None:
                out.append((v, src))
            elif key == "entities" and isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
                # Known but invalid: its problems are reported; keep the id so that the holdings,
                # ledger rows and partners naming it are not reported as 'not an entity' as well.
                invalid_entities.setdefault(str(item["id"]), src)
        return out

    entity_items = items("entities", s.EntityFile)
    account_items = items("accounts", s.AccountFile)
    holding_items = items("holdings", s.HoldingFile)
    if "accounts" not in data:
        ctx.problems.add("schema.missing", "missing required key 'accounts'", Source(ctx.name(rel), 1),
                         "list the group chart of accounts; see docs/format.md §2")

    entities: dict[str, m.Entity] = {}
    for e, src in entity_items:
        _add_entity(ctx, entities, e, src)
    for e, src in _large_group_rows(ctx, "entities", s.EntityRow, bool(entity_items)):
        _add_entity(ctx, entities, e, src)

    for eid, src in invalid_entities.items():
        if eid not in entities:
            entities[eid] = _placeholder_entity(eid, src)
    ctx.invalid_entities = set(invalid_entities) - {e.id for e, _ in entity_items}

    ctx.entity_ids = {eid: eid for eid in entities}
    holdings = [_holding(h, src) for h, src in holding_items]
    holding_type = m.Holding
    holdings += [h if type(h) is holding_type else _holding(h, src)
                 for h, src in _large_group_rows(ctx, "holdings", s.HoldingRow, bool(holding_items))]

    accounts: dict[str, m.Account] = {}
    for a, src in account_items:
        if a.id in accounts:
            ctx.problems.add("duplicate.account", f"account id '{a.id}' is listed twice (first at "
                             f"{_at(accounts[a.id].source)})", src, "give each account its own id")
            continue
        if a.role is not None and a.role not in ROLES:
            ctx.problems.add("unknown.role", f"account {a.id}: unknown role '{a.role}'", src,
                             f"roles are: {', '.join(ROLES)}")
        accounts[a.id] = m.Account(a.id, a.name, a.type, a.role if a.role in ROLES else None, src, a.cash_flow)

    if gf is None:
        return None
    framework = gf.framework
    group = m.Group(
        name=gf.group, parent=gf.parent, reporting_currency=gf.reporting_currency,
        fiscal_year_end=(int(gf.fiscal_year_end[:2]), int(gf.fiscal_year_end[3:])),
        framework=framework, policies=_policies(framework, gf.policies),
        entities=entities, accounts=accounts, holdings=_by_date_holder_entity(holdings),
    )
    if framework == "jgaap" and group.policies.nci_measurement == "fair_value":
        pol = data.get("policies")
        ctx.problems.add("policy.nci_fair_value_jgaap", "nci_measurement fair_value is not allowed under jgaap",
                         Source(ctx.name(rel), doc.key_line(pol, "nci_measurement") if isinstance(pol, dict) else None,
                                key="policies.nci_measurement"), "use proportionate, or framework ifrs")
    if framework == "jgaap":
        # a holding's own nci_measurement too: ASBJ Statement 22 measures NCI at their share of the net assets (no
        # goodwill of theirs), so neither their fair value nor its goodwill amortisation is modelled under jgaap
        for h in group.holdings:
            if h.nci_measurement == "fair_value":
                ctx.problems.add("policy.nci_fair_value_jgaap",
                                 f"{h.holder}'s holding of {h.entity} dated {h.date} asks for nci_measurement "
                                 "fair_value, which is not allowed under jgaap (ASBJ Statement 22 measures the NCI at "
                                 "their share of the net assets, with no goodwill of theirs)", h.source,
                                 "remove nci_measurement (or write proportionate), or use framework ifrs")
    return group


def _by_date_holder_entity(holdings: list[m.Holding]) -> tuple[m.Holding, ...]:
    """The holdings ordered by (date, holder, entity), equal keys in file order.

    Three stable sorts on one attribute each, last key first: the order of one sort on the
    tuple key, without building and comparing a tuple per holding (a million at 10^6 entities).
    """
    out = sorted(holdings, key=attrgetter("entity"))
    out.sort(key=attrgetter("holder"))
    out.sort(key=attrgetter("date"))
    return tuple(out)


_GROUP_LISTS = ("entities", "accounts", "holdings")
#: Stand-ins for required settings that are missing or invalid (already reported), so that the
#: entities, holdings and ledger are still checked.
_GROUP_STANDINS = {"group": "?", "parent": "?", "reporting_currency": "XXX", "fiscal_year_end": "12-31"}


def _misspelt_keys(ctx: _Ctx, doc: YamlDoc, rel: str) -> dict:
    """group.yaml's top level with each unknown key reported at its line.

    An unknown key close to a known key that is absent (``entites`` for ``entities``)
    is reported as a misspelling, and its value is read under the known key: the
    rest of the workspace is then checked as meant, instead of every entity being
    reported missing.
    """
    data = dict(doc.data)
    known = set(s.GroupFile.model_fields)
    absent = sorted(known - set(data))
    for k in [k for k in doc.data if k not in known]:
        near = difflib.get_close_matches(str(k), absent, n=1, cutoff=0.75)
        if near:
            absent.remove(near[0])
            data[near[0]] = data.pop(k)
            message, hint = f"unknown key '{k}', probably a misspelling of '{near[0]}'", f"rename it to {near[0]}"
        else:
            del data[k]
            message, hint = f"unknown key '{k}'", "remove it or check its spelling against docs/format.md"
        ctx.problems.add("schema.extra_forbidden", message, Source(ctx.name(rel), doc.key_line(doc.data, k), key=str(k)),
                         hint)
    return data


def _group_settings(ctx: _Ctx, doc: YamlDoc, data: dict, rel: str) -> s.GroupFile:
    """The top-level settings of group.yaml (``data``: unknown keys already taken out).

    A missing or invalid setting is reported and replaced by a stand-in, so that one
    bad key never hides the problems of the rest of the workspace; ``ctx.bad_settings``
    names the settings replaced.
    """
    top = {k: v for k, v in data.items() if k not in _GROUP_LISTS}
    top["accounts"] = []
    errors: list = []
    gf = _validate(ctx, s.GroupFile, top, ctx.name(rel), doc=doc, errors=errors, lines_from=doc.data)
    if gf is not None:
        return gf
    bad = {str(e["loc"][0]) for e in errors if e["loc"]}
    retry = {k: v for k, v in top.items() if k not in bad}
    retry.update({k: v for k, v in _GROUP_STANDINS.items() if k in bad})
    ctx.bad_settings = bad
    return s.GroupFile.model_validate(retry)


def _at(src: Source) -> str:
    """Where a first occurrence is, for 'listed twice' messages: 'group.yaml:12'."""
    return f"{src.file}:{src.row}" if src.row is not None else src.file


def _placeholder_entity(eid: str, src: Source) -> m.Entity:
    return m.Entity(id=eid, name=eid, currency="?", country=None, established=None, shares_outstanding=None,
                    mapping={}, method_overrides=(), source=src)


def _large_group_rows(ctx: _Ctx, what: str, model: type[BaseModel], in_yaml: bool) -> Iterator[tuple[Any, Source]]:
    """Rows of entities.csv or holdings.csv (docs/format.md §2, large groups), each with its source."""
    rel = f"{what}.csv"
    if files.kind(ctx.root / rel) == "absent":
        return
    if in_yaml:
        ctx.problems.add(f"workspace.{what}_twice", f"{what} are listed both in group.yaml and {rel}",
                         Source(ctx.name(rel)), "keep one of the two")
    cols, req = _fields(model)
    name = ctx.name(rel)
    fast = _plain_rows(ctx, rel, model, cols, req)
    if fast is not None:
        yield from fast
        return
    before = len(ctx.problems.items)
    rows = list(read_csv_rows(ctx, rel, cols, req))
    try:  # the whole file in one validation (pydantic's core loops over the rows)
        items = _list_adapter(model).validate_python([row for _, row in rows])
    except ValidationError:  # some row is wrong: row by row, so that each message names its row
        # the file's own problems (a short row...) stay in row order among the rows' problems
        read_problems = ctx.problems.items[before:]
        del ctx.problems.items[before:]
        k = 0
        for line, row in rows:
            while k < len(read_problems) and _row_of(read_problems[k]) < line:
                ctx.problems.items.append(read_problems[k])
                k += 1
            item = _validate(ctx, model, row, name, row=line)
            if item is not None:
                yield item, Source(name, line)
        ctx.problems.items.extend(read_problems[k:])
        return
    for (line, _), item in zip(rows, items):
        yield item, Source(name, line)


_CURRENCY = re.compile(r"[A-Z]{2,4}")
_INNER_SPACE = re.compile(r"[^\S\n]")
_EDGE_SPACE = re.compile(r"(?m)(?:^|,)[^\S\n]|[^\S\n](?:,|$)")


def _plain_rows(ctx: _Ctx, rel: str, model: type[BaseModel], cols: set[str],
                req: set[str]) -> list[tuple[Any, Source]] | None:
    """entities.csv or holdings.csv read column by column, or None: then the checked path reads it.

    For the files a large group is made of — UTF-8, no quotes, no carriage returns, every
    row as wide as the header, every cell valid — this is the same result as the checked
    path (the same parsers, cached) without its per-cell record keeping. Anything else, the
    smallest doubt included, gives None, and the checked path names every problem by row.
    """
    if model is not s.EntityRow and model is not s.HoldingRow:
        return None
    try:
        with files.open_regular(ctx.root / rel, newline="", encoding="utf-8-sig") as fh:
            text = fh.read()
    except (files.FileRefused, UnicodeDecodeError, OSError):
        return None
    if "\r\n" in text:  # CRLF line ends (the csv module's default): the checked path reads them alike
        text = text.replace("\r\n", "\n")
    if '"' in text or "\r" in text or "\x00" in text:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        return None
    header = [h.strip() for h in lines[0].split(",")]
    if len(set(header)) != len(header) or not set(header) <= cols or not req <= set(header):
        return None
    width = len(header)
    at = {h: i for i, h in enumerate(header)}
    name = ctx.name(rel)
    bare, unpadded = _spaces(text)
    del text
    if unpadded:
        columns = _columns(lines, width)
        if columns is not None:
            try:
                found = _plain_columns(model, columns, at, req, name, ctx.entity_ids)
            except ValueError:  # a cell a parser refuses: the checked path says which
                return None
            if found is not None:
                return found
    out: list[tuple[Any, Source]] = []
    append = out.append
    ratio, date, seen_ratios, seen_dates = s._ratio, s._date, s._SEEN_RATIOS, s._SEEN_DATES
    try:
        if model is s.HoldingRow:
            costs: dict[str, Any] = {}  # each distinct cost text parsed once (Decimals are immutable)
            i_date, i_holder, i_entity, i_share = at["date"], at["holder"], at["entity"], at["share"]
            i_voting, i_cost = at.get("voting"), at.get("cost")
            for n, cells in _split_rows(lines, width, bare):
                holder, entity, share_text, date_text = cells[i_holder], cells[i_entity], cells[i_share], cells[i_date]
                if not holder or not entity or not share_text or not date_text:
                    return None
                share = seen_ratios.get(share_text) or ratio(share_text)
                voting = cells[i_voting] if i_voting is not None else None
                cost = cells[i_cost] if i_cost is not None else None
                src = Source(name, n)
                append((m.Holding(
                    date=seen_dates.get(date_text) or date(date_text), holder=holder, entity=entity, share=share,
                    voting=(seen_ratios.get(voting) or ratio(voting)) if voting else share,
                    cost=(costs[cost] if cost in costs else costs.setdefault(cost, s._money(cost))) if cost else None,
                    equity_at_acquisition=None,
                    fair_value_adjustments=(), nci_fair_value=None, nci_measurement=None, source=src), src))
            return out
        i_id, i_name, i_currency = at["id"], at["name"], at["currency"]
        i_country, i_established, i_shares = at.get("country"), at.get("established"), at.get("shares_outstanding")
        currency_ok: dict[str, bool] = {}
        for n, cells in _split_rows(lines, width, bare):
            eid, ename, cur = cells[i_id], cells[i_name], cells[i_currency]
            if not eid or not ename or not cur:
                return None
            ok = currency_ok.get(cur)
            if ok is None:
                ok = currency_ok[cur] = _CURRENCY.fullmatch(cur) is not None
            if not ok:
                return None
            est = cells[i_established] if i_established is not None else None
            count = cells[i_shares] if i_shares is not None else None
            shares = s._count(count) if count else None
            if shares is not None and shares <= 0:
                return None
            src = Source(name, n)
            append((m.Entity(
                id=eid, name=ename, currency=cur, country=(cells[i_country] or None) if i_country is not None else None,
                established=(seen_dates.get(est) or date(est)) if est else None, shares_outstanding=shares,
                mapping={}, method_overrides=(), source=src), src))
    except ValueError:  # a cell a parser refuses (BadValue is a ValueError): the checked path says which
        return None
    return out


#: The characters other than " ", "\n" and "\r" that str.isspace (and so \s) takes for whitespace in ASCII.
_ASCII_SPACES = "\t\x0b\x0c\x1c\x1d\x1e\x1f"


def _spaces(text: str) -> tuple[bool, bool]:
    """(bare, unpadded) of a text without carriage returns: bare when it has no whitespace but the
    line ends (no cell needs stripping: str.strip and \\s agree on whitespace), unpadded when no cell
    has whitespace at its edge ("Company E1" has some inside: stripping changes no cell).

    An ASCII text whose only whitespace is spaces and line ends is answered with a few substring
    searches (the regular expressions scan a 46 MB holdings.csv in about a second); any other
    text by the expressions. ``tests/ownership/test_large_reading.py`` holds the two equal.
    """
    if text.isascii() and not any(c in text for c in _ASCII_SPACES):
        if " " not in text:
            return True, True
        return False, not (" ," in text or ", " in text or "\n " in text or " \n" in text
                           or text.startswith(" ") or text.endswith(" "))
    bare = _INNER_SPACE.search(text) is None
    return bare, bare or _EDGE_SPACE.search(text) is None


def _columns(lines: list[str], width: int) -> list[list[str]] | None:
    """The cells of the rows after the header, column by column, when every row has ``width`` cells;
    else None (a blank line, a short or long row: the row-by-row loop of :func:`_plain_rows` decides).

    One split of the whole body instead of one per line; the rows' widths are checked first by
    counting each line's commas (no quotes: :func:`_plain_rows` has ruled them out).
    """
    body = lines[1:]
    if not body:
        return None
    if any(c != width - 1 for c in map(str.count, body, repeat(","))):
        return None
    cells = ",".join(body).split(",")
    return [cells[i::width] for i in range(width)]


def _plain_columns(model: type[BaseModel], columns: list[list[str]], at: dict[str, int], req: set[str],
                   name: str, entity_ids: Mapping[str, str] | None = None) -> list[tuple[Any, Source]] | None:
    """The rows of :func:`_plain_rows` from whole columns (no cell to strip), or None when a required
    cell is empty (a blank record, or a row the checked path explains): the row-by-row loop decides.
    A cell a parser refuses raises ValueError, as in that loop.

    A holding's holder and entity are the string objects of ``entity_ids`` (the entities' own ids)
    where it has them: equal strings, 2.5 million fewer at 10^6 entities, and every later look-up of
    them in a dict keyed by entity id (the checks, the solver's index) finds its key by identity
    instead of comparing the characters at another place in memory."""
    if not all(all(columns[at[c]]) for c in req):  # an empty required cell (every cell is a str)
        return None
    rows = range(2, 2 + len(columns[0]))
    sources = [m.source_row(name, n) for n in rows]
    ratio, date, seen_ratios, seen_dates = s._ratio, s._date, s._SEEN_RATIOS, s._SEEN_DATES
    out: list[tuple[Any, Source]] = []
    append = out.append
    if model is s.HoldingRow:
        holding = m.holding_row
        costs: dict[str, Any] = {}  # each distinct cost text parsed once (Decimals are immutable)
        none = repeat("")
        votings = columns[at["voting"]] if "voting" in at else none
        cost_col = columns[at["cost"]] if "cost" in at else none
        holders, entities = columns[at["holder"]], columns[at["entity"]]
        if entity_ids:
            holders = list(map(entity_ids.get, holders, holders))
            entities = list(map(entity_ids.get, entities, entities))
        for src, date_text, holder, entity, share_text, voting, cost in zip(
                sources, columns[at["date"]], holders, entities, columns[at["share"]], votings, cost_col):
            share = seen_ratios.get(share_text) or ratio(share_text)
            append((holding(seen_dates.get(date_text) or date(date_text), holder, entity, share,
                            (seen_ratios.get(voting) or ratio(voting)) if voting else share,
                            (costs[cost] if cost in costs else costs.setdefault(cost, s._money(cost))) if cost else None,
                            src), src))
        return out
    for cur in set(columns[at["currency"]]):
        if _CURRENCY.fullmatch(cur) is None:
            return None
    none = repeat("")
    countries = columns[at["country"]] if "country" in at else None
    established = columns[at["established"]] if "established" in at else none
    counts = columns[at["shares_outstanding"]] if "shares_outstanding" in at else none
    entity = m.entity_row
    for src, eid, ename, cur, country, est, count in zip(
            sources, columns[at["id"]], columns[at["name"]], columns[at["currency"]],
            countries if countries is not None else none, established, counts):
        shares = s._count(count) if count else None
        if shares is not None and shares <= 0:
            return None
        append((entity(eid, ename, cur, (country or None) if countries is not None else None,
                       (seen_dates.get(est) or date(est)) if est else None, shares, src), src))
    return out


def _split_rows(lines: list[str], width: int, bare: bool) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each row after the header of :func:`_plain_rows`, blank records skipped
    as the checked path skips them; a row of another width raises ValueError (the checked path reads
    the file then). ``bare``: no cell needs stripping."""
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split(",") if bare else [c.strip() for c in line.split(",")]
        if len(cells) != width or not (line.strip(",") if bare else any(cells)):
            if not any(cells):
                continue
            raise ValueError(f"line {n}: {len(cells)} cells, not {width}")
        yield n, cells


def _row_of(p: Any) -> int:
    """The row a reading problem names; one without a row (reading stopped) comes after every row."""
    return p.where.row if p.where is not None and p.where.row is not None else sys.maxsize


@functools.cache
def _list_adapter(model: type[BaseModel]) -> TypeAdapter:
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def _add_entity(ctx: _Ctx, entities: dict[str, m.Entity], e: Any, src: Source) -> None:
    if e.id in entities:
        ctx.problems.add("duplicate.entity", f"entity id '{e.id}' is listed twice (first at {_at(entities[e.id].source)})",
                         src, "give each entity its own id")
        return
    if isinstance(e, m.Entity):  # entities.csv read column by column
        entities[e.id] = e
        return
    if isinstance(e, s.EntityRow):  # entities.csv: no overrides or mapping (and no slow attribute misses)
        entities[e.id] = m.Entity(
            id=e.id, name=e.name, currency=e.currency, country=e.country, established=e.established,
            shares_outstanding=e.shares_outstanding, mapping={}, method_overrides=(), source=src)
        return
    overrides = tuple(m.MethodOverride(o.date, o.method, src) for o in (getattr(e, "method", None) or ()))
    entities[e.id] = m.Entity(
        id=e.id, name=e.name, currency=e.currency, country=e.country, established=e.established,
        shares_outstanding=e.shares_outstanding, mapping=dict(getattr(e, "mapping", None) or {}),
        method_overrides=tuple(sorted(overrides, key=lambda o: o.date)), source=src,
    )


# ----------------------------------------------------------------------------- cross-references


def _check_dilutions(ctx: _Ctx, g: m.Group) -> None:
    """A holding with ``dilution: true`` gives the holder's lower share after the entity issued shares to others: it
    has no ``cost`` (nothing was sold or paid) and its share is below the holder's share before (docs/format.md
    "Loss of control by dilution")."""
    before: dict[tuple[str, str], Fraction] = {}
    for h in sorted(g.holdings, key=lambda x: x.date):
        prev = before.get((h.holder, h.entity), Fraction(0))
        before[(h.holder, h.entity)] = h.share
        if not h.dilution:
            continue
        if h.cost is not None:
            ctx.problems.add("holding.dilution", f"{h.holder}'s holding of {h.entity} dated {h.date} is a dilution "
                             "(dilution: true) and gives a cost: a dilution has no proceeds and no cost", h.source,
                             "remove cost, or remove dilution: true if the holder sold shares")
        if not h.equity_at_acquisition:
            ctx.problems.add("holding.dilution", f"{h.holder}'s holding of {h.entity} dated {h.date} is a dilution "
                             f"(dilution: true) without equity_at_acquisition: {h.entity}'s equity right after the "
                             "share issue (the equity method starts from it)", h.source,
                             f"add equity_at_acquisition: {h.entity}'s equity accounts after the issue, in its currency")
        if not h.share < prev:
            ctx.problems.add("holding.dilution", f"{h.holder}'s holding of {h.entity} dated {h.date} is a dilution "
                             f"(dilution: true) but its share {ratio_str(h.share)} is not below the share held before "
                             f"({ratio_str(prev)})", h.source,
                             "give the holder's share after the issue, lower than before, or remove dilution: true")


def _check_group(ctx: _Ctx, g: m.Group) -> None:
    doc = ctx.group_doc
    pol = g.policies
    if not (0 < pol.control_threshold < 1):
        ctx.problems.add("policy.range", f"control_threshold {ratio_str(pol.control_threshold)} must be between 0 and 1",
                         Source(ctx.name("group.yaml"), key="policies.control_threshold"), "the usual value is 0.5")
    if not (0 < pol.significant_influence <= pol.control_threshold):
        ctx.problems.add("policy.range", f"significant_influence {ratio_str(pol.significant_influence)} must be above "
                         "0 and at most control_threshold", Source(ctx.name("group.yaml"),
                                                                     key="policies.significant_influence"),
                         "the usual value is 0.2")
    if g.parent not in g.entities and "parent" not in ctx.bad_settings:
        line = doc.key_line(doc.data, "parent") if doc is not None else None
        ctx.problems.add("unknown.parent", f"'{g.parent}' is not among the entities",
                         Source(ctx.name("group.yaml"), line, key="parent"), f"add {g.parent} to entities or fix the id")
    for e in g.entities.values():
        for local, target in e.mapping.items():
            if target not in g.accounts:
                ctx.problems.add("unknown.account", f"entity {e.id}: mapping {local} -> '{target}': no such group account",
                                 e.source, "map to an account listed under accounts")
    out_of_range: set[str] = set()
    ents, accounts = g.entities, g.accounts
    for h in g.holdings:  # a few look-ups per holding; the messages only where one fails
        holder, entity, share, voting = h.holder, h.entity, h.share, h.voting
        ent = ents.get(entity)
        if ent is None or holder not in ents:
            for who, label in ((holder, "holder"), (entity, "entity")):
                if who not in ents:
                    ctx.problems.add("unknown.entity", f"holding {label} '{who}' is not an entity", h.source,
                                     f"add {who} to entities in group.yaml or fix the id")
        if holder == entity:
            ctx.problems.add("holding.self", f"{holder} cannot hold its own shares as a holding", h.source,
                             "remove the holding: treasury shares are not holdings")
        # a Fraction's denominator is positive: 0 <= n/d <= 1 is 0 <= n <= d.
        # voting defaults to share: when it equals share, the share's problem covers it
        if not (0 <= share.numerator <= share.denominator) or (
                voting is not share and not (0 <= voting.numerator <= voting.denominator) and voting != share):
            for label, value in [("share", share)] + ([("voting", voting)] if voting != share else []):
                if not (0 <= value <= 1):
                    out_of_range.add(entity)
                    ctx.problems.add("holding.share_range", f"{label} {ratio_str(value)} is outside [0, 1]", h.source,
                                     "write shares as fractions of the entity, e.g. 0.8 for 80%")
        if ent is not None and ent.established is not None and h.date < ent.established:
            ctx.problems.add("holding.before_established",
                             f"holding of {entity} dated {h.date} is before {entity} was established ({ent.established})",
                             h.source, "fix the holding date or the established date")
        if h.equity_at_acquisition:
            for acc in h.equity_at_acquisition:
                if acc not in accounts:
                    ctx.problems.add("unknown.account", f"equity_at_acquisition: '{acc}' is not a group account",
                                     h.source, f"add {acc} to accounts in group.yaml or fix the id")
        if h.fair_value_adjustments:
            for f in h.fair_value_adjustments:
                if f.account not in accounts:
                    ctx.problems.add("unknown.account", f"fair_value_adjustments: '{f.account}' is not a group account",
                                     h.source, f"add {f.account} to accounts in group.yaml or fix the id")
    _check_dilutions(ctx, g)
    # Total held of each entity after each day's holdings (a same-day transfer from one holder to
    # another is netted, whatever the order of the rows); not for an entity whose holding is already
    # out of range: that problem explains the total.
    current: dict[str, dict[str, Fraction]] = {}
    by_day = _by_day_entity(g.holdings)
    cycles = _ClosedCycles(g.entities, current, by_day)
    whole = cycles.whole
    for day, runs in by_day.items():
        day_whole: list[str] = []  # the day's entities held 100% in total after its holdings
        over: list[tuple[str, Fraction, Source]] = []
        for entity, hs in runs.items():
            held = current.get(entity)
            if held is None:
                held = current[entity] = {}
            for h in hs:
                held[h.holder] = h.share
            tn, td = _held_total(held.values())
            if tn == td:
                whole.add(entity)
                day_whole.append(entity)
            elif whole:
                whole.discard(entity)
            if tn > td and entity not in out_of_range:
                over.append((entity, Fraction(tn, td), hs[-1].source))
            if cycles.holds is not None:
                cycles.held_by(entity, hs)
        for entity, total, src in sorted(over, key=itemgetter(0)):  # by entity within the day
            ctx.problems.add("holding.over_100", f"{entity} is {float_free_percent(total)} held in total from {day}",
                             src, "a holding's share is the holder's fraction after the event; check the holders")
        cycles.close_day(day, day_whole)
    for h in g.holdings:
        if not h.share and h.voting:
            ctx.problems.add("holding.votes_without_shares",
                             f"{h.holder} holds no shares of {h.entity} from {h.date} but voting {ratio_str(h.voting)}: "
                             "a share of 0 ends the holding, and its votes would be dropped",
                             h.source, "give the share held, or for control by agreement give the entity a "
                             "method override (method: full)")
    for where, message in cycles.found:
        ctx.problems.add("holding.closed_cycle", message, where,
                         "a cross-holding needs an outside holder: check the shares of these holdings")
    for role in ("retained_earnings",):
        if g.role_account(role) is None:
            ctx.problems.add("chart.missing_role", f"no account has role '{role}'",
                             Source(ctx.name("group.yaml"), key="accounts"), f"mark your {role.replace('_', ' ')} account with role: {role}")


def _held_total(shares: Iterable[Fraction]) -> tuple[int, int]:
    """The sum of ``shares`` as (numerator, denominator > 0), not reduced: above 1 when n > d, 1 when n == d.

    Shares of one entity mostly share a denominator (0.51 and 0.3 are n/100): their numerators
    are added, without a Fraction (and its gcd) per addition.
    """
    n, d = 0, 1
    for v in shares:
        vd = v.denominator
        if vd == d:
            n += v.numerator
        elif n == 0:
            n, d = v.numerator, vd
        else:
            n, d = n * vd + v.numerator * d, d * vd
    return n, d


def _by_day_entity(holdings: tuple[m.Holding, ...]) -> dict[dt.date, dict[str, list[m.Holding]]]:
    """The holdings grouped by date (in date order), then by entity (in the order the entities first
    appear that day), each list in the holdings' order.

    ``holdings`` are ordered by date (``Group.holdings``): each day's run is grouped by entity as it
    comes; the entities are not sorted (a million at 10^6 entities): what depends on their order (the
    problems of a day) is sorted where it is reported.
    """
    out: dict[dt.date, dict[str, list[m.Holding]]] = {}
    i, n = 0, len(holdings)
    while i < n:
        day = holdings[i].date
        if day in out or (i and day < holdings[i - 1].date):  # not ordered by date: group, then sort the days
            groups: dict[dt.date, dict[str, list[m.Holding]]] = {}
            for h in holdings:
                groups.setdefault(h.date, {}).setdefault(h.entity, []).append(h)
            return {d: groups[d] for d in sorted(groups)}
        runs: dict[str, list[m.Holding]] = {}
        j = i
        while j < n and holdings[j].date == day:
            h = holdings[j]
            got = runs.get(h.entity)
            if got is None:
                runs[h.entity] = [h]
            else:
                got.append(h)
            j += 1
        out[day] = runs
        i = j
    return out


class _ClosedCycles:
    """Entities held 100% among themselves, with no holder outside them (A holds all of B, B all of A).

    Their cross-holding has no solution (the ownership equations are singular): nobody outside
    owns them. Reported once per set of entities, at the first date it arises (``found``: where
    and message, in date order).

    The set at a day is the largest one whose members are held 100% by members only. A new
    member can only appear where holdings change, so each day looks at the entities whose
    holdings changed that day and are held 100% in total (and last day's set): an entity is in
    the set when everything upstream of it is held 100% (a walk up its holders, stopped at the
    first that is not), and the set grows downward from there. Linear in the holdings, not
    days x entities.

    It shares the totals of :func:`_check_group` (its ``held``: entity -> holder -> share as of
    the day being checked; ``whole``: the entities held 100% in total), which feeds it one day at
    a time (:meth:`close_day`). The map from holders to the entities they hold is built from
    ``held`` the first time a set grows downward, and kept up to date from then on
    (:meth:`held_by`): most groups never need it.
    """

    def __init__(self, ents: Mapping[str, m.Entity], held: dict[str, dict[str, Fraction]],
                 by_day: dict[dt.date, dict[str, list[m.Holding]]]):
        self.ents = ents
        self.held = held
        self.by_day = by_day
        #: entities whose holders hold 100% in total
        self.whole: set[str] = set()
        #: holder -> entities it holds shares of (None until a set needs to grow downward)
        self.holds: dict[str, set[str]] | None = None
        self.closed: set[str] = set()
        self.reported: set[frozenset[str]] = set()
        self.found: list[tuple[Source | None, str]] = []

    def held_by(self, entity: str, hs: list[m.Holding]) -> None:
        """Record that the holders of ``hs`` hold shares of ``entity`` (once :attr:`holds` is built)."""
        holds = self.holds
        if holds is None:
            return
        for h in hs:
            into = holds.get(h.holder)
            if into is None:
                holds[h.holder] = {entity}
            else:
                into.add(entity)

    def _full(self, e: str) -> bool:
        return e in self.whole and e in self.ents

    def _upward(self, e: str) -> set[str] | None:
        """``e`` and everything upstream of it when all of it is held 100%, else None."""
        held, full = self.held, self._full
        seen, stack = {e}, [e]
        while stack:
            for holder, share in held.get(stack.pop(), {}).items():
                if share > 0 and holder not in seen:
                    if not full(holder):
                        return None
                    seen.add(holder)
                    stack.append(holder)
        return seen

    def close_day(self, day: dt.date, day_whole: list[str]) -> None:
        """The set at ``day``, after its holdings (``day_whole``: the day's entities held 100%)."""
        full = self._full
        seeds = [e for e in day_whole if e in self.ents] + [e for e in self.closed if full(e)]
        closed: set[str] = set()
        for e in seeds:  # any order: the set found is the same closure
            if e not in closed:
                closed |= self._upward(e) or set()
        self.closed = closed
        if not closed:
            return
        if self.holds is None:
            self.holds = {}
            for entity, shares in self.held.items():
                for holder in shares:
                    self.holds.setdefault(holder, set()).add(entity)
        holds = self.holds
        queue = list(closed)
        while queue:
            for y in holds.get(queue.pop(), ()):
                if y not in closed and full(y):
                    up = self._upward(y)
                    if up is not None:
                        queue.extend(up - closed)
                        closed |= up
        if frozenset(closed) not in self.reported:
            self.reported.add(frozenset(closed))
            names = sorted(closed)
            runs = self.by_day.get(day, {})
            first = min((e for e in runs if e in closed), default=None)  # the first of them by id
            src = runs[first][0].source if first is not None else None
            self.found.append((src, f"{', '.join(names)} are held 100% by each other from {day}, "
                                    "with no holder outside them"))


def _check_closed_cycles(ctx: _Ctx, g: m.Group, by_day: dict[tuple[dt.date, str], list[m.Holding]]) -> None:
    """The closed-cycle check alone (:class:`_ClosedCycles`), with its own totals: what
    :func:`_check_group` does in its totals loop, for the tests that hold it against a fixed point
    (``by_day``: the holdings by (date, entity), in any order)."""
    held: dict[str, dict[str, Fraction]] = {}
    days: dict[dt.date, dict[str, list[m.Holding]]] = {}
    for (d, entity), hs in by_day.items():
        days.setdefault(d, {})[entity] = hs
    days = {d: days[d] for d in sorted(days)}
    cycles = _ClosedCycles(g.entities, held, days)
    for day, runs in days.items():
        day_whole = []
        for entity, hs in runs.items():
            shares = held.setdefault(entity, {})
            for h in hs:
                shares[h.holder] = h.share
            tn, td = _held_total(shares.values())
            if tn == td:
                cycles.whole.add(entity)
                day_whole.append(entity)
            else:
                cycles.whole.discard(entity)
            cycles.held_by(entity, hs)
        cycles.close_day(day, day_whole)
    for where, message in cycles.found:
        ctx.problems.add("holding.closed_cycle", message, where,
                         "a cross-holding needs an outside holder: check the shares of these holdings")


def float_free_percent(f: Fraction) -> str:
    """A share as a percentage string without floats: 5/4 -> '125%'."""
    from renketsu.model.money import ratio_str

    return f"{ratio_str(f * 100)}%"


# ----------------------------------------------------------------------------- other files


def _read_events(ctx: _Ctx, g: m.Group | None) -> dict[str, m.Event]:
    rel = "events.yaml"
    if files.kind(ctx.root / rel) == "absent":
        return {}
    doc = _read_yaml(ctx, rel)
    if doc is None:
        return {}
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        ctx.problems.add("schema.events", "must hold a list under 'events'", Source(ctx.name(rel), 1),
                         "put the events in a list under 'events:'; see docs/format.md §6")
        return {}
    out: dict[str, m.Event] = {}
    first: dict[str, Source] = {}
    models: dict[str, type[BaseModel]] = {"merger": s.MergerFile, "acquisition": s.AcquisitionFile, "disposal": s.DisposalFile}
    for i, item in enumerate(data["events"]):
        line = doc.line_of(item)
        src = Source(ctx.name(rel), line, key=f"events[{i}]")
        kind = item.get("kind") if isinstance(item, dict) else None
        if kind not in models:
            kline = doc.key_line(item, "kind") if isinstance(item, dict) else None
            ctx.problems.add("event.kind", f"kind must be one of {', '.join(models)} (got {kind!r})",
                             Source(ctx.name(rel), kline or line, key=f"events[{i}]"), "see docs/format.md §6")
            continue
        ev = _validate(ctx, models[kind], item, ctx.name(rel), doc=doc, key=f"events[{i}]")
        if ev is None:
            continue
        if ev.id in out:
            ctx.problems.add("duplicate.event", f"event id '{ev.id}' is listed twice (first at {_at(first[ev.id])})",
                             src, "give each event its own id")
            continue
        first[ev.id] = src
        if isinstance(ev, s.MergerFile):
            c = ev.consideration
            allotment = tuple((a, m.Consideration(x.shares_issued, x.shares_issued_fair_value, x.share_capital_increase,
                                                  x.cash)) for a, x in (ev.allotment or {}).items())
            merger = m.Merger(ev.id, ev.effective, ev.surviving, tuple(ev.absorbed),
                              m.Consideration(c.shares_issued, c.shares_issued_fair_value, c.share_capital_increase, c.cash),
                              src, allotment)
            out[ev.id] = merger
            _check_allotment(ctx, merger)
            names = [ev.surviving, *ev.absorbed]
        elif isinstance(ev, s.AcquisitionFile):
            out[ev.id] = m.Acquisition(ev.id, _holding(ev, src), src, ev.previously_held_fair_value)
            names = [ev.holder, ev.entity]
        else:
            if not (0 < ev.share_sold <= 1):
                ctx.problems.add("event.share_sold", f"share_sold {ratio_str(ev.share_sold)} must be in (0, 1]", src,
                                 "give the fraction of the entity sold, e.g. 0.5")
            out[ev.id] = m.Disposal(ev.id, ev.date, ev.holder, ev.entity, ev.share_sold, ev.proceeds,
                                    ev.retained_fair_value, src)
            names = [ev.holder, ev.entity]
        if g is not None:
            for n in dict.fromkeys(names):
                if n not in g.entities:
                    ctx.problems.add("unknown.entity", f"event {ev.id}: '{n}' is not an entity", src,
                                     f"add {n} to entities in group.yaml or fix the id")
        if isinstance(ev, s.MergerFile):
            if ev.surviving in ev.absorbed:
                ctx.problems.add("event.merger_self", f"event {ev.id}: {ev.surviving} cannot absorb itself", src,
                                 f"remove {ev.surviving} from absorbed")
            twice = sorted({a for a in ev.absorbed if ev.absorbed.count(a) > 1})
            if twice:
                ctx.problems.add("event.absorbed_twice", f"event {ev.id}: {', '.join(twice)} listed twice in absorbed",
                                 src, "list each absorbed company once")
            if g is not None and g.parent in ev.absorbed:
                ctx.problems.add("event.absorbs_parent", f"event {ev.id}: {g.parent} is the group's parent and cannot "
                                 "be absorbed (a reverse merger is not modelled)", src,
                                 f"make {g.parent} the surviving company, or model the group after the event")
        if isinstance(ev, s.AcquisitionFile):
            for value, label in ((ev.share, "share"), (ev.voting, "voting")):
                if value is not None and not (0 <= value <= 1):
                    ctx.problems.add("holding.share_range", f"event {ev.id}: {label} {ratio_str(value)} is outside "
                                     "[0, 1]", src, "write the holder's fraction after the purchase, e.g. 0.8 for 80%")
    return out


_CONSIDERATION_KEYS = ("shares_issued", "shares_issued_fair_value", "share_capital_increase", "cash")


def _check_allotment(ctx: _Ctx, ev: m.Merger) -> None:
    """A merger's ``allotment`` names each absorbed company once and adds up to its ``consideration``, key by key;
    several absorbed companies sharing a consideration need one (which company's shareholders get what is the merger
    agreement's, Companies Act art. 749(1)(ii), (iii); it once went to each company's shareholders whole)."""
    c = ev.consideration
    if not ev.allotment:
        if len(ev.absorbed) > 1 and any(getattr(c, k) for k in _CONSIDERATION_KEYS):
            ctx.problems.add("event.allotment", f"event {ev.id}: {len(ev.absorbed)} absorbed companies "
                             f"({', '.join(ev.absorbed)}) share a consideration, but no allotment says what each one's "
                             "shareholders receive", ev.source,
                             "add allotment: with each absorbed company's shares_issued, share_capital_increase, cash "
                             "(and shares_issued_fair_value), adding up to consideration (docs/format.md §6)")
        return
    named = [a for a, _x in ev.allotment]
    wrong = sorted(set(named) ^ set(ev.absorbed))
    if wrong:
        ctx.problems.add("event.allotment", f"event {ev.id}: allotment names {', '.join(named)}, the absorbed companies "
                         f"are {', '.join(ev.absorbed)}", ev.source,
                         "give allotment one entry for each absorbed company, and none for another")
        return
    for k in _CONSIDERATION_KEYS:
        total = sum((getattr(x, k) for _a, x in ev.allotment), Decimal(0))
        if total != getattr(c, k):
            ctx.problems.add("event.allotment", f"event {ev.id}: allotment's {k} add up to {total}, consideration's "
                             f"{k} is {getattr(c, k)}", ev.source,
                             f"make the absorbed companies' {k} add up to consideration's")


def _read_table(ctx: _Ctx, rel: str, model: type[BaseModel]) -> list[tuple[Any, Source]]:
    if files.kind(ctx.root / rel) == "absent":
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
            ctx.problems.add("unknown.entity", f"{label} '{value}' is not an entity", src,
                             f"add {value} to entities in group.yaml or fix the id")
        if label == "account" and value not in g.accounts:
            ctx.problems.add("unknown.account", f"account '{value}' is not a group account", src,
                             f"add {value} to accounts in group.yaml or fix the id")


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
            problems.add("rate.not_positive", f"{r.kind} rate for {r.currency} at {r.date} is {r.rate}; it must be positive",
                         src, f"give the units of reporting currency per one {r.currency}")
        rates.append(m.Rate(r.currency, r.date, r.kind, r.rate, src))
    seen: dict[tuple, Source] = {}
    for r in rates:
        k = (r.currency, r.date, r.kind)
        if k in seen:
            problems.add("duplicate.rate", f"{r.kind} rate for {r.currency} at {r.date} is given twice (first at {_at(seen[k])})",
                         r.source, "keep one row")
            continue
        seen[k] = r.source

    facts = []
    for f, src in _read_table(ctx, "facts.csv", s.FactRow):
        _known(ctx, group, src, entity=f.entity)
        if f.period_start is not None and f.period_start > f.as_of:
            problems.add("fact.period", f"period_start {f.period_start} is after as_of {f.as_of}", src,
                         "swap or fix the dates")
        facts.append(m.Fact(f.entity, f.concept, f.value, f.unit, f.as_of, f.period_start, f.basis, f.source or "", src))

    stock = []
    for r, src in _read_table(ctx, "ic_stock.csv", s.IcStockRow):
        _known(ctx, group, src, seller=r.seller, buyer=r.buyer, account=r.account)
        if not (0 <= r.margin < 1):
            problems.add("ic_stock.margin", f"margin {ratio_str(r.margin)} must be in [0, 1)", src, "margin is the seller's gross margin on sales, as a fraction, e.g. 0.2")
        stock.append(m.IcStock(r.period, r.seller, r.buyer, r.account, r.amount, r.margin, src))

    adjustments = check_adjustments(_read_table(ctx, ADJUSTMENTS, AdjustmentRow), group, problems)
    opening = read_opening(problems, group, _read_table(ctx, OPENING_FILE, OpeningRowFile), ctx.name(OPENING_FILE),
                           check_ownership=not problems)

    if group is None:
        return None
    return m.Workspace(root=str(root), group=group, events=events, facts=tuple(facts), rates=tuple(rates),
                       ic_stock=tuple(stock), adjustments=adjustments, opening=opening)


def parse_date(text: str, what: str = "date") -> dt.date:
    """A command-line date (YYYY-MM-DD only: no week dates or compact forms), or a RenketsuError naming it."""
    from renketsu.model.errors import Problem, RenketsuError

    from .values import BadDate, read_date

    try:
        return read_date(text)
    except BadDate as e:
        raise RenketsuError(Problem("cli.bad_date", f"{what} {e}", None, "write YYYY-MM-DD")) from None
