"""Messages the session-12 review found misleading: a dilution losing control without the fair value kept was
described as a sale ("P sells part of S")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from renketsu.api import Context
from renketsu.model.errors import RenketsuError

X53 = next((Path(__file__).resolve().parents[1] / "cases" / "deconsolidation").glob("x-53-*")) / "workspace"


def test_a_dilution_without_the_fair_value_kept_is_called_a_dilution(tmp_path):
    ws = tmp_path / "workspace"
    shutil.copytree(X53, ws)
    text = (ws / "group.yaml").read_text(encoding="utf-8")
    assert "framework: jgaap" in text
    (ws / "group.yaml").write_text(text.replace("framework: jgaap", "framework: ifrs"), encoding="utf-8")
    with pytest.raises(RenketsuError) as err:
        Context.open(ws).consolidate("2022-12-31")
    (p,) = [p for p in err.value.problems if p.kind == "deconsolidation.no_retained_fair_value"]
    assert p.message.startswith("P is diluted in S on 2022-07-01 and keeps 30%")
    assert "sells" not in p.message
