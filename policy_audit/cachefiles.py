"""Derived files kept between runs in the cache folder: lookup tables, tokenizer rules, parsed data files.

Each is rebuilt from its source when missing, damaged or from another format, so the cache can always be deleted.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def cache_folder() -> Path:
    """Where derived tables and scan results are kept ($XDG_CACHE_HOME/policy-audit)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory (a bare container user): the temporary folder will do
            import tempfile

            base = tempfile.gettempdir()
    return Path(base) / "policy-audit"


def cache_file(name: str) -> Path:
    """A derived file in the cache folder, keyed on the Python version too (marshal's format depends on it)."""
    return cache_folder() / f"{name}-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


def cached_marshal(path: Path | None, build: Callable[[], Any], accept: Callable[[Any], T]) -> T:
    """`accept` of the data marshalled at `path`; where that file is missing, damaged or refused (`accept` raises),
    of `build()`, written there for the next process (unless marshal cannot hold it)."""
    if path is not None:
        try:
            return accept(marshal.loads(path.read_bytes()))
        except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, AttributeError, re.error):
            pass
    data = build()
    if path is not None:
        with contextlib.suppress(ValueError):  # a value marshal cannot hold: built again next time
            write_atomically(path, marshal.dumps(data))
    return accept(data)


def write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        pass  # a read-only home only costs the tenth of a second
