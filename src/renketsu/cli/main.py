"""The ``renketsu`` command: registers each command module's ``command`` function.

Every command module defines ``command(...)`` (typer-annotated). User mistakes
arrive as :class:`renketsu.model.RenketsuError`; :func:`run_guarded` prints them
as ``file:row: message`` lines and exits 2, never a traceback.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="renketsu",
    help="Consolidated financial statements and restructuring simulation for corporate groups.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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

app.callback()(importlib.import_module("renketsu.cli.common").root_options)  # --version (reports helper)

for _name, _module in COMMANDS.items():
    _mod = importlib.import_module(f"renketsu.cli.{_module}")
    app.command(_name, help=_mod.__doc__)(_mod.command)
