"""The error catalogue: reading its entries and running one through the real CLI.

Each entry is a folder ``tests/errors/NN-short-name/`` holding

- ``workspace/``: a copy of acceptance case c03 (tests/cases/investment/shared-c03-*)
  with ONE thing broken (absent when the entry is about a workspace path that does not exist);
- ``meta.yaml``: ``title``, ``command`` (``validate`` or ``consolidate --period
  DATE``), ``expect_exit`` (2), and optionally ``must_contain`` /
  ``must_not_contain`` (substrings a good message must / must not show: the file
  and row, the offending value), ``max_problems`` (one mistake, one problem) and
  ``xfail`` (why the engine does not yet answer as it should);
- ``expected.txt``: the golden stderr, produced by running the CLI with the entry
  folder as working directory and ``workspace`` as the path.

Used by test_catalogue.py (which runs the entries) and make_doc.py (which
publishes them as docs/errors.md).
"""

from __future__ import annotations

import re
import shlex
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class Entry:
    """One catalogue entry, as read from its meta.yaml."""

    name: str
    path: Path
    title: str
    command: str
    expect_exit: int
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    max_problems: int | None = None
    xfail: str | None = None

    @property
    def args(self) -> list[str]:
        """CLI arguments: the command word, then ``workspace``, then its options."""
        words = shlex.split(self.command)
        return [words[0], "workspace", *words[1:]]

    @property
    def expected_file(self) -> Path:
        return self.path / "expected.txt"


def entries() -> list[Entry]:
    out = []
    # By number (02 before 10 before 200), then name.
    for d in sorted((p for p in HERE.iterdir() if (p / "meta.yaml").is_file()),
                    key=lambda p: (int(p.name.split("-")[0]) if p.name.split("-")[0].isdigit() else 0, p.name)):
        meta = yaml.safe_load((d / "meta.yaml").read_text(encoding="utf-8"))
        unknown = set(meta) - {"title", "command", "expect_exit", "must_contain", "must_not_contain",
                               "max_problems", "xfail"}
        if unknown:
            raise ValueError(f"{d / 'meta.yaml'}: unknown key(s) {sorted(unknown)}")
        out.append(Entry(
            name=d.name, path=d, title=meta["title"], command=meta["command"], expect_exit=meta["expect_exit"],
            must_contain=tuple(meta.get("must_contain") or ()),
            must_not_contain=tuple(meta.get("must_not_contain") or ()),
            max_problems=meta.get("max_problems"), xfail=meta.get("xfail"),
        ))
    return out


@dataclass
class Run:
    """What one CLI run gave: exit code, stderr as the user sees it, and the problems raised."""

    exit_code: int
    stderr: str
    uncaught: BaseException | None = None
    problems: list = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The golden text: stderr, plus one stable line naming an uncaught exception."""
        text = self.stderr
        if self.uncaught is not None:
            first = (str(self.uncaught).splitlines() or [""])[0]
            text += f"UNCAUGHT {type(self.uncaught).__name__}: {first}\n"
        return text

    @property
    def traceback(self) -> str:
        if self.uncaught is None:
            return ""
        return "".join(traceback.format_exception(self.uncaught))


def run(entry: Entry, monkeypatch) -> Run:
    """Run the CLI in-process from the entry folder; collect every RenketsuError raised."""
    from typer.testing import CliRunner

    from renketsu.cli.main import app
    from renketsu.model.errors import RenketsuError

    raised: list[RenketsuError] = []
    original = RenketsuError.__init__

    def recording_init(self, problems):
        original(self, problems)
        raised.append(self)

    monkeypatch.setattr(RenketsuError, "__init__", recording_init)
    monkeypatch.chdir(entry.path)
    result = CliRunner().invoke(app, entry.args, color=False)
    exc = result.exception
    uncaught = exc if exc is not None and not isinstance(exc, SystemExit) else None
    if uncaught is not None:
        # keep the original traceback object for the failure report
        uncaught.__traceback__ = result.exc_info[2] if result.exc_info else uncaught.__traceback__
    return Run(result.exit_code, ANSI.sub("", result.stderr), uncaught, raised[-1].problems if raised else [])
