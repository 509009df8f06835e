"""Opening a document: regular files only, and never in a way that blocks (a FIFO, a device, a socket).

A named pipe opened for reading waits for a writer, and `/dev/zero` never ends: both reached scans through
symlinks and file names. Files are opened non-blocking and checked with fstat on the open descriptor (so a
file swapped after a check is not the file read), and anything but a regular file is refused.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path

from policy_audit.errors import InputError


def open_regular(path: Path) -> io.BufferedReader:
    """`path` opened for reading if it is a regular file; InputError naming it otherwise."""
    where = str(path)
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except IsADirectoryError as error:
        raise InputError(where, "is a directory", "pass the folder itself to scan it recursively") from error
    except PermissionError as error:
        raise InputError(where, "permission denied", "make the file readable (chmod +r) or run as its owner") from error
    except OSError as error:
        raise InputError(where, f"cannot read file ({error.strerror or error})", "check the path") from error
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(where, "is a directory", "pass the folder itself to scan it recursively")
        if not stat.S_ISREG(mode):
            raise InputError(
                where, f"not a regular file (a {kind_of(mode)})", "copy the policy into a regular file and scan that"
            )
        os.set_blocking(handle, True)
        return open(handle, "rb", closefd=True)
    except BaseException:
        os.close(handle)
        raise


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (InputError for anything else, or when it cannot be read)."""
    with open_regular(path) as handle:
        try:
            return handle.read()
        except OSError as error:
            raise InputError(str(path), f"cannot read file ({error.strerror or error})", "check the path") from error


def file_sha256(path: Path) -> str | None:
    """The SHA-256 of a regular file's content, read in chunks (constant memory); None if it cannot be read."""
    try:
        with open_regular(path) as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (InputError, OSError):
        return None


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISDIR(mode):
        return "folder"
    return "special file"
