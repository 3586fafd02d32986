"""output.write_atomic: temp file + rename, never a half-written or truncated file, clear errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policykg.errors import OutputError
from policykg.output import write_atomic


def test_writes_the_bytes(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    write_atomic(target, b"hello\n")
    assert target.read_bytes() == b"hello\n"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_replaces_an_existing_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.txt", b"x")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


def test_missing_directory(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.ttl"
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"x")
    assert str(caught.value) == (
        f"cannot write {target}: directory {target.parent} does not exist; "
        "create it or choose another -o/--output"
    )


def test_output_is_a_directory(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path, b"x")
    assert str(caught.value) == f"cannot write {tmp_path}: it is a directory; give a file name to -o/--output"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_directory(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError) as caught:
            write_atomic(folder / "out.ttl", b"x")
    finally:
        folder.chmod(0o700)
    assert str(caught.value) == f"cannot write {folder / 'out.ttl'}: permission denied in directory {folder}"


def test_failure_while_writing_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    target.write_bytes(b"precious")

    with pytest.raises(TypeError):
        write_atomic(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["out.ttl"]


def test_dash_is_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    write_atomic("-", "héllo\n".encode())
    assert capsysbinary.readouterr().out == "héllo\n".encode()


def test_devices_and_pipes_are_written_in_place(tmp_path: Path) -> None:
    write_atomic("/dev/null", b"discarded")
    assert Path("/dev/null").exists() and not Path("/dev/null").is_file()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomic(fifo, b"through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert not fifo.is_file()


def test_a_symlink_keeps_pointing_at_the_new_content(tmp_path: Path) -> None:
    real = tmp_path / "real.ttl"
    real.write_bytes(b"old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new"
    assert sorted(os.listdir(tmp_path)) == ["link.ttl", "real.ttl"]


def test_a_stream_that_fails_halfway_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    from policykg.output import atomic_output

    target = tmp_path / "out.nt"
    target.write_bytes(b"precious")
    with pytest.raises(OutputError, match="the store went away"), atomic_output(target) as stream:
        stream.write(b"<urn:a> <urn:b> <urn:c> .\n")
        raise OutputError("the store went away")
    assert target.read_bytes() == b"precious"
    assert os.listdir(tmp_path) == ["out.nt"]


def test_a_stream_is_renamed_over_the_target_when_it_ends(tmp_path: Path) -> None:
    from policykg.output import atomic_output

    target = tmp_path / "out.nt"
    with atomic_output(target) as stream:
        stream.write(b"one\n")
        stream.write(b"two\n")
        assert not target.exists()
    assert target.read_bytes() == b"one\ntwo\n"
    assert os.listdir(tmp_path) == ["out.nt"]
