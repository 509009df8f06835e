"""Which files a scan reads: files as given, folders walked recursively, ignore files and globs honoured.

Only regular files are read: a FIFO would block, `/dev/zero` would never end. A symlink inside a scanned
folder that leads out of it is skipped unless --follow-symlinks (a policy folder must not make a scan read
`~/.ssh` or walk `/etc`); one that stays inside is followed, and a file reached by two paths is read once.
What a folder scan skipped is kept by kind, and `skipped_line` says it in one line with what to do.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policy_audit.ingest import SUPPORTED_SUFFIXES
from policy_audit.ingest.files import kind_of

IGNORE_FILE = ".policyauditignore"

UNSUPPORTED = "unsupported"
OUTSIDE = "outside"
SPECIAL = "special"
BROKEN = "broken"
LOOP = "loop"
DUPLICATE = "duplicate"
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class Skip:
    """A path a folder scan did not read, and why."""

    path: str
    reason: str
    """One of UNSUPPORTED, OUTSIDE, SPECIAL, BROKEN, LOOP, DUPLICATE, UNREADABLE."""
    detail: str = ""
    """The suffix of an unsupported file, or what kind of special file it is."""


@dataclass(frozen=True)
class Discovery:
    """The files to scan, paths given that could not be used (each with a reason), and what folders held that
    was not read."""

    files: tuple[Path, ...]
    problems: tuple[tuple[str, str], ...]
    skipped: tuple[Skip, ...] = ()


@dataclass
class _Walk:
    include: Sequence[str]
    exclude: Sequence[str]
    follow_symlinks: bool
    files: list[Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    seen_files: dict[tuple[int, int], int] = field(default_factory=dict)
    """(device, inode) → index in `files` of the path that will be read."""
    linked: set[int] = field(default_factory=set)
    """Indexes in `files` reached through a symlink (a direct path to the same file replaces them)."""
    seen_folders: set[tuple[int, int]] = field(default_factory=set)
    ignored: tuple[str, ...] = ()
    """The patterns of the scanned folder's .policyauditignore."""


def discover(
    paths: Iterable[Path], include: Sequence[str] = (), exclude: Sequence[str] = (), follow_symlinks: bool = False
) -> Discovery:
    """Expand paths into policy files, in a stable order."""
    walk = _Walk(include, exclude, follow_symlinks)
    for path in paths:
        try:
            info = path.stat()
        except FileNotFoundError:
            walk.problems.append((str(path), "no such file or folder" if not path.is_symlink() else "broken symlink"))
            continue
        except OSError as error:
            walk.problems.append((str(path), f"cannot read ({error.strerror or error})"))
            continue
        if stat.S_ISDIR(info.st_mode):
            _folder(walk, path, path, info)
        elif stat.S_ISREG(info.st_mode):
            _add(walk, path, info, linked=False)
        else:  # named on the command line: an error line, as a file that cannot be read
            walk.problems.append((str(path), f"not a regular file (a {kind_of(info.st_mode)})"))
    return Discovery(tuple(walk.files), tuple(walk.problems), tuple(walk.skipped))


def _add(walk: _Walk, path: Path, info: os.stat_result, linked: bool) -> None:
    key = (info.st_dev, info.st_ino)
    if key in walk.seen_files:
        index = walk.seen_files[key]
        if index in walk.linked and not linked:  # the file's own path is kept, the symlink's dropped
            walk.skipped.append(Skip(str(walk.files[index]), DUPLICATE))
            walk.files[index] = path
            walk.linked.discard(index)
        else:
            walk.skipped.append(Skip(str(path), DUPLICATE))
        return
    walk.seen_files[key] = len(walk.files)
    if linked:
        walk.linked.add(len(walk.files))
    walk.files.append(path)


def _folder(walk: _Walk, root: Path, folder: Path, info: os.stat_result) -> None:
    """Walk `folder` (inside the scanned `root`), depth first in name order."""
    key = (info.st_dev, info.st_ino)
    if key in walk.seen_folders:
        walk.skipped.append(Skip(str(folder), LOOP))
        return
    walk.seen_folders.add(key)
    if folder == root:
        walk.ignored = _ignore_patterns(root)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        walk.skipped.append(Skip(str(folder), UNREADABLE, error.strerror or str(error)))
        return
    real_root = os.path.realpath(root)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        relative = path.relative_to(root).as_posix()
        if _any(relative, walk.ignored) or _any(relative, walk.exclude):
            continue
        linked = entry.is_symlink()
        if linked and not os.path.exists(path):
            walk.skipped.append(Skip(str(path), BROKEN))
            continue
        if linked and not walk.follow_symlinks and not _inside(os.path.realpath(path), real_root):
            walk.skipped.append(Skip(str(path), OUTSIDE))
            continue
        try:
            target = path.stat()  # follows a symlink (to its target inside the folder, or anywhere if asked)
        except OSError:
            walk.skipped.append(Skip(str(path), BROKEN if linked else UNREADABLE))
            continue
        if stat.S_ISDIR(target.st_mode):
            _folder(walk, root, path, target)
        elif not stat.S_ISREG(target.st_mode):
            walk.skipped.append(Skip(str(path), SPECIAL, kind_of(target.st_mode)))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            walk.skipped.append(Skip(str(path), UNSUPPORTED, path.suffix.lower() or "(no suffix)"))
        elif not walk.include or _any(relative, walk.include):
            _add(walk, path, target, linked)


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


_REMEDIES = {
    UNSUPPORTED: "convert them to PDF, Word, HTML, text or Markdown to have them read",
    OUTSIDE: "pass --follow-symlinks to read what they point to",
    SPECIAL: "copy a policy into a regular file to have it read",
    BROKEN: "fix or remove the links",
    LOOP: "nothing to do: each folder was read once",
    DUPLICATE: "nothing to do: each file was read once",
    UNREADABLE: "make them readable (chmod) to have them scanned",
}
_NAMES = {
    UNSUPPORTED: ("unsupported file", "unsupported files"),
    OUTSIDE: ("symlink leaving the scanned folder", "symlinks leaving the scanned folder"),
    SPECIAL: ("special file", "special files"),
    BROKEN: ("broken symlink", "broken symlinks"),
    LOOP: ("folder reached again through a symlink", "folders reached again through symlinks"),
    DUPLICATE: ("file reached by a second path", "files reached by a second path"),
    UNREADABLE: ("unreadable folder or file", "unreadable folders or files"),
}


def skipped_line(skipped: Sequence[Skip]) -> str:
    """One line saying what a folder scan skipped, by kind, with what to do ('' when nothing was skipped):
    'skipped 4: 2 unsupported files (.docx 1, .png 1) — convert them …; 1 symlink leaving the scanned folder
    (policies/secret.txt) — pass --follow-symlinks …'."""
    if not skipped:
        return ""
    parts = []
    for reason in _NAMES:
        chosen = [skip for skip in skipped if skip.reason == reason]
        if not chosen:
            continue
        singular, plural = _NAMES[reason]
        label = f"{len(chosen)} {singular if len(chosen) == 1 else plural}"
        if reason in (UNSUPPORTED, SPECIAL):
            counts = Counter(skip.detail for skip in chosen)
            label += " (" + ", ".join(f"{detail} {count}" for detail, count in sorted(counts.items())) + ")"
        elif len(chosen) <= 2:
            label += " (" + ", ".join(skip.path for skip in chosen) + ")"
        parts.append(f"{label} — {_REMEDIES[reason]}")
    return f"skipped {len(skipped)}: " + "; ".join(parts)


def _ignore_patterns(root: Path) -> tuple[str, ...]:
    ignore = root / IGNORE_FILE
    try:
        if not ignore.is_file():
            return ()
        lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ()
    return tuple(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def _any(relative: str, patterns: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    for pattern in patterns:
        pattern = pattern.rstrip("/")
        if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern):
            return True
        if fnmatch.fnmatch(relative, f"{pattern}/*") or relative.startswith(pattern + "/"):
            return True
    return False
