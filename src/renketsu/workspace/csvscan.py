"""CSV records with the physical line they start on, and the two ways a row can be malformed.

Python's :mod:`csv` counts records, not lines: a blank line or a quoted value that
runs over a line end shifts every later record. :func:`records` yields each record
with the line it starts on, so messages point at the line a text editor shows.

No field of a workspace CSV holds a line break, so a record whose cell contains
one is an unclosed quote that swallowed the following lines
(:func:`problem` reports it as ``csv.quote``); a record with more or fewer cells
than the header is ``csv.width``.

>>> import io
>>> rs = list(records(io.StringIO('a,b\\n\\n1,2,\\n"3,4\\n5,6\\n')))
>>> [(r.line, r.cells) for r in rs]
[(1, ['a', 'b']), (2, []), (3, ['1', '2', '']), (4, ['3,4\\n5,6\\n'])]
>>> problem(rs[2], 2)
('csv.width', 'has 3 cells, the header has 2', 'check for a stray comma')
>>> problem(rs[3], 2)[0:2]
('csv.quote', 'a quoted value opened on this line is not closed (it runs on to line 5)')
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TextIO


@dataclass(frozen=True, slots=True)
class Record:
    """One CSV record: the 1-based line it starts on, its cells and the line it ends on."""

    line: int
    cells: list[str]
    end: int

    @property
    def blank(self) -> bool:
        return not any(c.strip() for c in self.cells)


class Error(Exception):
    """The CSV cannot be read on from ``line``: a cell above :data:`MAX_CELL` characters."""

    def __init__(self, kind: str, message: str, line: int, hint: str):
        super().__init__(message)
        self.kind, self.message, self.line, self.hint = kind, message, line, hint


#: Python's csv field limit: no workspace cell comes near it.
MAX_CELL = csv.field_size_limit()


def records(fh: TextIO | IO[str]) -> Iterator[Record]:
    """Every record of ``fh`` (blank ones too, as empty lists) with its start and end line.

    Raises UnicodeDecodeError from ``fh`` as it comes, and :class:`Error` for a cell over the limit.
    """
    reader = csv.reader(fh)
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise Error("csv.cell_too_large" if "field larger" in str(e) else "csv.malformed",
                        f"a cell is longer than {MAX_CELL:,} characters" if "field larger" in str(e)
                        else f"cannot be read as CSV: {e}", start,
                        "check for an unclosed quote above, or a file that is not CSV") from None
        end = reader.line_num
        yield Record(start, cells, end)
        start = end + 1


def problem(rec: Record, width: int) -> tuple[str, str, str] | None:
    """``(kind, message, hint)`` when ``rec`` is malformed for a header of ``width`` cells, else None."""
    if any("\x00" in c for c in rec.cells):
        return ("csv.nul", "holds a NUL byte (the file is binary, or was saved as UTF-16)",
                "save the file as UTF-8 text")
    if any("\n" in c or "\r" in c for c in rec.cells):
        return ("csv.quote", f"a quoted value opened on this line is not closed (it runs on to line {rec.end})",
                "close the quote, or remove it")
    if len(rec.cells) != width:
        return ("csv.width", f"has {len(rec.cells)} cells, the header has {width}", "check for a stray comma")
    return None
