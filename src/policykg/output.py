"""Write command outputs atomically: the only module that opens output files.

``write_atomic(path, data)`` writes to a temporary file in the destination directory and renames it
over the target with ``os.replace``, so a failed command never leaves a half-written file and never
truncates an existing one; ``atomic_output`` does the same for output written piece by piece.
``"-"`` means standard output.
May import: the standard library and ``policykg.errors``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from policykg.errors import OutputError

STDOUT = "-"


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` (temp file + rename), or to standard output when ``path`` is ``-``."""
    with atomic_output(path) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary stream for writing ``path`` piece by piece: a temp file renamed over ``path`` when the
    block ends without an error, removed when it raises (standard output and devices are written
    as they come). For outputs too big to hold in memory (``export --store``).
    """
    if str(path) == STDOUT:
        yield _Stdout()
        return
    target = Path(path)
    if _is_special(target):
        try:
            with target.open("ab") as stream:  # append: never truncate a file behind /dev/stdout
                yield stream
        except OSError as error:
            raise OutputError(f"cannot write {target}: {error.strerror}") from None
        return
    if target.is_symlink():  # replace the file it points to, keep the link
        _refuse_planted_link(target)
        target = Path(os.path.realpath(target))
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a directory; give a file name to -o/--output")
    if not directory.is_dir():
        raise OutputError(
            f"cannot write {target}: directory {directory} does not exist; "
            "create it or choose another -o/--output"
        )
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except PermissionError:
        raise OutputError(f"cannot write {target}: permission denied in directory {directory}") from None
    except OSError as error:
        raise OutputError(f"cannot write {target}: {error.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, _mode_for(target))
        os.replace(temp_name, target)
    except OSError as error:
        Path(temp_name).unlink(missing_ok=True)
        raise OutputError(f"cannot write {target}: {error.strerror}") from None
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


class _Stdout:
    """Standard output as a binary stream (``write`` of bytes), also under click's CliRunner."""

    def write(self, data: bytes) -> int:
        _write_stdout(data)
        return len(data)


def refuse_inputs_as_output(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse an output that is one of the inputs: the same file by any name, link or hard link.

    A folder among the inputs holds its texts (``*.txt``, ``*.md``): an output that is one of them is refused too.
    """
    if str(output) == STDOUT:
        return
    try:
        written = os.stat(output)
    except OSError:
        return  # a new file cannot be an input
    if not stat.S_ISREG(written.st_mode):
        return
    for item in inputs:
        if str(item) == "-":
            continue
        try:
            read = os.stat(item)
        except OSError:
            continue
        same = (read.st_dev, read.st_ino) == (written.st_dev, written.st_ino)
        inside = stat.S_ISDIR(read.st_mode) and _text_inside(Path(output), Path(item))
        if same or inside:
            raise OutputError(
                f"cannot write {output}: it is the input {item}{' (a text in it)' if inside else ''}, "
                "which would be replaced; choose another -o/--output"
            )


def _text_inside(output: Path, folder: Path) -> bool:
    """Whether ``output`` is a text (``.txt``, ``.md``) somewhere under ``folder``."""
    if output.suffix.lower() not in (".txt", ".md"):
        return False
    return Path(os.path.realpath(folder)) in Path(os.path.realpath(output)).parents


def refuse_foreign_folder(path: str | os.PathLike[str]) -> None:
    """A store folder must be absent, empty or an Oxigraph (RocksDB) store: never mix into other files."""
    folder = Path(path)
    if not folder.exists() and not folder.is_symlink():
        return
    if not folder.is_dir():
        raise OutputError(
            f"cannot build the store {folder}: it is a file, not a folder; choose another --store"
        )
    try:
        names = {entry.name for entry in os.scandir(folder)}
    except OSError as error:
        raise OutputError(f"cannot build the store {folder}: {error.strerror}") from None
    if names and "CURRENT" not in names:  # RocksDB always writes CURRENT
        raise OutputError(
            f"cannot build the store {folder}: the folder holds other files ({len(names)}) and is not a "
            "policykg store; give a new or empty folder to --store"
        )


def _refuse_planted_link(link: Path) -> None:
    """In a world-writable folder (``/tmp``), follow only links of this user or of the folder's owner.

    Anyone may plant a link there to make policykg replace a file of theirs choosing; the kernel's
    ``fs.protected_symlinks`` applies the same rule to ``open``.
    """
    folder = link.parent if str(link.parent) else Path(".")
    try:
        folder_stat, link_stat = folder.stat(), link.lstat()
    except OSError:
        return
    if not folder_stat.st_mode & stat.S_IWOTH:
        return
    if link_stat.st_uid in (os.geteuid(), folder_stat.st_uid):
        return
    raise OutputError(
        f"cannot write {link}: it is a symbolic link of another user in the world-writable folder {folder}; "
        "policykg does not follow it: remove it or choose another -o/--output"
    )


def _is_special(target: Path) -> bool:
    """Devices, pipes and anything under /dev or /proc: written in place, never renamed over."""
    absolute = Path(os.path.abspath(target))
    if absolute.parts[1:2] in (("dev",), ("proc",)):
        return True
    return target.exists() and not target.is_dir() and not target.is_file()


def _mode_for(target: Path) -> int:
    """The existing file's permission bits, else 0o666 minus the process umask (what ``open`` would give)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_stdout(data: bytes) -> None:
    """Write bytes to standard output (works under click's CliRunner, which replaces sys.stdout)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))
        sys.stdout.flush()
