"""YAML reading that keeps line numbers, reads numbers exactly and refuses duplicate keys.

PyYAML's C parser does the scanning (fast on 200,000-entity files); construction
is overridden so that floats become ``Decimal`` from their text (``0.8`` stays
exactly 0.8) and every mapping and sequence remembers its line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

try:
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Base = yaml.SafeLoader  # type: ignore[misc,assignment]


@dataclass
class YamlDoc:
    """A parsed document and the 1-based line of each mapping or sequence inside it."""

    data: Any
    lines: dict[int, int] = field(default_factory=dict)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    #: id(mapping) -> {key: 1-based line of the key}
    key_lines: dict[int, dict[Any, int]] = field(default_factory=dict)

    def line_of(self, obj: Any) -> int | None:
        return self.lines.get(id(obj))

    def key_line(self, mapping: Any, key: Any) -> int | None:
        r"""The line where ``key`` is written in ``mapping`` (a dict of this document), else None.

        >>> doc = load_yaml("a: 1\nb:\n  c: 2\n")
        >>> doc.key_line(doc.data, "b"), doc.key_line(doc.data["b"], "c"), doc.key_line(doc.data, "x")
        (2, 3, None)
        """
        return self.key_lines.get(id(mapping), {}).get(key)


#: The tag the resolver gives a node of each kind that no implicit resolver matched (``BaseResolver.resolve``).
_DEFAULT_TAGS = {yaml.ScalarNode: _Base.DEFAULT_SCALAR_TAG, yaml.SequenceNode: _Base.DEFAULT_SEQUENCE_TAG,
                 yaml.MappingNode: _Base.DEFAULT_MAPPING_TAG}


class _Loader(_Base):  # type: ignore[misc, valid-type]
    def __init__(self, stream: str):
        super().__init__(stream)
        self.node_lines: dict[int, int] = {}
        self.duplicate_keys: list[tuple[str, int]] = []
        self.key_lines: dict[int, dict[Any, int]] = {}
        self._plain_tags: dict[str, str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The tag of a node; a plain scalar's tag depends on its text alone, so it is looked up once.

        (A large group.yaml repeats the same few values — currencies, dates, shares — thousands of
        times, and the resolver's regular expressions were a third of the reading time.)
        """
        if not self.yaml_path_resolvers:
            if kind is yaml.ScalarNode and implicit[0]:
                tag = self._plain_tags.get(value)
                if tag is None:
                    tag = self._plain_tags[value] = super().resolve(kind, value, implicit)
                return tag
            # A quoted scalar, a sequence or a mapping without a tag: the kind's default tag, as the resolver
            # gives it without path resolvers (no call into it for each of a large file's quoted values).
            tag = _DEFAULT_TAGS.get(kind)
            if tag is not None:
                return tag
        return super().resolve(kind, value, implicit)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise ConstructorError(None, None, "expected a mapping", node.start_mark)
    own = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
    loader.flatten_mapping(node)
    # flatten_mapping puts the merged pairs (``<<: *base``) first: a key of the mapping's
    # own then overrides a merged one (YAML 1.1 merge), which is not a duplicate.
    merged = len(node.value) - own
    out: dict = {}
    keys: dict[Any, int] = {}
    for i, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(None, None, "a key must be a plain value", key_node.start_mark) from None
        line = key_node.start_mark.line + 1
        if i >= merged:
            if key in keys and keys[key] >= 0:
                loader.duplicate_keys.append((str(key), line))
            elif key in keys:  # overrides a merged key
                keys[key] = line
        out[key] = loader.construct_object(value_node, deep=True)
        keys.setdefault(key, line if i >= merged else -line)
    loader.node_lines[id(out)] = node.start_mark.line + 1
    loader.key_lines[id(out)] = {k: abs(v) for k, v in keys.items()}
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> list:
    out = [loader.construct_object(child, deep=True) for child in node.value]
    loader.node_lines[id(out)] = node.start_mark.line + 1
    return out


#: Plain decimals the loader turns into numbers; anything else (exponents, '_', '0x', '1:30',
#: leading zeros, .inf, more than 40 digits) stays the text written, for the schema to refuse
#: or read as an id, with a message that quotes it.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,39})")
_PLAIN_FLOAT = re.compile(r"[-+]?(?=[0-9.]{1,41}$)(?:[0-9]+\.[0-9]*|\.[0-9]+)")


def _int(loader: _Loader, node: yaml.ScalarNode) -> int | str:
    text = str(loader.construct_scalar(node))
    return int(text) if _PLAIN_INT.fullmatch(text) else text


def _float(loader: _Loader, node: yaml.ScalarNode) -> Decimal | str:
    text = str(loader.construct_scalar(node))
    if not _PLAIN_FLOAT.fullmatch(text):
        return text
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        return text


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> dt.date | str:
    """A date that exists, else the text written (``2004-02-30``, a time of day): the schema says why."""
    text = str(loader.construct_scalar(node))
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class _Builder:
    """Python objects from the composed node tree: the loader's constructors without its per-node bookkeeping.

    Plain scalars, sequences and mappings (the whole of a workspace file) are built here directly,
    each node once (an alias gives the same object); any other tag goes to the loader's
    constructors, which refuse what a safe loader refuses.
    """

    def __init__(self, loader: _Loader):
        self.loader = loader
        self.memo: dict[int, Any] = {}
        self.scalars: dict[str, Any] = {
            "tag:yaml.org,2002:str": lambda n: n.value,
            "tag:yaml.org,2002:int": lambda n: _int(loader, n),
            "tag:yaml.org,2002:float": lambda n: _float(loader, n),
            "tag:yaml.org,2002:timestamp": lambda n: _timestamp(loader, n),
            "tag:yaml.org,2002:null": lambda n: None,
            "tag:yaml.org,2002:bool": lambda n: SafeConstructor.bool_values[n.value.lower()],
        }

    def build(self, node: yaml.Node) -> Any:
        if type(node) is yaml.ScalarNode:
            # A scalar's value depends on its text alone, and nothing keeps its identity (the line
            # maps are of mappings and sequences): an alias to it may build it again.
            fn = self.scalars.get(node.tag)
            return fn(node) if fn is not None else self._other(node)
        key = id(node)
        if key in self.memo:
            return self.memo[key]
        if isinstance(node, yaml.SequenceNode) and node.tag == "tag:yaml.org,2002:seq":
            seq: list = []
            self.memo[key] = seq
            seq.extend(self.build(child) for child in node.value)
            self.loader.node_lines[id(seq)] = node.start_mark.line + 1
            return seq
        if isinstance(node, yaml.MappingNode) and node.tag == "tag:yaml.org,2002:map":
            out: dict = {}
            self.memo[key] = out
            self._fill(node, out)
            return out
        return self._other(node)

    def _other(self, node: yaml.Node) -> Any:
        """Any other node (a scalar of another tag, a subclass of a node): the loader's constructors, once."""
        key = id(node)
        if key in self.memo:
            return self.memo[key]
        out = self.loader.construct_object(node, deep=True)
        self.memo[key] = out
        return out

    def _fill(self, node: yaml.MappingNode, out: dict) -> None:
        loader = self.loader
        if any(k.tag in _SPECIAL_KEYS for k, _ in node.value):
            own = sum(1 for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge")
            loader.flatten_mapping(node)
            merged = len(node.value) - own  # merged pairs come first; an own key overrides them
        else:
            merged = 0  # flatten_mapping would change nothing
        keys: dict[Any, int] = {}
        scalars = self.scalars
        build = self.build
        scalar_node = yaml.ScalarNode
        for i, (key_node, value_node) in enumerate(node.value):
            if type(key_node) is scalar_node and (fn := scalars.get(key_node.tag)) is not None:
                k = fn(key_node)
            else:
                k = build(key_node)
            try:
                hash(k)
            except TypeError:
                raise ConstructorError(None, None, "a key must be a plain value", key_node.start_mark) from None
            line = key_node.start_mark.line + 1
            if k in keys:
                if i >= merged:
                    if keys[k] >= 0:
                        loader.duplicate_keys.append((str(k), line))
                    else:  # overrides a merged key
                        keys[k] = line
            else:
                keys[k] = line if i >= merged else -line
            if type(value_node) is scalar_node and (fn := scalars.get(value_node.tag)) is not None:
                out[k] = fn(value_node)
            else:
                out[k] = build(value_node)
        loader.node_lines[id(out)] = node.start_mark.line + 1
        loader.key_lines[id(out)] = {k: abs(v) for k, v in keys.items()} if merged else keys


#: Key tags :meth:`SafeConstructor.flatten_mapping` acts on (a merge ``<<``, a ``=`` value key).
_SPECIAL_KEYS = frozenset(("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"))


class YamlSyntaxError(Exception):
    """The text is not YAML; ``line`` is 1-based."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.line = line


def load_yaml(text: str) -> YamlDoc:
    """Parse one YAML document with line numbers; raises YamlSyntaxError.

    The error names the line where the parser gave up, what it was parsing and
    from which line, and, when a quoted value on a line in between is not closed
    (the usual cause), points at that line instead.
    """
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = _Builder(loader).build(node) if node is not None else None
    except RecursionError:
        raise YamlSyntaxError("is nested too deeply to be a workspace file", None) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {e.problem or e}"
        if e.context and e.context_mark is not None:
            message += f" ({e.context} that starts at line {e.context_mark.line + 1})"
        start = e.context_mark.line + 1 if e.context_mark is not None else line
        quote = _unclosed_quote(text, start, line) if start and line else None
        if quote is not None:
            message += f"; the quote opened at line {quote} is not closed"
            line = quote
        raise YamlSyntaxError(message, line) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1 if isinstance(e.position, int) else None
        raise YamlSyntaxError(f"holds the control character #x{e.character:04x}, which YAML does not allow"
                              if isinstance(e.character, int) else f"cannot be read as YAML: {e.reason}", line) from None
    except yaml.YAMLError as e:
        raise YamlSyntaxError(f"YAML syntax error: {e}", None) from None
    finally:
        loader.dispose()
    return YamlDoc(data, loader.node_lines, loader.duplicate_keys, loader.key_lines)


def _unclosed_quote(text: str, first: int, last: int) -> int | None:
    r"""The first line in ``first..last`` (1-based) whose value opens a quote it does not close.

    >>> _unclosed_quote("a: 1\nb: 'x\nc: 2\n", 1, 3)
    2
    >>> _unclosed_quote("a: 'it''s'\nb: \"q\\\"\"\n", 1, 2) is None
    True
    """
    lines = text.splitlines()
    for n in range(max(first, 1), min(last, len(lines)) + 1):
        m = re.match(r"""^\s*(?:-\s+)?[^'"#:]*:\s+(['"])(.*)$""", lines[n - 1]) or \
            re.match(r"""^\s*-\s+(['"])(.*)$""", lines[n - 1])
        if m is None:
            continue
        q, rest = m.group(1), m.group(2)
        rest = rest.replace("''", "") if q == "'" else rest.replace('\\\\', "").replace('\\"', "")
        if q not in rest:
            return n
    return None
