"""Helpers every command shares: loading with errors reported, output format choice."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

if TYPE_CHECKING:
    from rich.text import Text

    from renketsu.model.errors import Problem

T = TypeVar("T")


def _styled(*parts: str | tuple[str, str]) -> Text:
    """``rich.text.Text.assemble(*parts)``, rich imported only when a message is printed (a
    ``validate`` that finds nothing loads no rich; ``--help`` gets it from typer's help)."""
    from rich.text import Text

    return Text.assemble(*parts)


def visible(value: Any) -> str:
    """:func:`renketsu.reports.text.visible`, imported when first needed (``validate`` stays light)."""
    from renketsu.reports.text import visible as _visible

    return _visible(value)


class _ErrConsole:
    """The stderr console, built on first use by :func:`renketsu.reports.text.console`:
    no markup, no emoji codes; workspace text is escaped by ``visible`` (a newline in an
    id cannot forge a line). Lazy, so that importing this module loads no report code."""

    _console: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from renketsu.reports.text import console

            type(self)._console = console(stderr=True)
        return getattr(self._console, name)


#: Every message goes through this console.
err_console: Any = _ErrConsole()

#: Exit codes (docs/reports.md): 0 done; 1 done, but a check failed (output written);
#: 2 bad input or options (nothing written).
EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2

ALLOW_FAILED_HELP = ("exit 0 even when a check fails (the failure is still shown first); "
                     "without it a failed check exits 1, after the output is written")


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


#: Whether this process ends with the command (the ``renketsu`` program, :func:`renketsu.cli.main.main`), so
#: that :func:`run_guarded` may leave what the command made out of the collector's reach; not so when the
#: command runs inside another program (a test's ``CliRunner``).
PROCESS_ENDS = [False]

#: What a command left to the end of the process (:func:`leave_to_the_exit`): objects not to be freed one by one,
#: and what must be closed before the process ends.
_LEFT: list[Any] = []
_CLOSE: list[Callable[[], None]] = []


def leave_to_the_exit(*objs: Any, close: Callable[[], None] | None = None) -> None:
    """In a process that ends with the command (:data:`PROCESS_ENDS`), keep ``objs`` alive to its end and let
    it end without the interpreter's teardown (:func:`end_process`): millions of small objects (a consolidation's
    entries, Fractions, trial balances, the result's strings) are then given back to the system at once instead
    of being freed one by one (0.3 s of a 10,000-entity group's run). ``close`` is called before the end (a
    ledger's DuckDB connection: a database file is checkpointed and closed as at a normal exit). Elsewhere (a
    test's ``CliRunner``, the web server) nothing is kept and nothing changes."""
    if PROCESS_ENDS[0]:
        _LEFT.append(objs)
        if close is not None:
            _CLOSE.append(close)


def end_process(code: Any) -> None:
    """End the process with ``code`` (a ``SystemExit`` code) without the interpreter's teardown, when a command
    left its objects to the exit (:func:`leave_to_the_exit`); otherwise return (the usual exit follows).

    Before it ends: what the command asked to close is closed, the ``atexit`` functions run, and the standard
    streams are flushed (a flush that fails, a closed pipe, returns to the usual exit, which reports it)."""
    if not _LEFT:
        return
    import atexit
    import os

    for close in _CLOSE:
        close()
    atexit._run_exitfuncs()
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # what the interpreter does with another exit value: print it, exit 1
        print(code, file=sys.stderr)
        status = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        return
    os._exit(status)


def run_guarded(fn: Callable[[], T], *, writes: bool = False) -> T:
    """Run ``fn``; a RenketsuError is printed problem by problem and the process exits 2.

    Problems are listed file by file (in the order the files were first named) and
    by row inside each file. A command that writes files passes ``writes=True``, and
    the summary then says that nothing was written. The cyclic garbage collector is paused
    meanwhile (:func:`renketsu.model.gcpause.gc_paused`): on a group of 10,000 entities its scans
    were 40% of a consolidation's CPU time.
    """
    from renketsu.model.errors import RenketsuError
    from renketsu.model.gcpause import gc_paused

    try:
        # a command is short and makes millions of acyclic objects: no cyclic scans, then or at the exit
        with gc_paused(freeze=PROCESS_ENDS[0]):
            return fn()
    except RenketsuError as e:
        n = len(e.problems)
        for p in ordered(e.problems):
            err_console.print(_styled(("error", "red"), " ", visible(p)))
        tail = "; nothing was written." if writes else "."
        err_console.print(f"{n} problem{'s' if n != 1 else ''} found{tail}")
        raise typer.Exit(2) from None


def ordered(problems: list[Problem]) -> list[Problem]:
    """Problems grouped by file (first-named file first), by row inside a file; stable otherwise.

    Problems without a row (a whole file, a key) come after the file's rows; problems
    without a file keep their place at the end.
    """
    first: dict[str | None, int] = {}
    for p in problems:
        first.setdefault(p.where.file if p.where else None, len(first))

    def key(ip: tuple[int, Problem]) -> tuple:
        i, p = ip
        if p.where is None:
            return (len(first), 0, 0, i)
        row = p.where.row
        return (first[p.where.file], row is None, row or 0, i)

    return [p for _, p in sorted(enumerate(problems), key=key)]


def print_json(obj: Any) -> None:
    from renketsu.model.gcpause import gc_paused
    from renketsu.model.jsonout import dump  # json.dumps(indent=2, ensure_ascii=False), C-encoded leaves

    with gc_paused():
        # written in pieces: a large result's text is never held whole; a result holds no float
        dump(obj, sys.stdout.write, floats=False)
    sys.stdout.write("\n")


def exit_for_checks(checks: list[dict] | None, allow_failed: bool) -> None:
    """After the output is written: exit 1 when a check failed, unless the user allowed it."""
    failed = [c for c in checks or [] if not c.get("ok")]
    if not failed:
        return
    names = ", ".join(visible(c.get("name", "")) for c in failed)
    if allow_failed:
        err_console.print(_styled(("warning", "yellow"), f" {len(failed)} check(s) failed: {names} "
                                        "(--allow-failed-checks: exit 0)"))
        return
    err_console.print(_styled(("error", "red"), f" {len(failed)} check(s) failed: {names}; "
                                    "the output was written; exit 1 (--allow-failed-checks to exit 0)"))
    raise typer.Exit(EXIT_CHECK_FAILED)


def print_warnings(warnings: list, silenced: list) -> None:
    """Plausibility warnings on stderr (not errors: the exit code is unchanged)."""
    if warnings and err_console.color_system is None and not err_console.is_terminal:
        # Plain text (stderr a file or a pipe, no colour): the lines rich would print (soft-wrapped, unstyled),
        # written at once instead of rendered one by one (556 warnings of the 10M-row group: 0.07 s).
        err_console.file.write("".join(f"warning {visible(w.rule)} {visible(w.text())}\n" for w in warnings))
        err_console.file.flush()
        warnings = []
    for w in warnings:
        err_console.print(_styled(("warning", "yellow"), f" {visible(w.rule)} ", visible(w.text())))
    if silenced:
        err_console.print(f"{len(silenced)} warning(s) silenced: "
                          + ", ".join(visible(f"{w.rule}:{w.entity}" + (f":{w.account}" if w.account else ""))
                                      for w in silenced))


#: Problems that do not concern commands reading only the structure (docs/format.md §2: the
#: engine adds the accounts it needs, so a chart without roles is no obstacle there).
STRUCTURE_IRRELEVANT = frozenset({"chart.missing_role"})


def load_structure(path):
    """The workspace for ``structure`` and ``ownership``, and the ledger's periods (may be empty).

    Chart-role problems are not reported: these commands read no account. A
    ledger that cannot be read leaves the periods empty (the structure needs no
    ledger); every other problem of the workspace is reported as usual.
    """
    from renketsu.model.errors import Problems, RenketsuError
    from renketsu.workspace import read_workspace

    problems = Problems()
    ws = read_workspace(path, problems)
    kept = [p for p in problems.items if p.kind not in STRUCTURE_IRRELEVANT]
    if kept or ws is None:
        raise RenketsuError(kept)
    periods: list = []
    if not _may_hold_ledger(Path(ws.root)):  # no trial balance: Ledger.load would only say so (and import DuckDB)
        return ws, periods
    try:
        from renketsu.ledger import Ledger

        lp = Problems()
        ledger = Ledger.load(ws, lp)
        if not lp:
            periods = list(ledger.periods())
    except RenketsuError:
        periods = []
    return ws, periods


def _may_hold_ledger(root: Path) -> bool:
    """False when ``ledger/`` has no entry that ``ledger_files`` would look at (no .csv, .xlsx or .parquet name).

    Then loading the ledger can only report "no trial balances", and the periods stay empty.
    """
    from renketsu.workspace.files import is_ledger_name

    folder = root / "ledger"
    try:
        return folder.is_dir() and any(is_ledger_name(p) for p in folder.iterdir())
    except OSError:
        return True  # let the ledger's own reading say what is wrong


def default_date(ws, periods: list, option: str = "--date"):
    """(date, sentence saying where it came from): the latest ledger period, else the latest holding date."""
    import datetime as dt

    if periods:
        d = max(periods)
        return d, f"at {d.isoformat()}, the latest period in the ledger (give {option} for another date)"
    g = ws.group
    dates = [h.date for h in g.holdings] + [o.date for e in g.entities.values() for o in e.method_overrides]
    d = max(dates, default=dt.date.today())
    why = "the latest holding date" if dates else "today"
    return d, f"at {d.isoformat()}, {why}: the ledger holds no period (give {option} for another date)"


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("renketsu")
        except PackageNotFoundError:  # running from a source tree without installing
            v = "unknown"
        sys.stdout.write(f"renketsu {v}\n")
        raise typer.Exit(EXIT_OK)


def root_options(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="print the version and exit"),
) -> None:
    """Consolidated financial statements and restructuring simulation for corporate groups.

    Exit codes: 0 done; 1 a check failed (consolidate, simulate; the output is
    still written); 2 bad input or options, nothing written.
    """
