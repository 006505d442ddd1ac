"""The one careful writer (integ.fsio): crash safety, lost updates, left-over temporary
files, hard links, devices and FIFOs, symbolic links out of the workspace."""

from __future__ import annotations

import errno
import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from integ import fsio, yaml_io
from integ.errors import IntegError

from .conftest import ROOT

posix = pytest.mark.skipif(os.name != "posix", reason="POSIX only")


def temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    """A workspace (integ.yaml) and a folder beside it that is outside."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "integ.yaml").write_text("organisation: Testamt\n", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    return root


# --------------------------------------------------------------------------- the basics


def test_keeps_mode_and_follows_a_link_inside_the_workspace(ws: Path) -> None:
    real = ws / "real.yaml"
    real.write_text("a: 1\n", encoding="utf-8")
    real.chmod(0o640)
    link = ws / "link.yaml"
    link.symlink_to(real)
    fsio.write_atomic(link, "a: 2\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "a: 2\n"
    assert real.stat().st_mode & 0o777 == 0o640
    assert temps(ws) == []


def test_a_new_file_gets_the_umask_mode(ws: Path) -> None:
    old = os.umask(0o027)
    try:
        fsio.write_atomic(ws / "new.txt", "x")
    finally:
        os.umask(old)
    assert (ws / "new.txt").stat().st_mode & 0o777 == 0o640


def test_the_file_and_its_folder_are_fsynced(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kinds: list[str] = []
    real = os.fsync

    def spy(fd: int) -> None:
        mode = os.fstat(fd).st_mode
        kinds.append("folder" if stat.S_ISDIR(mode) else "file")
        real(fd)

    monkeypatch.setattr(os, "fsync", spy)
    fsio.write_atomic(ws / "c.yaml", "a: 1\n")
    assert kinds == ["file", "folder"]


def test_yaml_io_still_offers_the_writer() -> None:
    assert yaml_io.write_atomic is fsio.write_atomic
    assert yaml_io.write_bytes_atomic is fsio.write_bytes_atomic


def test_no_other_module_replaces_files_itself() -> None:
    """One writer: nobody else calls os.replace / os.rename or makes temp files to rename."""
    offenders = []
    for path in sorted((ROOT / "integ").rglob("*.py")):
        if path.name == "fsio.py":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in ("os.replace(", "os.rename(", ".rename(", "mkstemp("):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
    assert offenders == []


# --------------------------------------------------------------------------- crashes (17)


def test_a_failing_write_leaves_the_old_file(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync fails (a full disk, an I/O error): the old file is untouched and no
    temporary file stays. A plain write would already have replaced the content."""
    path = ws / "c.yaml"
    path.write_text("alt\n", encoding="utf-8")

    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError):
        fsio.write_atomic(path, "neu\n")
    assert path.read_text(encoding="utf-8") == "alt\n"
    assert temps(ws) == []


def test_a_failing_rename_leaves_the_old_file(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ws / "c.yaml"
    path.write_text("alt\n", encoding="utf-8")

    def broken(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        fsio.write_atomic(path, "neu\n")
    assert path.read_text(encoding="utf-8") == "alt\n"
    assert temps(ws) == []


def _child(code: str, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, **kwargs)  # type: ignore[call-overload]


@posix
def test_a_process_killed_mid_write_leaves_the_old_file(ws: Path) -> None:
    """The writing process dies half-way through its write (the file-size limit kills it
    with SIGXFSZ after 1000 bytes): the old file is whole. With a plain write the file
    would hold the first 1000 bytes of the new text."""
    path = ws / "c.yaml"
    path.write_text("alt\n", encoding="utf-8")
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "from integ import fsio\n"
        "fsio.write_bytes_atomic(sys.argv[1], b'x' * 100_000)\n"
    )
    with _child(code, str(path)) as child:
        assert child.wait() != 0  # killed (SIGXFSZ) or failed (EFBIG)
    assert path.read_text(encoding="utf-8") == "alt\n"


@posix
def test_kill_9_during_fsync_leaves_the_old_file_and_no_lasting_temp_file(ws: Path) -> None:
    """kill -9 while the new file is being fsynced: the old file is whole, and the temp
    file it left is swept by the next write (38)."""
    path = ws / "c.yaml"
    path.write_text("alt\n", encoding="utf-8")
    code = (
        "import os, sys, time\n"
        "from integ import fsio\n"
        "def stuck(fd):\n"
        "    sys.stdout.write('fsync\\n'); sys.stdout.flush(); time.sleep(600)\n"
        "os.fsync = stuck\n"
        "fsio.write_atomic(sys.argv[1], 'neu\\n')\n"
    )
    with _child(code, str(path), stdout=subprocess.PIPE) as child:
        assert child.stdout is not None
        assert child.stdout.readline() == b"fsync\n"
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert path.read_text(encoding="utf-8") == "alt\n"
    left = temps(ws)
    assert len(left) == 1 and left[0].startswith(".c.yaml.integ-")
    fsio.write_atomic(path, "neu\n")
    assert path.read_text(encoding="utf-8") == "neu\n"
    assert temps(ws) == []


def test_sweep_keeps_temp_files_of_live_writers_and_of_other_hosts(ws: Path) -> None:
    target = ws / "c.yaml"
    mine = ws / f".c.yaml.integ-{fsio._host()}-{os.getppid()}-abcd.tmp"  # alive
    other = ws / f".c.yaml.integ-00000000-{2**22 + 7}-abcd.tmp"  # another host, fresh
    foreign = ws / ".c.yaml.swp"  # an editor's
    for p in (mine, other, foreign):
        p.write_text("x", encoding="utf-8")
    assert fsio.sweep(target) == []
    old = os.stat(other).st_mtime - fsio.STALE_SECONDS - 10
    os.utime(other, (old, old))
    assert fsio.sweep(target) == [other]
    assert mine.exists() and foreign.exists()


# --------------------------------------------------------------------------- lost updates (34)


def test_a_change_during_fsync_is_not_overwritten(
    ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saves while integ is fsyncing its new file (a slow disk): integ checks
    the file again right before the rename and refuses; the editor's change stays."""
    path = ws / "c.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    doc = yaml_io.load(path)
    real = os.fsync
    saved: list[bool] = []

    def slow(fd: int) -> None:
        if not saved:
            saved.append(True)
            path.write_text("a: 1  # Editor\n", encoding="utf-8")
        real(fd)

    monkeypatch.setattr(os, "fsync", slow)
    with pytest.raises(fsio.ChangedOnDisk):
        fsio.write_atomic(path, "a: 2\n", expect_sha256=doc.sha256)
    assert path.read_text(encoding="utf-8") == "a: 1  # Editor\n"
    assert temps(ws) == []


def test_a_file_changed_since_read_is_refused(ws: Path) -> None:
    path = ws / "c.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    doc = yaml_io.load(path)
    path.write_text("a: 1  # someone else\n", encoding="utf-8")
    with pytest.raises(IntegError):
        fsio.write_atomic(path, "a: 2\n", expect_sha256=doc.sha256)
    assert path.read_text(encoding="utf-8") == "a: 1  # someone else\n"


def _increment(path: str, times: int, conflicts: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """A competing writer: read, add one, write back; a refused write is retried.
    The rename is delayed so that the two writers overlap every time."""
    import hashlib
    import time

    real = os.replace

    def slow(src: str, dst: str) -> None:
        time.sleep(0.05)
        real(src, dst)

    os.replace = slow  # type: ignore[assignment]
    done = refused = 0
    while done < times:
        raw = Path(path).read_bytes()
        value = int(raw.decode())
        try:
            fsio.write_atomic(
                Path(path), str(value + 1), expect_sha256=hashlib.sha256(raw).hexdigest()
            )
            done += 1
        except fsio.ChangedOnDisk:
            refused += 1
    conflicts.put(refused)


@posix
def test_competing_writers_lose_no_update(ws: Path) -> None:
    path = ws / "counter"
    path.write_text("0", encoding="utf-8")
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    workers = [ctx.Process(target=_increment, args=(str(path), 5, queue)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert [w.exitcode for w in workers] == [0, 0]
    assert path.read_text(encoding="utf-8") == "10"  # every one of the ten updates
    assert queue.get() + queue.get() > 0  # they did compete


def test_without_fcntl_the_recheck_still_happens(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fcntl", None)  # as on Windows
    path = ws / "c.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    doc = yaml_io.load(path)
    fsio.write_atomic(path, "a: 2\n", expect_sha256=doc.sha256)
    with pytest.raises(fsio.ChangedOnDisk):
        fsio.write_atomic(path, "a: 3\n", expect_sha256=doc.sha256)
    assert path.read_text(encoding="utf-8") == "a: 2\n"


# --------------------------------------------------------------------------- hard links (38)


def test_a_hard_linked_file_is_refused_not_split(ws: Path) -> None:
    path = ws / "c.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    twin = ws / "twin.yaml"
    os.link(path, twin)
    with pytest.raises(fsio.WriteRefused, match="2"):
        fsio.write_atomic(path, "a: 2\n")
    assert path.read_text(encoding="utf-8") == twin.read_text(encoding="utf-8") == "a: 1\n"
    assert os.stat(path).st_ino == os.stat(twin).st_ino
    assert temps(ws) == []


# --------------------------------------------------------------------------- not a file (28)


@pytest.fixture
def no_rename(monkeypatch: pytest.MonkeyPatch) -> None:
    """Guard: a regression must fail here, not replace a device node."""

    def refuse(src: object, dst: object) -> None:
        raise AssertionError(f"would replace {dst}")

    monkeypatch.setattr(os, "replace", refuse)
    monkeypatch.setattr(os, "rename", refuse)


@posix
@pytest.mark.usefixtures("no_rename")
def test_dev_null_is_written_into() -> None:
    fsio.write_atomic(Path("/dev/null"), "x")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.usefixtures("no_rename")
def test_dev_full_says_the_disk_is_full() -> None:
    with pytest.raises(OSError) as info:
        fsio.write_atomic(Path("/dev/full"), "x")
    assert info.value.errno == errno.ENOSPC
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@posix
@pytest.mark.usefixtures("no_rename")
def test_a_fifo_is_written_into_and_stays_a_fifo(ws: Path) -> None:
    fifo = ws / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    try:
        fsio.write_atomic(fifo, "durch die Leitung\n")
    finally:  # never leave the reader waiting, even when the write failed
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        reader.join()
    assert got == [b"durch die Leitung\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@posix
def test_a_socket_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(fsio.WriteRefused):
            fsio.write_atomic(path, "x")
        assert stat.S_ISSOCK(os.stat(path).st_mode)


def test_a_folder_is_refused(ws: Path) -> None:
    with pytest.raises(IsADirectoryError):
        fsio.write_atomic(ws, "x")


# --------------------------------------------------------------------------- symlinks (33)


def test_a_link_out_of_the_workspace_is_refused(ws: Path) -> None:
    victim = ws.parent / "outside" / "victim.txt"
    victim.write_text("unberührt\n", encoding="utf-8")
    (ws / "dokumente").mkdir()
    (ws / "dokumente" / "x.docx").symlink_to(victim)
    with pytest.raises(fsio.WriteRefused) as info:
        fsio.write_atomic(ws / "dokumente" / "x.docx", "vom Pull Request\n")
    assert str(victim) in str(info.value)
    assert victim.read_text(encoding="utf-8") == "unberührt\n"


def test_a_linked_folder_out_of_the_workspace_is_refused(ws: Path) -> None:
    (ws / "dokumente").symlink_to(ws.parent / "outside")
    with pytest.raises(fsio.WriteRefused):
        fsio.write_atomic(ws / "dokumente" / "x.docx", "vom Pull Request\n")
    assert list((ws.parent / "outside").iterdir()) == []


def test_a_dangling_link_out_of_the_workspace_is_refused(ws: Path) -> None:
    target = ws.parent / "outside" / "new.md"
    (ws / "integ-summary.md").symlink_to(target)
    with pytest.raises(fsio.WriteRefused):
        fsio.write_atomic(ws / "integ-summary.md", "x")
    assert not target.exists()


def test_a_git_work_tree_counts_as_a_workspace(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    (repo / "sub" / "link").symlink_to(tmp_path)
    with pytest.raises(fsio.WriteRefused):
        fsio.write_atomic(repo / "sub" / "link" / "x.md", "x")


def test_a_path_outside_every_workspace_is_followed(tmp_path: Path) -> None:
    """-o /dev/stdout and the like: what the user names outside a workspace."""
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    fsio.write_atomic(tmp_path / "link" / "x.md", "x")
    assert (tmp_path / "real" / "x.md").read_text(encoding="utf-8") == "x"


def test_read_confined(ws: Path) -> None:
    secret = ws.parent / "outside" / "passwd"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    (ws / "ok.j2").write_text("x", encoding="utf-8")
    (ws / "bad.j2").symlink_to(secret)
    assert fsio.read_confined(ws / "ok.j2", ws, "template") == (ws / "ok.j2").resolve()
    with pytest.raises(fsio.ReadRefused):
        fsio.read_confined(ws / "bad.j2", ws, "template")
    assert fsio.read_confined(secret, ws, "template") == secret.resolve()  # named by the user
