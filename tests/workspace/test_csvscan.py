"""csvscan: physical line numbers, wrong widths, unclosed quotes."""

from __future__ import annotations

import io

from renketsu.workspace.csvscan import problem, records


def test_lines_count_blank_lines_and_multiline_records():
    text = 'a,b\n1,2\n\n"x\ny",3\n4,5\n'
    rs = [r for r in records(io.StringIO(text)) if not r.blank]
    assert [(r.line, r.end) for r in rs] == [(1, 1), (2, 2), (4, 5), (6, 6)]


def test_width_both_ways():
    rs = list(records(io.StringIO("a,b,c\n1,2,3,\n1,2\n1,2,3\n")))
    assert problem(rs[1], 3) == ("csv.width", "has 4 cells, the header has 3", "check for a stray comma")
    assert problem(rs[2], 3)[1] == "has 2 cells, the header has 3"
    assert problem(rs[3], 3) is None


def test_unclosed_quote_reported_on_the_line_it_opens():
    rs = list(records(io.StringIO('a,b\n1,"2\n3,4\n5,"6"\n')))
    kind, message, _ = problem(rs[1], 2)
    assert (rs[1].line, kind) == (2, "csv.quote")
    assert "runs on to line 4" in message
