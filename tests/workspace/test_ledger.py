"""Ledger CSV validation: malformed rows reported by line, no traceback, no follow-on imbalance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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


# ---------------------------------------------------------------- one pass, checks on the groups

def _load(root, db=None, first_rows=True):
    from renketsu.ledger import Ledger

    problems = Problems()
    ws_ = read_workspace(root, problems)
    assert ws_ is not None and not problems.items
    return Ledger.load(ws_, problems, db=db, first_rows=first_rows), problems.items


def _many_rows(n: int, amount: str = "1") -> str:
    """n balanced pairs of rows of entity P on account 1400 / 2200."""
    rows = [f"P,2021-12-31,1400,,{amount}\nP,2021-12-31,2200,,-{amount}\n" for _ in range(n)]
    return HEADER + "".join(rows)


def test_a_suspect_amount_deep_in_a_file_is_named_exactly(ws):
    # The first pass only counts the doubtful amounts; the file is then read again row by row.
    text = _many_rows(2000)
    lines = text.splitlines(keepends=True)
    lines[3001] = "P,2021-12-31,1400,,1e3\n"
    (ws / "ledger" / "more.csv").write_text("".join(lines), encoding="utf-8")
    ps = problems_of(ws)
    assert [(p.kind, p.where.row, p.message) for p in ps] == [
        ("ledger.exponent_amount", 3002, "amount is in exponent form ('1e3')")]


def test_amounts_the_cast_accepts_and_the_ledger_refuses(ws):
    (ws / "ledger" / "more.csv").write_text(
        HEADER + "P,2021-12-31,1400,,1_000\nP,2021-12-31,1400,,1.5E2\nP,2021-12-31,1400,,0.1234567\n"
        "P,2021-12-31,1400,,1000000000000000000000000\nP,2021-12-31,1400,,\t7 \nP,2021-12-31,2200,,-7\n",
        encoding="utf-8")
    ps = [p for p in problems_of(ws) if str(p.where.file).endswith("more.csv")]
    assert sorted((p.where.row, p.kind) for p in ps) == [
        (2, "ledger.bad_amount"), (3, "ledger.exponent_amount"), (4, "ledger.too_many_decimals"),
        (5, "ledger.too_large")]


def test_a_long_cell_is_cut_in_the_message(ws):
    (ws / "ledger" / "more.csv").write_text(HEADER + "P,2021-12-31," + "9" * 5000 + "x,,5\nP,2021-12-31,1400,,-5\n",
                                            encoding="utf-8")
    (p,) = [p for p in problems_of(ws) if str(p.where.file).endswith("more.csv")]
    assert p.kind == "unknown.account" and "(5,001 characters)" in p.message and len(p.message) < 120


def test_loaded_groups_give_the_same_balances_and_rows(ws):
    (ws / "ledger" / "more.csv").write_text(_many_rows(3, "2.50"), encoding="utf-8")
    ledger, problems = _load(ws)
    assert not problems
    assert ledger.count() == 16 + 6
    rows = ledger.rows("P", "1400", dt.date(2021, 12, 31))
    more = [r for r in rows if r["file"].endswith("more.csv")]
    assert [(r["row"], r["amount"]) for r in more] == [(2, Decimal("2.5")), (4, Decimal("2.5")), (6, Decimal("2.5"))]
    bal = {(e, a, p): v for e, _per, a, p, _d, v in ledger.balances([dt.date(2021, 12, 31)])}
    base = [r for r in rows if not r["file"].endswith("more.csv")]
    assert bal[("P", "1400", None)] == sum(r["amount"] for r in base) + Decimal("7.5")


def test_parquet_ledger_has_the_same_checks_and_rows(ws):
    import duckdb

    csv_path = ws / "ledger" / "trial_balances.csv"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar=true)) TO '{ws / 'ledger' / 'tb.parquet'}' "
                "(FORMAT parquet)")
    csv_path.unlink()
    ledger, problems = _load(ws)
    assert not problems and ledger.count() == 16
    (r,) = [r for r in ledger.rows("P", "1400", dt.date(2021, 12, 31))]
    assert r["file"].endswith("tb.parquet") and r["row"] == 2  # the second row of the file (no header line)
    con.execute(f"COPY (SELECT entity, period, account, partner, CASE WHEN account = '1400' THEN '1e4' ELSE amount END "
                f"AS amount FROM read_parquet('{ws / 'ledger' / 'tb.parquet'}')) TO '{ws / 'ledger' / 'tb2.parquet'}' "
                "(FORMAT parquet)")
    (ws / "ledger" / "tb.parquet").unlink()
    ps = problems_of(ws)
    assert [(p.kind, p.where.row) for p in ps] == [("ledger.exponent_amount", 2), ("ledger.exponent_amount", 9)]


def test_header_only_ledger_is_refused(ws):
    (ws / "ledger" / "trial_balances.csv").write_text(HEADER, encoding="utf-8")
    assert [p.kind for p in problems_of(ws)] == ["ledger.no_rows"]


def test_header_only_file_beside_rows_is_fine(ws):
    (ws / "ledger" / "empty.csv").write_text(HEADER, encoding="utf-8")
    assert problems_of(ws) == []


def test_db_cache_sees_an_edit_that_keeps_size_and_mtime(ws, tmp_path):
    import os

    db = tmp_path / "cache.duckdb"
    ledger, _ = _load(ws, db)
    before = ledger.count()
    bal = {(e, a): v for e, _p, a, _pa, _d, v in ledger.balances([dt.date(2021, 12, 31)]) if _pa is None}
    ledger.close()
    tb = ws / "ledger" / "trial_balances.csv"
    st = tb.stat()
    text = tb.read_text(encoding="utf-8")
    new = text.replace("P,2021-12-31,1400,,50000", "P,2021-12-31,1400,,40000").replace(
        "P,2021-12-31,2200,,-20000", "P,2021-12-31,2200,,-10000")
    assert len(new) == len(text) and new != text
    tb.write_text(new, encoding="utf-8")
    os.utime(tb, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert tb.stat().st_size == st.st_size and tb.stat().st_mtime_ns == st.st_mtime_ns
    ledger, _ = _load(ws, db)
    assert ledger.count() == before
    bal2 = {(e, a): v for e, _p, a, _pa, _d, v in ledger.balances([dt.date(2021, 12, 31)]) if _pa is None}
    assert bal2[("P", "1400")] == bal[("P", "1400")] - 10000
    ledger.close()


def test_db_inside_the_workspace_is_refused(ws):
    import pytest

    from renketsu.model.errors import RenketsuError

    for target in (ws / "cache.duckdb", ws / "group.yaml", ws / "ledger" / "x.duckdb"):
        with pytest.raises(RenketsuError) as e:
            _load(ws, target)
        assert e.value.problems[0].kind == "db.inside_workspace"
    assert not (ws / "cache.duckdb").exists()


def test_large_xlsx_is_refused_before_it_is_opened(ws, monkeypatch):
    import openpyxl

    from renketsu.ledger import store

    wb = openpyxl.Workbook()
    wb.active.append(["entity", "period", "account", "partner", "amount"])
    wb.save(ws / "ledger" / "more.xlsx")
    monkeypatch.setattr(store, "XLSX_MAX_FILE", 100)
    (p,) = problems_of(ws)
    assert p.kind == "xlsx.unreadable" and "more than the 0 MB read from Excel" in p.message


def _first_by_rows(ledger, keys, period):
    out = {}
    for e, a in keys:
        rows = ledger.rows(e, a, period)
        if rows:
            out[(e, a)] = (rows[0]["file"], rows[0]["row"])
    return out


def test_first_rows_are_the_first_of_the_rows_read_again(ws):
    # a file on the fast path (rows are lines), one the line scan reads (blank lines), an Excel sheet
    import openpyxl

    (ws / "ledger" / "a.csv").write_text(HEADER + "P,2021-12-31,2200,,-3\n" + "S,2021-12-31,1400,,1\n" * 2
                                         + "S,2021-12-31,3100,,-2\nP,2021-12-31,1400,,3\n", encoding="utf-8")
    (ws / "ledger" / "b.csv").write_text(HEADER + "\n\nP,2021-12-31,1400, ,4\n\nP,2021-12-31,2200,,-4\n",
                                         encoding="utf-8")
    wb = openpyxl.Workbook()
    sh = wb.active
    for r in (["entity", "period", "account", "partner", "amount"], [None] * 5, ["S", "2021-12-31", "2200", None, -7],
              ["S", "2021-12-31", "1400", None, 7]):
        sh.append(r)
    wb.save(ws / "ledger" / "c.xlsx")
    ledger, problems = _load(ws)
    assert not problems
    period = dt.date(2021, 12, 31)
    keys = [(e, a) for e, a in ledger.con.execute(
        "SELECT DISTINCT entity, account FROM ledger WHERE period = ? ORDER BY ALL", [period]).fetchall()]
    first = ledger.first_rows([*keys, ("P", "no-such-account")], period)
    assert first == _first_by_rows(ledger, keys, period) and len(first) == len(keys)
    assert ledger.first_rows([("S", "1400")], period)[("S", "1400")][0].endswith("a.csv")
    # with a.csv gone, S's 1400 is first found on the Excel sheet's fourth row, P's 1400 in b.csv line 4
    (ws / "ledger" / "a.csv").unlink()
    ledger, _ = _load(ws)
    first = ledger.first_rows([("S", "1400"), ("P", "1400")], period)
    assert first[("S", "1400")][0].endswith("c.xlsx") and first[("S", "1400")][1] == 4
    assert first[("P", "1400")][0].endswith("b.csv") and first[("P", "1400")][1] == 4


def test_first_rows_of_a_file_read_in_parallel(ws, tmp_path, monkeypatch):
    # a large CSV is read without row numbers (on every core); a second read numbers its rows
    from renketsu.ledger import store

    monkeypatch.setattr(store, "PARALLEL_BYTES", 0)
    (ws / "ledger" / "a.csv").write_text(HEADER + "P,2021-12-31,2200,,-3\n" + "S,2021-12-31,1400,,1\n" * 2
                                         + " S ,2021-12-31,3100,,-2\nP,2021-12-31,1400,,3\n", encoding="utf-8")
    period = dt.date(2021, 12, 31)
    db = tmp_path / "cache.duckdb"
    for run in ("in memory", "db first", "db again", "db without numbers"):
        ledger, problems = _load(ws, db=None if run == "in memory" else db)
        assert not problems
        assert ledger.con.execute("SELECT count(*) FROM ledger WHERE first_row IS NULL").fetchall()[0][0] > 0
        keys = [(e, a) for e, a in ledger.con.execute(
            "SELECT DISTINCT entity, account FROM ledger WHERE period = ? ORDER BY ALL", [period]).fetchall()]
        first = ledger.first_rows(keys, period)
        assert first == _first_by_rows(ledger, keys, period) and len(first) == len(keys), run
        assert first[("S", "3100")] == (str(ws / "ledger" / "a.csv"), 5)
        if run == "db again":  # as if the run that stored the ledger had ended before numbering its rows
            ledger.con.execute("DROP TABLE ledger_first_rows")
        ledger.close()


def test_without_first_rows_a_large_file_is_named_without_its_row(ws, tmp_path, monkeypatch):
    # Ledger.load(first_rows=False), the command line's default: no second read; a balance in a
    # file read in parallel names the file, row None; a file read with row numbers names its row
    from renketsu.ledger import store

    monkeypatch.setattr(store, "PARALLEL_BYTES", 100)  # a.csv (147 bytes) in parallel, b.csv (80) not
    (ws / "ledger" / "a.csv").write_text(HEADER + "P,2021-12-31,2200,,-3\n" + "S,2021-12-31,1400,,1\n" * 2
                                         + " S ,2021-12-31,3100,,-2\nP,2021-12-31,1400,,3\n", encoding="utf-8")
    (ws / "ledger" / "b.csv").write_text(HEADER + "S,2021-12-31,5200,,7\nS,2021-12-31,1100,,-7\n", encoding="utf-8")
    period = dt.date(2021, 12, 31)
    for db in (None, tmp_path / "cache.duckdb", tmp_path / "cache.duckdb"):
        ledger, problems = _load(ws, db=db, first_rows=False)
        assert not problems and ledger._numbering is None
        first = ledger.first_rows([("S", "3100"), ("S", "5200"), ("P", "1400")], period)
        assert first[("S", "3100")] == (str(ws / "ledger" / "a.csv"), None)
        assert first[("S", "5200")] == (str(ws / "ledger" / "b.csv"), 2)
        assert not ledger._has_table("ledger_first_rows")
        ledger.close()


def test_numbering_read_is_stopped_when_the_ledger_is_closed(ws, monkeypatch):
    from renketsu.ledger import store

    monkeypatch.setattr(store, "PARALLEL_BYTES", 0)
    ledger, problems = _load(ws)
    assert not problems and ledger._unnumbered
    ledger.close()
    assert ledger._numbering is None


def test_numbering_read_starts_before_the_checks(ws, monkeypatch):
    # the second read (one core) runs beside the load's checks and publishing, not after them
    from renketsu.ledger import store

    monkeypatch.setattr(store, "PARALLEL_BYTES", 0)
    seen = []
    check = store.Ledger._check

    def checked(self, *args, **kwargs):
        seen.append(self._numbering is not None)
        return check(self, *args, **kwargs)

    monkeypatch.setattr(store.Ledger, "_check", checked)
    ledger, problems = _load(ws)
    assert not problems and seen == [True]
    period = dt.date(2021, 12, 31)
    keys = [(e, a) for e, a in ledger.con.execute(
        "SELECT DISTINCT entity, account FROM ledger WHERE period = ? ORDER BY ALL", [period]).fetchall()]
    assert ledger.first_rows(keys, period) == _first_by_rows(ledger, keys, period)
    ledger.close()


def test_numbering_read_of_a_load_that_fails_keeps_nothing(ws, tmp_path, monkeypatch):
    # numbered before the load is committed: a load that then fails leaves the stored first rows as they were
    from renketsu.ledger import store

    monkeypatch.setattr(store, "PARALLEL_BYTES", 0)
    db = tmp_path / "cache.duckdb"
    (ws / "ledger" / "a.csv").write_text(HEADER + "P,2021-12-31,2200,,-3\nP,2021-12-31,1400,,3\n", encoding="utf-8")
    ledger, problems = _load(ws, db=db)
    assert not problems
    before = ledger.con.execute("SELECT * FROM ledger_first_rows ORDER BY ALL").fetchall() if ledger._numbered() else None
    assert before
    ledger.close()
    (ws / "ledger" / "a.csv").write_text(HEADER + "NOBODY,2021-12-31,2200,,-3\nP,2021-12-31,1400,,3\n", encoding="utf-8")
    ledger, problems = _load(ws, db=db)
    assert problems
    assert ledger._numbering is None  # stopped with the load
    assert ledger.con.execute("SELECT * FROM ledger_first_rows ORDER BY ALL").fetchall() == before
    ledger.close()


def _row_suspect(col: str, v: str) -> str:
    """The per-row suspect test the fast read used before it was made on the groups (the reference)."""
    from renketsu.ledger.store import INTEGER_DIGITS, MONEY, SCALE

    big = "1" + "0" * INTEGER_DIGITS
    return (f"({v} IS NULL OR contains({col}, 'e') OR contains({col}, 'E') OR contains({col}, '_') "
            f"OR (strpos({col}, '.') > 0 AND length({col}) - strpos({col}, '.') > {SCALE}) "
            f"OR abs({v}) >= CAST('{big}' AS {MONEY}))")


def test_the_suspect_count_on_groups_flags_what_the_row_test_flags():
    # The fast read only asks whether a file has a suspect amount (n_suspect > 0): the group
    # aggregate must be positive exactly where some row of the group met the per-row test.
    import duckdb

    from renketsu.ledger.store import INTEGER_DIGITS, MONEY, _suspect

    texts = ["1e5", "1E5", "1_000", "0.1234567", "1.1234560", "1.123456", ".1234567", ".123456", "12.",
             " 1.5 ", "\t7 ", "", None, "abc", "1.5.3", "1,000", "-5", "+5", "１２", "5.1234567x",
             "9" * INTEGER_DIGITS, "-" + "9" * INTEGER_DIGITS, "1" + "0" * INTEGER_DIGITS,
             "-1" + "0" * INTEGER_DIGITS, "9" * INTEGER_DIGITS + ".999999", "12345678.12", "-0.000001", "."]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (g INTEGER, amount VARCHAR)")
    # One group per text, then pairs of a plain amount with each text, then one group of every text.
    rows = [(i, t) for i, t in enumerate(texts)]
    rows += [(1000 + i, t) for i, t in enumerate(texts)] + [(1000 + i, "12.50") for i in range(len(texts))]
    rows += [(5000, t) for t in texts] + [(6000, "1.25"), (6000, "-3")]
    con.executemany("INSERT INTO t VALUES (?, ?)", rows)
    src = f"(SELECT g, amount, TRY_CAST(amount AS {MONEY}) AS v FROM t)"
    new = dict(con.execute(f"SELECT g, {_suspect('amount', 'v')} > 0 FROM {src} GROUP BY g").fetchall())
    old = dict(con.execute(f"SELECT g, count_if({_row_suspect('amount', 'v')}) > 0 FROM {src} GROUP BY g").fetchall())
    assert new == old
    assert new[5000] and not new[6000] and new[texts.index("1.1234560")] and not new[texts.index("1.123456")]
    assert sum(new.values()) > 10 and not all(new.values())


def test_a_file_read_in_parallel_is_checked_against_its_line_count(ws, monkeypatch):
    # The line ends of a file read in parallel are counted in a thread beside DuckDB's read; a blank
    # line inside the file (fewer rows than lines) and a row with a cell too many still send it
    # to the exact scan, which names the rows.
    from renketsu.ledger import store

    monkeypatch.setattr(store, "PARALLEL_BYTES", 0)
    (ws / "ledger" / "more.csv").write_text(HEADER + "P,2021-12-31,1400,,5\n\n\nP,2021-12-31,1499,,-5\n\n",
                                            encoding="utf-8")
    (p,) = problems_of(ws)
    assert (p.kind, p.where.row) == ("unknown.account", 5)
    (ws / "ledger" / "more.csv").write_text(HEADER + "P,2021-12-31,1400,,5,\nP,2021-12-31,2200,,-5\n",
                                            encoding="utf-8")
    assert [(p.kind, p.where.row) for p in problems_of(ws)] == [("csv.width", 2)]
