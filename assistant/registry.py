"""One vocabulary of the question scripts (question types, figure operations, check types): each
name declared once, on the function that implements it, with the number of arguments it takes
and its other traits. The models keep the names as plain strings; the loader (kinds.py) checks a
script against the registries, so a new name is one decorated function and nothing else."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Entry(Generic[F]):
    name: str
    func: F
    args: tuple[int, int | None]  # how many `args` a script gives it: at least, at most (None: no limit)
    traits: frozenset[str]  # what the rest of the program asks of it: multiline, percent …
    # the columns its first argument, a table (records) question, must have (progress: spent …)
    columns: tuple[str, ...]


class Registry(Generic[F]):
    """Names → functions, in the order they were declared (the order a message lists them in)."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry[F]] = {}

    def register(self, name: str, *, args: tuple[int, int | None] = (0, None), traits: Iterable[str] = (),
                 columns: tuple[str, ...] = ()) -> Callable[[F], F]:  # fmt: skip
        """A decorator declaring `name` for the function; several may be stacked on one function."""

        def add(func: F) -> F:
            if name in self._entries:
                raise ValueError(f"{name} is declared twice")  # a programming error, found at import
            self._entries[name] = Entry(name, func, args, frozenset(traits), columns)
            return func

        return add

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._entries

    def __getitem__(self, name: str) -> F:
        return self._entries[name].func

    def entry(self, name: str) -> Entry[F]:
        return self._entries[name]

    def names(self) -> list[str]:
        return list(self._entries)

    def having(self, trait: str) -> frozenset[str]:
        """The names declared with `trait`."""
        return frozenset(e.name for e in self._entries.values() if trait in e.traits)
