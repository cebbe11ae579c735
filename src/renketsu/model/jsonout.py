"""``json.dumps(obj, indent=2, ensure_ascii=False)``, the same text, with the C encoder.

The standard library indents in Python (its C encoder does not indent), which for a result
with 200,000 amounts is most of the time of ``--format json``. Here every container whose
items are all scalars (the contributions of an entity, a list of names) is written by the
C encoder in one call, with the item separator carrying the newline and indentation;
only the containers above them are walked in Python.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C function where the accelerator is built
from typing import Any

_SCALARS = (str, int, float, bool, type(None))
#: One compact encoder per nesting level: its item separator is the newline and indentation.
_ENCODERS: dict[tuple[int, int], json.JSONEncoder] = {}


def _encoder(level: int, step: int) -> json.JSONEncoder:
    key = (level, step)
    enc = _ENCODERS.get(key)
    if enc is None:
        enc = _ENCODERS[key] = json.JSONEncoder(ensure_ascii=False,
                                                separators=(",\n" + " " * (step * level), ": "))
    return enc


def _key(k: Any) -> str:
    if type(k) is str:
        return encode_basestring(k)
    return json.dumps({k: 0}, ensure_ascii=False)[1:-4]  # int, float, bool or None keys, as json writes them


def _leaf(items) -> bool:
    return all(isinstance(v, _SCALARS) for v in items)


def dumps(obj: Any, indent: int = 2) -> str:
    """The text of ``json.dumps(obj, indent=indent, ensure_ascii=False)``."""
    out: list[str] = []
    _write(obj, 0, indent, out)
    return "".join(out)


def _write(obj: Any, level: int, step: int, out: list[str]) -> None:
    if isinstance(obj, dict):
        if not obj:
            out.append("{}")
            return
        inner = "\n" + " " * (step * (level + 1))
        if _leaf(obj.values()):
            text = _encoder(level + 1, step).encode(obj)
            out.append("{" + inner + text[1:-1] + "\n" + " " * (step * level) + "}")
            return
        out.append("{")
        first = True
        for k, v in obj.items():
            out.append(inner if first else "," + inner)
            first = False
            out.append(_key(k))
            out.append(": ")
            if type(v) is str:
                out.append(encode_basestring(v))
            else:
                _write(v, level + 1, step, out)
        out.append("\n" + " " * (step * level) + "}")
    elif isinstance(obj, (list, tuple)):
        if not obj:
            out.append("[]")
            return
        inner = "\n" + " " * (step * (level + 1))
        if _leaf(obj):
            text = _encoder(level + 1, step).encode(list(obj))
            out.append("[" + inner + text[1:-1] + "\n" + " " * (step * level) + "]")
            return
        out.append("[")
        for i, v in enumerate(obj):
            out.append(inner if i == 0 else "," + inner)
            if type(v) is str:
                out.append(encode_basestring(v))
            else:
                _write(v, level + 1, step, out)
        out.append("\n" + " " * (step * level) + "]")
    else:
        out.append(json.dumps(obj, ensure_ascii=False))


__all__ = ["dumps"]
