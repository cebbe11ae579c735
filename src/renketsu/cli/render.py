"""Rendering of command results for the terminal and Excel (the engine never prints)."""

from __future__ import annotations

from pathlib import Path

from renketsu.model.errors import Problem, RenketsuError
from renketsu.reports.text import console as Console
from renketsu.reports.text import visible

from .common import OutputFormat, run_guarded


def _chart(ctx) -> dict:
    return {a.id: (a.name, a.type, a.role) for a in ctx.workspace.group.accounts.values()}


def _need_output(output: Path | None) -> Path:
    if output is None:
        raise RenketsuError(Problem("cli.no_output", "--format xlsx needs --output FILE.xlsx", None,
                                    "add --output pack.xlsx"))
    return output


def check_output(output: Path, workspace: Path) -> Path:
    """Refuse an output path that would overwrite the workspace's own files, a folder or a device."""
    target = output.resolve()
    ws = workspace.resolve()
    if target == ws or ws in target.parents:
        raise RenketsuError(Problem("cli.output_in_workspace", f"--output {output} is inside the workspace {workspace}",
                                    None, "write the output outside the workspace folder; it would be read as input"))
    if target.exists() and not target.is_file():
        raise RenketsuError(Problem("cli.output_not_file", f"--output {output} exists and is not a regular file",
                                    None, "give the path of a file to write"))
    if target.parent.exists() and not target.parent.is_dir():
        raise RenketsuError(Problem("cli.output_not_file", f"--output {output}: {target.parent} is not a folder",
                                    None, "give the path of a file in an existing folder"))
    return output


def write_guarded(write, path: Path) -> None:
    """Run a writer; an OS error (no space, no permission) becomes a message, exit 2."""
    def work():
        try:
            write()
        except OSError as e:
            raise RenketsuError(Problem("cli.output_failed", f"--output {path} could not be written: {e.strerror or e}",
                                        None, "check the path and the free space")) from None
    run_guarded(work)


def entity_currencies(ctx) -> dict[str, str]:
    return {eid: getattr(e, "currency", "") for eid, e in ctx.workspace.group.entities.items()}


def render_consolidation(ctx, result, format: OutputFormat, output: Path | None, warnings=()) -> None:
    data = result.to_json() if hasattr(result, "to_json") else result
    if format is OutputFormat.xlsx:
        from renketsu.reports.xlsx import write_consolidation_pack

        path = run_guarded(lambda: check_output(_need_output(output), Path(ctx.workspace.root)))
        write_guarded(lambda: write_consolidation_pack(data, _chart(ctx), data["entities"], path, warnings), path)
        Console().print(f"wrote {visible(path)}")
        return
    from renketsu.reports.terminal import print_renderables
    from renketsu.reports.terminal import render_consolidation as render

    con = Console()
    print_renderables(con, render(data, _chart(ctx), width=con.width, warnings=warnings))


def write_json(ctx, data: dict, output: Path) -> None:
    """JSON to a file, atomically (written beside it, then renamed)."""
    import json
    import os
    import tempfile

    path = run_guarded(lambda: check_output(output, Path(ctx.workspace.root)))

    def write():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, indent=2, ensure_ascii=False)
                fh.write("\n")
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; follow the umask like any other file
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    write_guarded(write, path)
    Console(stderr=True).print(f"wrote {visible(path)}")


def render_simulation(ctx, sim, format: OutputFormat, output: Path | None) -> None:
    data = sim.to_json() if hasattr(sim, "to_json") else sim
    if format is OutputFormat.xlsx:
        from renketsu.reports.xlsx import write_simulation_pack

        path = run_guarded(lambda: check_output(_need_output(output), Path(ctx.workspace.root)))
        write_guarded(lambda: write_simulation_pack(data, _chart(ctx), path, currency=ctx.workspace.group.reporting_currency,
                                                          currencies=entity_currencies(ctx)),
                      path)
        Console().print(f"wrote {visible(path)}")
        return
    from renketsu.reports.terminal import print_renderables
    from renketsu.reports.terminal import render_simulation as render

    con = Console()
    print_renderables(con, render(data, _chart(ctx), currency=ctx.workspace.group.reporting_currency,
                                  currencies=entity_currencies(ctx), width=con.width))
