"""One error family whose message says what went wrong, where, and how to fix it."""

from __future__ import annotations


class PolicyAuditError(Exception):
    """A problem the user can fix; the CLI prints it as one line and exits 2, never a traceback."""

    def __init__(self, where: str, what: str, remedy: str = "") -> None:
        self.where = where
        self.what = what
        self.remedy = remedy
        super().__init__(self.line())

    def line(self) -> str:
        message = f"{self.where}: {self.what}"
        return f"{message} — {self.remedy}" if self.remedy else message


class InputError(PolicyAuditError):
    """A document that cannot be read (encrypted, corrupt, scanned, empty, unsupported)."""


class UnreadableError(InputError):
    """A document with no usable text layer: it needs OCR, and is reported `unreadable`, never `missing`."""


class StandardError(PolicyAuditError):
    """A checklist file that does not follow the standards format."""
