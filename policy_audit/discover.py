"""Which files a scan reads: files as given, folders walked recursively, ignore files and globs honoured."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from policy_audit.ingest import SUPPORTED_SUFFIXES

IGNORE_FILE = ".policyauditignore"


@dataclass(frozen=True)
class Discovery:
    """The files to scan, and paths that could not be used (each with a reason)."""

    files: tuple[Path, ...]
    problems: tuple[tuple[str, str], ...]


def discover(paths: Iterable[Path], include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Discovery:
    """Expand paths into policy files, in a stable order; never follows a symlink loop twice."""
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for path in paths:
        if not path.exists() and not path.is_symlink():
            problems.append((str(path), "no such file or folder"))
            continue
        if path.is_dir():
            files.extend(_walk(path, include, exclude, seen, problems))
        elif str(path) not in seen:
            seen.add(str(path))
            files.append(path)
    return Discovery(tuple(files), tuple(problems))


def _walk(
    root: Path, include: Sequence[str], exclude: Sequence[str], seen: set[str], problems: list[tuple[str, str]]
) -> list[Path]:
    ignored = _ignore_patterns(root)
    visited: set[tuple[int, int]] = set()
    found: list[Path] = []
    for directory, subdirs, names in os.walk(
        root,
        followlinks=True,
        onerror=lambda error: problems.append((str(error.filename), f"cannot read folder ({error.strerror})")),
    ):
        here = Path(directory)
        try:
            stat = here.stat()
        except OSError as error:
            problems.append((str(here), f"cannot read folder ({error.strerror})"))
            subdirs[:] = []
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in visited:
            problems.append((str(here), "symlink loop: folder already scanned, skipped"))
            subdirs[:] = []
            continue
        visited.add(key)
        subdirs[:] = sorted(
            name for name in subdirs if not name.startswith(".") and not _matches(here / name, root, ignored)
        )
        for name in sorted(names):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or name.startswith("."):
                continue
            if _matches(path, root, ignored) or (include and not _any(relative, include)) or _any(relative, exclude):
                continue
            if str(path) in seen:
                continue
            seen.add(str(path))
            found.append(path)
    return found


def _ignore_patterns(root: Path) -> tuple[str, ...]:
    ignore = root / IGNORE_FILE
    if not ignore.is_file():
        return ()
    lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _matches(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    return bool(patterns) and _any(path.relative_to(root).as_posix(), patterns)


def _any(relative: str, patterns: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern):
            return True
        if fnmatch.fnmatch(relative, f"{pattern}/*") or relative.startswith(pattern + "/"):
            return True
    return False
