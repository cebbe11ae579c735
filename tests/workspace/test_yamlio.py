"""yamlio: exact numbers, the line of every mapping, sequence and key, syntax errors that point at the cause."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renketsu.workspace.yamlio import YamlSyntaxError, load_yaml

TEXT = """\
group: G
entities:
  - id: P
    name: Parent
  - id: S
    # a comment line
    established: 2020-01-01
holdings:
  - {date: 2021-01-01, share: 0.8}
"""


def test_key_lines_at_every_level():
    doc = load_yaml(TEXT)
    d = doc.data
    assert doc.key_line(d, "group") == 1
    assert doc.key_line(d, "entities") == 2
    assert doc.key_line(d, "holdings") == 8
    assert doc.key_line(d["entities"][0], "name") == 4
    assert doc.key_line(d["entities"][1], "established") == 7
    assert doc.key_line(d["holdings"][0], "share") == 9
    assert doc.key_line(d, "nope") is None
    assert doc.key_line({"group": "G"}, "group") is None  # not a mapping of this document


def test_item_lines_and_exact_numbers():
    doc = load_yaml(TEXT)
    assert doc.line_of(doc.data["entities"][1]) == 5
    assert doc.data["holdings"][0]["share"] == Decimal("0.8")


def test_duplicate_key_keeps_the_first_line():
    doc = load_yaml("a: 1\nb: 2\na: 3\n")
    assert doc.duplicates == [("a", 3)]
    assert doc.key_line(doc.data, "a") == 1


def test_unclosed_quote_points_at_the_quote():
    text = "entities:\n- id: S\n  name: 'Sub\n  currency: CU\naccounts:\n- id: '1100'\n  name: Cash\n"
    with pytest.raises(YamlSyntaxError) as e:
        load_yaml(text)
    assert e.value.line == 3
    assert "the quote opened at line 3 is not closed" in str(e.value)
    assert "starts at line" in str(e.value)


def test_syntax_error_without_a_quote_keeps_the_parser_line():
    with pytest.raises(YamlSyntaxError) as e:
        load_yaml("a: 1\nb: c: d\n")
    assert e.value.line == 2
    assert "quote" not in str(e.value)
