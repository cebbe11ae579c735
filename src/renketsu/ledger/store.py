"""The ledger in DuckDB: every trial-balance row, typed, mapped, with its file and row.

Loading reads each file of ``ledger/`` as text (``all_varchar``), stacks them in a
staging table with the source file, sheet and line, checks every row in SQL
(malformed numbers and dates, unknown entities, accounts and partners, unmapped
local accounts, entity-periods that do not balance) and only then creates the
typed table::

    ledger(entity, period DATE, account, local_account, partner, amount DECIMAL(38, 6),
           date DATE, file, sheet, row)

``account`` is the group account (after the entity's mapping). With ``db=FILE``
the table lives in a DuckDB file; a load runs in one transaction, so a failed
load leaves the file as it was, and an unchanged workspace is not read again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from renketsu.model.errors import Problem, Problems, RenketsuError
from renketsu.model.types import Source, Workspace

#: Scale of stored amounts: DECIMAL(38, SCALE). More decimals in an input are an error.
SCALE = 6
MONEY = f"DECIMAL(38, {SCALE})"
COLUMNS = ("entity", "period", "account", "partner", "amount", "date")
#: Digits allowed before the decimal point: 10^24 summed over 10^7 rows still fits DECIMAL(38, 6).
INTEGER_DIGITS = 24
REQUIRED = ("entity", "period", "account", "amount")
#: Rows listed per kind of problem and file before the rest are counted.
LIST_LIMIT = 20
#: The extra column the fast CSV read adds to catch rows with a cell too many.
_EXTRA = "renketsu_extra_cell"
#: A null string no cell holds, so that an empty cell reads as '' and a missing one as NULL.
_NO_NULL = "\x01renketsu-no-null\x01"


@dataclass(frozen=True, slots=True)
class LedgerFile:
    """One file of ledger/ and its fingerprint (size and modification time)."""

    path: Path
    size: int
    mtime_ns: int


def ledger_files(root: Path, problems: Problems | None = None) -> list[LedgerFile]:
    """The .csv and .xlsx files of ``ledger/``; an entry of that name that is not a readable file is a problem."""
    folder = root / "ledger"
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() not in (".csv", ".xlsx") or p.name.startswith("~$"):
            continue
        if not p.is_file():
            if problems is not None:
                what = "a folder" if p.is_dir() else "not a readable file (a broken link?)"
                problems.add("ledger.not_a_file", f"is {what}", Source(str(p)), "remove it or rename it without .csv/.xlsx")
            continue
        st = p.stat()
        out.append(LedgerFile(p, st.st_size, st.st_mtime_ns))
    return out


def _connect(db: str | Path | None) -> duckdb.DuckDBPyConnection:
    """An in-memory database, or the file ``db``; a path that cannot be one is the user's to fix."""
    if db is None:
        return duckdb.connect(":memory:")
    path = Path(db)
    if str(db).strip() in ("", ".") or path.is_dir():
        raise RenketsuError(Problem("db.not_a_file", f"--db {str(db)!r} is a folder", None, "give the path of a DuckDB file"))
    try:
        return duckdb.connect(str(path))
    except duckdb.Error as e:
        first = str(e).splitlines()[0]
        raise RenketsuError(Problem("db.unusable", f"--db {db} cannot be used as a DuckDB database: {first}", None,
                                    "give a new file path, or a DuckDB file no other process has open")) from None


def _fingerprint(ws: Workspace, files: list[LedgerFile]) -> str:
    h = hashlib.sha256()
    group = Path(ws.root) / "group.yaml"
    for p in [group, *(Path(ws.root) / n for n in ("entities.csv",))]:
        if p.is_file():
            st = p.stat()
            h.update(f"{p}:{st.st_size}:{st.st_mtime_ns};".encode())
    for f in files:
        h.update(f"{f.path}:{f.size}:{f.mtime_ns};".encode())
    return h.hexdigest()


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Ledger:
    """The typed ledger table and the queries the engine runs on it."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        #: Period ends present, computed once: the table does not change after a load.
        self._periods: list[dt.date] | None = None
        #: Aggregates already read, by the arguments of :meth:`balances` (a simulation asks three times).
        self._balances: dict[tuple, list[tuple]] = {}

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, ws: Workspace, problems: Problems, db: str | Path | None = None) -> Ledger:
        """Load ``ledger/`` of ``ws``; rows with problems are reported in ``problems``.

        With problems, nothing is committed to ``db``.
        """
        files = ledger_files(Path(ws.root), problems)
        con = _connect(db)
        ledger = cls(con)
        fp = _fingerprint(ws, files)
        if db and ledger._stored_fingerprint() == fp:
            return ledger
        if not files:
            problems.add("ledger.none", "no trial balances: ledger/ has no .csv or .xlsx file",
                         Source(str(Path(ws.root) / "ledger")), "add trial balances; see docs/format.md §3")
        con.execute("BEGIN TRANSACTION")
        try:
            ledger._stage(ws, files, problems)
            ledger._check(ws, problems)
            if not problems:
                ledger._publish(fp)
                con.execute("COMMIT")
                ledger.periods()  # part of the load: a consolidation asks for them every time
            else:
                con.execute("ROLLBACK")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return ledger

    def _stored_fingerprint(self) -> str | None:
        try:
            rows = self.con.execute("SELECT fingerprint FROM renketsu_meta").fetchall()
            row = rows[0] if rows else None
        except duckdb.CatalogException:
            return None
        return row[0] if row else None

    def _stage(self, ws: Workspace, files: list[LedgerFile], problems: Problems) -> None:
        con = self.con
        con.execute("CREATE OR REPLACE TEMP TABLE staging (file VARCHAR, sheet VARCHAR, row BIGINT, entity VARCHAR, "
                    "period VARCHAR, account VARCHAR, partner VARCHAR, amount VARCHAR, date VARCHAR, broken BOOLEAN)")
        for f in files:
            name = str(f.path)
            if f.path.suffix.lower() == ".xlsx":
                self._stage_xlsx(f.path, problems)
                continue
            try:
                header = _csv_header(f.path)
            except UnicodeDecodeError:
                problems.add("file.encoding", "is not UTF-8 text", Source(name), "save it as UTF-8")
                continue
            if header is None:
                problems.add("csv.empty", "is empty; it needs a header row", Source(name, 1),
                             "columns: entity, period, account, partner, amount, date")
                continue
            if not self._header_ok(header, name, problems):
                continue
            if not self._stage_csv_fast(f.path, header):
                self._stage_csv_scan(f.path, header, problems)

    def _stage_csv_fast(self, path: Path, header: list[str]) -> bool:
        """Stage a well-formed CSV file in DuckDB alone; False (nothing staged) when any row is malformed.

        The file is read with one extra column and null padding, so a row with a cell too
        many fills the extra column and a row with a cell too few leaves its last column
        NULL (empty cells read as '', not NULL). Row numbers are line numbers when every
        line after the header is one row, which a count of the file's line ends checks:
        a quoted value holding a line break (in a ledger, an unclosed quote) or a blank
        line inside the file (which DuckDB skips) makes fewer rows than lines. Those
        files, and files DuckDB refuses, return False; the caller then reads the file
        with Python to say exactly what is wrong where.
        """
        con, name = self.con, str(path)
        spec = "{" + ", ".join(f"{_q(c)}: 'VARCHAR'" for c in [*header, _EXTRA]) + "}"
        cols = [f'"{c}"' for c in header]
        picked = ", ".join((f"nullif(\"{c}\", '')" if c in header else "NULL") + f" AS {c}" for c in COLUMNS)
        try:
            con.execute(
                f"INSERT INTO staging SELECT {_q(name)}, NULL, row_number() OVER () + 1, {picked}, "
                f"{_EXTRA} IS NOT NULL OR {cols[-1]} IS NULL "
                f"FROM read_csv({_q(name)}, columns={spec}, header=true, auto_detect=false, delim=',', quote='\"', "
                f"escape='\"', strict_mode=false, null_padding=true, nullstr={_q(_NO_NULL)})"
            )
        except duckdb.Error:
            return False
        n, bad = con.execute(f"SELECT count(*), count_if(broken) FROM staging WHERE file = {_q(name)}").fetchall()[0]
        if bad or n != _lines_after_header(path):
            con.execute(f"DELETE FROM staging WHERE file = {_q(name)}")
            return False
        return True

    def _stage_csv_scan(self, path: Path, header: list[str], problems: Problems) -> None:
        """Stage a CSV file row by row in Python, reporting rows of the wrong width and unclosed quotes.

        Only files the fast path refused come here. A malformed row is staged as
        ``broken`` with whatever entity and period it shows, so that its entity-period
        is left out of the balance check instead of being reported as unbalanced.
        """
        from renketsu.workspace import csvscan

        name = str(path)
        data: dict[str, list] = {c: [] for c in ("row", "broken", *COLUMNS)}
        found: dict[str, list[tuple[int, str, str]]] = {}
        try:
            with path.open(newline="", encoding="utf-8-sig") as fh:
                recs = csvscan.records(fh)
                next(recs, None)  # the header, already checked
                for rec in recs:
                    if rec.blank:
                        continue
                    bad = csvscan.problem(rec, len(header))
                    if bad is not None:
                        found.setdefault(bad[0], []).append((rec.line, bad[1], bad[2]))
                    cells = dict(zip(header, rec.cells))
                    data["row"].append(rec.line)
                    data["broken"].append(bad is not None)
                    for c in COLUMNS:
                        value = cells.get(c) if bad is None or c in ("entity", "period") else None
                        data[c].append(value if value else None)
        except UnicodeDecodeError:
            problems.add("file.encoding", "is not UTF-8 text", Source(name), "save it as UTF-8")
            return
        for kind, rows in found.items():
            for line, message, hint in rows[:LIST_LIMIT]:
                problems.add(kind, message, Source(name, line), hint)
            if len(rows) > LIST_LIMIT:
                problems.add(kind, f"... and {len(rows) - LIST_LIMIT} more rows with the same problem", Source(name),
                             rows[0][2])
        table = pa.table({"file": [name] * len(data["row"]), "row": pa.array(data["row"], pa.int64()),
                          "broken": pa.array(data["broken"], pa.bool_()),
                          **{c: pa.array(data[c], pa.string()) for c in COLUMNS}})
        self.con.register("scanned_rows", table)
        self.con.execute("INSERT INTO staging SELECT file, NULL, row, entity, period, account, partner, amount, date, "
                         "broken FROM scanned_rows")
        self.con.unregister("scanned_rows")

    def _header_ok(self, header: list[str], name: str, problems: Problems) -> bool:
        unknown = [h for h in header if h not in COLUMNS]
        missing = [c for c in REQUIRED if c not in header]
        twice = sorted({h for h in header if header.count(h) > 1})
        if twice:
            problems.add("csv.duplicate_column", f"column(s) {', '.join(twice)} appear twice in the header",
                         Source(name, 1), "keep one of each")
            return False
        if unknown:
            problems.add("csv.unknown_column", f"unknown column(s) {', '.join(unknown)}", Source(name, 1),
                         f"ledger columns are {', '.join(COLUMNS)}")
        if missing:
            problems.add("csv.missing_column", f"missing column(s) {', '.join(missing)}", Source(name, 1),
                         "add them to the header row")
        return not (unknown or missing)

    def _stage_xlsx(self, path: Path, problems: Problems) -> None:
        from openpyxl import load_workbook

        name = str(path)
        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many kinds for a damaged file
            problems.add("xlsx.unreadable", f"cannot be read as Excel: {e}", Source(name))
            return
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        try:
            header = [str(c).strip() if c is not None else "" for c in next(rows)]
        except StopIteration:
            problems.add("csv.empty", "the first sheet is empty", Source(name, 1, ws.title))
            return
        if not self._header_ok([h for h in header if h], name, problems):
            return
        data: dict[str, list] = {c: [] for c in ("row", *COLUMNS)}
        for i, cells in enumerate(rows, start=2):
            if all(c is None for c in cells):
                continue
            rec = dict(zip(header, cells))
            data["row"].append(i)
            for c in COLUMNS:
                data[c].append(_cell_text(rec.get(c)))
        wb.close()
        table = pa.table({"file": [name] * len(data["row"]), "sheet": [ws.title] * len(data["row"]),
                          "row": pa.array(data["row"], pa.int64()),
                          **{c: pa.array(data[c], pa.string()) for c in COLUMNS}})
        self.con.register("xlsx_rows", table)
        self.con.execute("INSERT INTO staging SELECT file, sheet, row, entity, period, account, partner, amount, date, "
                         "false FROM xlsx_rows")
        self.con.unregister("xlsx_rows")

    def _check(self, ws: Workspace, problems: Problems) -> None:
        con = self.con
        g = ws.group
        self._temp_table("entities", ["id"], [(e,) for e in g.entities])
        self._temp_table("accounts", ["id"], [(a,) for a in g.accounts])
        self._temp_table("mapping", ["entity", "local", "account"],
                         [(e.id, loc, acc) for e in g.entities.values() for loc, acc in e.mapping.items()])
        self._temp_table("mapped_entities", ["id"], [(e.id,) for e in g.entities.values() if e.mapping])
        # Typed view: TRY_CAST leaves NULL where the text is malformed.
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE typed AS
            SELECT s.file, s.sheet, s.row, s.broken, trim(s.entity) AS entity, trim(s.period) AS period_text,
                   TRY_CAST(trim(s.period) AS DATE) AS period, trim(s.account) AS local_account,
                   coalesce(m.account, CASE WHEN me.id IS NULL THEN trim(s.account) END) AS account,
                   nullif(trim(s.partner), '') AS partner, trim(s.amount) AS amount_text,
                   TRY_CAST(trim(s.amount) AS {MONEY}) AS amount,
                   nullif(trim(s.date), '') AS date_text, TRY_CAST(nullif(trim(s.date), '') AS DATE) AS date
            FROM staging s
            LEFT JOIN mapping m ON m.entity = trim(s.entity) AND m.local = trim(s.account)
            LEFT JOIN mapped_entities me ON me.id = trim(s.entity)
        """)
        empty = ("concat_ws(' and ', CASE WHEN coalesce(entity, '') = '' THEN 'entity' END, "
                 "CASE WHEN coalesce(period_text, '') = '' THEN 'period' END, "
                 "CASE WHEN coalesce(local_account, '') = '' THEN 'account' END, "
                 "CASE WHEN coalesce(amount_text, '') = '' THEN 'amount' END)")
        checks = [
            ("ledger.missing_value", None,
             ("coalesce(entity, '') = '' OR coalesce(period_text, '') = '' OR coalesce(local_account, '') = '' "
              "OR coalesce(amount_text, '') = ''"), empty,
             "fill in the cell: entity, period, account and amount are required"),
            ("ledger.bad_amount", "amount is not a decimal number",
             f"amount_text IS NOT NULL AND amount IS NULL AND NOT regexp_matches(amount_text, '^[-+]?[0-9]{{{INTEGER_DIGITS + 1},}}')",
             "amount_text",
             "write amounts like -1234.50, without thousands separators"),
            ("ledger.too_large", f"amount has more than {INTEGER_DIGITS} digits before the decimal point",
             f"regexp_matches(amount_text, '^[-+]?[0-9]{{{INTEGER_DIGITS + 1},}}')", "amount_text",
             "amounts are limited so that sums over millions of rows stay exact in DECIMAL(38, 6)"),
            ("ledger.too_many_decimals", f"amount has more than {SCALE} decimal places",
             f"amount IS NOT NULL AND regexp_matches(amount_text, '\\.[0-9]{{{SCALE + 1},}}$')", "amount_text",
             f"round it to at most {SCALE} places in the source system"),
            ("ledger.bad_period", "period is not a date", "period_text IS NOT NULL AND period IS NULL", "period_text",
             "write YYYY-MM-DD"),
            ("ledger.bad_date", "date is not a date", "date_text IS NOT NULL AND date IS NULL", "date_text",
             "write YYYY-MM-DD or leave it empty"),
            ("unknown.entity", "entity is not in the group",
             "entity IS NOT NULL AND entity <> '' AND entity NOT IN (SELECT id FROM entities)", "entity",
             "add the entity to group.yaml or fix the id"),
            ("unknown.account", "account is not a group account",
             "local_account IS NOT NULL AND account IS NOT NULL AND account NOT IN (SELECT id FROM accounts)",
             "local_account", "add it to accounts in group.yaml, or map it in the entity's mapping"),
            ("ledger.unmapped", "local account has no mapping for this entity",
             "local_account IS NOT NULL AND account IS NULL", "local_account",
             "add it to the entity's mapping in group.yaml"),
            ("unknown.partner", "partner is not in the group",
             "partner IS NOT NULL AND partner NOT IN (SELECT id FROM entities)", "partner",
             "partners are entity ids; leave empty for outside parties"),
        ]
        for kind, message, where, value, hint in checks:
            self._report(problems, kind, message, f"NOT broken AND ({where})", value, hint)
        # Entity-periods that do not balance, only where every row could be read: an entity with a
        # row whose period is unreadable is left out entirely (that row may belong to any period),
        # an entity-period with an unreadable amount or a malformed row is left out.
        rows = con.execute("""
            SELECT entity, period, sum(amount) AS diff, min(file) AS file, count(*) AS n
            FROM typed WHERE period IS NOT NULL AND entity IS NOT NULL
              AND entity NOT IN (SELECT entity FROM typed WHERE period IS NULL AND entity IS NOT NULL)
            GROUP BY entity, period
            HAVING count(amount) = count(*) AND sum(amount) <> 0
            ORDER BY entity, period
        """).fetchall()
        for entity, period, diff, file, _n in rows:
            side = "debits exceed credits" if diff > 0 else "credits exceed debits"
            problems.add("ledger.unbalanced", f"trial balance of {entity} at {period} does not sum to zero: "
                         f"{side} by {abs(diff).normalize():f}", Source(file),
                         "every entity-period must balance exactly; find the missing or mistyped row")

    def _report(self, problems: Problems, kind: str, message: str | None, where: str, value: str, hint: str) -> None:
        """Report the rows matching ``where``, LIST_LIMIT per file, showing ``value``.

        With ``message`` None the value is the message subject: '<value> is empty'.
        """
        rows = self.con.execute(
            f"SELECT file, sheet, row, {value}, count(*) OVER (PARTITION BY file) FROM typed WHERE {where} "
            f"QUALIFY row_number() OVER (PARTITION BY file ORDER BY row) <= {LIST_LIMIT} ORDER BY file, row"
        ).fetchall()
        for file, sheet, row, val, _total in rows:
            if message is None:
                text = f"{val} {'are' if ' and ' in val else 'is'} empty"
            else:
                text = message + (f" ({val!r})" if val is not None else "")
            problems.add(kind, text, Source(file, row, sheet), hint)
        for file, total in sorted({(r[0], r[4]) for r in rows if r[4] > LIST_LIMIT}):
            problems.add(kind, f"... and {total - LIST_LIMIT} more rows with the same problem", Source(file), hint)

    def _temp_table(self, name: str, columns: list[str], rows: list[tuple]) -> None:
        """A temporary table of text columns from Python tuples (entities, not rows)."""
        table = pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)})
        self.con.register(f"_{name}_arrow", table)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _{name}_arrow")
        self.con.unregister(f"_{name}_arrow")

    def _publish(self, fingerprint: str) -> None:
        con = self.con
        con.execute(f"""
            CREATE OR REPLACE TABLE ledger AS
            SELECT entity, period, account, local_account, partner, amount::{MONEY} AS amount, date, file, sheet, row
            FROM typed ORDER BY entity, period, account
        """)
        con.execute("CREATE OR REPLACE TABLE renketsu_meta (fingerprint VARCHAR, loaded_at TIMESTAMP)")
        con.execute("INSERT INTO renketsu_meta VALUES (?, now())", [fingerprint])
        con.execute("DROP TABLE IF EXISTS typed")
        con.execute("DROP TABLE IF EXISTS staging")

    # ------------------------------------------------------------------ queries

    def periods(self) -> list[dt.date]:
        """Period ends present in the ledger, sorted."""
        if self._periods is None:
            rows = self.con.execute("SELECT DISTINCT period FROM ledger ORDER BY period").fetchall()
            self._periods = [r[0] for r in rows]
        return list(self._periods)

    def entity_periods(self) -> dict[str, list[dt.date]]:
        out: dict[str, list[dt.date]] = {}
        for e, p in self.con.execute("SELECT DISTINCT entity, period FROM ledger ORDER BY entity, period").fetchall():
            out.setdefault(e, []).append(p)
        return out

    def count(self) -> int:
        return self.con.execute("SELECT count(*) FROM ledger").fetchall()[0][0]

    def balances(self, periods: list[dt.date], entities: list[str] | None = None,
                 dated: list[str] | None = None) -> list[tuple]:
        """Aggregated rows ``(entity, period, account, partner, date, amount)`` for the given periods.

        This is the one scan of the ledger a consolidation makes; everything after
        works on these per-entity aggregates. With ``dated``, only those entities keep
        the transaction date (the ones whose rows are translated at spot rates); the
        others' rows are summed over dates into one row with date None. The sum is taken
        over the per-date sums that are not zero, so an (entity, account, partner) whose
        dated sums cancel is still returned, with amount 0, as a consumer adding up the
        dated rows would have found it.
        """
        if not periods:
            return []
        key = (tuple(periods), tuple(entities) if entities is not None else None,
               tuple(dated) if dated is not None else None)
        if key not in self._balances:
            self._balances[key] = self._aggregate(periods, entities, dated)
        return self._balances[key]

    def _aggregate(self, periods: list[dt.date], entities: list[str] | None, dated: list[str] | None) -> list[tuple]:
        plist = ", ".join(f"DATE {_q(p.isoformat())}" for p in periods)
        sql = (f"SELECT entity, period, account, partner, date, sum(amount) FROM ledger WHERE period IN ({plist})")
        params: list = []
        if entities is not None:
            self._temp_table("wanted", ["id"], [(e,) for e in entities])
            sql += " AND entity IN (SELECT id FROM wanted)"
        sql += " GROUP BY ALL HAVING sum(amount) <> 0"
        if dated is not None:
            # Dated rows are near row level: fold the dates of entities that do not need them
            # in DuckDB rather than handing every journal line to Python.
            self._temp_table("keep_dates", ["id"], [(e,) for e in dated])
            sql = ("SELECT entity, period, account, partner, "
                   "CASE WHEN entity IN (SELECT id FROM keep_dates) THEN date END AS date, sum(amount) "
                   f"FROM ({sql}) AS t(entity, period, account, partner, date, amount) GROUP BY ALL")
        return self.con.execute(sql, params).fetchall()

    def rows(self, entity: str, account: str, period: dt.date) -> list[dict]:
        """The ledger rows behind one entity's balance on one group account, with file and row."""
        cur = self.con.execute(
            "SELECT file, sheet, row, local_account, partner, date, amount FROM ledger "
            "WHERE entity = ? AND account = ? AND period = ? ORDER BY file, row", [entity, account, period])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]

    def close(self) -> None:
        self.con.close()


def _csv_header(path: Path) -> list[str] | None:
    import csv

    with path.open(newline="", encoding="utf-8-sig") as fh:
        try:
            return [h.strip() for h in next(csv.reader(fh))]
        except StopIteration:
            return None


def _lines_after_header(path: Path) -> int:
    """The number of lines after the header, not counting the line ends at the end of the file.

    Counted in 1 MB chunks, without decoding: equal to the number of rows DuckDB
    reads exactly when the file has no blank line inside it.
    """
    n = tail = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            n += chunk.count(b"\n")
            body = chunk.rstrip(b"\r\n")
            tail = chunk[len(body):].count(b"\n") + (0 if body else tail)
    return n - tail


def _cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float):
        # Excel stores numbers as binary floats; take the shortest repr, which is what the cell shows.
        return repr(v) if not v.is_integer() else str(int(v))
    if isinstance(v, (dt.datetime,)):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def summary(ledger: Ledger) -> dict:
    """Counts for ``validate``'s summary line."""
    n, ents, pers = ledger.con.execute(
        "SELECT count(*), count(DISTINCT entity), count(DISTINCT period) FROM ledger").fetchall()[0]
    return {"rows": n, "entities": ents, "periods": pers}


__all__ = ["Ledger", "LedgerFile", "MONEY", "SCALE", "ledger_files", "summary"]
