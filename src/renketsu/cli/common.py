"""Helpers every command shares: loading with errors reported, output format choice."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

import typer
from rich.console import Console

from renketsu.model.errors import RenketsuError

T = TypeVar("T")

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def run_guarded(fn: Callable[[], T]) -> T:
    """Run ``fn``; a RenketsuError is printed problem by problem and the process exits 2."""
    try:
        return fn()
    except RenketsuError as e:
        n = len(e.problems)
        for p in e.problems:
            err_console.print(f"[red]error[/red] {_escape(str(p))}")
        err_console.print(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.")
        raise typer.Exit(2) from None


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False))
    sys.stdout.write("\n")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
