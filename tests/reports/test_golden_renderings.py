"""Golden terminal renderings at 80 and 160 columns: the IIJ example and multinational cases.

Beyond the text itself, every rendering must hold the wide-text rule: no line
wider than the terminal and no number cut (no ellipsis anywhere). After a
deliberate change of rendering, regenerate with ``RENKETSU_UPDATE_GOLDEN=1``
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from renketsu.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
IIJ = ROOT / "examples" / "iij-2010"
CASES = ROOT / "tests" / "cases"

RUNS = {
    "iij-consolidate": ["consolidate", str(IIJ), "--period", "2010-03-31"],
    "iij-simulate": ["simulate", str(IIJ), "--event", "merger-2010"],
    "foreign-sub-cta-consolidate": ["consolidate", str(CASES / "translation" / "a-foreign-sub-cta" / "workspace"),
                                    "--period", "2021-12-31"],
    "foreign-fv-nci-consolidate": ["consolidate", str(CASES / "nci" / "r-5-foreign-fair-value-nci-goodwill" / "workspace"),
                                   "--period", "2021-12-31"],
    "statements-fx-nci-consolidate": ["consolidate", str(CASES / "statements" / "a-foreign-sub-fx-effect-nci-dividend"
                                                         / "workspace"), "--period", "2022-12-31"],
    "multinational-m1-consolidate": ["consolidate", str(CASES / "multinational" / "m-1-foreign-intermediate-holds-"
                                                        "foreign-sub" / "workspace"), "--period", "2024-12-31"],
    "foreign-disposal-simulate": ["simulate", str(CASES / "disposal" / "s-5b-partial-disposal-foreign-keeps-control" / "workspace"),
                                  "--event", "sale-2022"],
}


def _render(args: list[str], width: int) -> str:
    res = CliRunner().invoke(app, args, env={"COLUMNS": str(width), "TERM": "dumb", "NO_COLOR": "1"})
    assert res.exit_code == 0, res.stdout
    # workspace paths vary with the checkout; the renderings do not print them
    return "\n".join(line.rstrip() for line in res.stdout.splitlines()) + "\n"


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("name", sorted(RUNS))
def test_golden_rendering(name: str, width: int):
    text = _render(RUNS[name], width)
    for n, line in enumerate(text.splitlines(), start=1):
        assert cell_len(line) <= width, f"line {n} is {cell_len(line)} wide: {line!r}"
    assert "…" not in text, "a number or label was cut"
    path = GOLDEN / f"{name}-{width}.txt"
    if os.environ.get("RENKETSU_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path.name} is missing: run with RENKETSU_UPDATE_GOLDEN=1 once and review it"
    assert text == path.read_text(encoding="utf-8")


def test_iij_80_columns_keeps_every_figure_whole():
    text = _render(RUNS["iij-consolidate"], 80)
    for figure in ("62,166,270,000", "14,295,000,000", "29,460,410,000", "27,491,180,000", "1,969,230,000"):
        assert figure in text
    assert "1969230000.000000" not in text           # check details formatted
    assert "IIJ 100%" in text                         # shares as percentages, as ownership shows them


@pytest.mark.parametrize("width", [80, 100, 120])
def test_no_number_is_cut_at_any_width(width: int):
    for name in ("iij-consolidate", "foreign-fv-nci-consolidate"):
        text = _render(RUNS[name], width)
        assert "…" not in text, (name, width)
        assert max(cell_len(line) for line in text.splitlines()) <= width
