"""The workspace reader: every problem once, at its own line, without follow-on problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from renketsu.model.errors import Problems
from renketsu.workspace import read_workspace

from .conftest import edit


def problems_of(root: Path) -> list:
    from renketsu.ledger import Ledger

    problems = Problems()
    ws = read_workspace(root, problems)
    if ws is not None:
        Ledger.load(ws, problems)
    return problems.items


def test_base_workspace_is_valid(ws):
    assert problems_of(ws) == []


def test_unknown_top_level_key_does_not_stop_the_other_checks(ws):
    g = ws / "group.yaml"
    edit(g, "framework: ifrs", "framework: ifrs\ncolour: blue")
    edit(g, "  share: 0.8", "  share: 1.2")
    ps = problems_of(ws)
    assert [p.kind for p in ps] == ["schema.extra_forbidden", "holding.share_range"]
    assert ps[0].where.row == 6 and ps[0].message == "unknown key 'colour'"


def test_misspelt_top_level_key_is_read_as_the_key_meant(ws):
    edit(ws / "group.yaml", "entities:", "entites:")
    ps = problems_of(ws)
    assert len(ps) == 1, ps
    assert "misspelling of 'entities'" in ps[0].message and ps[0].where.row == 8


def test_missing_setting_is_reported_and_the_rest_still_checked(ws):
    g = ws / "group.yaml"
    edit(g, "reporting_currency: CU\n", "")
    edit(g, "  share: 0.8", "  share: 1.2")
    assert sorted(p.kind for p in problems_of(ws)) == ["holding.share_range", "schema.missing"]


def test_invalid_entity_stays_known(ws):
    edit(ws / "group.yaml", "- id: S\n  name: Sub\n  currency: CU", "- id: S\n  name: Sub\n  currency: CU\n  establised: 2020-01-01")
    ps = problems_of(ws)
    assert [(p.kind, p.where.row, p.where.key) for p in ps] == [("schema.extra_forbidden", 15, "entities[1].establised")]


def test_share_out_of_range_is_one_problem_in_decimals(ws):
    edit(ws / "group.yaml", "  share: 0.8", "  share: 1.2")
    ps = problems_of(ws)
    assert [str(p) for p in ps] == [
        (f"{ws}/group.yaml:104: holdings[0]: share 1.2 is outside [0, 1] "
         "(write shares as fractions of the entity, e.g. 0.8 for 80%)")]


def test_voting_written_out_of_range_is_reported(ws):
    edit(ws / "group.yaml", "  share: 0.8", "  share: 0.8\n  voting: 4/3")
    ps = problems_of(ws)
    assert any(p.message == "voting 4/3 is outside [0, 1]" for p in ps), ps


@pytest.mark.parametrize("value, words", [
    ("'2020-13-01'", "'2020-13-01' is not a date: month 13 is outside 1-12"),
    ("'2021-02-29'", "'2021-02-29' is not a date: day 29 is outside 1-28"),
    ("'soon'", "'soon' is not a date"),
])
def test_bad_dates_in_our_words(ws, value, words):
    edit(ws / "group.yaml", "- date: '2021-01-01'", f"- date: {value}")
    (p,) = problems_of(ws)
    assert p.message == words and p.where.key == "holdings[0].date" and p.hint == "write dates as YYYY-MM-DD"


@pytest.mark.parametrize("value", ["'10,000'", "'10000 CU'"])
def test_money_with_separator_or_unit_is_refused(ws, value):
    edit(ws / "group.yaml", "  cost: 10000", f"  cost: {value}")
    (p,) = problems_of(ws)
    assert p.kind == "schema.value_error" and p.where.key == "holdings[0].cost" and p.where.row == 108
    assert "is not a decimal number" in p.message and "cost:" not in p.message
    assert p.hint.startswith("write the amount alone")


def test_thousands_separator_refused_in_csv_files_too(ws):
    (ws / "rates.csv").write_text("currency,date,kind,rate\nUSD,2021-12-31,closing,\"1,500\"\n", encoding="utf-8")
    (p,) = problems_of(ws)
    assert p.where.row == 2 and p.message.startswith("rate: '1,500' is not a decimal number")


def test_unknown_key_in_an_item_points_at_the_key(ws):
    edit(ws / "group.yaml", "  cost: 10000", "  cost: 10000\n  voteing: 0.8")
    (p,) = problems_of(ws)
    assert (p.where.row, p.where.key, p.message) == (109, "holdings[0].voteing", "unknown key 'voteing'")


def test_unknown_parent_has_a_line(ws):
    edit(ws / "group.yaml", "parent: P", "parent: PP")
    (p,) = problems_of(ws)
    assert (p.kind, p.where.row, p.where.key) == ("unknown.parent", 2, "parent")


def test_duplicates_say_where_the_first_is(ws):
    edit(ws / "group.yaml", "- id: S\n  name: Sub", "- id: P\n  name: Sub")
    ps = [p for p in problems_of(ws) if p.kind == "duplicate.entity"]
    assert ps and f"(first at {ws}/group.yaml:9)" in ps[0].message


def test_rate_not_positive_names_the_rate(ws):
    (ws / "rates.csv").write_text("currency,date,kind,rate\nUSD,2021-12-31,closing,0\n", encoding="utf-8")
    (p,) = problems_of(ws)
    assert p.message == "closing rate for USD at 2021-12-31 is 0; it must be positive"


def test_small_csv_with_unclosed_quote(ws):
    (ws / "rates.csv").write_text('currency,date,kind,rate\nUSD,"2021-12-31,closing,1\nUSD,2020-12-31,closing,1\n',
                                  encoding="utf-8")
    (p,) = problems_of(ws)
    assert (p.kind, p.where.row) == ("csv.quote", 2)


def test_hints_have_no_nested_brackets(ws):
    (ws / "group.yaml").unlink()
    for p in problems_of(ws):
        assert "(" not in (p.hint or ""), p
