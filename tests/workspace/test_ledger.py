"""Ledger CSV validation: malformed rows reported by line, no traceback, no follow-on imbalance."""

from __future__ import annotations

from renketsu.model.errors import Problems
from renketsu.workspace import read_workspace

from .test_reader import problems_of

HEADER = "entity,period,account,partner,amount\n"


def test_stray_comma_is_reported_with_the_row(ws):
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("S,2021-12-31,3100,,-5000\n", "S,2021-12-31,3100,,-5000,\n"),
                  encoding="utf-8")
    ps = problems_of(ws)
    assert [(p.kind, p.where.row, p.message) for p in ps] == [
        ("csv.width", 13, "has 6 cells, the header has 5")]


def test_every_malformed_row_listed_up_to_the_limit(ws):
    lines = [HEADER] + [f"P,2021-12-31,1400,,{i},x\n" for i in range(25)] + ["P,2021-12-31,1400\n"]
    (ws / "ledger" / "more.csv").write_text("".join(lines), encoding="utf-8")
    ps = [p for p in problems_of(ws) if str(p.where.file).endswith("more.csv")]
    width = [p for p in ps if p.kind == "csv.width"]
    assert [p.where.row for p in width[:20]] == list(range(2, 22))
    assert width[20].message == "... and 6 more rows with the same problem"
    assert len(width) == 21
    assert not any(p.kind == "ledger.unbalanced" for p in ps)


def test_unclosed_quote_in_the_ledger(ws):
    (ws / "ledger" / "more.csv").write_text(HEADER + 'P,"2021-12-31,1400,,5\nP,2021-12-31,1400,,-5\n', encoding="utf-8")
    ps = [p for p in problems_of(ws) if str(p.where.file).endswith("more.csv")]
    assert [(p.kind, p.where.row) for p in ps] == [("csv.quote", 2)]


def test_blank_lines_keep_row_numbers_right(ws):
    (ws / "ledger" / "more.csv").write_text(HEADER + "P,2021-12-31,1400,,5\n\n\nP,2021-12-31,1499,,-5\n\n",
                                            encoding="utf-8")
    (p,) = problems_of(ws)
    assert (p.kind, p.where.row) == ("unknown.account", 5)


def test_crlf_and_quoted_cells_take_the_fast_path(ws):
    (ws / "ledger" / "more.csv").write_text(HEADER.replace("\n", "\r\n") + '"P",2021-12-31,1400,,"5"\r\n'
                                            'P,2021-12-31,1499,,-5\r\n', encoding="utf-8")
    (p,) = problems_of(ws)
    assert (p.kind, p.where.row, p.message) == ("unknown.account", 3, "account is not a group account ('1499')")


def test_bad_period_does_not_make_the_entity_unbalanced(ws):
    tb = ws / "ledger" / "trial_balances.csv"
    tb.write_text(tb.read_text(encoding="utf-8").replace("P,2021-12-31,5200", "P,2021-12-32,5200"), encoding="utf-8")
    assert [p.kind for p in problems_of(ws)] == ["ledger.bad_period"]


def test_empty_cells_are_named(ws):
    (ws / "ledger" / "more.csv").write_text(HEADER + "P,2021-12-31,,,5\n,2021-12-31,1400,,\n", encoding="utf-8")
    ps = [p for p in problems_of(ws) if p.kind == "ledger.missing_value"]
    assert [p.message for p in ps] == ["account is empty", "entity and amount are empty"]


def test_non_utf8_ledger_is_a_problem(ws):
    (ws / "ledger" / "more.csv").write_bytes(HEADER.encode() + "P,2021-12-31,1400,caf\xe9,5\n".encode("latin-1"))
    problems = Problems()
    ws_ = read_workspace(ws, problems)
    from renketsu.ledger import Ledger

    Ledger.load(ws_, problems)
    assert [p.kind for p in problems.items] == ["file.encoding"]
