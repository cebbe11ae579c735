"""Helpers every command shares: loading with errors reported, output format choice."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import typer
from rich.text import Text

from renketsu.model.errors import Problem, RenketsuError
from renketsu.reports.text import console, visible

T = TypeVar("T")

#: Every message goes through this console: no markup, no emoji codes; workspace text is
#: escaped by :func:`renketsu.reports.text.visible` (a newline in an id cannot forge a line).
err_console = console(stderr=True)

#: Exit codes (docs/reports.md): 0 done; 1 done, but a check failed (output written);
#: 2 bad input or options (nothing written).
EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2

ALLOW_FAILED_HELP = ("exit 0 even when a check fails (the failure is still shown first); "
                     "without it a failed check exits 1, after the output is written")


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def run_guarded(fn: Callable[[], T], *, writes: bool = False) -> T:
    """Run ``fn``; a RenketsuError is printed problem by problem and the process exits 2.

    Problems are listed file by file (in the order the files were first named) and
    by row inside each file. A command that writes files passes ``writes=True``, and
    the summary then says that nothing was written.
    """
    try:
        return fn()
    except RenketsuError as e:
        n = len(e.problems)
        for p in ordered(e.problems):
            err_console.print(Text.assemble(("error", "red"), " ", visible(p)))
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
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False))
    sys.stdout.write("\n")


def exit_for_checks(checks: list[dict] | None, allow_failed: bool) -> None:
    """After the output is written: exit 1 when a check failed, unless the user allowed it."""
    failed = [c for c in checks or [] if not c.get("ok")]
    if not failed:
        return
    names = ", ".join(visible(c.get("name", "")) for c in failed)
    if allow_failed:
        err_console.print(Text.assemble(("warning", "yellow"), f" {len(failed)} check(s) failed: {names} "
                                        "(--allow-failed-checks: exit 0)"))
        return
    err_console.print(Text.assemble(("error", "red"), f" {len(failed)} check(s) failed: {names}; "
                                    "the output was written; exit 1 (--allow-failed-checks to exit 0)"))
    raise typer.Exit(EXIT_CHECK_FAILED)


def print_warnings(warnings: list, silenced: list) -> None:
    """Plausibility warnings on stderr (not errors: the exit code is unchanged)."""
    for w in warnings:
        err_console.print(Text.assemble(("warning", "yellow"), f" {visible(w.rule)} ", visible(w.text())))
    if silenced:
        err_console.print(f"{len(silenced)} warning(s) silenced: "
                          + ", ".join(visible(f"{w.rule}:{w.entity}" + (f":{w.account}" if w.account else ""))
                                      for w in silenced))
