"""Large groups are validated a whole list at a time; a bad row is still named by file and row, in row order."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from renketsu.model.errors import Problems
from renketsu.workspace.reader import read_workspace

from .test_cli import app  # noqa: F401 - the fixture


def _generated(app, tmp_path: Path, **kw) -> Path:  # noqa: F811
    out = tmp_path / "ws"
    args = ["generate", str(out), "--entities", "300", "--seed", "2", "--cycles", "0"]
    for k, v in kw.items():
        args += [f"--{k.replace('_', '-')}", str(v)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    return out


def test_good_large_files_read_in_bulk(app, tmp_path):  # noqa: F811
    ws = read_workspace(_generated(app, tmp_path), problems := Problems())
    assert not problems and ws is not None
    assert len(ws.group.entities) == 300 and len(ws.group.holdings) > 300
    h = ws.group.holdings[0]
    assert h.source.file.endswith("holdings.csv") and h.source.row and h.source.row > 1


def test_bad_holdings_rows_are_named_in_row_order(app, tmp_path):  # noqa: F811
    root = _generated(app, tmp_path)
    lines = (root / "holdings.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[150].split(",")
    cells[3] = "abc"  # share
    lines[150] = ",".join(cells)
    lines[200] = lines[200].rsplit(",", 2)[0]  # a short row: the file's own problem
    cells = lines[250].split(",")
    cells[0] = "2024-02-30"
    lines[250] = ",".join(cells)
    (root / "holdings.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    read_workspace(root, problems := Problems())
    found = [(p.where.row, p.kind) for p in problems.items if p.where and p.where.file.endswith("holdings.csv")]
    assert [r for r, _ in found] == [151, 201, 251], found
    assert all(str(p.where).startswith(str(root / "holdings.csv")) for p in problems.items[:3])


def test_bad_inline_holding_is_named_at_its_line(app, tmp_path):  # noqa: F811
    root = _generated(app, tmp_path, ledger_rows=2000)
    doc = yaml.safe_load((root / "group.yaml").read_text(encoding="utf-8"))
    assert len(doc["holdings"]) > 100  # the bulk path
    doc["holdings"][120]["share"] = "0.5.5"
    (root / "group.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    read_workspace(root, problems := Problems())
    bad = [p for p in problems.items if p.where and p.where.key and p.where.key.startswith("holdings[120]")]
    assert len(bad) == 1 and bad[0].where.row and bad[0].where.file.endswith("group.yaml"), problems.items


def test_plain_files_read_column_by_column_give_what_the_checked_path_gives(app, tmp_path, monkeypatch):  # noqa: F811
    from renketsu.workspace import reader

    root = _generated(app, tmp_path)
    with open(root / "entities.csv", "a", encoding="utf-8") as f:
        f.write(",,,,,\n")  # a blank record: skipped by both
    calls = []
    real = reader._plain_rows
    monkeypatch.setattr(reader, "_plain_rows", lambda *a: calls.append(r := real(*a)) or r)
    fast = read_workspace(root, Problems())
    assert len(calls) == 2 and all(c is not None for c in calls)  # both files took the column path
    monkeypatch.setattr(reader, "_plain_rows", lambda *a: None)
    slow = read_workspace(root, Problems())
    assert fast is not None and slow is not None
    assert fast.group.entities == slow.group.entities
    assert fast.group.holdings == slow.group.holdings


def test_a_quoted_cell_takes_the_checked_path(app, tmp_path):  # noqa: F811
    from renketsu.workspace import reader

    root = _generated(app, tmp_path)
    text = (root / "entities.csv").read_text(encoding="utf-8").replace("Entity 7,", '"Entity 7",', 1)
    (root / "entities.csv").write_text(text, encoding="utf-8")
    ctx = reader._Ctx(root, Problems())
    cols, req = reader._fields(reader.s.EntityRow)
    assert reader._plain_rows(ctx, "entities.csv", reader.s.EntityRow, cols, req) is None
    ws = read_workspace(root, problems := Problems())
    assert not problems and ws is not None and ws.group.entities["E007"].name == "Entity 7"


def test_files_without_spaces_and_with_padded_cells_read_alike(app, tmp_path, monkeypatch):  # noqa: F811
    """The column path splits a file without inner whitespace as is, and strips cells otherwise."""
    from renketsu.workspace import reader

    root = _generated(app, tmp_path)
    ents = (root / "entities.csv").read_text(encoding="utf-8").replace("Entity ", "Entity_")
    (root / "entities.csv").write_text(ents + ",,,,,\n\n", encoding="utf-8")  # no space left; blank records
    hold = (root / "holdings.csv").read_text(encoding="utf-8").splitlines()
    hold[3] = ",".join(f" {c}\t" for c in hold[3].split(","))  # padded cells: the stripping path
    (root / "holdings.csv").write_text("\n".join(hold) + "\n", encoding="utf-8")
    assert "Entity_7" in ents and " " not in ents
    calls = []
    real = reader._plain_rows
    monkeypatch.setattr(reader, "_plain_rows", lambda *a: calls.append(r := real(*a)) or r)
    fast = read_workspace(root, Problems())
    assert len(calls) == 2 and all(c is not None for c in calls)
    monkeypatch.setattr(reader, "_plain_rows", lambda *a: None)
    slow = read_workspace(root, Problems())
    assert fast is not None and slow is not None
    assert fast.group.entities == slow.group.entities
    assert fast.group.holdings == slow.group.holdings


def test_clean_files_are_split_whole_columns_at_a_time(app, tmp_path, monkeypatch):  # noqa: F811
    """A file with every row as wide as the header and no padded cell ("Entity 7" has a space
    inside) is split once into columns (``_columns``); the objects are those of the checked path."""
    from renketsu.workspace import reader

    root = _generated(app, tmp_path)
    assert " " in (root / "entities.csv").read_text(encoding="utf-8")
    split = []
    real = reader._columns
    monkeypatch.setattr(reader, "_columns", lambda *a: split.append(r := real(*a)) or r)
    fast = read_workspace(root, Problems())
    assert len(split) == 2 and all(c is not None for c in split)  # both files, whole columns
    monkeypatch.setattr(reader, "_plain_rows", lambda *a: None)
    slow = read_workspace(root, Problems())
    assert fast is not None and slow is not None
    assert fast.group.entities == slow.group.entities
    assert fast.group.holdings == slow.group.holdings
    assert [h.source for h in fast.group.holdings] == [h.source for h in slow.group.holdings]
    assert [e.source for e in fast.group.entities.values()] == [e.source for e in slow.group.entities.values()]


def test_the_quick_whitespace_test_is_the_regular_expressions():
    import random

    from renketsu.workspace import reader

    def slow(text: str) -> tuple[bool, bool]:
        bare = reader._INNER_SPACE.search(text) is None
        return bare, bare or reader._EDGE_SPACE.search(text) is None

    rng = random.Random(5)
    alphabet = ["a", "b", ",", "\n", " ", " ", "\t", "\x0b", "\x0c", "\x1c", "\x1f", "\xa0", "\u3000", "é"]
    texts = ["", " ", "a", "a b", "a ,b", "a, b", "a\n b", "a \nb", " a", "a ", "a\tb", "Company E1,CU\n"]
    for _ in range(4000):
        texts.append("".join(rng.choice(alphabet[:6] if rng.random() < 0.6 else alphabet)
                             for _ in range(rng.randrange(0, 12))))
    for t in texts:
        assert reader._spaces(t) == slow(t), repr(t)


def test_holdings_read_column_by_column_share_the_entities_id_strings(app, tmp_path):  # noqa: F811
    ws = read_workspace(_generated(app, tmp_path), problems := Problems())
    assert not problems and ws is not None
    ents = ws.group.entities
    assert all(h.holder is ents[h.holder].id and h.entity is ents[h.entity].id for h in ws.group.holdings)
