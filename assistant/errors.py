"""Errors whose message is shown to the user as it is (in Chinese)."""

from __future__ import annotations


class UserError(Exception):
    """Base class: `message` is a complete Chinese sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AnswerError(UserError, ValueError):
    """An answer that cannot be read: what is wrong and what is expected."""


class KindError(UserError):
    """A question script or template that is broken: the file, the question id and what."""
