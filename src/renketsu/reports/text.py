"""One place for turning values into text: amounts, shares and dates, and the
escaping of workspace text for the terminal and for spreadsheet cells.

Every renderer (terminal, Excel, web, CLI messages) formats through here, so a
share reads ``80%`` and an amount ``1,969,230,000`` wherever it appears.

Escaping (issue 13):

* :func:`visible` — control characters (ANSI escapes, newlines, NUL, DEL, C1,
  bidirectional overrides) become visible ``\\x1b``-style escapes, so text from a
  workspace can never move the cursor, colour the terminal or forge a line.
* :func:`term` — a ``rich.text.Text`` of :func:`visible` text: never read as
  markup (``[bold]``) nor emoji codes (``:x:``).
* :func:`cell` — a value for an openpyxl cell: numbers stay numbers; text is
  visible-escaped (openpyxl refuses control characters) and marked as a string,
  so ``=HYPERLINK(...)`` or ``+1-2`` can never become a live formula.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from rich.console import Console
from rich.text import Text

from renketsu.model.money import D, currency_decimals

#: C0 and C1 controls, DEL, and the Unicode bidirectional embedding/override/isolate characters.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")

#: First characters a spreadsheet reads as the start of a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _escape_char(m: re.Match[str]) -> str:
    c = m.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if c in named:
        return named[c]
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}"


def visible(value: Any) -> str:
    """``value`` as text with every control character shown as an escape (``\\x1b``, ``\\n``)."""
    return _CONTROL.sub(_escape_char, "" if value is None else str(value))


def term(value: Any, style: str | None = None) -> Text:
    """Workspace text for a rich renderable: escaped, never markup or emoji."""
    return Text(visible(value), style=style or "")


def console(*, stderr: bool = False, width: int | None = None, record: bool = False) -> Console:
    """The console every command prints through: no markup, no emoji codes, no highlighting.

    Styled output is built from :class:`rich.text.Text` objects, so nothing a
    workspace holds is ever interpreted.
    """
    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, width=width, record=record,
                   soft_wrap=stderr)


# ------------------------------------------------------------------ numbers

def decimals_of(currency: str | None) -> int:
    return currency_decimals(currency) if currency else 2


def amount(value: Decimal | str | int | None, currency: str | int | None = None) -> str:
    """An amount with thousands separators and the currency's decimals: ``1,969,230,000``.

    ``currency`` is a currency code (its decimals) or a number of decimals: the fewest places
    shown; a value with more is shown with all of them, never rounded (``0.8`` at 0 places is
    ``0.8``). None gives ``""``.
    """
    if value is None or value == "":
        return ""
    places = currency if isinstance(currency, int) else decimals_of(currency)
    d = D(value) if not isinstance(value, Decimal) else value
    if d.is_finite() and d != d.to_integral_value():
        # never rounded on output: more places than the currency's are kept (a ratio, an unbooked figure)
        places = max(places, -d.normalize().as_tuple().exponent)  # type: ignore[operator]
    d = d.quantize(Decimal(1).scaleb(-places))
    if d == 0:
        d = abs(d)  # no "-0"
    return f"{d:,.{places}f}"


def share(value: Fraction | Decimal | str | int | None) -> str:
    """A share as a percentage: ``1`` -> ``100%``, ``0.6`` -> ``60%``, ``0.255`` -> ``25.5%``.

    Exact where the percentage terminates; otherwise shown to two decimals
    (``75/98`` -> ``76.53%``; display only, the result keeps the exact ratio).
    """
    if value is None or value == "":
        return ""
    f = _fraction(value)
    if f is None:
        return str(value)
    p = f * 100
    if p.denominator == 1:
        return f"{p.numerator}%"
    den = p.denominator
    for f5 in (2, 5):
        while den % f5 == 0:
            den //= f5
    if den == 1:  # terminates: exact
        d = Decimal(p.numerator) / Decimal(p.denominator)
        return f"{d.normalize():f}%"
    d = (Decimal(p.numerator) / Decimal(p.denominator)).quantize(Decimal("0.01"))
    return f"{d.normalize():f}%"


def _fraction(value: Any) -> Fraction | None:
    if isinstance(value, Fraction):
        return value
    try:
        if isinstance(value, str) and "/" in value:
            n, d = value.split("/", 1)
            return Fraction(int(n), int(d))
        return Fraction(D(value) if not isinstance(value, Decimal) else value)
    except (ValueError, ZeroDivisionError, InvalidOperation, TypeError):
        return None


def date(value: dt.date | str | None) -> str:
    """A date as ISO ``YYYY-MM-DD``; text is kept as given."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: A raw number; not a group of one already formatted (``800,000.00`` stays as it is).
_NUMBER = re.compile(r"(?<![\w./,-])(?<!\d,)-?\d+(?:\.\d+)?(?![\w/]|,\d)")


def numbers_in(text: str, currency: str | None = None) -> str:
    """Engine messages with their raw numbers formatted: ``by 15300000`` -> ``by 15,300,000``,
    ``1969230000.000000`` -> ``1,969,230,000``. Dates, ids and small integers are left alone."""
    places = decimals_of(currency)

    def fix(m: re.Match[str]) -> str:
        s = m.group(0)
        if "." not in s and len(s.lstrip("-")) < 5:
            return s
        try:
            return amount(Decimal(s), places)
        except InvalidOperation:
            return s

    return _NUMBER.sub(fix, text)


def check_detail(check: Any, currency: str | None = None) -> str:
    """A check's detail for people: its keys other than name/ok, numbers formatted."""
    parts = [str(v) if k == "detail" else f"{k}: {v}" for k, v in check.items() if k not in ("name", "ok")]
    return numbers_in("; ".join(parts), currency)


# ------------------------------------------------------------------ spreadsheet cells

def cell(value: Any) -> Any:
    """A value safe for an openpyxl cell. Numbers (int, Decimal) and dates pass; text is escaped.

    Use :func:`put` to write it: the text is also typed as a string and, when it
    starts like a formula, given Excel's quote prefix so editing keeps it text.
    """
    if value is None or isinstance(value, (int, float, Decimal, dt.date)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    return visible(value)


def put(ws: Any, row: int, column: int, value: Any) -> Any:
    """Write ``value`` at (row, column) of ``ws`` as data, never as a formula; returns the cell."""
    c = ws.cell(row=row, column=column)
    v = cell(value)
    c.value = v
    if isinstance(v, str):
        c.data_type = "s"
        if v.startswith(FORMULA_START) or (value is not None and str(value).startswith(FORMULA_START)):
            c.quotePrefix = True
    return c


def formula(ws: Any, row: int, column: int, text: str) -> Any:
    """An engine-built formula (``=SUM(D5:J5)``); the only way a formula enters a pack."""
    c = ws.cell(row=row, column=column, value=text)
    c.data_type = "f"
    _engine_formulas(ws.parent).add((ws.title, c.coordinate))
    return c


def _engine_formulas(wb: Any) -> set[tuple[str, str]]:
    """(sheet, cell) of every formula :func:`formula` wrote into ``wb``."""
    if not hasattr(wb, "_renketsu_formulas"):
        wb._renketsu_formulas = set()
    return wb._renketsu_formulas


def defuse(wb: Any) -> int:
    """Last line of defence before saving: any text cell typed as a formula that the engine
    did not write through :func:`formula` is turned into a string. Returns how many."""
    n = 0
    engine = _engine_formulas(wb)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    if c.data_type == "f" and (ws.title, c.coordinate) not in engine:
                        c.data_type = "s"
                        c.quotePrefix = True
                        n += 1
                    elif c.data_type != "f" and _CONTROL.search(c.value):
                        c.value = visible(c.value)
                    if c.data_type == "s" and c.value.startswith(FORMULA_START):
                        c.quotePrefix = True
    return n
