"""Failures the user must act on. Caught in one place (cli.main) and shown in one line."""

from __future__ import annotations


class IntegError(Exception):
    """Integ cannot go on; exit code 2 unless said otherwise."""

    exit_code = 2


class UsageError(IntegError):
    pass


class WorkspaceError(IntegError):
    pass


class InvalidInput(IntegError):
    """A concept with errors that a document or export would carry into the world."""

    exit_code = 1
