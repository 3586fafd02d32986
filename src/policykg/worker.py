"""Queries and views run in worker processes: stopped at the timeout, memory-bounded, offline.

``WorkerPool`` (used by ``policykg.serve``) keeps ``Limits.running`` processes of
``python -m policykg.worker``; each opens the store read-only and answers one request at a time
over its stdin/stdout (length-prefixed pickles).  A request still running at the timeout is
answered 503 and its worker killed and replaced, so a runaway query stops taking CPU and memory at
once.  Each worker's memory is capped (``RLIMIT_DATA``).  A worker on an Oxigraph store first
moves into a new, empty network namespace (a Linux user namespace, no privileges needed), so no
query can reach another host even if the text check (``policykg.sparql_guard``) missed a SERVICE.
rdflib's query parser is not thread-safe; each worker is one thread, so no two parses ever meet.
May import: ``policykg.protocol``, ``policykg.store``, ``policykg.view``, ``policykg.errors``, the
standard library (the heavy ones only inside the worker, after it went offline).
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

from policykg.errors import PolicyKGError
from policykg.protocol import Limits, ServeError, timed_out

STARTUP_SECONDS = 120.0  # a cold worker imports rdflib and pyoxigraph; slow on a busy machine
_HEADER = struct.Struct(">Q")
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Source:
    """Where workers read the data: ``backend`` ``oxigraph`` (a store directory) or ``remote`` (a URL);
    ``temporary`` when the directory was made for this server and goes with it."""

    backend: str
    location: str
    temporary: bool = False


class WorkerLostError(Exception):
    """The worker ended or ran past the deadline; it has been killed."""


class Worker:
    """One worker process and its pipes."""

    def __init__(self, source: Source, memory: int) -> None:
        command = [sys.executable, "-m", "policykg.worker", source.backend, source.location, str(memory)]
        package_root = str(Path(__file__).resolve().parents[1])
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
        }
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, start_new_session=True
        )
        self.offline = False

    def ready(self, seconds: float) -> None:
        """Wait for the worker's greeting; PolicyKGError with its message when it could not start."""
        try:
            reply = self.receive(time.monotonic() + seconds)
        except WorkerLostError:  # also when the pool closed meanwhile
            raise PolicyKGError("the query worker did not start (see the messages above)") from None
        if reply[0] != "ready":
            self.kill()
            raise PolicyKGError(reply[1])
        self.offline = reply[1]

    def call(self, request: tuple, deadline: float) -> tuple:
        """Send ``request``; its reply, or WorkerLostError (the worker killed) at ``deadline``."""
        try:
            self.process.stdin.write(pack(request))
            self.process.stdin.flush()
        except (OSError, ValueError):
            self.kill()
            raise WorkerLostError from None
        return self.receive(deadline)

    def receive(self, deadline: float) -> tuple:
        try:
            size = _HEADER.unpack(self._read(_HEADER.size, deadline))[0]
            return pickle.loads(self._read(size, deadline))
        except (TimeoutError, EOFError, OSError, ValueError):  # OSError, ValueError: pipes closed by close()
            self.kill()
            raise WorkerLostError from None

    def _read(self, size: int, deadline: float) -> bytes:
        fd, chunks, missing = self.process.stdout.fileno(), [], size
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(fd, min(missing, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        """Stop the process now (SIGKILL) and reap it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            try:
                pipe.close()
            except OSError:
                pass


class WorkerPool:
    """``limits.running`` ready workers; one dedicated thread starts them (and replaces killed ones)."""

    def __init__(self, source: Source, limits: Limits) -> None:
        self.source, self.memory = source, limits.memory
        self._free: queue.Queue[Worker] = queue.Queue()
        self._wanted: queue.Queue[int] = queue.Queue()
        self._live: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        first = self._start()  # here, so a store that cannot be opened stops the server at once
        self.offline = first.offline
        self._free.put(first)
        # Workers ask the kernel to kill them when the thread that started them ends
        # (PR_SET_PDEATHSIG), so they are started from this thread, which lives as long as the server.
        threading.Thread(target=self._starter, name="policykg-worker-starter", daemon=True).start()
        for _ in range(limits.running - 1):
            self._wanted.put(1)

    def run(self, request: tuple, limits: Limits) -> tuple[bytes, str]:
        """Run ``request`` on a free worker within ``limits.timeout``: (body, content type) or ServeError."""
        deadline = time.monotonic() + limits.timeout
        try:
            worker = self._free.get(timeout=max(limits.timeout, 0.001))
        except queue.Empty:
            raise timed_out(limits) from None
        try:
            reply = worker.call(request, deadline)
        except WorkerLostError:
            self._replace(worker)
            if time.monotonic() >= deadline:
                raise timed_out(limits) from None
            raise self._lost() from None
        if reply[0] == "memory":
            worker.kill()
            self._replace(worker)
            raise self._lost()
        self._free.put(worker)
        if reply[0] == "error":
            raise ServeError(HTTPStatus(reply[1]), reply[2])
        return reply[1], reply[2]

    def _lost(self) -> ServeError:
        return ServeError(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query needed more memory than a query may use ({self.memory} MB, --max-memory) "
            "or ended its worker; add a LIMIT or narrow it",
        )

    def close(self) -> None:
        """Kill every worker; no new ones start."""
        with self._lock:
            self._closed = True
            workers = list(self._live)
        for worker in workers:
            worker.kill()

    def _start(self) -> Worker:
        worker = Worker(self.source, self.memory)
        with self._lock:
            if self._closed:
                worker.kill()
                raise PolicyKGError("the endpoint is closing")
            self._live.add(worker)
        try:
            worker.ready(STARTUP_SECONDS)
        except PolicyKGError:
            self._forget(worker)
            raise
        return worker

    def _replace(self, worker: Worker) -> None:
        self._forget(worker)
        self._wanted.put(1)

    def _forget(self, worker: Worker) -> None:
        with self._lock:
            self._live.discard(worker)

    def _starter(self) -> None:
        while True:
            self._wanted.get()
            try:
                self._free.put(self._start())
            except PolicyKGError as exc:
                if self._closed:
                    return
                sys.stderr.write(f"warning: {exc}\n")
                time.sleep(1.0)
                self._wanted.put(1)


def pack(message: Any) -> bytes:
    """One length-prefixed pickle."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


# ---- inside the worker process ---------------------------------------------------------------------


def main(argv: list[str]) -> int:
    """The worker: go offline, cap memory, open the store, then answer requests until stdin ends."""
    backend, location, memory = argv
    _die_with_parent()
    offline = backend == "oxigraph" and _leave_the_network()
    _cap_memory(int(memory))
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library printing to stdout must not corrupt the replies
    requests = sys.stdin.buffer
    from policykg.store import open_store

    try:
        store = open_store(backend, location, **({"read_only": True} if backend == "oxigraph" else {}))
    except PolicyKGError as exc:
        _reply(replies, ("failed", str(exc)))
        return 1
    _reply(replies, ("ready", offline))
    while True:
        header = requests.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return 0
        request = pickle.loads(requests.read(_HEADER.unpack(header)[0]))
        _reply(replies, handle(store, request))


def handle(store: Any, request: tuple) -> tuple:
    """One request inside the worker: ("query", text, accept, format, limits) or ("view", name)."""
    from policykg.protocol import answer

    try:
        if request[0] == "view":
            from policykg.view import write_view

            return ("ok", write_view(store, request[1]), "text/html; charset=utf-8")
        return ("ok", *answer(store, *request[1:]))
    except ServeError as exc:
        return ("error", int(exc.status), str(exc))
    except MemoryError:
        return ("memory",)
    except PolicyKGError as exc:  # e.g. a remote store that cannot be reached
        return ("error", int(HTTPStatus.BAD_GATEWAY), str(exc))
    except Exception as exc:  # a bug: say so, keep the worker
        traceback.print_exc()
        return ("error", int(HTTPStatus.INTERNAL_SERVER_ERROR), f"internal error: {exc}")


def _reply(stream: Any, message: tuple) -> None:
    stream.write(pack(message))
    stream.flush()


def _libc() -> Any:
    import ctypes

    return ctypes.CDLL(None, use_errno=True)


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the server ends, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import signal

        _libc().prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _leave_the_network() -> bool:
    """Move into a new user and network namespace (only a down loopback): True when that worked."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return _libc().unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


def _cap_memory(megabytes: int) -> None:
    import resource

    limit = megabytes << 20
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
