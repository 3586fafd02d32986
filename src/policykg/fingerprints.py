"""Content hashes of a corpus's texts, remembered by their file status so unchanged texts are not read again.

A store build keeps, in one file of the store's folder, each text's size, modification and
change times, inode and content hash.  The next build trusts a remembered hash while all of them
are unchanged and reads and hashes the text otherwise; the content hash, as before, decides whether
a document is rebuilt.  A text changed less than ``RACY_NS`` before it was hashed is not remembered
(a second write within the same clock tick would keep its times: git's "racy clean" entries).
May import: policykg.errors, the standard library.
"""

from __future__ import annotations

import hashlib
import json
import os
import time

from policykg.errors import PolicyKGError

FILE_NAME = "policykg-fingerprints.json"
VERSION = 1
RACY_NS = 2_000_000_000  # FAT keeps times to 2 s; finer file systems are covered too


def content_hash(data: bytes) -> str:
    """The recorded hash of a text's bytes.

    >>> content_hash(b"abc")[:16]
    'sha256:ba7816bf8'
    """
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Fingerprints:
    """Content hashes of files by absolute path, trusted while the file's status is unchanged."""

    def __init__(self, folder: str | None = None, trust: bool = True, racy_ns: int = RACY_NS) -> None:
        self.path = os.path.join(folder, FILE_NAME) if folder else None
        self.known = _read(self.path) if trust and self.path else {}
        self.seen: dict[str, list] = {}
        self.racy_ns = racy_ns

    def digest(self, source: str) -> str:
        """The content hash of file ``source``: remembered when its status is unchanged, else read."""
        key = os.path.abspath(source)
        try:
            stat = os.stat(source)
            status = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]
            known = self.known.get(key)
            if known is not None and known[:-1] == status:
                self.seen[key] = known
                return known[-1]
            started = time.time_ns()
            with open(source, "rb") as handle:
                digest = content_hash(handle.read())
        except OSError as exc:
            raise PolicyKGError(f"cannot read '{source}': {exc.strerror or exc}") from None
        if started - max(stat.st_mtime_ns, stat.st_ctime_ns) >= self.racy_ns:
            self.seen[key] = [*status, digest]
        return digest

    def save(self) -> None:
        """Remember the files hashed or trusted since opening (best effort: it is only a cache)."""
        if self.path is None:
            return
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            with open(temporary, "w", encoding="utf-8") as handle:  # dumps: json's C encoder (dump is not)
                handle.write(json.dumps({"version": VERSION, "files": self.seen}, ensure_ascii=False))
            os.replace(temporary, self.path)
        except OSError:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def _read(path: str) -> dict[str, list]:
    """The remembered entries of ``path``; none when it is missing, unreadable or of another version."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("version") != VERSION
        or not isinstance(data.get("files"), dict)
    ):
        return {}
    return {key: value for key, value in data["files"].items() if isinstance(value, list) and len(value) == 6}
