"""Mutation fuzz of the workspace readers (issue 13): bounded, seeded, every run under a limit.

Each mutation breaks one thing of a valid workspace — the IIJ example and the
multi-currency case a-foreign-sub-cta — the way a user or a broken export would:
numbers made exponent, huge, negative, NaN, underscored or full-width; dates made
impossible; keys removed, duplicated or renamed; files truncated; rows duplicated;
cells emptied; NUL, BOM or CR bytes injected; files replaced by folders. The CLI
then runs on it (in-process through typer's CliRunner, under a SIGALRM time limit;
a few through a subprocess under a memory and CPU limit) and must answer as it does
for any input: exit 0 or 2, no traceback, no hang, and no output file unless it
exited 0.

``RENKETSU_FUZZ_N`` sets the number of in-process mutations per workspace (default 150);
``RENKETSU_FUZZ_SEED`` the seed (default 13). The figures of a run are printed
(``pytest -s``) as ``fuzz: ...``.
"""

from __future__ import annotations

import collections
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASES = {
    "iij": (ROOT / "examples" / "iij-2010", "2010-03-31"),
    "cta": (ROOT / "tests" / "cases" / "translation" / "a-foreign-sub-cta" / "workspace", "2021-12-31"),
}
N = int(os.environ.get("RENKETSU_FUZZ_N", "150"))
SEED = int(os.environ.get("RENKETSU_FUZZ_SEED", "13"))
TIME_LIMIT = 20  # seconds per in-process run: far above what a run takes (well under 1 s)

NUMBER = re.compile(r"(?<![\w.-])-?\d+(?:\.\d+)?(?![\w-])")
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
KEY = re.compile(r"^(\s*-?\s*)([a-z_]+):", re.M)

NUMBER_FORMS: list[Callable[[str, random.Random], str]] = [
    lambda s, r: "1e400",
    lambda s, r: "1e-999999999",
    lambda s, r: f"{s}e{r.choice(['5', '-7', '+30'])}",
    lambda s, r: "9" * r.choice([25, 61, 5000]),
    lambda s, r: "-" + s.lstrip("-"),
    lambda s, r: r.choice(["NaN", ".nan", ".inf", "-Infinity"]),
    lambda s, r: "_".join(s[i:i + 3] for i in range(0, len(s), 3)),
    lambda s, r: s.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    lambda s, r: s + ".0000001",
    lambda s, r: "0",
]
DATE_FORMS: list[Callable[[str, random.Random], str]] = [
    lambda s, r: s[:5] + "02-30",
    lambda s, r: s[:5] + "13-01",
    lambda s, r: "99999" + s[4:],
    lambda s, r: "0001-01-01",
    lambda s, r: "9999-12-31",
    lambda s, r: s.replace("-", ""),
    lambda s, r: s[:4] + "-W13-3",
    lambda s, r: s + " 23:59:59",
]


def _text_files(ws: Path) -> list[Path]:
    return sorted(p for p in ws.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv"))


def _sub(text: str, pattern: re.Pattern, r: random.Random, repl: Callable[[str], str]) -> str:
    ms = list(pattern.finditer(text))
    if not ms:
        return text
    m = r.choice(ms)
    return text[:m.start()] + repl(m.group(0)) + text[m.end():]


def mutate(ws: Path, r: random.Random) -> str:
    """Apply one random mutation to the workspace ``ws``; return what it did."""
    f = r.choice(_text_files(ws))
    text = f.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    op = r.choice(["number", "number", "number", "date", "date", "key_removed", "key_duplicated", "key_renamed",
                   "truncated", "row_duplicated", "cell_emptied", "bytes", "folder"])
    name = f.relative_to(ws)
    if op == "number":
        form = r.choice(NUMBER_FORMS)
        new = _sub(text, NUMBER, r, lambda s: form(s, r))
    elif op == "date":
        form = r.choice(DATE_FORMS)
        new = _sub(text, DATE, r, lambda s: form(s, r))
    elif op in ("key_removed", "key_duplicated", "key_renamed") and f.suffix == ".yaml":
        idx = [i for i, ln in enumerate(lines) if KEY.match(ln)]
        if not idx:
            return f"{name}: unchanged"
        i = r.choice(idx)
        if op == "key_removed":
            lines[i] = KEY.sub(lambda m: m.group(1) + "x_removed:", lines[i], 1) if lines[i].lstrip().startswith("-") \
                else ""
        elif op == "key_duplicated":
            lines.insert(i + 1, re.sub(r"^(\s*)-\s", r"\1  ", lines[i]))
        else:
            lines[i] = KEY.sub(lambda m: m.group(1) + m.group(2)[::-1] + ":", lines[i], 1)
        new = "".join(lines)
    elif op in ("key_removed", "key_renamed") and f.suffix == ".csv":
        header = lines[0].split(",")
        j = r.randrange(len(header))
        header[j] = "" if op == "key_removed" else header[j].strip()[::-1] + ("\n" if header[j].endswith("\n") else "")
        new = ",".join(header) + "".join(lines[1:])
    elif op == "truncated":
        new = text[:r.randrange(len(text) + 1)]
    elif op in ("row_duplicated", "key_duplicated"):
        i = r.randrange(len(lines))
        new = "".join(lines[:i + 1] + [lines[i]] + lines[i + 1:])
    elif op == "cell_emptied":
        if f.suffix == ".csv" and len(lines) > 1:
            i = r.randrange(1, len(lines))
            cells = lines[i].rstrip("\n").split(",")
            cells[r.randrange(len(cells))] = ""
            lines[i] = ",".join(cells) + "\n"
            new = "".join(lines)
        else:
            new = _sub(text, re.compile(r"(?<=: ).+$", re.M), r, lambda s: "")
    elif op == "bytes":
        pos = r.randrange(len(text) + 1)
        inject = r.choice(["\x00", "\ufeff", "\r", "\r\n\r", "\x1b[2J", "'", '"'])
        new = text[:pos] + inject + text[pos:]
    else:  # folder
        f.unlink()
        f.mkdir()
        (f / "x").write_text("x", encoding="utf-8")
        return f"{name}: replaced by a folder"
    f.write_text(new, encoding="utf-8", newline="")
    return f"{name}: {op}"


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def run_cli(args: list[str]) -> tuple[int, str, BaseException | None]:
    from typer.testing import CliRunner

    from renketsu.cli.main import app

    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        res = CliRunner().invoke(app, args, color=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    exc = res.exception if res.exception is not None and not isinstance(res.exception, SystemExit) else None
    return res.exit_code, res.stderr + res.stdout, exc


def check_one(base: Path, period: str, seed: int, tmp: Path) -> tuple[str, int]:
    """Mutate a copy of ``base`` with ``seed``; run validate and consolidate -o; return (what, exit code)."""
    r = random.Random(seed)
    ws = tmp / f"ws-{seed}"
    shutil.copytree(base, ws)
    what = mutate(ws, r)
    out = tmp / f"out-{seed}.json"
    outcomes = []
    for args in (["validate", str(ws)], ["consolidate", str(ws), "--period", period, "--format", "json", "-o", str(out)]):
        code, text, exc = run_cli(args)
        assert not isinstance(exc, _Timeout), f"seed {seed} ({what}): {args[0]} took over {TIME_LIMIT} s"
        assert exc is None, f"seed {seed} ({what}): {args[0]} raised {type(exc).__name__}: {exc}"
        assert "Traceback" not in text, f"seed {seed} ({what}): traceback\n{text}"
        assert code in (0, 2), f"seed {seed} ({what}): {args[0]} exit {code}\n{text}"
        outcomes.append(code)
    if outcomes[1] != 0:
        assert not out.exists(), f"seed {seed} ({what}): consolidate exited {outcomes[1]} but wrote {out.name}"
    else:
        assert out.is_file() and out.stat().st_size > 0
    # validate must catch what consolidate refuses for input reasons
    assert not (outcomes[0] == 0 and outcomes[1] == 2), f"seed {seed} ({what}): validate ok, consolidate refused"
    shutil.rmtree(ws)
    return what, outcomes[0]


@pytest.mark.parametrize("which", sorted(BASES))
def test_mutations_in_process(which, tmp_path):
    base, period = BASES[which]
    start = time.monotonic()
    codes: collections.Counter[int] = collections.Counter()
    for i in range(N):
        _, code = check_one(base, period, SEED * 100_000 + i, tmp_path)
        codes[code] += 1
    took = time.monotonic() - start
    print(f"\nfuzz: {which}: {N} mutations in {took:.1f} s; validate exit codes {dict(sorted(codes.items()))}")
    assert codes[2] > N // 3, "most mutations should be refused: the mutator has stopped breaking things"


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))


@pytest.mark.parametrize("seed", range(4))
def test_mutations_in_a_limited_process(seed, tmp_path):
    """A few mutations through the real entry point, under a 2 GiB memory and 60 s CPU limit."""
    which = sorted(BASES)[seed % 2]
    base, period = BASES[which]
    r = random.Random(SEED * 1000 + seed)
    ws = tmp_path / "ws"
    shutil.copytree(base, ws)
    what = mutate(ws, r)
    out = tmp_path / "out.json"
    p = subprocess.run([sys.executable, "-c", "from renketsu.cli.main import app; app()", "consolidate", str(ws), "--period", period,
                        "--format", "json", "-o", str(out)],
                       capture_output=True, text=True, timeout=120, preexec_fn=_limits, cwd=tmp_path)
    assert p.returncode in (0, 2), f"{what}: exit {p.returncode}\n{p.stderr[-2000:]}"
    assert "Traceback" not in p.stderr, f"{what}:\n{p.stderr[-2000:]}"
    assert out.is_file() == (p.returncode == 0), what
