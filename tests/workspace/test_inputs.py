"""Issue 13: one reader of numbers and dates, one policy for file kinds, valid inputs accepted."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from renketsu.model.errors import Problems, RenketsuError
from renketsu.model.money import NotExact, parse_decimal, parse_ratio
from renketsu.workspace import files, parse_date, read_workspace
from renketsu.workspace.values import BadDate, read_date, read_fiscal_year_end
from renketsu.workspace.yamlio import load_yaml

from .conftest import edit


def kinds(root: Path) -> list[str]:
    problems = Problems()
    read_workspace(root, problems)
    return [p.kind for p in problems.items]


@pytest.mark.parametrize("text", ["1e400", "1E5", "1.0e+4", "612_450_000", "１１０", "nan", "inf", "-Infinity",
                                  "1,000", "0x10", "", " ", "1.2.3", "+-1", "1" * 25, "0." + "1" * 7])
def test_amounts_refused(text):
    with pytest.raises(NotExact):
        parse_decimal(text)


@pytest.mark.parametrize("value, expected", [("10000", Decimal(10000)), ("-1234.50", Decimal("-1234.50")),
                                             (".5", Decimal("0.5")), ("1" * 24, Decimal("1" * 24)),
                                             (7, Decimal(7)), (Decimal("0.100000000"), Decimal("0.1"))])
def test_amounts_accepted(value, expected):
    assert parse_decimal(value) == expected


def test_huge_numbers_are_refused_without_building_them():
    with pytest.raises(NotExact):
        parse_decimal(10 ** 5000)  # past Python's int-string limit: never converted to text
    with pytest.raises(NotExact):
        parse_decimal(Decimal("1E+999999999"))
    with pytest.raises(NotExact):
        parse_ratio(Decimal("1E-999999999"))  # Fraction of this would never return


def test_ratios():
    assert parse_ratio("2/3") == Fraction(2, 3) and parse_ratio("0.8") == Fraction(4, 5)
    for bad in ("1/0", "1e-999999999", "a/b", "0.5/2", "1/" + "9" * 30):
        with pytest.raises(NotExact):
            parse_ratio(bad)


@pytest.mark.parametrize("text", ["2004-02-30", "2004-13-01", "20100331", "2010-W13-3", "10000-01-01",
                                  "0001-01-01", "2010-03-31 23:59:59", "2010-3-31", "２０１０-03-31", "epoch"])
def test_dates_refused(text):
    with pytest.raises(BadDate):
        read_date(text)
    with pytest.raises(RenketsuError):
        parse_date(text, "--period")


def test_dates_and_year_ends_accepted():
    assert read_date("2010-03-31") == dt.date(2010, 3, 31) and read_date(dt.date(2024, 2, 29))
    assert read_fiscal_year_end("02-29") == (2, 29) and read_fiscal_year_end("03-31") == (3, 31)
    for bad in ("04-31", "02-30", "13-01", "1231", dt.date(2024, 12, 31)):
        with pytest.raises(BadDate):
            read_fiscal_year_end(bad)


def test_yaml_keeps_what_is_not_plain_as_text():
    d = load_yaml("a: 1e400\nb: 1_000\nc: 0123\nd: 2004-02-30\ne: 2010-03-31\nf: 0.8\ng: " + "9" * 5000 + "\n").data
    assert d["a"] == "1e400" and d["b"] == "1_000" and d["c"] == "0123" and d["d"] == "2004-02-30"
    assert d["e"] == dt.date(2010, 3, 31) and d["f"] == Decimal("0.8") and d["g"] == "9" * 5000


def test_yaml_merge_key_with_override_is_not_a_duplicate():
    doc = load_yaml("base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n")
    assert doc.data["m"] == {"x": 1, "y": 3} and doc.duplicates == []
    assert doc.key_line(doc.data["m"], "y") == 4
    assert load_yaml("m:\n  <<: {x: 1}\n  y: 3\n  y: 4\n").duplicates == [("y", 4)]


def test_merge_key_in_group_yaml_is_accepted(ws):
    g = ws / "group.yaml"
    edit(g, "holdings:\n- date: '2021-01-01'\n", "holdings:\n- &first\n  date: '2021-01-01'\n")
    g.write_text(g.read_text(encoding="utf-8") + "- <<: *first\n  date: '2021-06-30'\n  share: 0.9\n", encoding="utf-8")
    problems = Problems()
    ws_ = read_workspace(ws, problems)
    assert problems.items == [] and ws_ is not None
    second = ws_.group.holdings[1]
    assert second.date == dt.date(2021, 6, 30) and second.share == Fraction(9, 10) and second.cost == 10000


def test_same_day_transfer_between_holders_is_netted(ws):
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8")
    text = text.replace("- id: S\n", "- id: T\n  name: Third\n  currency: CU\n- id: S\n", 1)
    # T sells its 20% of S to P on 2021-06-30; rows listed holder-first (P before T) on that day
    text = text.replace("holdings:\n", "holdings:\n- date: '2021-01-01'\n  holder: T\n  entity: S\n  share: 0.2\n"
                                       "- date: '2021-06-30'\n  holder: P\n  entity: S\n  share: 1\n  cost: 3000\n"
                                       "- date: '2021-06-30'\n  holder: T\n  entity: S\n  share: 0\n", 1)
    g.write_text(text, encoding="utf-8")
    assert "holding.over_100" not in kinds(ws)


def test_more_than_100_on_one_day_is_still_refused(ws):
    g = ws / "group.yaml"
    text = g.read_text(encoding="utf-8").replace("- id: S\n", "- id: T\n  name: Third\n  currency: CU\n- id: S\n", 1)
    text = text.replace("holdings:\n", "holdings:\n- date: '2021-01-01'\n  holder: T\n  entity: S\n  share: 0.3\n", 1)
    g.write_text(text, encoding="utf-8")
    assert kinds(ws) == ["holding.over_100"]


def test_fifo_group_yaml_is_refused_without_blocking(ws):
    (ws / "group.yaml").unlink()
    os.mkfifo(ws / "group.yaml")
    problems = Problems()
    read_workspace(ws, problems)
    (p,) = problems.items
    assert p.kind == "file.not_regular" and "FIFO" in p.message


def test_fifo_events_yaml_is_refused(ws):
    os.mkfifo(ws / "events.yaml")
    assert kinds(ws) == ["file.not_regular"]


def test_folder_group_yaml_is_refused(ws):
    (ws / "group.yaml").unlink()
    (ws / "group.yaml").mkdir()
    assert kinds(ws) == ["file.not_regular"]


def test_files_policy(tmp_path):
    f = tmp_path / "f.csv"
    f.write_text("a,b\n", encoding="utf-8")
    assert files.kind(f) == "file" and files.problem(f) is None
    assert files.kind(tmp_path / "nope") == "absent" and files.problem(tmp_path / "nope") is None
    assert files.problem(f, limit=2)[0] == "file.too_large"
    with pytest.raises(files.FileRefused) as e:
        files.read_text(f, limit=2)
    assert e.value.kind == "file.too_large"
    assert files.read_text(f) == "a,b\n"
    os.symlink("/dev/zero", tmp_path / "z")
    assert files.kind(tmp_path / "z") == "device"
    with pytest.raises(files.FileRefused):
        files.open_regular(tmp_path / "z")
    os.symlink(tmp_path / "missing", tmp_path / "broken")
    assert files.kind(tmp_path / "broken") == "broken link"
    with files.open_regular(f, newline="", encoding="utf-8") as fh:
        assert fh.read() == "a,b\n"


def test_missing_rate_names_the_first_few_needs_and_the_count(tmp_path):
    from renketsu.workspace.rates import report_missing

    d = dt.date(2021, 12, 31)
    missing = {("USD", d, "closing", None): [f"translating E{i}'s assets and liabilities" for i in range(5)],
               ("USD", d, "average", None): [f"translating E{i}'s income and expense" for i in range(5)],
               ("EUR", d, "closing", None): ["translating F's assets and liabilities"]}
    problems = Problems()
    report_missing(problems, str(tmp_path), missing)
    assert [p.message.split(":")[0] for p in problems.items] == [
        "no closing rate for EUR at 2021-12-31", "no average rate for USD at 2021-12-31, and no closing rate"]
    usd = problems.items[1]
    assert usd.message.endswith("translating E2's income and expense; and 7 more")
    assert "'USD,2021-12-31,average,RATE' and 'USD,2021-12-31,closing,RATE'" in usd.hint
