"""The one error type users see, and the collector validation uses.

Every problem has a ``kind`` (a stable identifier listed in docs/errors.md), a
``where`` (file, row or key) and a message that says what to do. Validation
collects problems and raises them together as one :class:`RenketsuError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .types import Source


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the user's input."""

    kind: str
    message: str
    where: Source | None = None
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class RenketsuError(Exception):
    """Raised with every problem found; the CLI prints them and exits 2."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class Problems:
    """A collector: validation appends here and raises once at the end."""

    items: list[Problem] = field(default_factory=list)

    def add(self, kind: str, message: str, where: Source | None = None, hint: str | None = None) -> None:
        self.items.append(Problem(kind, message, where, hint))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise RenketsuError(self.items)
