"""Serve the workspace in a browser: statements with drill-down to ledger rows, structure, simulations.

Binds 127.0.0.1 by default. Binding any other address needs --token (or the
RENKETSU_TOKEN environment variable); every request must then carry it as
?token=... or an "Authorization: Bearer ..." header.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import typer

from renketsu.cli.common import err_console, run_guarded
from renketsu.reports.text import visible
from renketsu.web.app import LOOPBACK_NAMES, create_app, is_loopback


def command(
    workspace: Path = typer.Argument(..., help="The workspace folder (holds group.yaml).", exists=True,
                                     file_okay=False, dir_okay=True, resolve_path=True),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; anything but loopback needs --token."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port."),
    token: str | None = typer.Option(None, "--token", envvar="RENKETSU_TOKEN",
                                     help="Secret every request must carry (required off loopback)."),
) -> None:
    loopback = is_loopback(host)
    if not loopback and not token:
        example = secrets.token_urlsafe(24)
        err_console.print(f"error: refusing to serve on {visible(host)} without a token: anyone who can reach "
                          f"the address would read the group's figures.")
        err_console.print(f"Give one, e.g. --token {example} (or set RENKETSU_TOKEN), or bind 127.0.0.1.")
        raise typer.Exit(2)
    if token is not None and len(token) < 16:
        err_console.print("warning: the token is shorter than 16 characters; "
                          "a long random one is safer.")

    allowed = (*LOOPBACK_NAMES, host) if loopback else None
    app = run_guarded(lambda: create_app(workspace, token, allowed_hosts=allowed))

    import uvicorn

    shown_host = f"[{host}]" if ":" in host else host
    where = f"http://{shown_host}:{port}/" + (f"?token={token}" if token else "")
    err_console.print(f"renketsu serving {visible(workspace)} at {visible(where)}  (Ctrl+C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
