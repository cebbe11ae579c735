"""The ``renketsu`` command: each command module's ``command`` function, imported lazily.

Every command module defines ``command(...)`` (typer-annotated) and a docstring whose first
line is its help. A command's module is imported only when that command runs (or its own
``--help`` is asked for): ``renketsu --help`` reads the help lines from the modules' source
without importing them, so it does not load the engine, the web stack or the Excel writer,
and ``renketsu validate`` does not load what ``serve`` or ``consolidate --format xlsx`` need
(``tests/foundation/test_cli_imports.py`` keeps it so).

User mistakes arrive as :class:`renketsu.model.RenketsuError`; :func:`run_guarded` prints
them as ``file:row: message`` lines and exits 2, never a traceback.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from typing import Any

import typer
from typer import _click as click  # the click that typer vendors and its classes derive from
from typer.core import TyperCommand, TyperGroup

#: command name -> module under renketsu.cli
COMMANDS = {
    "validate": "validate",
    "structure": "structure",
    "ownership": "ownership",
    "consolidate": "consolidate",
    "simulate": "simulate",
    "generate": "generate",
    "serve": "serve",
}


def _doc(module: str) -> str:
    """The docstring of ``renketsu.cli.<module>``, read from its source without importing it."""
    spec = importlib.util.find_spec(f"renketsu.cli.{module}")
    if spec is None or spec.origin is None:
        return ""
    with open(spec.origin, encoding="utf-8") as f:
        return ast.get_docstring(ast.parse(f.read())) or ""


def load_command(name: str) -> click.Command:
    """Import the module of command ``name`` and build its click command, as typer registers it."""
    mod = importlib.import_module(f"renketsu.cli.{COMMANDS[name]}")
    one = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    one.command(name, help=mod.__doc__)(mod.command)
    return typer.main.get_command(one)


class LazyGroup(TyperGroup):
    """A typer group whose commands are imported when one runs, not when the program starts."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if self._listing:  # the group's help lists names and help lines only
            return TyperCommand(cmd_name, help=_doc(COMMANDS[cmd_name]))
        return load_command(cmd_name)

    def format_help(self, ctx: click.Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="renketsu",
    cls=LazyGroup,
    help="Consolidated financial statements and restructuring simulation for corporate groups.\n\n"
         "Exit codes: 0 done; 1 a check failed (consolidate, simulate: the output is still written); "
         "2 bad input or options, nothing written.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


# --version and the exit codes in the program's help (renketsu.cli.common.root_options).
app.callback()(importlib.import_module("renketsu.cli.common").root_options)
