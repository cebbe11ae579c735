"""entities.csv and holdings.csv with CRLF line ends (Python's csv module writes them so) are read
column by column too, with what the checked path gives; a carriage return anywhere else still sends
the file to the checked path."""

from __future__ import annotations

from renketsu.model.errors import Problems
from renketsu.workspace import reader
from renketsu.workspace.reader import read_workspace

from .test_cli import app  # noqa: F401 - the fixture
from .test_large_reading import _generated


def _crlf(path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))


def test_crlf_files_take_the_column_path_and_read_as_the_checked_path(app, tmp_path, monkeypatch):  # noqa: F811
    root = _generated(app, tmp_path)
    for name in ("entities.csv", "holdings.csv"):
        _crlf(root / name)
    assert b"\r\n" in (root / "holdings.csv").read_bytes()
    calls = []
    real = reader._plain_rows
    monkeypatch.setattr(reader, "_plain_rows", lambda *a: calls.append(r := real(*a)) or r)
    fast = read_workspace(root, p1 := Problems())
    assert len(calls) == 2 and all(c is not None for c in calls)
    monkeypatch.setattr(reader, "_plain_rows", lambda *a: None)
    slow = read_workspace(root, p2 := Problems())
    assert not p1 and not p2 and fast is not None and slow is not None
    assert fast.group.entities == slow.group.entities
    assert fast.group.holdings == slow.group.holdings
    assert [h.source for h in fast.group.holdings] == [h.source for h in slow.group.holdings]


def test_a_lone_carriage_return_takes_the_checked_path(app, tmp_path):  # noqa: F811
    root = _generated(app, tmp_path)
    _crlf(root / "entities.csv")
    data = (root / "entities.csv").read_bytes().replace(b"Entity 7,", b"Entity\r7,", 1)
    (root / "entities.csv").write_bytes(data)
    ctx = reader._Ctx(root, Problems())
    cols, req = reader._fields(reader.s.EntityRow)
    assert reader._plain_rows(ctx, "entities.csv", reader.s.EntityRow, cols, req) is None
