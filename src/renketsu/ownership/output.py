"""The ownership JSON of a large group, written straight from the snapshot.

``renketsu ownership --format json`` prints ``{"format", "date", "parent", "entities"}``
(docs/format.md §8 ``entities``) with ``json.dumps(indent=2, ensure_ascii=False)``'s layout.
For a million entities, building a dict per entity and walking it in the generic writer took
longer than the solve; :func:`write_json` writes the same text, byte for byte, entity by
entity, and :func:`ratio_text` is :func:`renketsu.model.money.ratio_str` without Decimal
(the property tests in tests/ownership/test_output.py hold both equal).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .structure import Ownership

_POW10: list[int] = [1]


def _pow10(k: int) -> int:
    while len(_POW10) <= k:
        _POW10.append(_POW10[-1] * 10)
    return _POW10[k]


_POW5: list[int] = [1]
_LOG2_5 = 2.321928094887362  # log2(5)


def _fives(rest: int) -> int | None:
    """k when ``rest`` (> 0) is 5**k, else None: its bit length leaves two candidates, not k divisions.

    5**k has floor(k·log2 5) + 1 bits, so k is int(bits / log2 5) or one less (one more is checked
    too, against rounding).
    """
    k = int(rest.bit_length() / _LOG2_5)
    while len(_POW5) <= k + 1:
        _POW5.append(_POW5[-1] * 5)
    for c in (k, k - 1, k + 1):
        if c >= 0 and _POW5[c] == rest:
            return c
    return None


def ratio_text(f: Fraction) -> str:
    """``ratio_str(f)``: a terminating decimal without trailing zeros ("0.48", "1"), else "n/d"."""
    n, d = f.numerator, f.denominator
    if d == 1:
        return str(n)
    twos = (d & -d).bit_length() - 1
    rest = d >> twos
    if rest % 5 and rest != 1:  # not a power of 5 (most interests in cross-holdings): no need to look
        return f"{n}/{d}"
    fives = _fives(rest)
    if fives is None:
        return f"{n}/{d}"
    places = max(twos, fives)
    scaled = abs(n) * (_pow10(places) // d)  # d divides 10**places: exact
    digits = str(scaled).rjust(places + 1, "0")
    whole, frac = digits[:-places], digits[-places:].rstrip("0")
    return ("-" if n < 0 else "") + whole + "." + frac  # frac is never empty: d > 1, n/d not whole


def _chunks(own: Ownership, indent: int) -> Iterator[str]:
    from json.encoder import encode_basestring  # here, not at import: validate loads no json

    i1, i2, i3, i4 = (" " * (indent * k) for k in (1, 2, 3, 4))
    yield (f"{{\n{i1}\"format\": \"renketsu.ownership/1\",\n{i1}\"date\": \"{own.date.isoformat()}\",\n"
           f"{i1}\"parent\": {encode_basestring(own.parent)},\n{i1}\"entities\": ")
    if not own.entities:
        yield "{}\n}\n"
        return
    yield "{"
    # Each share's text by the Fraction's id (the readers share one object per distinct text, so there
    # are a few dozen): no hash of a Fraction, nor a tuple of its terms, per holding. "" for a zero share
    # (not written). ``alive`` holds every object keyed, so that no id is reused meanwhile.
    shares: dict[int, str] = {}
    alive: list[Fraction] = []
    keys: dict[str, str] = {}
    sep_direct = ",\n" + i4
    first = True
    for eid, eo in own.entities.items():
        parts = []
        for h, s in eo.direct.items():
            t = shares.get(id(s))
            if t is None:
                t = shares[id(s)] = ratio_text(s) if s else ""
                alive.append(s)
            if not t:
                continue
            k = keys.get(h)
            if k is None:
                k = keys[h] = encode_basestring(h)
            parts.append(f'{k}: "{t}"')
        direct = "{\n" + i4 + sep_direct.join(parts) + "\n" + i3 + "}" if parts else "{}"
        yield (f"{'' if first else ','}\n{i2}{encode_basestring(eid)}: {{\n{i3}\"method\": \"{eo.method}\",\n"
               f"{i3}\"direct\": {direct},\n{i3}\"effective\": \"{ratio_text(eo.effective)}\",\n"
               f"{i3}\"nci\": \"{ratio_text(eo.nci)}\"\n{i2}}}")
        first = False
    yield f"\n{i1}}}\n}}\n"


def write_json(own: Ownership, out: TextIO, indent: int = 2) -> None:
    """Write ``{"format": "renketsu.ownership/1", "date", "parent", "entities": own.to_json()}`` as
    ``json.dumps(..., indent=indent, ensure_ascii=False)`` would, followed by a newline."""
    buf: list[str] = []
    size = 0
    for chunk in _chunks(own, indent):
        buf.append(chunk)
        size += len(chunk)
        if size > 1 << 20:
            out.write("".join(buf))
            buf.clear()
            size = 0
    out.write("".join(buf))
