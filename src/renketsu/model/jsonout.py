"""``json.dumps(obj, indent=2, ensure_ascii=False)``, the same text, with the C encoder.

The standard library indents in Python (its C encoder does not indent), which for a result
with 200,000 amounts is most of the time of ``--format json``. Here every container whose
items are all scalars (the contributions of an entity, a list of names) is written by the
C encoder in one call, with the item separator carrying the newline and indentation;
only the containers above them are walked in Python.
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]  # the C accelerator
from collections.abc import Callable
from typing import Any

_SCALARS = (str, int, float, bool, type(None))
_SCALAR_TYPES = frozenset(_SCALARS)
#: One compact C encoder per nesting level: its item separator is the newline and indentation.
#: (``JSONEncoder.encode`` builds a new C encoder on every call; a result has 100,000 small leaves.)
_ENCODERS: dict[tuple[int, int], Any] = {}


def _default(o: Any) -> Any:
    raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")


def _encoder(level: int, step: int) -> Any:
    key = (level, step)
    enc = _ENCODERS.get(key)
    if enc is None:
        sep = ",\n" + " " * (step * level)
        if c_make_encoder is not None:
            enc = c_make_encoder(None, _default, encode_basestring, None, ": ", sep, False, False, True)
        else:  # pragma: no cover - the C accelerator missing
            py = json.JSONEncoder(ensure_ascii=False, separators=(sep, ": "))
            enc = lambda o, _level: (py.encode(o),)  # noqa: E731
        _ENCODERS[key] = enc
    return enc


def _encode(obj: Any, level: int, step: int) -> str:
    return "".join(_encoder(level, step)(obj, 0))


def _key(k: Any) -> str:
    if type(k) is str:
        return encode_basestring(k)
    return json.dumps({k: 0}, ensure_ascii=False)[1:-4]  # int, float, bool or None keys, as json writes them


def _leaf(items) -> bool:
    scalar = _SCALAR_TYPES
    for v in items:
        if type(v) not in scalar and not isinstance(v, _SCALARS):
            return False
    return True


def dumps(obj: Any, indent: int = 2) -> str:
    """The text of ``json.dumps(obj, indent=indent, ensure_ascii=False)``."""
    out: list[str] = []
    _write(obj, 0, indent, out, None)
    return "".join(out)


def dump(obj: Any, write: Callable[[str], Any], indent: int = 2, *, floats: bool = True) -> None:
    """The text of :func:`dumps`, handed to ``write`` a few thousand pieces at a time: a result of
    300 MB is never held whole (nor its pieces all at once) beside the data it is written from.

    ``floats=False``: the caller knows ``obj`` holds no float (a result: money and ratios are text).
    The pieces are then encoded by orjson where it is installed (ten times the speed of the C
    encoder here: 0.05 s against 0.55 s for a 29 MB result), the same text: orjson writes strings,
    integers and the indentation as ``json.dumps(indent=2, ensure_ascii=False)`` does, but a float
    in its own way (``1e16``, not ``1e+16``). A piece orjson refuses (an integer beyond 64 bits, a
    key that is not a string, a lone surrogate, what JSON cannot hold) is written as before.
    """
    if not floats and indent == 2 and _orjson is not None:
        pieces: list[str] = []
        _orjson_pieces(obj, 0, pieces, write)
        write("".join(pieces))
        return
    out: list[str] = []
    _write(obj, 0, indent, out, write)
    write("".join(out))


try:
    import orjson as _orjson
except ImportError:  # pragma: no cover - orjson is a dependency; without it the C encoder writes everything
    _orjson = None  # type: ignore[assignment]

#: orjson's options: two spaces of indentation; a dataclass or a date is not JSON here (json.dumps refuses them).
_ORJSON = (_orjson.OPT_INDENT_2 | _orjson.OPT_PASSTHROUGH_DATACLASS | _orjson.OPT_PASSTHROUGH_DATETIME
           if _orjson is not None else 0)
#: Levels of containers written item by item; below them each item is one orjson call (its bytes held once).
_SPLIT = 2


def _orjson_pieces(obj: Any, level: int, out: list[str], sink: Callable[[str], Any]) -> None:
    """``obj`` at nesting ``level`` (its first line placed by the caller) into ``out``, handed to ``sink``
    a few hundred pieces at a time: the top containers item by item, each item below them in one call."""
    t = type(obj)
    if level < _SPLIT and obj and (t is list or (t is dict and all(type(k) is str for k in obj))):
        out.append("{" if t is dict else "[")
        if level + 1 == _SPLIT:
            _orjson_batches(obj, t is dict, level, out, sink)
        else:
            _orjson_items(obj.items() if t is dict else (("", v) for v in obj), t is dict, level, True, out, sink)
        out.append("\n" + "  " * level + ("}" if t is dict else "]"))
        return
    try:
        text = _orjson.dumps(obj, default=_default, option=_ORJSON).decode()
    except TypeError:  # orjson.JSONEncodeError: what it does not write, written by the C encoder as before
        done: list[str] = []
        _write(obj, level, 2, done, None)
        out.append("".join(done))
        return
    out.append(text.replace("\n", "\n" + "  " * level) if level else text)


def _orjson_items(items: Any, keyed: bool, level: int, first: bool, out: list[str], sink: Callable[[str], Any]) -> None:
    """The items (key, value) of a container at ``level`` (keys written for a dict), one by one."""
    inner = "\n" + "  " * (level + 1)
    for k, v in items:
        out.append((inner if first else "," + inner) + (encode_basestring(k) + ": " if keyed else ""))
        first = False
        _orjson_pieces(v, level + 1, out, sink)
        if len(out) > 256:
            sink("".join(out))
            out.clear()


def _orjson_batches(obj: dict | list, keyed: bool, level: int, out: list[str], sink: Callable[[str], Any]) -> None:
    """The items of a container at ``level`` whose items are written whole (the level above :data:`_SPLIT`),
    :data:`_BATCH` at a time in one orjson call: the same text as item by item (each item's lines indented one
    level below the container, ``,`` and a new line between items), one call per batch instead of one per item
    (a 10,000-entity group's result has 190,000 items). A batch orjson refuses, or one with a key that the two
    encoders might write differently (anything but printable ASCII without quotes or backslashes), is written
    item by item as before."""
    items: list = list(obj.items()) if isinstance(obj, dict) else obj
    pad = "  " * level
    cut = len(pad) + 2  # the batch's closing "\n" + pad + "]"
    first = True
    for i in range(0, len(items), _BATCH):
        part = items[i:i + _BATCH]
        text = None
        if not keyed or all(_plain_key(k) for k, _v in part):
            try:
                text = _orjson.dumps(dict(part) if keyed else part, default=_default, option=_ORJSON).decode()
            except TypeError:
                text = None
        if text is None:
            _orjson_items(part if keyed else (("", v) for v in part), keyed, level, first, out, sink)
        else:
            if level:
                text = text.replace("\n", "\n" + pad)
            out.append(text[1:-cut] if first else "," + text[1:-cut])
            sink("".join(out))
            out.clear()
        first = False


def _plain_key(k: str) -> bool:
    """A key both encoders write as its own characters between quotes."""
    return k.isascii() and k.isprintable() and '"' not in k and "\\" not in k


#: Items of a container written in one orjson call (:func:`_orjson_batches`).
_BATCH = 512

#: The key of a list item: none (a dict key may be None, which JSON writes as "null").
_NO_KEY = object()

#: Pieces gathered before :func:`dump` hands them on.
_CHUNK = 4096


def _write(obj: Any, level: int, step: int, out: list[str], sink: Callable[[str], Any] | None) -> None:
    if isinstance(obj, dict):
        _container(obj, obj.values(), obj.items(), "{}", level, step, out, sink)
    elif isinstance(obj, (list, tuple)):
        _container(obj, obj, ((_NO_KEY, v) for v in obj), "[]", level, step, out, sink)
    else:
        out.append(json.dumps(obj, ensure_ascii=False))


def _container(obj: Any, values: Any, pairs: Any, brackets: str, level: int, step: int, out: list[str],
               sink: Callable[[str], Any] | None) -> None:
    """A dict (``pairs`` of key and value) or a list (``pairs`` of ``_NO_KEY`` and value), as
    json.dumps indents it; a container of scalars only is encoded whole by the C encoder."""
    if not obj:
        out.append(brackets)
        return
    inner = "\n" + " " * (step * (level + 1))
    if _leaf(values):
        text = _encode(obj if brackets == "{}" else list(obj), level + 1, step)
        out.append(brackets[0] + inner + text[1:-1] + "\n" + " " * (step * level) + brackets[1])
        return
    out.append(brackets[0])
    first = True
    child_enc = None
    child_close = ""
    for k, v in pairs:
        out.append(inner if first else "," + inner)
        first = False
        if k is not _NO_KEY:
            out.append(_key(k))
            out.append(": ")
        tv = type(v)
        if tv is str:
            out.append(encode_basestring(v))
        elif tv is dict and v and _leaf(v.values()):
            # a dict of scalars inside (an entry's line, an entity's figures): encoded whole here, as
            # _container would, without a call per level
            if child_enc is None:
                child_enc = _encoder(level + 2, step)
                child_close = inner + "}"
            text = "".join(child_enc(v, 0))
            out.append("{\n" + " " * (step * (level + 2)) + text[1:-1] + child_close)
        else:
            _write(v, level + 1, step, out, sink)
        if sink is not None and len(out) > _CHUNK:
            sink("".join(out))
            out.clear()
    out.append("\n" + " " * (step * level) + brackets[1])


__all__ = ["dump", "dumps"]
