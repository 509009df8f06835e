"""The per-user cache folder, kept private, and the files in it: data only, authenticated, rebuilt when in doubt.

A cache is an attack surface: whoever can write it can plant what the next scan reads. So the folder comes from
`platformdirs` (never a shared temporary folder), is created 0700 and refused when another user owns it or
group or others can write it; it is opened once and every file is then reached through that open folder (a
folder swapped after the check is never used). Files hold JSON, never pickle or marshal, so reading one cannot
run code. Each carries an HMAC made with a random key kept in the folder (0600): a file that was not written
by this user's runs, or was altered, fails the check and is treated as missing. The key lives beside what it
protects, so it adds nothing against someone who can already read and write the folder as this user (they can
run code as this user anyway); what keeps others out is the folder's owner and mode, checked at every open.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from policy_audit.errors import PolicyAuditError

APP_NAME = "policy-audit"
KEY_NAME = "key"
"""The HMAC key's file in the cache folder (32 random bytes, 0600)."""
MAGIC = b"policy-audit-cache 1\n"
MAX_FILE_BYTES = 64 << 20
"""A cache file larger than this is not read (a planted multi-gigabyte file must not exhaust memory)."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


class CacheRefused(PolicyAuditError):
    """The cache folder cannot be trusted (another owner, writable by others, not a folder): it is not used."""


def cache_folder() -> Path:
    """The platform's per-user cache folder for this tool ($XDG_CACHE_HOME/policy-audit or ~/.cache/policy-audit
    on Linux); never a shared temporary folder. Raises CacheRefused when there is no per-user folder."""
    import platformdirs

    try:
        folder = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    except RuntimeError:  # platformdirs could not resolve the home directory
        folder = Path("~") / APP_NAME
    if not folder.is_absolute():  # no home directory: "~" was left as it is
        raise CacheRefused(
            str(folder),
            "no per-user cache folder (no home directory): the cache is not used",
            "set XDG_CACHE_HOME to a folder only you can write, or pass --no-cache",
        )
    return folder


@dataclass(frozen=True)
class CacheFolder:
    """An open, checked cache folder: every file is read and written relative to its descriptor."""

    path: Path
    descriptor: int
    key: bytes

    def read(self, name: str) -> bytes | None:
        """The authenticated content of file `name`, or None when it is missing, too large, not a regular file
        of ours, or fails the HMAC check (a damaged or planted file is a miss, never an error)."""
        raw = self._read_raw(name)
        if raw is None or not raw.startswith(MAGIC):
            return None
        mac, newline, body = raw[len(MAGIC) :].partition(b"\n")
        if not newline or not hmac.compare_digest(mac, self._mac(name, body)):
            return None
        return body

    def write(self, name: str, body: bytes) -> None:
        """Write `body` under `name`, authenticated, atomically (a reader never sees half a file); a folder that
        cannot be written (read-only home, disk full) only costs the cache."""
        if not _NAME.match(name):
            raise ValueError(f"not a cache file name: {name!r}")
        data = MAGIC + self._mac(name, body) + b"\n" + body
        temporary = f".{name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(
                temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=self.descriptor
            )
            try:
                with open(handle, "wb", closefd=True) as out:
                    out.write(data)
                os.replace(temporary, name, src_dir_fd=self.descriptor, dst_dir_fd=self.descriptor)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary, dir_fd=self.descriptor)
                raise
        except OSError:
            return

    def touch(self, name: str) -> None:
        """Mark a file as just used, so that eviction removes the least recently used first."""
        with contextlib.suppress(OSError):
            os.utime(name, dir_fd=self.descriptor, follow_symlinks=False)

    def remove(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=self.descriptor)

    def evict(self, prefix: str, budget: int) -> int:
        """Remove the least recently used files named `prefix…` until they take at most `budget` bytes (then down
        to 80% of it, so that eviction does not run at every write). Returns how many were removed."""
        entries = []
        with contextlib.suppress(OSError), os.scandir(self.descriptor) as listing:
            for entry in listing:
                if entry.name.startswith(prefix) and entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        info = entry.stat(follow_symlinks=False)
                        entries.append((info.st_mtime, info.st_size, entry.name))
        total = sum(size for _, size, _ in entries)
        if total <= budget:
            return 0
        removed = 0
        for _, size, name in sorted(entries):
            if total <= budget * 0.8:
                break
            self.remove(name)
            total -= size
            removed += 1
        return removed

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.descriptor)

    def __enter__(self) -> CacheFolder:
        return self

    def __exit__(self, *exception: object) -> None:
        self.close()

    def names(self, prefix: str) -> list[str]:
        """The names of the files starting with `prefix` (for tests and eviction)."""
        with os.scandir(self.descriptor) as listing:
            return sorted(entry.name for entry in listing if entry.name.startswith(prefix))

    def _read_raw(self, name: str) -> bytes | None:
        if not _NAME.match(name):
            return None
        try:
            handle = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=self.descriptor)
        except OSError:
            return None
        with open(handle, "rb", closefd=True) as source:
            info = os.fstat(source.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES or info.st_uid != os.geteuid():
                return None
            try:
                return source.read(MAX_FILE_BYTES)
            except OSError:
                return None

    def _mac(self, name: str, body: bytes) -> bytes:
        return hmac.new(self.key, name.encode("ascii") + b"\0" + body, hashlib.sha256).hexdigest().encode("ascii")


def open_folder(path: Path | None = None) -> CacheFolder:
    """Create (0700) or open the cache folder and check it: a folder owned by another user, writable by group or
    others, or not a folder is refused with CacheRefused saying what to do."""
    folder = path if path is not None else cache_folder()
    where = str(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as error:
        raise CacheRefused(
            where,
            f"cannot open the cache folder ({error.strerror or error}): the cache is not used",
            "make it a folder you own, or pass --no-cache",
        ) from error
    try:
        _check(os.fstat(descriptor), where)
        return CacheFolder(folder, descriptor, _key(descriptor, where))
    except BaseException:
        os.close(descriptor)
        raise


def _check(info: os.stat_result, where: str) -> None:
    if info.st_uid != os.geteuid():
        raise CacheRefused(
            where,
            f"cache folder belongs to another user (uid {info.st_uid}): refused, the cache is not used",
            "use a cache folder of your own (set XDG_CACHE_HOME), or pass --no-cache",
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise CacheRefused(
            where,
            f"cache folder is writable by group or others (mode {stat.S_IMODE(info.st_mode):04o}): refused, "
            "the cache is not used",
            f"run `chmod 700 {where}`, or pass --no-cache",
        )


def _key(descriptor: int, where: str) -> bytes:
    """The folder's HMAC key: read, or made (32 random bytes, 0600) when missing or not trustworthy."""
    for _ in range(3):
        try:
            handle = os.open(KEY_NAME, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=descriptor)
        except FileNotFoundError:
            _make_key(descriptor)
            continue
        except OSError:
            with contextlib.suppress(OSError):  # a symlink or a folder in its place
                os.unlink(KEY_NAME, dir_fd=descriptor)
            continue
        with open(handle, "rb", closefd=True) as source:
            info = os.fstat(source.fileno())
            key = source.read(64) if stat.S_ISREG(info.st_mode) else b""
        if len(key) == 32 and info.st_uid == os.geteuid() and not info.st_mode & 0o077:
            return key
        with contextlib.suppress(OSError):
            os.unlink(KEY_NAME, dir_fd=descriptor)  # damaged or exposed: a new key (every entry becomes a miss)
    raise CacheRefused(where, "cannot create the cache's key file: the cache is not used", "pass --no-cache")


def _make_key(descriptor: int) -> None:
    temporary = f".{KEY_NAME}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=descriptor)
        with open(handle, "wb", closefd=True) as out:
            out.write(secrets.token_bytes(32))
        with contextlib.suppress(FileExistsError):  # another process made one first: theirs is used
            os.link(temporary, KEY_NAME, src_dir_fd=descriptor, dst_dir_fd=descriptor, follow_symlinks=False)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=descriptor)


def check_default_folder() -> Path:
    """The user's cache folder after checking it (CacheRefused says why it cannot be used)."""
    with open_folder() as folder:
        return folder.path
