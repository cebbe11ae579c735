"""One policy for the kinds and sizes of workspace files (used by every reader, the ledger's too).

A workspace file must be a regular file (a symbolic link to one is fine) of at most
:data:`MAX_BYTES`; a folder, a FIFO, a device (``/dev/zero``), a socket or a broken
link is refused with the reason, never opened for reading. The check is made on the
open file descriptor (``O_NONBLOCK``, so a FIFO cannot block the open), so the file
read is the file checked.

API::

    kind(path) -> "absent" | "file" | "folder" | "broken link" | "FIFO" | "device" | "socket" | "special file"
    problem(path, limit=MAX_BYTES) -> (kind, message, hint) | None    # None: absent or fine
    open_regular(path, limit=MAX_BYTES, binary=False) -> file object   # raises FileRefused
    read_text(path, limit=MAX_BYTES) -> str                            # raises FileRefused, UnicodeDecodeError

``FileRefused`` carries ``kind`` (``file.not_regular``, ``file.too_large``,
``file.unreadable``), ``message`` and ``hint``, ready for ``Problems.add``.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import IO, Any

#: Largest workspace file read (bytes); a ledger file may set its own limit.
MAX_BYTES = 1 << 30
#: The kinds of file ``ledger/`` is read from.
LEDGER_SUFFIXES = (".csv", ".xlsx", ".parquet")


def is_ledger_name(path: Path) -> bool:
    """Whether an entry of ``ledger/`` is read as trial balances by its name (an Excel lock file ``~$...`` is not)."""
    return path.suffix.lower() in LEDGER_SUFFIXES and not path.name.startswith("~$")


class FileRefused(Exception):
    """A workspace file that is not read: why, as a problem kind, message and hint."""

    def __init__(self, kind: str, message: str, hint: str):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.hint = hint


def _kind_of_mode(mode: int) -> str:
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def kind(path: str | Path) -> str:
    """What ``path`` is, following links: 'absent', 'file', 'folder', 'broken link', 'FIFO', 'device', ..."""
    try:
        return _kind_of_mode(os.stat(path).st_mode)
    except FileNotFoundError:
        return "broken link" if os.path.islink(path) else "absent"
    except OSError:
        return "special file"


def _refusal(what: str, size: int | None, limit: int) -> FileRefused | None:
    if what != "file":
        return FileRefused("file.not_regular", f"is a {what}, not a regular file",
                           "replace it by a regular file, or remove it")
    if size is not None and size > limit:
        return FileRefused("file.too_large", f"is {size:,} bytes, above the limit of {limit:,} bytes",
                           "split the data, or check that this is the right file")
    return None


def problem(path: str | Path, limit: int = MAX_BYTES) -> tuple[str, str, str] | None:
    """``(kind, message, hint)`` when ``path`` exists but must not be read, else None (absent or fine)."""
    what = kind(path)
    if what == "absent":
        return None
    size = os.stat(path).st_size if what == "file" else None
    r = _refusal(what, size, limit)
    return (r.kind, r.message, r.hint) if r else None


def open_regular(path: str | Path, limit: int = MAX_BYTES, *, binary: bool = False, **text_options: Any) -> IO[Any]:
    """Open ``path`` for reading when it is a regular file within ``limit``; else raise :class:`FileRefused`.

    ``text_options`` (encoding, newline) go to :class:`io.TextIOWrapper` when not ``binary``.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        what = kind(path)
        raise FileRefused("file.not_regular" if what == "broken link" else "file.unreadable",
                          "is a broken link" if what == "broken link" else "does not exist",
                          "point it at a file, or remove it") from None
    except IsADirectoryError:
        raise _refusal("folder", None, limit) or AssertionError from None
    except OSError as e:
        raise FileRefused("file.unreadable", f"cannot be read: {e.strerror}", "check its permissions") from None
    try:
        st = os.fstat(fd)
        refused = _refusal(_kind_of_mode(st.st_mode), st.st_size, limit)
        if refused is not None:
            raise refused
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        raw = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    if binary:
        return raw
    return io.TextIOWrapper(raw, **text_options)


def read_text(path: str | Path, limit: int = MAX_BYTES, encoding: str = "utf-8") -> str:
    """The whole text of a regular file within ``limit``; raises FileRefused or UnicodeDecodeError."""
    with open_regular(path, limit, binary=True) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew since the check
        raise _refusal("file", len(data), limit) or AssertionError
    return data.decode(encoding)
