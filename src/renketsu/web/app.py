"""The web app: FastAPI + Jinja2 over :class:`renketsu.api.Context`.

``create_app(workspace_path, token)`` opens the workspace once and serves:

=============================================  ==============================================
``/``                                          overview: group, entities, periods, events
``/structure?date=D``                          the structure chart at a date
``/consolidate?period=D``                      the statement set with comparatives, profit bridge,
                                               notes, eliminations, checks
``/line?period=D&account=A``                   one line: entity contributions (a foreign entity's
                                               translated row by row: local amount, rate, reporting
                                               amount), eliminations
``/rows?period=D&entity=E&account=A``          the ledger rows behind a contribution
``/matching?period=D``                         intercompany pairs, both sides, largest difference first
``/simulate/{event_id}``                       before / after / change, legal checks, entries
``/download/consolidation.xlsx?period=D``      the Excel consolidation pack
``/download/simulation-{event_id}.xlsx``       the Excel simulation pack
=============================================  ==============================================

Security: with a ``token`` every request (static files included) must carry it
as ``?token=`` or ``Authorization: Bearer``, else 401; links on the pages carry
it along. ``allowed_hosts`` rejects other ``Host`` headers (a loopback server
is then safe from DNS rebinding). Templates autoescape; SVG is escaped where it
is built. A :class:`RenketsuError` renders as a page listing its problems
(status 400), never a traceback. Pages send a Content-Security-Policy that
allows no script at all: the pages need none.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException

from renketsu.model.errors import Problem, RenketsuError
from renketsu.reports.charts import (
    METHOD_COLOURS,
    bridge_svg,
    key_figures_svg,
    percent,
    structure_svg,
)
from renketsu.reports.statements import (
    ChartEntry,
    chart_entry,
    chart_from_accounts,
    format_amount,
)
from renketsu.reports.text import visible
from renketsu.reports.warnings import plausibility
from renketsu.reports.xlsx import write_consolidation_pack, write_simulation_pack

from . import views

if TYPE_CHECKING:
    from renketsu.api import EngineContext

log = logging.getLogger("renketsu.web")

HERE = Path(__file__).parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """True for a host name or address that only this machine can reach."""
    import ipaddress

    h = host.strip().strip("[]")
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def _host_only(header: str) -> str:
    """``example.org:8000`` -> ``example.org``; ``[::1]:8000`` -> ``::1``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _problem(kind: str, message: str, hint: str | None = None) -> RenketsuError:
    return RenketsuError(Problem(kind, message, hint=hint))


_CLI_WORDS = [(re.compile(r"--period\b"), "the period"), (re.compile(r"--date\b"), "the date"),
              (re.compile(r"--event\b"), "the event"), (re.compile(r"--output\b"), "the download")]


def for_browser(message: str) -> str:
    """An engine message in a browser's words: "check --period" reads "check the period"."""
    for pattern, words in _CLI_WORDS:
        message = pattern.sub(words, message)
    return message


def parse_date(value: str | None, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise _problem("bad_request", f"{name} {value!r} is not a date", "write it as YYYY-MM-DD") from None


class Service:
    """The app's one Context, serialised by a lock (a DuckDB connection is not
    for concurrent use), with results cached per period and per event."""

    def __init__(self, ctx: EngineContext):
        self.ctx = ctx
        self.lock = threading.RLock()
        self._consolidations: dict[dt.date, dict] = {}
        self._simulations: dict[str, dict] = {}
        group = ctx.workspace.group
        self.group = group
        self.chart: dict[str, ChartEntry] = chart_from_accounts(group.accounts)
        self.names = {eid: getattr(e, "name", "") for eid, e in group.entities.items()}

    @property
    def currency(self) -> str:
        return getattr(self.group, "reporting_currency", "")

    def periods(self) -> list[dt.date]:
        with self.lock:
            return list(self.ctx.periods())

    def events(self) -> dict[str, Any]:
        return dict(getattr(self.ctx.workspace, "events", {}) or {})

    def default_period(self) -> dt.date:
        periods = self.periods()
        if not periods:
            raise _problem("no_periods", "the ledger holds no period", "add trial balances under ledger/")
        return periods[-1]

    def warnings(self, period: dt.date) -> list:
        result = self.consolidation(period)
        with self.lock:
            try:
                return plausibility(self.ctx, result)[0]
            except (AttributeError, KeyError, TypeError):  # a test double without a workspace chart
                return []

    def consolidation(self, period: dt.date) -> dict:
        with self.lock:
            if period not in self._consolidations:
                self._consolidations[period] = self.ctx.consolidate(period).to_json()
            return self._consolidations[period]

    def simulation(self, event_id: str) -> dict:
        if event_id not in self.events():
            raise _problem("unknown_event", f"there is no event {event_id!r} in events.yaml",
                           "pick one of: " + ", ".join(self.events()) if self.events() else None)
        with self.lock:
            if event_id not in self._simulations:
                self._simulations[event_id] = self.ctx.simulate(event_id).to_json()
            return self._simulations[event_id]

    def ownership(self, date: dt.date) -> dict:
        with self.lock:
            own = self.ctx.ownership(date)
        return dict(own.to_json())

    def ledger_rows(self, entity: str, account: str, period: dt.date) -> list[dict]:
        with self.lock:
            return list(self.ctx.ledger_rows(entity, account, period))


def _templates() -> Jinja2Templates:
    # every value a template prints is HTML-escaped (autoescape) and has its control
    # characters shown as escapes (finalize); Markup (the SVG charts, escaped where built) passes.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True,
                             finalize=lambda v: v if isinstance(v, Markup) or not isinstance(v, str) else visible(v))

    def missing(v: Any) -> bool:  # optional result keys are simply left blank
        return v is None or v == "" or isinstance(v, jinja2.Undefined)

    env.filters["amount"] = lambda v, dec=2: "" if missing(v) else format_amount(v, dec)
    env.filters["percent"] = lambda v: "" if missing(v) else percent(str(v))
    env.filters["visible"] = lambda v: "" if missing(v) else visible(v)
    return Jinja2Templates(env=env)


def create_app(workspace_path: Path | str, token: str | None = None, *, context: Any = None,
               allowed_hosts: Iterable[str] | None = None) -> FastAPI:
    """The web app over the workspace at ``workspace_path``.

    ``context`` replaces ``renketsu.api.Context.open(workspace_path)`` (tests
    pass a fake). ``token``: required on every request when given.
    ``allowed_hosts``: accepted ``Host`` header names (None: any).
    Raises RenketsuError when the workspace does not load.
    """
    if context is None:
        from renketsu.api import Context

        context = Context.open(workspace_path, first_rows=True)  # a server has the time: warnings name rows
    svc = Service(context)
    templates = _templates()
    hosts = {h.lower().strip("[]") for h in allowed_hosts} if allowed_hosts is not None else None

    app = FastAPI(title="renketsu", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.service = svc

    def url(path: str, **params: Any) -> str:
        q = {k: str(v) for k, v in params.items() if v is not None}
        if token:
            q["token"] = token
        return path + ("?" + urlencode(q) if q else "")

    def page(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        base = {"url": url, "group": svc.group, "events": svc.events(), "chart": svc.chart,
                "names": svc.names, "method_colours": METHOD_COLOURS, "chart_entry": chart_entry,
                "hidden": {"token": token} if token else {}}
        return templates.TemplateResponse(request, name, {**base, **ctx}, status_code=status)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable) -> Response:
        if hosts is not None and _host_only(request.headers.get("host", "")) not in hosts:
            return PlainTextResponse("unknown Host header\n", status_code=400)
        if token:
            given = request.query_params.get("token", "")
            auth = request.headers.get("authorization", "")
            if auth.lower().startswith("bearer "):
                given = given or auth[7:].strip()
            if not secrets.compare_digest(given.encode(), token.encode()):
                return PlainTextResponse("a valid token is required (?token=... or Authorization: Bearer ...)\n",
                                         status_code=401, headers={"WWW-Authenticate": "Bearer"})
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(RenketsuError)
    async def problems(request: Request, exc: RenketsuError) -> HTMLResponse:
        try:
            periods = svc.periods()
        except RenketsuError:
            periods = []
        return page(request, "error.html", 400, title="The request could not be answered",
                    problems=[for_browser(str(p)) for p in exc.problems], periods=periods)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> HTMLResponse:
        return page(request, "error.html", exc.status_code, title=f"Error {exc.status_code}",
                    problems=[str(exc.detail)])

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> HTMLResponse:
        log.exception("internal error on %s", request.url.path)
        return page(request, "error.html", 500, title="Internal error",
                    problems=["renketsu failed on this request; the server log has the details."])

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.get("/", response_class=HTMLResponse)
    def overview(request: Request) -> HTMLResponse:
        events = [views.event_summary(i, e) for i, e in svc.events().items()]
        periods = svc.periods()
        kf = chart_svg = None
        kf_problem = None
        if periods:
            try:
                result = svc.consolidation(periods[-1])
                kf = views.key_figures(result, svc.chart)
                bs = views.balance_sheet(result, svc.chart)
                chart_svg = Markup(key_figures_svg(kf["total_assets"], bs.total("Total liabilities"),
                                                   kf["equity_owners"], kf["equity_nci"], svc.currency))
            except RenketsuError as e:
                kf_problem = [for_browser(str(p)) for p in e.problems]
        return page(request, "overview.html", periods=periods, event_list=events,
                    entities=svc.group.entities, kf=kf, kf_chart=chart_svg, kf_problem=kf_problem,
                    kf_period=periods[-1] if periods else None, dec=views.decimals_for(svc.currency))

    @app.get("/structure", response_class=HTMLResponse)
    def structure(request: Request, date: str | None = None) -> HTMLResponse:
        day = parse_date(date, "date") if date else (svc.periods()[-1] if svc.periods() else dt.date.today())
        entities = svc.ownership(day)
        svg = structure_svg(entities, svc.group.parent, svc.names, title=f"{svc.group.name} at {day}")
        return page(request, "structure.html", day=day, svg=Markup(svg), entities=entities)

    @app.get("/consolidate", response_class=HTMLResponse)
    def consolidate(request: Request, period: str | None = None) -> HTMLResponse:
        day = parse_date(period, "period") if period else svc.default_period()
        result = svc.consolidation(day)
        v = views.consolidation_view(result, svc.chart)
        sv = views.statement_set_view(result, svc.chart)
        svg = bridge_svg(result, svc.chart, title=f"From the entities' profits to consolidated profit, {day}") \
            if result.get("contributions") is not None else None
        return page(request, "consolidate.html", day=day, v=v, s=sv, bridge=Markup(svg) if svg else None,
                    periods=svc.periods(), warnings=svc.warnings(day))

    @app.get("/matching", response_class=HTMLResponse)
    def matching(request: Request, period: str | None = None) -> HTMLResponse:
        day = parse_date(period, "period") if period else svc.default_period()
        result = svc.consolidation(day)
        return page(request, "matching.html", day=day, v=views.matching_view(result, svc.chart),
                    periods=svc.periods())

    @app.get("/line", response_class=HTMLResponse)
    def line(request: Request, period: str, account: str) -> HTMLResponse:
        day = parse_date(period, "period")
        result = svc.consolidation(day)
        v = views.line_view(result, svc.chart, account)
        rates = getattr(svc.ctx.workspace, "rates", ()) or ()
        translations = {}
        for c in v["contributions"]:
            if (result.get("translation") or {}).get(c["entity"]):
                translations[c["entity"]] = views.translation_view(
                    svc.group, rates, result, svc.chart, c["entity"], account,
                    svc.ledger_rows(c["entity"], account, day), getattr(svc.ctx.workspace, "root", None))
        return page(request, "line.html", day=day, v=v, translations=translations)

    @app.get("/rows", response_class=HTMLResponse)
    def rows(request: Request, period: str, entity: str, account: str) -> HTMLResponse:
        day = parse_date(period, "period")
        if entity not in svc.group.entities:
            raise _problem("unknown_entity", f"there is no entity {entity!r} in the group")
        ent = svc.group.entities[entity]
        v = views.rows_view(svc.ledger_rows(entity, account, day), getattr(svc.ctx.workspace, "root", None))
        currency = getattr(ent, "currency", "") or svc.currency
        translation = (svc.consolidation(day).get("translation") or {}).get(entity) if not v["rows"] else None
        return page(request, "rows.html", day=day, entity=entity, account=account, translation=translation,
                    entry=chart_entry(svc.chart, account), v=v, currency=currency,
                    dec=views.decimals_for(currency))

    @app.get("/simulate/{event_id}", response_class=HTMLResponse)
    def simulate(request: Request, event_id: str) -> HTMLResponse:
        sim = svc.simulation(event_id)
        summary = views.event_summary(event_id, svc.events()[event_id])
        return page(request, "simulate.html", event=summary,
                    v=views.simulation_view(sim, svc.chart, svc.currency,
                                            {e: getattr(x, "currency", "") for e, x in svc.group.entities.items()}))

    def xlsx_response(write: Callable[[Path], Any], filename: str) -> Response:
        with tempfile.TemporaryDirectory(prefix="renketsu-") as tmp:
            path = Path(tmp) / "pack.xlsx"
            write(path)
            data = path.read_bytes()
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
        return Response(data, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{safe}"'})

    @app.get("/download/consolidation.xlsx")
    def download_consolidation(period: str | None = None) -> Response:
        day = parse_date(period, "period") if period else svc.default_period()
        result = svc.consolidation(day)
        warnings = svc.warnings(day)
        return xlsx_response(lambda p: write_consolidation_pack(result, svc.chart, result.get("entities"), p,
                                                                warnings),
                             f"consolidation-{day}.xlsx")

    @app.get("/download/simulation-{event_id}.xlsx")
    def download_simulation(event_id: str) -> Response:
        sim = svc.simulation(event_id)
        return xlsx_response(lambda p: write_simulation_pack(sim, svc.chart, p, svc.currency,
                                                               {e: getattr(v, "currency", "")
                                                                for e, v in svc.group.entities.items()}),
                             f"simulation-{event_id}.xlsx")

    return app
