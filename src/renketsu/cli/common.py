"""Helpers every command shares: loading with errors reported, output format choice."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import typer
from rich.console import Console

from renketsu.model.errors import Problem, RenketsuError

T = TypeVar("T")

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


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
            err_console.print(f"[red]error[/red] {_escape(str(p))}")
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


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
