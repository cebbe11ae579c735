"""Rendering of command results for the terminal and Excel (the engine never prints)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from renketsu.model.errors import Problem, RenketsuError

from .common import OutputFormat, run_guarded


def _chart(ctx) -> dict:
    return {a.id: (a.name, a.type, a.role) for a in ctx.workspace.group.accounts.values()}


def _need_output(output: Path | None) -> Path:
    if output is None:
        raise RenketsuError(Problem("cli.no_output", "--format xlsx needs --output FILE.xlsx", None,
                                    "add --output pack.xlsx"))
    return output


def render_consolidation(ctx, result, format: OutputFormat, output: Path | None) -> None:
    data = result.to_json()
    if format is OutputFormat.xlsx:
        from renketsu.reports.xlsx import write_consolidation_pack

        path = run_guarded(lambda: _need_output(output))
        write_consolidation_pack(data, _chart(ctx), data["entities"], path)
        Console().print(f"wrote {path}")
        return
    from renketsu.reports.terminal import print_renderables, render_consolidation as render

    print_renderables(Console(), render(data, _chart(ctx)))


def render_simulation(ctx, sim, format: OutputFormat, output: Path | None) -> None:
    data = sim.to_json()
    if format is OutputFormat.xlsx:
        from renketsu.reports.xlsx import write_simulation_pack

        path = run_guarded(lambda: _need_output(output))
        write_simulation_pack(data, _chart(ctx), path, currency=ctx.workspace.group.reporting_currency)
        Console().print(f"wrote {path}")
        return
    from renketsu.reports.terminal import print_renderables, render_simulation as render

    print_renderables(Console(), render(data, _chart(ctx), currency=ctx.workspace.group.reporting_currency))
