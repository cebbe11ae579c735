"""The error catalogue (docs/errors.md): every user mistake gives exit 2, no traceback,
and exactly the golden message, which names the file, the row or key, the offending
value and says what to do.

Regenerate the golden files with ``RENKETSU_REGOLD=1 pytest tests/errors``, then read
every changed expected.txt before committing. An entry whose engine answer is still
wrong carries ``xfail`` in its meta.yaml (strict: when the engine is fixed the test
XPASSes and fails, so the mark must be removed).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from error_catalogue import HERE, Entry, Run, entries, run

REGOLD = os.environ.get("RENKETSU_REGOLD") == "1"
ENTRIES = entries()


def _param(e: Entry):
    marks = [pytest.mark.xfail(reason=e.xfail, strict=True)] if e.xfail else []
    return pytest.param(e, id=e.name, marks=marks)


def says_what_to_do(problem) -> bool:
    """A problem says what to do by its hint, or by a message that states the rule ('must be ...')."""
    return bool(problem.hint) or " must " in problem.message


def check(entry: Entry, r: Run, golden: str) -> list[str]:
    """Every way the run falls short of the entry; empty when it is right."""
    failures = []
    if r.uncaught is not None or "Traceback" in r.shown:
        failures.append(f"a user mistake gave a traceback:\n{r.traceback}")
    if r.exit_code != entry.expect_exit:
        failures.append(f"exit code {r.exit_code}, expected {entry.expect_exit}")
    if not r.shown.strip():
        failures.append("nothing was printed on stderr")
    for s in entry.must_contain:
        if s not in r.shown:
            failures.append(f"the message does not show {s!r}")
    for s in entry.must_not_contain:
        if s in r.shown:
            failures.append(f"the message shows {s!r}")
    n = sum(1 for line in r.shown.splitlines() if line.startswith("error "))
    if entry.max_problems is not None and n > entry.max_problems:
        failures.append(f"{n} problems reported for one mistake (at most {entry.max_problems} expected)")
    for p in r.problems:
        if not says_what_to_do(p):
            failures.append(f"problem {p.kind} does not say what to do: {p}")
    if r.shown != golden:
        failures.append(f"stderr differs from {entry.expected_file.relative_to(HERE)}:\n"
                        f"--- expected\n{golden}--- got\n{r.shown}")
    return failures


@pytest.mark.parametrize("entry", [_param(e) for e in ENTRIES])
def test_entry(entry: Entry, monkeypatch):
    r = run(entry, monkeypatch)
    if REGOLD:
        entry.expected_file.write_text(r.shown, encoding="utf-8")
    golden = entry.expected_file.read_text(encoding="utf-8") if entry.expected_file.is_file() else ""
    failures = check(entry, r, golden)
    assert not failures, f"{entry.name}: " + "\n".join(failures)


def test_catalogue_covers_enough():
    assert len(ENTRIES) >= 96
    for e in ENTRIES:
        assert e.expected_file.is_file(), f"{e.name} has no expected.txt"
        assert e.expected_file.read_text(encoding="utf-8").strip(), f"{e.name}: expected.txt is empty"
        assert re.fullmatch(r"\d{2,3}-[a-z0-9-]+", e.name), e.name
        assert e.command.split()[0] in ("validate", "consolidate"), e.command
        if e.name != "30-workspace-missing":
            assert (e.path / "workspace" / "group.yaml").is_file(), e.name


def test_a_changed_message_fails(monkeypatch):
    """The checks are not vacuous: a one-character change of the golden text is caught."""
    e = next(x for x in ENTRIES if x.name == "10-ledger-unknown-account")
    r = run(e, monkeypatch)
    golden = e.expected_file.read_text(encoding="utf-8")
    assert check(e, r, golden) == []
    assert check(e, r, golden.replace("1455", "1456"))
    assert check(e, r, golden + "extra line\n")
    worse = Run(r.exit_code, r.stderr.replace("('1455') ", ""), None, r.problems)
    assert any("does not show '1455'" in f for f in check(e, worse, golden))
    assert any("exit code 1" in f for f in check(e, Run(1, r.stderr, None, r.problems), golden))


def test_entries_break_a_valid_workspace(tmp_path):
    """The workspace every entry starts from is valid: an entry's problems are its own mistake."""
    import shutil

    from renketsu.api import Context

    base = HERE / "10-ledger-unknown-account" / "workspace"
    ws = tmp_path / "workspace"
    shutil.copytree(base, ws)
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace(",1455,", ",1450,"), encoding="utf-8")
    ctx = Context.open(ws)
    from decimal import Decimal

    assert Decimal(ctx.consolidate("2021-12-31").to_json()["profit"]["total"]) == 8000


def test_validate_valid_workspace_exits_0(tmp_path, monkeypatch):
    import shutil

    from typer.testing import CliRunner

    from renketsu.cli.main import app

    shutil.copytree(HERE / "10-ledger-unknown-account" / "workspace", tmp_path / "workspace")
    tb = tmp_path / "workspace" / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace(",1455,", ",1450,"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["validate", "workspace"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0
    assert "workspace: ok" in result.stdout


def test_doc_is_up_to_date():
    doc = Path(HERE).parents[1] / "docs" / "errors.md"
    out = subprocess.run([sys.executable, str(HERE / "make_doc.py"), "--stdout"], capture_output=True, text=True,
                         check=True).stdout
    assert doc.is_file(), "run python tests/errors/make_doc.py"
    assert doc.read_text(encoding="utf-8") == out, "docs/errors.md is stale: run python tests/errors/make_doc.py"
