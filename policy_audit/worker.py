"""A worker process: audits one document at a time for the process that started it, and nothing else.

Run as `python -m policy_audit.worker PARENT_PID MEMORY_MB`. It lives in a process of its own so that what a
hostile document does to it (a native crash in PDFium, memory exhausted, a loop that never ends) costs that
document only: the parent sees the process die or time out, names the document, and starts another worker.

- Memory: RLIMIT_AS is set to MEMORY_MB before anything else is imported (0: no limit), so a document that
  inflates to gigabytes fails here instead of taking the machine's memory.
- It dies with its parent: PR_SET_PDEATHSIG on Linux, and a thread that exits when the parent is gone (the
  process is then re-parented) everywhere, so a killed scan leaves no worker behind, even one stuck in PDFium.
- It speaks in frames on stdin and stdout: an 8-byte length, then JSON (see `datajson`). Its answers are data,
  so a worker subverted by a document cannot make the parent run code by what it sends back.
- Anything a library prints goes to stderr (stdout is kept for frames).
"""

from __future__ import annotations

import os
import sys
from typing import Any, BinaryIO

EXIT_MEMORY = 3
"""Exit status of a worker that ran out of memory (when it could not even say so in a frame)."""
EXIT_ORPHANED = 4
"""Exit status of a worker whose parent is gone."""
HEADER_BYTES = 8
MAX_FRAME_BYTES = 256 << 20
"""No frame is larger than this (the parent refuses a larger answer as a broken worker)."""
WARM_UP_TEXT = "1. WARNING SHOTS\nWarning shots are prohibited.\n"
"""Audited once after set-up, so that compiling the reader is not charged to the first document's time."""


def main(argv: list[str]) -> int:
    parent, memory_mb = int(argv[0]), int(argv[1])
    _limit_memory(memory_mb)
    _die_with_parent(parent)
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    frames_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library's print goes to stderr, never into a frame
    frames_in = os.fdopen(os.dup(0), "rb")
    try:
        return _serve(frames_in, frames_out)
    except MemoryError:
        return EXIT_MEMORY


def _serve(frames_in: BinaryIO, frames_out: BinaryIO) -> int:
    import json

    setup: Any = None
    while True:
        frame = read_frame(frames_in)
        if frame is None:
            return 0  # the parent closed the pipe: the run is over
        message = json.loads(frame)
        if "setup" in message:
            try:
                setup = _set_up(message["setup"])
            except Exception as error:  # said to the parent, which names it with each document it could not read
                write_frame(frames_out, json.dumps({"failure": f"{type(error).__name__}: {error}"[:300]}).encode())
                return 1
            write_frame(frames_out, b'{"ready":true}')
        elif "audit" in message and setup is not None:
            write_frame(frames_out, _audit(message["audit"], setup))
        else:
            return 2


def _set_up(message: dict[str, Any]) -> tuple[Any, ...]:
    """The run's standards, password and engine; the reader compiled by auditing a small text once."""
    import tempfile
    from pathlib import Path

    from policy_audit import datajson
    from policy_audit.audit import audit_path
    from policy_audit.models import Standard

    standards = tuple(datajson.decode(Standard, raw) for raw in message["standards"])
    password, engine = str(message["password"]), str(message["engine"])
    with tempfile.TemporaryDirectory(prefix="policy-audit-") as folder:
        sample = Path(folder) / "warm-up.txt"
        sample.write_text(WARM_UP_TEXT, encoding="utf-8")
        audit_path(sample, standards, password, engine)
    return standards, password, engine


def _audit(message: dict[str, Any], setup: tuple[Any, ...]) -> bytes:
    """One document's report as a frame, or the kind of failure that kept it from being made."""
    import json
    from dataclasses import replace
    from pathlib import Path

    from policy_audit import datajson
    from policy_audit.audit import audit_path
    from policy_audit.ingest.files import file_sha256

    standards, password, engine = setup
    path, shown, explain = Path(message["path"]), str(message["shown"]), bool(message["explain"])
    try:
        report = audit_path(path, standards, password, engine)
    except MemoryError:
        report = None
        failure = "memory"
    except RecursionError:
        report, failure = None, "recursion"
    except Exception as error:  # a bug in the reader: this document is named with it, the others go on
        report, failure = None, f"internal: {type(error).__name__}: {error}"[:300]
    if report is None:
        return json.dumps({"failure": failure}).encode()
    if report.path != shown:  # the file was read under another name (a copy sent to a cluster worker)
        line = report.error
        if line is not None and line.startswith(f"{report.path}: "):
            line = f"{shown}: {line[len(report.path) + 2 :]}"
        report = replace(report, path=shown, error=line)
    if not explain:  # the reader's internals, shown only by --explain: not sent, never cached
        report = replace(report, results=tuple(replace(result, hits=()) for result in report.results))
    # The content the report was made from (for a document that could not be read, its bytes now): the parent
    # caches the report only if this is the content it keyed it on.
    digest = report.sha256 or file_sha256(path) or ""
    return b'{"sha256":"' + digest.encode() + b'","report":' + datajson.dumps(report) + b"}"


def read_frame(source: BinaryIO) -> bytes | None:
    """The next frame, or None at the end of the stream."""
    header = source.read(HEADER_BYTES)
    if len(header) < HEADER_BYTES:
        return None
    size = int.from_bytes(header, "big")
    if size > MAX_FRAME_BYTES:
        raise ValueError("frame too large")
    body = source.read(size)
    return body if len(body) == size else None


def write_frame(target: BinaryIO, body: bytes) -> None:
    target.write(frame(body))
    target.flush()


def frame(body: bytes) -> bytes:
    return len(body).to_bytes(HEADER_BYTES, "big") + body


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    import resource

    limit = megabytes << 20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _die_with_parent(parent: int) -> None:
    """SIGKILL when the parent dies (Linux), and a watchdog thread for every system; exit now if it is gone."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above: nobody would read our answers
        os._exit(EXIT_ORPHANED)
    import threading

    threading.Thread(target=_watch, args=(parent,), name="parent-watchdog", daemon=True).start()


def _watch(parent: int) -> None:
    """Exit as soon as the parent is gone, even while the main thread is stuck in native code (ctypes calls
    into PDFium release the interpreter lock, so this thread keeps running)."""
    import time

    while os.getppid() == parent:
        time.sleep(0.25)
    os._exit(EXIT_ORPHANED)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
