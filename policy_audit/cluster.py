"""--scheduler ADDRESS: the documents audited on a Dask cluster (`dask.distributed`), the optional extra
`policy-audit[dask]`.

Each document is sent as bytes (the cluster needs no shared folder) to `batch.audit_copy`, the same
per-document function a local run uses: on the cluster worker it runs in an isolated worker process under the
same memory and time limits, so a hostile document costs that document there too. This process keeps a
bounded number of documents in flight (their bytes are held until sent), reads the cache before and writes it
after, exactly as a local run does, and feeds the progress bar from the futures as they finish.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

from policy_audit.batch import Answer, Setup, audit_copy
from policy_audit.errors import InputError, PolicyAuditError
from policy_audit.ingest.files import read_regular

CONNECT_SECONDS = 30
IN_FLIGHT_PER_THREAD = 2
"""Documents sent ahead per cluster thread: enough to keep every thread busy, few enough to bound memory here."""


def run_on_cluster(
    address: str, paths: Sequence[Path], pending: Sequence[int], setup: Setup
) -> Generator[tuple[int, Answer], None, None]:
    """Answers as they finish on the cluster at `address` (the same (index, Answer) stream as a local run)."""
    if not pending:
        return
    client = _connect(address)
    try:
        shared = client.scatter(setup, broadcast=True, hash=False)
        threads = sum(client.nthreads().values()) or 1
        yield from _stream(client, shared, paths, pending, IN_FLIGHT_PER_THREAD * threads)
    finally:
        client.close()


def _connect(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError as error:
        raise PolicyAuditError(
            f"--scheduler {address}",
            "dask.distributed is not installed",
            "install the extra: pip install 'policy-audit[dask]'",
        ) from error
    _reachable(address)
    try:
        return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise PolicyAuditError(
            f"--scheduler {address}",
            f"cannot reach the Dask scheduler ({type(error).__name__}: {error})"[:300],
            "check the address (e.g. tcp://host:8786) and that `dask scheduler` is running there",
        ) from error


def _reachable(address: str) -> None:
    """Fail at once on a TCP address nothing listens at (the client would retry for CONNECT_SECONDS)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    if parts.scheme != "tcp" or not parts.hostname:
        return
    try:
        socket.create_connection((parts.hostname, parts.port or 8786), timeout=CONNECT_SECONDS).close()
    except OSError as error:
        raise PolicyAuditError(
            f"--scheduler {address}",
            f"cannot reach the Dask scheduler ({error.strerror or error})",
            "check the address (e.g. tcp://host:8786) and that `dask scheduler` is running there",
        ) from error


def _stream(
    client: Any, shared: Any, paths: Sequence[Path], pending: Sequence[int], window: int
) -> Iterator[tuple[int, Answer]]:
    from distributed import as_completed

    waiting = list(reversed(pending))  # popped from the end: the given order (largest first)
    indexes: dict[str, int] = {}
    running: Any = None

    def submit_next() -> tuple[int, Answer] | None:
        index = waiting.pop()
        path = paths[index]
        try:
            data = read_regular(path)
        except InputError as error:  # named here as a worker would name it
            return index, Answer(failure=(error.what, error.remedy))
        nonlocal running
        future = client.submit(audit_copy, path.name, str(path), data, shared, pure=False)
        indexes[future.key] = index
        if running is None:
            running = as_completed([future], loop=client.loop)
        else:
            running.add(future)
        return None

    while waiting or indexes:
        while waiting and len(indexes) < window:
            unsent = submit_next()
            if unsent is not None:
                yield unsent
        if not indexes:
            continue
        future = next(running)
        index = indexes.pop(future.key)
        try:
            answer = future.result()
            if not isinstance(answer, Answer):
                raise TypeError(f"the task returned {type(answer).__name__}")
        except Exception as error:  # the cluster lost the task (a cluster worker died, KilledWorker)
            answer = Answer(
                failure=(
                    f"the cluster could not run it ({type(error).__name__}: {error})"[:300],
                    "check the cluster's workers, or scan this document locally (without --scheduler)",
                )
            )
        yield index, answer
