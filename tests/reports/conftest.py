"""Fixtures for the report tests: hand-made result JSON (docs/format.md §8/§9 + extensions) and charts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"


def load_chart(name: str) -> dict[str, tuple[str, str, str | None]]:
    group = yaml.safe_load((FIXTURES / name).read_text())
    return {str(a["id"]): (a["name"], a["type"], a.get("role")) for a in group["accounts"]}


@pytest.fixture
def c03_result() -> dict:
    return json.loads((FIXTURES / "c03-consolidation-2021-12-31.json").read_text())


@pytest.fixture
def c03_chart() -> dict:
    return load_chart("c03-group.yaml")


@pytest.fixture
def c08_sim() -> dict:
    return json.loads((FIXTURES / "c08-simulation-merger-2016.json").read_text())


@pytest.fixture
def c08_chart() -> dict:
    return load_chart("c08-group.yaml")
