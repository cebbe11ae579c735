"""The ``renketsu`` command: each command module's ``command`` function, imported lazily.

Every command module defines ``command(...)`` (typer-annotated) and a docstring whose first
line is its help. A command's module is imported only when that command runs (or its own
``--help`` is asked for): ``renketsu --help`` reads the help lines from the modules' source
without importing them, so it does not load the engine, the web stack or the Excel writer,
and ``renketsu validate`` does not load what ``serve`` or ``consolidate --format xlsx`` need
(``tests/foundation/test_cli_imports.py`` keeps it so).

User mistakes arrive as :class:`renketsu.model.RenketsuError`; :func:`run_guarded` prints
them as ``file:row: message`` lines and exits 2, never a traceback.

The start-up — reading the options, importing the command's module and what it needs (typer
builds a pydantic adapter per parameter; pydantic, DuckDB, the model's dataclasses) — runs with
the cyclic garbage collector paused: it makes some hundred thousand long-lived objects and no
garbage worth a scan, and its collections were about 10 ms of ``renketsu validate``'s imports
(docs/performance.md, "Import time"). The collector is back as it was when a command's own code
starts (:meth:`LazyGroup.main`, :class:`_Command`). typer's own import, before ``main``, is not
paused: turning the collector back on at the end of this module's import made it scan what the
pause had saved, for no gain.
"""

from __future__ import annotations

import ast
import gc
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
    one.command(name, cls=_Command, help=mod.__doc__)(mod.command)
    return typer.main.get_command(one)


class _Command(TyperCommand):
    """A command whose own code runs with the garbage collector as it was before the start-up."""

    def invoke(self, ctx: click.Context) -> Any:
        if getattr(ctx.find_root().command, "_collector_was_on", False):
            gc.enable()
        return super().invoke(ctx)


class LazyGroup(TyperGroup):
    """A typer group whose commands are imported when one runs, not when the program starts."""

    _listing = False
    #: whether the cyclic collector ran when :meth:`main` paused it for the start-up
    _collector_was_on = False

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """The program, the start-up with the cyclic collector paused (see the module's docstring)."""
        self._collector_was_on = gc.isenabled()
        gc.disable()
        try:
            return super().main(*args, **kwargs)
        finally:
            if self._collector_was_on:
                gc.enable()

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


def main() -> None:
    """The ``renketsu`` program (its console script and ``python -m renketsu``): :data:`app` in a process
    that ends with the command (see :data:`renketsu.cli.common.PROCESS_ENDS` and
    :func:`renketsu.cli.common.end_process`)."""
    common = importlib.import_module("renketsu.cli.common")
    common.PROCESS_ENDS[0] = True
    try:
        app(prog_name="renketsu")
    except SystemExit as e:
        common.end_process(e.code)  # without the teardown when the command left its objects to the exit
        raise
