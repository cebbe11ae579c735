"""The ledger in DuckDB: trial-balance rows read once, checked in the aggregate, kept as groups.

Loading reads each file of ``ledger/`` once and aggregates it on the way in, by the
file and the text of its entity, period, account, partner and date cells: the sum of
the amounts, the number of rows and the number of rows whose amount is not a valid
decimal (or, for a file read by the line scan, is malformed). Every other check runs
on those groups, not on rows: dates, entities, accounts, mappings, partners, and the
balance of each entity-period. Only when a group or a count shows a problem is the
offending file read again, row by row, to name the file and row of each problem. No
table of rows is kept; the published table holds one row per group::

    ledger(entity, period DATE, account, local_account, partner, date DATE,
           file_id INTEGER, amount DECIMAL(38, 6), rows BIGINT, first_row BIGINT)
    ledger_files(file_id, path, sheet, kind)

``account`` is the group account (after the entity's mapping); ``first_row`` is the
group's first line (CSV), sheet row (Excel) or row (Parquet), so that
:meth:`Ledger.first_rows` names the first row behind a balance without reading a file
again. A CSV file of PARALLEL_BYTES or more is read without row numbers, on every core
(numbering them makes DuckDB's read sequential); its groups' first rows come from a second
read, ``ledger_first_rows``, that runs in a thread beside the load's checks and the consolidation
(started once the files are read, kept once the load commits). :meth:`Ledger.rows`,
the drill-down behind one balance, reads the files again, filtered. With ``db=FILE``
the tables live in a DuckDB file; a load runs in one transaction, so a failed load
leaves the file as it was, and an unchanged workspace is not read again (the ledger
files' size, modification and change times and inode, the other files' content).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice, repeat
from decimal import Decimal
from pathlib import Path

import duckdb

from renketsu.model.errors import Problem, Problems, RenketsuError
from renketsu.model.types import Source, Workspace
from renketsu.workspace.files import LEDGER_SUFFIXES, is_ledger_name

#: Scale of stored amounts: DECIMAL(38, SCALE). More decimals in an input are an error.
SCALE = 6
MONEY = f"DECIMAL(38, {SCALE})"
COLUMNS = ("entity", "period", "account", "partner", "amount", "date")
#: Digits allowed before the decimal point: 10^24 summed over 10^7 rows still fits DECIMAL(38, 6).
INTEGER_DIGITS = 24
REQUIRED = ("entity", "period", "account", "amount")
#: Rows listed per kind of problem and file before the rest are counted.
LIST_LIMIT = 20
#: Years a period or row date may fall in: the engine steps a day either side of a date.
MIN_YEAR, MAX_YEAR = 1000, 9998
#: Ledger file kinds read.
SUFFIXES = LEDGER_SUFFIXES
#: An .xlsx file is a zip: its parts may not unpack to more than this (a zip bomb is refused).
XLSX_MAX_UNPACKED = 1 << 30
#: ... nor may the file itself be larger than this (a larger ledger belongs in CSV or Parquet).
XLSX_MAX_FILE = 256 << 20
#: CSV files at least this large are read on every core, without row numbers; their rows are
#: numbered by a second read beside the consolidation (see ``Ledger._number_rows_start``).
PARALLEL_BYTES = 16 << 20
#: DuckDB's read buffer for that second read (at least its longest line, 2 MB; its default is larger).
#: 8 MB: the 2 MB buffer (the least it takes) cost about 0.5 s more CPU on 10M rows (2.35 against 1.8 s)
#: for 15-30 MiB less peak; the default (larger still) is no faster and holds about 100 MiB more.
_NUMBERING_BUFFER = 8 << 20
#: Longest cell of a ledger CSV (Python's csv module refuses more, DuckDB's reader a line of 2 MB).
CELL_LIMIT = 128 << 10  # = csvscan.MAX_CELL, Python's default field limit
#: The extra column the fast CSV read adds to catch rows with a cell too many.
_EXTRA = "renketsu_extra_cell"
#: A null string no cell holds, so that an empty cell reads as '' and a missing one as NULL.
_NO_NULL = "\x01renketsu-no-null\x01"
#: An amount as the ledger accepts it: ASCII digits, an optional sign and point, no exponent,
#: at most INTEGER_DIGITS before the point and SCALE after it (white space around is trimmed).
_AMOUNT = rf"^\s*[-+]?([0-9]{{1,{INTEGER_DIGITS}}}(\.[0-9]{{0,{SCALE}}})?|\.[0-9]{{1,{SCALE}}})\s*$"
#: A period or row date: YYYY-MM-DD (one-digit month and day as well), nothing else.
_DATE = r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$"
_HINT_AMOUNT = "write amounts like -1234.50, without thousands separators"


def _amount_value(col: str) -> str:
    """SQL: the amount of text ``col`` as DECIMAL(38, 6), NULL when it is not an amount the ledger accepts."""
    return f"CASE WHEN regexp_full_match({col}, {_q(_AMOUNT)}) THEN CAST({col} AS {MONEY}) END"


def _date_value(col: str) -> str:
    """SQL: the date of text ``col`` (trimmed, non-empty), NULL when it is not a date in MIN_YEAR..MAX_YEAR."""
    return (f"CASE WHEN regexp_full_match({col}, {_q(_DATE)}) AND year(TRY_CAST({col} AS DATE)) "
            f"BETWEEN {MIN_YEAR} AND {MAX_YEAR} THEN TRY_CAST({col} AS DATE) END")


def _date_out_of_range(col: str) -> str:
    """SQL: ``col`` is a well-formed date outside MIN_YEAR..MAX_YEAR."""
    return (f"(regexp_full_match({col}, {_q(_DATE)}) AND TRY_CAST({col} AS DATE) IS NOT NULL "
            f"AND year(TRY_CAST({col} AS DATE)) NOT BETWEEN {MIN_YEAR} AND {MAX_YEAR})")


@dataclass(frozen=True, slots=True)
class LedgerFile:
    """One file of ledger/ and its fingerprint (size, modification and change time, inode)."""

    path: Path
    size: int
    mtime_ns: int
    ctime_ns: int = 0
    inode: int = 0

    @property
    def kind(self) -> str:
        return self.path.suffix.lower().lstrip(".")


def ledger_files(root: Path, problems: Problems | None = None) -> list[LedgerFile]:
    """The .csv, .xlsx and .parquet files of ``ledger/``; an entry of that name that is not a regular file is a problem."""
    folder = root / "ledger"
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.iterdir()):
        if not is_ledger_name(p):
            continue
        try:
            st = p.stat()
            regular = p.is_file() and not _is_special(st)
        except OSError:
            regular = False
        if not regular:
            if problems is not None:
                what = "a folder" if p.is_dir() else "not a regular file (a broken link, a pipe or a device?)"
                problems.add("ledger.not_a_file", f"is {what}", Source(str(p)),
                             "remove it or rename it without .csv/.xlsx/.parquet")
            continue
        out.append(LedgerFile(p, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return out


def _is_special(st: os.stat_result) -> bool:
    import stat

    return not stat.S_ISREG(st.st_mode)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def _connect(db: str | Path | None, root: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory database, or the file ``db``; a path that cannot be one is the user's to fix."""
    if db is None:
        return duckdb.connect(":memory:")
    path = Path(db)
    if str(db).strip() in ("", ".") or path.is_dir():
        raise RenketsuError(Problem("db.not_a_file", f"--db {str(db)!r} is a folder", None, "give the path of a DuckDB file"))
    if root is not None and _inside(path, root):
        raise RenketsuError(Problem(
            "db.inside_workspace", f"--db {db} is inside the workspace ({root})", None,
            "keep the database outside the workspace folder (a file there would be read as input or overwrite it)"))
    try:
        return duckdb.connect(str(path))
    except duckdb.Error as e:
        first = str(e).splitlines()[0]
        raise RenketsuError(Problem("db.unusable", f"--db {db} cannot be used as a DuckDB database: {first}", None,
                                    "give a new file path, or a DuckDB file no other process has open")) from None


#: Files of the workspace other than the ledger larger than this are fingerprinted by their
#: metadata, not their content.
_HASH_LIMIT = 64 << 20


def _fingerprint(ws: Workspace, files: list[LedgerFile]) -> str:
    """What a stored ledger depends on: the ledger files' metadata, the other files' content.

    An edit of a file always changes its change time (``st_ctime``, which no program can
    set back), so a ledger file edited to keep its size and modification time is still
    seen as changed; the small files the checks read (group.yaml, entities.csv, ...) are
    hashed whole.
    """
    h = hashlib.sha256(b"renketsu-ledger-3;")
    root = Path(ws.root)
    for p in sorted(root.iterdir()) if root.is_dir() else []:
        try:
            st = p.stat()
        except OSError:
            continue
        if not p.is_file() or _is_special(st):
            continue
        h.update(f"{p.name}:{st.st_size};".encode())
        if st.st_size <= _HASH_LIMIT:
            try:
                h.update(hashlib.sha256(p.read_bytes()).digest())
            except OSError:
                pass
        else:
            h.update(f"{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino};".encode())
    for f in files:
        h.update(f"{f.path}:{f.size}:{f.mtime_ns}:{f.ctime_ns}:{f.inode};".encode())
    return h.hexdigest()


#: Groups from which the trial balances are fetched column by column (``fetchnumpy``, which
#: imports numpy: a small ledger is fetched row by row).
_NUMPY_FETCH = 50_000
#: Values of a temporary table bound as list parameters; above this, through an Arrow table.
_LIST_BIND_LIMIT = 20_000


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_GROUPS_DDL = (f"CREATE OR REPLACE TEMP TABLE groups (file_id INTEGER, entity VARCHAR, period VARCHAR, "
               f"account VARCHAR, partner VARCHAR, date VARCHAR, amount {MONEY}, n BIGINT, n_amount BIGINT, "
               f"n_broken BIGINT, n_suspect BIGINT, first_row BIGINT)")


def _suspect(col: str, v: str) -> str:
    """SQL aggregate: positive for every group with an amount text ``col`` that :func:`_amount_value`
    refuses (and a few more); zero otherwise.

    DuckDB's cast (value ``v``) refuses most bad amounts itself; what it accepts and the
    ledger does not is an exponent, an underscore, more than SCALE decimals or more than
    INTEGER_DIGITS digits. A file with a suspect row is read again with the exact test.

    The text tests are made on each row; the value tests on the group, which is the same
    question for a count that is only compared with zero: a value the cast refused (``count``
    skips it) and the largest and the smallest value against the limit (rather than ``abs`` of
    each). "More than SCALE characters after the first point" is ``LIKE '%.' + '_' * (SCALE + 1)
    + '%'`` (a point followed by SCALE + 1 characters; the first point is followed by as many).
    """
    big = f"CAST('1{'0' * INTEGER_DIGITS}' AS {MONEY})"
    after_point = "%." + "_" * (SCALE + 1) + "%"
    # coalesce: count_if of a group whose texts are all NULL is NULL, not 0.
    return (f"(coalesce(count_if(contains({col}, 'e') OR contains({col}, 'E') OR contains({col}, '_') "
            f"OR {col} LIKE '{after_point}'), 0) + (count(*) - count({v})) "
            f"+ CASE WHEN max({v}) >= {big} OR min({v}) <= -{big} THEN 1 ELSE 0 END)")


def _group_select(fid: int, src: str, broken: str = "false", exact: bool = True) -> str:
    """SQL aggregating the rows of relation ``src`` (text columns of COLUMNS and ``row``) into the groups of file ``fid``.

    Each group keeps its first row (line, row of the sheet or of the Parquet file), which
    is what a warning about a balance names without reading the file again.

    ``exact``: the amount test of :func:`_amount_value` on every row; else DuckDB's cast
    alone, with the rows :func:`_suspect` finds counted (the file is then read again).
    """
    if exact:
        value, suspect = _amount_value("amount"), "0"
    else:
        value, suspect = f"TRY_CAST(amount AS {MONEY})", _suspect("amount", "v")
    return (f"SELECT {fid}, entity, period, account, partner, date, sum(v), count(*), count(v), count_if(b), "
            f"{suspect}, min(row) FROM (SELECT entity, period, account, partner, date, amount, {value} AS v, "
            f"{broken} AS b, row FROM {src}) GROUP BY ALL")


class Ledger:
    """The aggregated ledger and the queries the engine runs on it."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        #: Period ends present, computed once: the table does not change after a load.
        self._periods: list[dt.date] | None = None
        #: Whether any row has a transaction date, and the number of groups, computed once.
        self._dates: bool | None = None
        self._groups: int | None = None
        #: The sorted entity and partner names and group accounts of :meth:`_name_index`, made once.
        self._names: tuple[list[str], list[str]] | None = None
        #: Aggregates already read, by the arguments of :meth:`balances` (a simulation asks three times).
        self._balances: dict[tuple, list[tuple]] = {}
        #: Local trial balances already read, by the ``dated`` entities, then period, then entity
        #: (see :meth:`local_tbs`): a consolidation and its comparative year share one scan.
        self._local: dict[tuple[str, ...] | None, dict[dt.date, dict[str, dict]]] = {}
        #: file_id -> (path, sheet, kind) of the files loaded, and each file's CSV header.
        self._files: dict[int, tuple[str, str | None, str]] = {}
        self._headers: dict[int, list[str]] = {}
        #: file_ids staged row by row (read by the line scan or from Excel) in table ``staging``.
        self._staged: set[int] = set()
        #: file_ids of CSV files read in parallel, without row numbers (see :meth:`_number_rows_start`).
        self._unnumbered: set[int] = set()
        #: Whether their rows are numbered (a second read, beside the consolidation) so that
        #: :meth:`first_rows` names a row; otherwise it names their file only (``Ledger.load``).
        self._want_rows = False
        #: The thread numbering their rows and its cursor, while it runs; the error that stopped it.
        self._numbering: tuple | None = None
        self._numbering_error: duckdb.Error | None = None
        #: Set when the load that started the numbering read has ended, committed or not.
        self._outcome = threading.Event()
        self._load_committed = False

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, ws: Workspace, problems: Problems, db: str | Path | None = None,
             first_rows: bool = False) -> Ledger:
        """Load ``ledger/`` of ``ws``; rows with problems are reported in ``problems``.

        With problems, nothing is committed to ``db``. ``first_rows``: number the rows of the
        files read in parallel (a second read of each, in a thread beside the checks and the
        consolidation) so that :meth:`first_rows` names the row behind a balance, not only its
        file. Per-row problems always name file and row, whatever this says.
        """
        files = ledger_files(Path(ws.root), problems)
        con = _connect(db, Path(ws.root))
        ledger = cls(con)
        ledger._want_rows = first_rows
        fp = _fingerprint(ws, files)
        if db and ledger._stored_fingerprint() == fp:
            ledger._read_files_table()
            ledger._unnumbered_stored()
            return ledger
        if not files:
            problems.add("ledger.none", "no trial balances: ledger/ has no .csv or .xlsx file",
                         Source(str(Path(ws.root) / "ledger")), "add trial balances; see docs/format.md §3")
        con.execute("BEGIN TRANSACTION")
        try:
            before = len(problems.items)
            ledger._read(ws, files, problems)
            read_ok = len(problems.items) == before
            if read_ok and not problems and first_rows:
                # The second read that numbers the rows (one core) starts now, beside the checks and the
                # publishing rather than after them; what it finds is kept only if the load is committed.
                ledger._number_rows_start(committed=False)
            ledger._check(ws, problems)
            if files and read_ok and not problems and ledger._row_count() == 0:
                problems.add("ledger.no_rows", "the trial balances have no rows: every file of ledger/ has a header only",
                             Source(str(Path(ws.root) / "ledger")), "add the trial balance rows under the header")
            if not problems:
                ledger._publish(fp, ordered=bool(db))
                con.execute("COMMIT")
                ledger._committed(True)
                ledger.periods()  # part of the load: a consolidation asks for them every time
            else:
                con.execute("ROLLBACK")
                ledger._committed(False)
        except BaseException:
            con.execute("ROLLBACK")
            ledger._committed(False)
            raise
        return ledger

    def _stored_fingerprint(self) -> str | None:
        try:
            rows = self.con.execute("SELECT fingerprint FROM renketsu_meta").fetchall()
            row = rows[0] if rows else None
        except duckdb.CatalogException:
            return None
        return row[0] if row else None

    def _read_files_table(self) -> None:
        try:
            rows = self.con.execute("SELECT file_id, path, sheet, kind FROM ledger_files").fetchall()
        except duckdb.CatalogException:
            rows = []
        self._files = {fid: (path, sheet, kind) for fid, path, sheet, kind in rows}

    def _row_count(self) -> int:
        return self.con.execute("SELECT coalesce(sum(n), 0) FROM groups").fetchall()[0][0]

    def _read(self, ws: Workspace, files: list[LedgerFile], problems: Problems) -> None:
        """Read every file once into ``groups`` (small files that need it also into ``staging``)."""
        con = self.con
        con.execute(_GROUPS_DDL)
        con.execute("CREATE OR REPLACE TEMP TABLE staging (file VARCHAR, sheet VARCHAR, row BIGINT, entity VARCHAR, "
                    "period VARCHAR, account VARCHAR, partner VARCHAR, amount VARCHAR, date VARCHAR, broken BOOLEAN)")
        for fid, f in enumerate(files):
            name = str(f.path)
            if f.kind == "xlsx":
                sheet = self._stage_xlsx(f, problems)
                if sheet is not None:
                    self._files[fid] = (name, sheet, "xlsx")
                    self._aggregate_staged(fid)
                continue
            if f.kind == "parquet":
                if self._read_parquet(fid, f, problems):
                    self._files[fid] = (name, None, "parquet")
                continue
            try:
                header = _csv_header(f.path)
            except UnicodeDecodeError:
                problems.add("file.encoding", "is not UTF-8 text", Source(name), "save it as UTF-8")
                continue
            except _CellTooLong:
                problems.add("csv.cell_too_large", f"a cell of the header is longer than {CELL_LIMIT:,} characters",
                             Source(name, 1), "check for an unclosed quote, or a file that is not CSV")
                continue
            if header is None:
                problems.add("csv.empty", "is empty; it needs a header row", Source(name, 1),
                             "columns: entity, period, account, partner, amount, date")
                continue
            if not self._header_ok(header, name, problems):
                continue
            self._files[fid] = (name, None, "csv")
            self._headers[fid] = header
            if not self._read_csv_fast(fid, f.path, header, parallel=f.size >= PARALLEL_BYTES):
                if self._stage_csv_scan(f.path, header, problems):
                    self._aggregate_staged(fid)
                else:
                    del self._files[fid]

    def _csv_relation(self, path: Path, header: list[str], buffer: int | None = None) -> str:
        """SQL: the rows of a CSV ledger file as text (empty cells '', missing ones NULL), with the extra column.

        ``buffer``: DuckDB's read buffer in bytes (its default is larger: a read that runs beside
        the consolidation takes a smaller one, for the peak memory).
        """
        spec = "{" + ", ".join(f"{_q(c)}: 'VARCHAR'" for c in [*header, _EXTRA]) + "}"
        size = f"buffer_size={buffer}, " if buffer else ""
        return (f"read_csv({_q(str(path))}, columns={spec}, header=true, auto_detect=false, delim=',', quote='\"', "
                f"escape='\"', strict_mode=false, null_padding=true, {size}nullstr={_q(_NO_NULL)})")

    @staticmethod
    def _picked(header: list[str], empty_is_null: bool) -> str:
        return ", ".join(((f"nullif(\"{c}\", '')" if empty_is_null else f'"{c}"') if c in header else "NULL")
                         + f" AS {c}" for c in COLUMNS)

    def _read_csv_fast(self, fid: int, path: Path, header: list[str], parallel: bool = False) -> bool:
        """Aggregate a well-formed CSV file in DuckDB alone; False (nothing kept) when any row is malformed.

        The file is read with one extra column and null padding, so a row with a cell too
        many fills the extra column and a row with a cell too few leaves its last column
        NULL (empty cells read as '', not NULL). Row numbers are line numbers when every
        line after the header is one row, which a count of the file's line ends checks:
        a quoted value holding a line break (in a ledger, an unclosed quote) or a blank
        line inside the file (which DuckDB skips) makes fewer rows than lines. Those
        files, and files DuckDB refuses, return False; the caller then reads the file
        with Python to say exactly what is wrong where.

        ``parallel``: read without row numbers, which lets DuckDB read the file on every
        core (numbering the rows, ``WITH ORDINALITY``, makes the read one sequential
        pipeline). The groups' first rows are then found by :meth:`_number_rows`, a second
        read that runs beside the consolidation.
        """
        con = self.con
        last = f'"{header[-1]}"'
        rel = self._csv_relation(path, header)
        row = "NULL::BIGINT" if parallel else "ordinality + 1"
        src = f"(SELECT {self._picked(header, False)}, {_EXTRA} IS NOT NULL OR {last} IS NULL AS broken, " \
              f"{row} AS row FROM {rel}{'' if parallel else ' WITH ORDINALITY'})"
        # A large file's line ends are counted in a thread while DuckDB reads it (the read leaves part
        # of a core free and releases the GIL), not after it on the critical path.
        lines = _LineCount(path) if parallel else None
        try:
            con.execute(f"INSERT INTO groups {_group_select(fid, src, 'broken', exact=False)}")
        except duckdb.Error:
            con.execute(f"DELETE FROM groups WHERE file_id = {fid}")
            if lines is not None:
                lines.join()  # its count, or what stopped it, is not needed
            return False
        n, bad = con.execute(f"SELECT sum(n), sum(n_broken) FROM groups WHERE file_id = {fid}").fetchall()[0]
        if bad or (n or 0) != (lines.result() if lines is not None else _lines_after_header(path)):
            con.execute(f"DELETE FROM groups WHERE file_id = {fid}")
            return False
        if parallel:
            self._unnumbered.add(fid)
        return True

    # ------------------------------------------------------------------ first rows of large CSV files

    def _number_rows_sql(self, pending: bool = False) -> str | None:
        """SQL creating ``ledger_first_rows``: each (file, entity, period, local account) of the files read
        without row numbers, with its first line; None when every file kept its rows.

        ``pending``: into the temporary table ``first_rows_found`` of the connection that runs it
        instead (the load that reads them is not committed yet).
        """
        parts = []
        for fid in sorted(self._unnumbered):
            path, _sheet, _kind = self._files[fid]
            header = self._headers[fid]
            picked = ", ".join(f'"{c}"' for c in ("entity", "period", "account"))
            parts.append(f"SELECT {fid} AS file_id, {picked}, min(ordinality) + 1 AS first_row "
                         f"FROM {self._csv_relation(Path(path), header, _NUMBERING_BUFFER)} WITH ORDINALITY "
                         f"GROUP BY ALL")
        if not parts:
            return None
        raw = " UNION ALL ".join(parts)
        return (f"CREATE OR REPLACE {'TEMP TABLE first_rows_found' if pending else 'TABLE ledger_first_rows'} AS "
                f"SELECT CAST(file_id AS INTEGER) AS file_id, trim(entity) AS entity, "
                f"{_date_value('trim(period)')} AS period, trim(account) AS local_account, "
                f"min(first_row)::BIGINT AS first_row FROM ({raw}) GROUP BY ALL")

    def _number_rows_start(self, committed: bool = True) -> None:
        """Start the second read that numbers the rows of the files read in parallel, in a thread.

        DuckDB runs it on its own cursor without the GIL, so it takes the core the load's checks
        and the consolidation's Python leave free; :meth:`first_rows` waits for it.

        ``committed=False``: started before the load is committed (beside its checks and its
        publishing, which replace ``ledger_first_rows``): the rows are numbered into a temporary
        table of the cursor, and copied into ``ledger_first_rows`` once :meth:`_committed` says
        the load was committed; dropped if it was not. Only the copy waits for the commit.
        """
        import atexit

        self._number_rows_stop()  # at most one numbering read at a time
        sql = self._number_rows_sql(pending=not committed)
        if sql is None:
            return
        cur = self.con.cursor()
        outcome = threading.Event()
        if committed:
            self._load_committed = True
            outcome.set()

        def work() -> None:
            try:
                cur.execute(sql)
                if not committed:
                    outcome.wait()
                    if self._load_committed:
                        cur.execute("CREATE OR REPLACE TABLE ledger_first_rows AS SELECT * FROM first_rows_found")
            except duckdb.Error as e:  # interrupted at exit, or the files changed under us
                self._numbering_error = e
            finally:
                cur.close()

        thread = threading.Thread(target=work, name="renketsu-first-rows", daemon=True)
        self._numbering = (thread, cur)
        self._outcome = outcome
        atexit.register(self._number_rows_stop)
        thread.start()

    def _committed(self, ok: bool) -> None:
        """The load was committed (``ok``) or rolled back: a numbering read started before may keep its rows."""
        self._load_committed = ok
        self._outcome.set()
        if not ok:
            self._number_rows_stop()

    def _number_rows_stop(self) -> None:
        """Interrupt a numbering read still running (at exit, or when the ledger is closed)."""
        if self._numbering is None:
            return
        thread, cur = self._numbering
        if thread.is_alive():
            if not self._outcome.is_set():  # stopped before the load ended: keep nothing
                self._load_committed = False
                self._outcome.set()
            try:
                cur.interrupt()
            except duckdb.Error:
                pass
            thread.join()
        self._numbering = None

    def _numbered(self) -> bool:
        """Wait for the rows of the files read in parallel to be numbered (number them now if the read
        in the background failed); whether ``ledger_first_rows`` can be used."""
        if self._numbering is not None:
            self._numbering[0].join()
            self._numbering = None
        if self._unnumbered and (self._numbering_error is not None or not self._has_table("ledger_first_rows")):
            sql = self._number_rows_sql()
            try:
                if sql is not None:
                    self.con.execute(sql)
                    self._numbering_error = None
            except duckdb.Error:
                return False
        return self._has_table("ledger_first_rows")

    def _has_table(self, name: str) -> bool:
        return bool(self.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary",
                                     [name]).fetchall()[0][0])

    def _unnumbered_stored(self) -> None:
        """The CSV files of a stored ledger whose groups have no first row yet (their numbering read did
        not finish before the run that stored them ended): number them now, in the background."""
        if self._has_table("ledger_first_rows"):
            return
        fids = [r[0] for r in self.con.execute(
            "SELECT DISTINCT l.file_id FROM ledger l JOIN ledger_files f ON f.file_id = l.file_id "
            "WHERE l.first_row IS NULL AND f.kind = 'csv' ORDER BY 1").fetchall()]
        for fid in fids:
            header = _csv_header(Path(self._files[fid][0])) if Path(self._files[fid][0]).is_file() else None
            if header:
                self._headers[fid] = header
                self._unnumbered.add(fid)
        if self._want_rows:
            self._number_rows_start()

    def _stage_csv_rows(self, fid: int) -> None:
        """Stage the rows of a well-formed CSV file (already aggregated) with their line numbers, to report on them."""
        name, _sheet, _kind = self._files[fid]
        header = self._headers[fid]
        self.con.execute(
            f"INSERT INTO staging SELECT {_q(name)}, NULL, row_number() OVER () + 1, {self._picked(header, True)}, "
            f"false FROM {self._csv_relation(Path(name), header)}")
        self._staged.add(fid)

    def _aggregate_staged(self, fid: int) -> None:
        """Aggregate the staged rows of file ``fid`` into ``groups``."""
        src = f"(SELECT * FROM staging WHERE file = {_q(self._files[fid][0])})"
        self.con.execute(f"INSERT INTO groups {_group_select(fid, src, 'broken')}")
        self._staged.add(fid)

    def _stage_csv_scan(self, path: Path, header: list[str], problems: Problems) -> bool:
        """Stage a CSV file row by row in Python, reporting rows of the wrong width and unclosed quotes.

        Only files the fast path refused come here. A malformed row is staged as
        ``broken`` with whatever entity and period it shows, so that its entity-period
        is left out of the balance check instead of being reported as unbalanced.
        False when the file cannot be read at all (the problem is reported).
        """
        import pyarrow as pa

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
            return False
        except csvscan.Error as e:
            problems.add(e.kind, e.message, Source(name, e.line), e.hint)
            return False
        for kind, rows in found.items():
            for ln, message, hint in rows[:LIST_LIMIT]:
                problems.add(kind, message, Source(name, ln), hint)
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
        return True

    def _header_ok(self, header: list[str], name: str, problems: Problems, sheet: str | None = None) -> bool:
        unknown = [h for h in header if h not in COLUMNS]
        missing = [c for c in REQUIRED if c not in header]
        twice = sorted({h for h in header if header.count(h) > 1})
        if twice:
            problems.add("csv.duplicate_column", f"column(s) {', '.join(twice)} appear twice in the header",
                         Source(name, 1, sheet), "keep one of each")
            return False
        if unknown:
            problems.add("csv.unknown_column", f"unknown column(s) {', '.join(unknown)}", Source(name, 1, sheet),
                         f"ledger columns are {', '.join(COLUMNS)}")
        if missing:
            problems.add("csv.missing_column", f"missing column(s) {', '.join(missing)}", Source(name, 1, sheet),
                         "add them to the header row")
        return not (unknown or missing)

    def _read_parquet(self, fid: int, f: LedgerFile, problems: Problems) -> bool:
        """Aggregate a Parquet ledger file: the same columns, any column type (read as text)."""
        name = str(f.path)
        try:
            cols = [r[0] for r in self.con.execute(
                f"SELECT name FROM parquet_schema({_q(name)}) WHERE num_children IS NULL OR num_children = 0"
            ).fetchall()]
        except duckdb.Error as e:
            problems.add("parquet.unreadable", f"cannot be read as Parquet: {str(e).splitlines()[0]}", Source(name),
                         "write it again with a Parquet writer (pyarrow, DuckDB, Spark)")
            return False
        if not self._header_ok(cols, name, problems):
            return False
        self._headers[fid] = cols
        try:
            self.con.execute(f"INSERT INTO groups {_group_select(fid, self._parquet_relation(name, cols, row=True), exact=False)}")
        except duckdb.Error as e:
            problems.add("parquet.unreadable", f"cannot be read as Parquet: {str(e).splitlines()[0]}", Source(name),
                         "write it again with a Parquet writer (pyarrow, DuckDB, Spark)")
            return False
        return True

    @staticmethod
    def _parquet_relation(name: str, cols: list[str], row: bool = False) -> str:
        picked = ", ".join((f'CAST("{c}" AS VARCHAR)' if c in cols else "NULL") + f" AS {c}" for c in COLUMNS)
        extra = ", file_row_number + 1 AS row" if row else ""
        return f"(SELECT {picked}{extra} FROM read_parquet({_q(name)}, file_row_number = true))"

    def _stage_xlsx(self, f: LedgerFile, problems: Problems) -> str | None:
        """Stage the first sheet of an .xlsx file; its title, or None when it cannot be read (reported)."""
        import pyarrow as pa

        path, name = f.path, str(f.path)
        reason = _xlsx_refusal(f)
        if reason is not None:
            problems.add("xlsx.unreadable", f"cannot be read as Excel: {reason[0]}", Source(name), reason[1])
            return None
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=False)
        except Exception as e:  # openpyxl raises many kinds for a damaged file
            why = str(e) or type(e).__name__
            problems.add("xlsx.unreadable", f"cannot be read as Excel: {why}", Source(name),
                         "open it in Excel and save it again as .xlsx, or export the sheet as CSV")
            return None
        try:
            if not wb.worksheets:
                problems.add("xlsx.no_sheet", "has no worksheet", Source(name),
                             "put the trial balance on the first sheet")
                return None
            ws = wb.worksheets[0]
            rows = ws.iter_rows()
            try:
                header = [str(c.value).strip() if c.value is not None else "" for c in next(rows)]
            except StopIteration:
                problems.add("csv.empty", "the first sheet is empty", Source(name, 1, ws.title))
                return None
            if not self._header_ok([h for h in header if h], name, problems, ws.title):
                return None
            data: dict[str, list] = {c: [] for c in ("row", *COLUMNS)}
            formulas: list[int] = []
            for i, cells in enumerate(rows, start=2):
                values = [c.value for c in cells]
                if all(v is None for v in values):
                    continue
                rec = dict(zip(header, cells))
                data["row"].append(i)
                for c in COLUMNS:
                    cell = rec.get(c)
                    v = cell.value if cell is not None else None
                    if isinstance(v, str) and v.startswith("=") and getattr(cell, "data_type", None) == "f":
                        formulas.append(i)
                        v = None
                    data[c].append(_cell_text(v))
            for i in formulas[:LIST_LIMIT]:
                problems.add("xlsx.formula", "a cell holds a formula, not a value", Source(name, i, ws.title),
                             "paste the values (Paste Special > Values) or export the sheet as CSV")
            if len(formulas) > LIST_LIMIT:
                problems.add("xlsx.formula", f"... and {len(formulas) - LIST_LIMIT} more rows with the same problem",
                             Source(name, None, ws.title), "paste the values (Paste Special > Values)")
            title = ws.title
        finally:
            wb.close()
        table = pa.table({"file": [name] * len(data["row"]), "sheet": [title] * len(data["row"]),
                          "row": pa.array(data["row"], pa.int64()),
                          "broken": pa.array([r in set(formulas) for r in data["row"]], pa.bool_()),
                          **{c: pa.array(data[c], pa.string()) for c in COLUMNS}})
        self.con.register("xlsx_rows", table)
        self.con.execute("INSERT INTO staging SELECT file, sheet, row, entity, period, account, partner, amount, date, "
                         "broken FROM xlsx_rows")
        self.con.unregister("xlsx_rows")
        return title

    def _check(self, ws: Workspace, problems: Problems) -> None:
        """Check the groups; re-read the files whose groups show a problem to name each row."""
        con = self.con
        g = ws.group
        self._temp_table("entities", ["id"], [(e,) for e in g.entities])
        self._temp_table("accounts", ["id"], [(a,) for a in g.accounts])
        self._temp_table("mapping", ["entity", "local", "account"],
                         [(e.id, loc, acc) for e in g.entities.values() for loc, acc in e.mapping.items()])
        self._temp_table("mapped_entities", ["id"], [(e.id,) for e in g.entities.values() if e.mapping])
        self._temp_table("files", ["file_id", "path", "sheet", "kind"],
                         [(str(fid), p, s, k) for fid, (p, s, k) in self._files.items()])
        # Files with an amount the cheap test doubts: read their rows again, aggregate them exactly.
        for (fid,) in con.execute("SELECT DISTINCT file_id FROM groups WHERE n_suspect > 0 ORDER BY 1").fetchall():
            con.execute(f"DELETE FROM groups WHERE file_id = {fid}")
            self._stage_rows(fid)
            self._aggregate_staged(fid)
            self._unnumbered.discard(fid)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE tg AS
            SELECT g.file_id, nullif(trim(g.entity), '') AS entity, nullif(trim(g.period), '') AS period_text,
                   {_date_value("trim(g.period)")} AS period, nullif(trim(g.account), '') AS local_account,
                   coalesce(m.account, CASE WHEN me.id IS NULL THEN nullif(trim(g.account), '') END) AS account,
                   nullif(trim(g.partner), '') AS partner, nullif(trim(g.date), '') AS date_text,
                   {_date_value("trim(g.date)")} AS date, g.amount, g.n, g.n_amount, g.n_broken, g.first_row
            FROM groups g
            LEFT JOIN mapping m ON m.entity = trim(g.entity) AND m.local = trim(g.account)
            LEFT JOIN mapped_entities me ON me.id = trim(g.entity)
        """)
        offending = [r[0] for r in con.execute("""
            SELECT DISTINCT file_id FROM tg
            WHERE n_broken > 0 OR n_amount < n OR entity IS NULL OR period IS NULL OR local_account IS NULL
               OR (date_text IS NOT NULL AND date IS NULL)
               OR entity NOT IN (SELECT id FROM entities) OR account IS NULL
               OR account NOT IN (SELECT id FROM accounts)
               OR (partner IS NOT NULL AND partner NOT IN (SELECT id FROM entities))
            ORDER BY file_id
        """).fetchall()]
        if offending:
            self._report_rows(offending, problems)
        self._check_balance(problems)

    def _report_rows(self, offending: list[int], problems: Problems) -> None:
        """Read the offending files' rows again (those not staged yet) and report every row-level problem."""
        con = self.con
        for fid in offending:
            if fid not in self._staged:
                self._stage_rows(fid)
        names = ", ".join(_q(self._files[fid][0]) for fid in offending)
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE typed AS
            SELECT s.file, s.sheet, s.row, s.broken, trim(s.entity) AS entity, trim(s.period) AS period_text,
                   {_date_value("trim(s.period)")} AS period, trim(s.account) AS local_account,
                   coalesce(m.account, CASE WHEN me.id IS NULL THEN trim(s.account) END) AS account,
                   nullif(trim(s.partner), '') AS partner, trim(s.amount) AS amount_text,
                   {_amount_value("trim(s.amount)")} AS amount, TRY_CAST(trim(s.amount) AS {MONEY}) AS loose_amount,
                   nullif(trim(s.date), '') AS date_text, {_date_value("nullif(trim(s.date), '')")} AS date
            FROM staging s
            LEFT JOIN mapping m ON m.entity = trim(s.entity) AND m.local = trim(s.account)
            LEFT JOIN mapped_entities me ON me.id = trim(s.entity)
            WHERE s.file IN ({names})
        """)
        empty = ("concat_ws(' and ', CASE WHEN coalesce(entity, '') = '' THEN 'entity' END, "
                 "CASE WHEN coalesce(period_text, '') = '' THEN 'period' END, "
                 "CASE WHEN coalesce(local_account, '') = '' THEN 'account' END, "
                 "CASE WHEN coalesce(amount_text, '') = '' THEN 'amount' END)")
        too_large = f"regexp_matches(amount_text, '^[-+]?[0-9]{{{INTEGER_DIGITS + 1},}}')"
        exponent = r"regexp_full_match(amount_text, '[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+')"
        decimals = f"regexp_matches(amount_text, '^[-+]?[0-9]*\\.[0-9]{{{SCALE + 1},}}$')"
        checks = [
            ("ledger.missing_value", None,
             ("coalesce(entity, '') = '' OR coalesce(period_text, '') = '' OR coalesce(local_account, '') = '' "
              "OR coalesce(amount_text, '') = ''"), empty,
             "fill in the cell: entity, period, account and amount are required"),
            ("ledger.bad_amount", "amount is not a decimal number",
             (f"coalesce(amount_text, '') <> '' AND amount IS NULL AND NOT {too_large} AND NOT {exponent} "
              f"AND NOT {decimals}"), "amount_text", _HINT_AMOUNT),
            ("ledger.exponent_amount", "amount is in exponent form", f"NOT {too_large} AND {exponent}",
             "amount_text", (f"write the number with all its digits (at most {INTEGER_DIGITS} before the point "
                             f"and {SCALE} after it), e.g. 1234.50")),
            ("ledger.too_large", f"amount has more than {INTEGER_DIGITS} digits before the decimal point",
             too_large, "amount_text",
             "amounts are limited so that sums over millions of rows stay exact in DECIMAL(38, 6)"),
            ("ledger.too_many_decimals", f"amount has more than {SCALE} decimal places",
             f"loose_amount IS NOT NULL AND {decimals}", "amount_text",
             f"round it to at most {SCALE} places in the source system"),
            ("ledger.bad_period", "period is not a date",
             f"coalesce(period_text, '') <> '' AND period IS NULL AND NOT {_date_out_of_range('period_text')}",
             "period_text", "write YYYY-MM-DD"),
            ("ledger.date_range", f"period is outside the years {MIN_YEAR} to {MAX_YEAR}",
             _date_out_of_range("period_text"), "period_text", "write the period end as YYYY-MM-DD"),
            ("ledger.bad_date", "date is not a date",
             f"date_text IS NOT NULL AND date IS NULL AND NOT {_date_out_of_range('date_text')}", "date_text",
             "write YYYY-MM-DD or leave it empty"),
            ("ledger.date_range", f"date is outside the years {MIN_YEAR} to {MAX_YEAR}",
             _date_out_of_range("date_text"), "date_text", "write YYYY-MM-DD or leave it empty"),
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

    def _stage_rows(self, fid: int) -> None:
        """Stage the rows of a CSV or Parquet file read in the aggregate only, to check or report on them."""
        if self._files[fid][2] == "csv":
            self._stage_csv_rows(fid)
        else:
            self._stage_parquet_rows(fid)

    def _stage_parquet_rows(self, fid: int) -> None:
        name = self._files[fid][0]
        rel = self._parquet_relation(name, self._headers[fid], row=True)
        self.con.execute(f"INSERT INTO staging SELECT {_q(name)}, NULL, row, entity, period, account, partner, amount, "
                         f"date, false FROM {rel}")
        self._staged.add(fid)

    def _check_balance(self, problems: Problems) -> None:
        """Entity-periods that do not balance, only where every row could be read.

        An entity with a row whose period is unreadable is left out entirely (that row
        may belong to any period); an entity-period with an unreadable amount or a
        malformed row is left out.
        """
        try:
            rows = self.con.execute("""
                SELECT t.entity, t.period, sum(t.amount) AS diff, min(f.path) AS file
                FROM tg t JOIN files f ON f.file_id = CAST(t.file_id AS VARCHAR)
                WHERE t.period IS NOT NULL AND t.entity IS NOT NULL
                  AND t.entity NOT IN (SELECT entity FROM tg WHERE period IS NULL AND entity IS NOT NULL)
                GROUP BY t.entity, t.period
                HAVING sum(t.n_amount) = sum(t.n) AND sum(t.n_broken) = 0 AND sum(t.amount) <> 0
                ORDER BY t.entity, t.period
            """).fetchall()
        except duckdb.OutOfRangeException:
            problems.add("ledger.overflow", "the amounts of an entity-period sum to more than DECIMAL(38, 6) holds",
                         Source(str(next(iter(self._files.values()))[0]) if self._files else "ledger"),
                         "amounts are limited to 24 digits before the point; check for a mistyped amount")
            return
        for entity, period, diff, file in rows:
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
                text = message + (f" ({_shown(val)})" if val is not None else "")
            problems.add(kind, text, Source(file, row, sheet), hint)
        for file, total in sorted({(r[0], r[4]) for r in rows if r[4] > LIST_LIMIT}):
            problems.add(kind, f"... and {total - LIST_LIMIT} more rows with the same problem", Source(file), hint)

    def _temp_table(self, name: str, columns: list[str], rows: list[tuple]) -> None:
        """A temporary table of text columns from Python tuples (entities, not rows).

        Each column is bound as one VARCHAR[] parameter and unnested (the lists of one SELECT
        unnest side by side): no Arrow table, whose first use costs a second of start-up. Past
        a few thousand values binding lists is the slower way, and Arrow is used.
        """
        if len(rows) * len(columns) > _LIST_BIND_LIMIT:
            import pyarrow as pa

            table = pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)})
            self.con.register(f"_{name}_arrow", table)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _{name}_arrow")
            self.con.unregister(f"_{name}_arrow")
            return
        picked = ", ".join(f"unnest(CAST(? AS VARCHAR[])) AS {c}" for c in columns)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {picked}",
                         [[r[i] for r in rows] for i in range(len(columns))])

    def _publish(self, fingerprint: str, ordered: bool = True) -> None:
        """The groups as the ``ledger`` table. ``ordered``: stored sorted by entity, period and account (a ``--db``
        file, whose later runs read it by period and entity); in memory for one run it is not (the sort was 0.08 s
        of the 10M-row group's load): every query that hands rows on sorts what it returns."""
        con = self.con
        order = " ORDER BY entity, period, account" if ordered else ""
        con.execute(f"""
            CREATE OR REPLACE TABLE ledger AS
            SELECT entity, period, account, local_account, partner, date, file_id,
                   sum(amount)::{MONEY} AS amount, sum(n)::BIGINT AS rows, min(first_row)::BIGINT AS first_row
            FROM tg GROUP BY ALL{order}
        """)
        con.execute("CREATE OR REPLACE TABLE ledger_files AS "
                    "SELECT CAST(file_id AS INTEGER) AS file_id, path, sheet, kind FROM files")
        con.execute("CREATE OR REPLACE TABLE renketsu_meta (fingerprint VARCHAR, loaded_at TIMESTAMP)")
        con.execute("INSERT INTO renketsu_meta VALUES (?, now())", [fingerprint])
        con.execute("DROP TABLE IF EXISTS ledger_first_rows")
        for t in ("tg", "groups", "staging", "typed"):
            con.execute(f"DROP TABLE IF EXISTS {t}")

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
        """The number of ledger rows loaded."""
        return int(self.con.execute("SELECT coalesce(sum(rows), 0) FROM ledger").fetchall()[0][0])

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

    def local_tbs(self, periods: list[dt.date], dated: list[str] | None = None
                  ) -> dict[tuple[str, dt.date], dict[tuple[str, str | None, dt.date | None], Decimal]]:
        """Per (entity, period), the amounts by (account, partner, date) of :meth:`balances`.

        Periods read before (with the same ``dated``) are not read again; the ones missing
        are read in one query. A consolidation reads its period and every earlier fiscal year
        end, so the comparative year that follows finds all its periods here.
        """
        cache = self._local.setdefault(tuple(dated) if dated is not None else None, {})
        missing = [p for p in dict.fromkeys(periods) if p not in cache]
        if missing:
            for p in missing:
                cache[p] = {}
            self._aggregate_into(cache, missing, dated)
        return {(e, p): tb for p in periods for e, tb in cache[p].items()}

    def _aggregate_sql(self, periods: list[dt.date], entities: list[str] | None, dated: list[str] | None) -> str:
        """SQL of :meth:`_aggregate`: ``(entity, period, account, partner, date, amount)``, amount DECIMAL."""
        plist = ", ".join(f"DATE {_q(p.isoformat())}" for p in periods)
        sql = (f"SELECT entity, period, account, partner, date, sum(amount) FROM ledger WHERE period IN ({plist})")
        if entities is not None:
            self._temp_table("wanted", ["id"], [(e,) for e in entities])
            sql += " AND entity IN (SELECT id FROM wanted)"
        sql += " GROUP BY ALL HAVING sum(amount) <> 0"
        if dated is not None and self._has_dates():
            # Dated rows are near row level: fold the dates of entities that do not need them
            # in DuckDB rather than handing every journal line to Python.
            self._temp_table("keep_dates", ["id"], [(e,) for e in dated])
            sql = ("SELECT entity, period, account, partner, "
                   "CASE WHEN entity IN (SELECT id FROM keep_dates) THEN date END AS date, sum(amount) "
                   f"FROM ({sql}) AS t(entity, period, account, partner, date, amount) GROUP BY ALL")
        return f"SELECT * FROM ({sql}) AS b(entity, period, account, partner, date, amount)"

    def _aggregate(self, periods: list[dt.date], entities: list[str] | None, dated: list[str] | None) -> list[tuple]:
        # The amounts as text, made Decimals here: the same values, faster than the driver's conversion.
        # Ordered: a parallel GROUP BY returns its groups in no fixed order, and whatever consumes them
        # in turn (messages naming what needs a rate, first among equals) must not vary run to run.
        rows = self.con.execute(f"SELECT entity, period, account, partner, date, CAST(amount AS VARCHAR) "
                                f"FROM ({self._aggregate_sql(periods, entities, dated)}) "
                                f"ORDER BY entity, period, account, partner NULLS FIRST, date NULLS FIRST").fetchall()
        return [(e, p, a, pa, d, Decimal(v)) for e, p, a, pa, d, v in rows]

    def _aggregate_into(self, cache: dict[dt.date, dict[str, dict]], periods: list[dt.date],
                        dated: list[str] | None) -> None:
        """:meth:`_aggregate` of ``periods`` put into ``cache`` (period, then entity, then (account, partner, date)).

        Without transaction dates, fetched one period at a time and column by column
        (``fetchnumpy``), without the period and date columns: less of the driver's work
        for the same values (the amounts as text, made Decimals here).
        """
        if self._has_dates() or self._group_count() < _NUMPY_FETCH:
            for entity, period, account, partner, date, amount in self._aggregate(periods, None, dated):
                cache[period].setdefault(entity, {})[(account, partner, date)] = amount
            return
        names, accounts = self._name_index()
        for period in periods:
            # Entity, account and partner as their places in the sorted lists of names (integers, no
            # Python string per row; ordered by them as by the texts); the amounts as text.
            cols = self.con.execute(
                f"SELECT e.ix AS entity, a.ix AS account, coalesce(p.ix, -1) AS partner, "
                f"CAST(b.amount AS VARCHAR) AS amount FROM ({self._aggregate_sql([period], None, dated)}) b "
                f"JOIN _tb_names e ON e.name = b.entity JOIN _tb_accounts a ON a.name = b.account "
                f"LEFT JOIN _tb_names p ON p.name = b.partner ORDER BY 1, 2, 3"
            ).fetchnumpy()
            _into_entities(cache[period], cols, names, accounts)

    def _name_index(self) -> tuple[list[str], list[str]]:
        """The entity and partner names, and the group accounts, of the ledger, sorted; each as a
        temporary table of (name, ix), ix its place in the list (made once: the ledger does not change)."""
        if self._names is None:
            lists = []
            for table, names in (("_tb_names", "SELECT entity FROM ledger UNION SELECT partner FROM ledger "
                                               "WHERE partner IS NOT NULL"),
                                 ("_tb_accounts", "SELECT DISTINCT account FROM ledger")):
                self.con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT name, "
                                 f"(row_number() OVER (ORDER BY name) - 1)::INTEGER AS ix FROM ({names}) AS n(name)")
                lists.append([r[0] for r in self.con.execute(f"SELECT name FROM {table} ORDER BY ix").fetchall()])
            self._names = (lists[0], lists[1])
        return self._names

    def _group_count(self) -> int:
        if self._groups is None:
            self._groups = int(self.con.execute("SELECT count(*) FROM ledger").fetchall()[0][0])
        return self._groups

    def _has_dates(self) -> bool:
        """Whether any row of the ledger has a transaction date (else there is no date to fold)."""
        if self._dates is None:
            self._dates = bool(self.con.execute(
                "SELECT EXISTS (SELECT 1 FROM ledger WHERE date IS NOT NULL)").fetchall()[0][0])
        return self._dates

    def account_balances(self, period: dt.date, entities: list[str]) -> list[tuple[str, str, Decimal]]:
        """(entity, group account, sum) at ``period`` for ``entities``, from the groups (one query)."""
        self._temp_table("_ab_entities", ["id"], [(e,) for e in entities])
        return self.con.execute(
            "SELECT entity, account, SUM(amount) FROM ledger WHERE period = ? "
            "AND entity IN (SELECT id FROM _ab_entities) GROUP BY entity, account", [period]).fetchall()

    def without_partner(self, accounts: list[str], period: dt.date) -> list[tuple[str, str]]:
        """(entity, group account) pairs at ``period`` with a non-zero balance on one of ``accounts``
        that names no partner; read from the aggregated groups, no file is read again."""
        if not accounts:
            return []
        self._temp_table("_np_accounts", ["id"], [(a,) for a in accounts])
        return [(e, a) for e, a in self.con.execute(
            "SELECT entity, account FROM ledger WHERE period = ? AND partner IS NULL "
            "AND account IN (SELECT id FROM _np_accounts) GROUP BY entity, account "
            "HAVING sum(amount) <> 0 ORDER BY entity, account", [period]).fetchall()]

    def first_rows(self, keys: list[tuple[str, str]], period: dt.date) -> dict[tuple[str, str], tuple[str, int | None]]:
        """The first ledger row ``(file, row)`` behind each (entity, group account) balance at ``period``.

        The first of the rows :meth:`rows` would return (by file, then row), found in the
        groups in one query; no file is read again. A key without rows is left out. Where that
        first row lies in a file read in parallel and the ledger was loaded without
        ``first_rows``, the row is None: the file is named, the row not (``Ledger.load``).
        """
        if not keys:
            return {}
        if not self._files:
            self._read_files_table()
        self._temp_table("_first_keys", ["entity", "account"], list(dict.fromkeys(keys)))
        # The numbering read's rows: waited for when asked for at the load, else those a stored
        # ledger (--db) kept from an earlier run, if any.
        numbered = self._numbered() if self._want_rows else self._has_table("ledger_first_rows")
        if numbered and self._has_table("ledger_first_rows"):
            # Groups of a file read in parallel take their first row from the numbering read.
            found = self.con.execute(
                "SELECT l.entity, l.account, l.file_id, min(coalesce(l.first_row, r.first_row)) FROM ledger l "
                "JOIN _first_keys k ON k.entity = l.entity AND k.account = l.account "
                "LEFT JOIN ledger_first_rows r ON l.first_row IS NULL AND r.file_id = l.file_id "
                "AND r.entity = l.entity AND r.period = l.period AND r.local_account = l.local_account "
                "WHERE l.period = ? GROUP BY ALL", [period]).fetchall()
        else:
            found = self.con.execute(
                "SELECT l.entity, l.account, l.file_id, min(l.first_row) FROM ledger l "
                "JOIN _first_keys k ON k.entity = l.entity AND k.account = l.account "
                "WHERE l.period = ? GROUP BY ALL", [period]).fetchall()
        best: dict[tuple[str, str], tuple[str, int]] = {}
        for entity, account, fid, row in found:
            hit = (self._files[fid][0], -1 if row is None else int(row))  # -1: the file's row not known
            if (entity, account) not in best or hit < best[(entity, account)]:
                best[(entity, account)] = hit
        return {k: (f, None if r < 0 else r) for k, (f, r) in best.items()}

    def rows(self, entity: str, account: str, period: dt.date) -> list[dict]:
        """The ledger rows behind one entity's balance on one group account, with file and row.

        The files holding them are read again, filtered on the entity, its local
        accounts mapped to ``account`` and the period.
        """
        if not self._files:
            self._read_files_table()
        found = self.con.execute(
            "SELECT file_id, list(DISTINCT local_account) FROM ledger WHERE entity = ? AND account = ? AND period = ? "
            "GROUP BY file_id ORDER BY file_id", [entity, account, period]).fetchall()
        out: list[dict] = []
        for fid, locals_ in found:
            path, sheet, kind = self._files[fid]
            out.extend(self._file_rows(Path(path), sheet, kind, entity, list(locals_), period))
        out.sort(key=lambda r: (r["file"], r["row"]))
        return out

    def _file_rows(self, path: Path, sheet: str | None, kind: str, entity: str, locals_: list[str],
                   period: dt.date) -> list[dict]:
        name = str(path)
        if kind == "csv":
            header = _csv_header(path) or []
            src = (f"(SELECT row_number() OVER () + 1 AS row, {self._picked(header, True)} "
                   f"FROM {self._csv_relation(path, header)})")
        elif kind == "parquet":
            cols = [r[0] for r in self.con.execute(f"SELECT name FROM parquet_schema({_q(name)})").fetchall()]
            src = self._parquet_relation(name, cols, row=True)
        else:
            import pyarrow as pa
            from openpyxl import load_workbook

            wb = load_workbook(path, read_only=True, data_only=False)
            try:
                it = wb.worksheets[0].iter_rows(values_only=True)
                header = [str(c).strip() if c is not None else "" for c in next(it)]
                recs: dict[str, list] = {c: [] for c in ("row", *COLUMNS)}
                for i, cells in enumerate(it, start=2):
                    rec = dict(zip(header, cells))
                    recs["row"].append(i)
                    for c in COLUMNS:
                        recs[c].append(_cell_text(rec.get(c)))
            finally:
                wb.close()
            tbl = pa.table({"row": pa.array(recs["row"], pa.int64()),
                            **{c: pa.array(recs[c], pa.string()) for c in COLUMNS}})
            self.con.register("_xlsx_drill", tbl)
            src = "_xlsx_drill"
        self._temp_table("_drill_locals", ["id"], [(a,) for a in locals_])
        date = _date_value("nullif(trim(date), '')")
        cur = self.con.execute(
            f"SELECT row, trim(account) AS local_account, nullif(trim(partner), '') AS partner, "
            f"{date} AS date, {_amount_value('amount')} AS amount FROM {src} "
            f"WHERE trim(entity) = ? AND trim(account) IN (SELECT id FROM _drill_locals) "
            f"AND {_date_value('trim(period)')} = ? ORDER BY row", [entity, period])
        out = [{"file": name, "sheet": sheet, "row": r[0], "local_account": r[1], "partner": r[2], "date": r[3],
                "amount": r[4]} for r in cur.fetchall()]
        if kind == "xlsx":
            self.con.unregister("_xlsx_drill")
        return out

    def close(self) -> None:
        self._number_rows_stop()
        self.con.close()


#: Longest cell text quoted whole in a message; a longer one is cut and its length given.
_SHOWN = 60


def _shown(value: str) -> str:
    """A cell's text for a message: quoted, cut when long (a runaway cell is not printed whole)."""
    if len(value) <= _SHOWN:
        return repr(value)
    return f"{value[:_SHOWN // 2]!r}... ({len(value):,} characters)"


class _CellTooLong(Exception):
    """A CSV cell longer than CELL_LIMIT."""


def _xlsx_refusal(f: LedgerFile) -> tuple[str, str] | None:
    """Why an .xlsx file is refused before it is opened (too large, a zip bomb, not a zip), or None."""
    import zipfile

    if f.size > XLSX_MAX_FILE:
        return (f"the file is {f.size / 2**20:,.0f} MB, more than the {XLSX_MAX_FILE >> 20} MB read from Excel",
                "export the trial balance as CSV or Parquet")
    try:
        with zipfile.ZipFile(f.path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        return (f"it is not an .xlsx (zip) file ({e})", "open it in Excel and save it as .xlsx, or export it as CSV")
    if unpacked > XLSX_MAX_UNPACKED:
        return ((f"its parts unpack to {unpacked / 2**20:,.0f} MB, more than {XLSX_MAX_UNPACKED >> 20} MB "
                 "(a damaged file or a zip bomb)"), "export the trial balance as CSV or Parquet")
    return None


def _csv_header(path: Path) -> list[str] | None:
    import csv

    with path.open(newline="", encoding="utf-8-sig") as fh:
        try:
            return [h.strip() for h in next(csv.reader(fh))]
        except StopIteration:
            return None
        except csv.Error as e:
            if "field larger than field limit" in str(e):
                raise _CellTooLong from None
            raise


def _into_entities(tbs: dict[str, dict], cols: dict, names: list[str], accounts: list[str]) -> None:
    """Columns entity, account, partner (places in ``names``, ``accounts`` and ``names``, -1 for no
    partner) and amount (text) of one period, ordered by entity, into ``tbs``.

    Each entity's keys and amounts go in as one run of a single iterator (the keys built and the
    amounts made Decimals by C loops, not one Python statement per key): the same dicts, in the
    same order, each name one shared string.
    """
    import numpy as np

    entity = np.asarray(cols["entity"])  # never NULL: the load refuses a row without an entity
    n = len(entity)
    if not n:
        return
    bounds = [0, *(np.flatnonzero(entity[1:] != entity[:-1]) + 1).tolist(), n]
    partners = [*names, None]  # -1: no partner
    items = zip(zip(map(accounts.__getitem__, cols["account"].tolist()),
                    map(partners.__getitem__, cols["partner"].tolist()), repeat(None)),
                map(Decimal, cols["amount"].tolist()))
    for ix, start, end in zip(entity[bounds[:-1]].tolist(), bounds, bounds[1:]):
        tbs.setdefault(names[ix], {}).update(islice(items, end - start))


class _LineCount:
    """:func:`_lines_after_header` of ``path`` counted in a thread; :meth:`result` waits for it
    (and raises what the count raised, as the call itself would have)."""

    def __init__(self, path: Path):
        self._path = path
        self._out: list[int] = []
        self._error: list[BaseException] = []
        self._thread = threading.Thread(target=self._work, name="renketsu-line-count", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            self._out.append(_lines_after_header(self._path))
        except BaseException as e:  # handed to the caller by result()
            self._error.append(e)

    def join(self) -> None:
        self._thread.join()

    def result(self) -> int:
        self._thread.join()
        if self._error:
            raise self._error[0]
        return self._out[0]


def _lines_after_header(path: Path) -> int:
    """The number of lines after the header, not counting the line ends at the end of the file.

    Counted in 1 MB chunks, without decoding: equal to the number of rows DuckDB
    reads exactly when the file has no blank line inside it. A file of at least
    ``PARALLEL_BYTES`` is counted with numpy (about 2.5x faster than ``bytes.count`` on
    10M rows; numpy is imported by the column fetch of such ledgers anyway).
    """
    n = tail = 0
    count = _newlines_numpy() if path.stat().st_size >= PARALLEL_BYTES else _newlines_bytes
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            n += count(chunk)
            body = chunk.rstrip(b"\r\n")
            tail = chunk[len(body):].count(b"\n") + (0 if body else tail)
    return n - tail


def _newlines_bytes(chunk: bytes) -> int:
    return chunk.count(b"\n")


def _newlines_numpy() -> Callable[[bytes], int]:
    import numpy as np

    def count(chunk: bytes) -> int:
        return int(np.count_nonzero(np.frombuffer(chunk, np.uint8) == 10))
    return count


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
        "SELECT coalesce(sum(rows), 0), count(DISTINCT entity), count(DISTINCT period) FROM ledger").fetchall()[0]
    return {"rows": int(n), "entities": ents, "periods": pers}


__all__ = ["MONEY", "SCALE", "Ledger", "LedgerFile", "ledger_files", "summary"]
