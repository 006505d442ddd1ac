"""Failures the user must act on. Caught in one place (cli_help.run) and shown in one line.

An error names a message id and its parameters, and is put into words when it is shown,
in the language of the run: ``raise UsageError("error.no_such_path", path="x.yaml")``.
A plain sentence still works (it is shown as it is), so that a message that is not yet
in the catalogue is never lost.
"""

from __future__ import annotations

from typing import Any


class IntegError(Exception):
    """Integ cannot go on; exit code 2 unless said otherwise."""

    exit_code = 2

    def __init__(self, message: str = "", *args: Any, **params: Any) -> None:
        super().__init__(message, *args)
        self.message_id = message
        self.params = params

    def __str__(self) -> str:
        from .i18n import t

        return t(self.message_id, **self.params)


class UsageError(IntegError):
    pass


class WorkspaceError(IntegError):
    pass


class InvalidInput(IntegError):
    """A concept with errors that a document or export would carry into the world."""

    exit_code = 1
