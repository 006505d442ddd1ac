"""Files on disk: the one careful writer, and the one check that a path stays in the
workspace.

Every file integ writes (an edited concept, ``review --record``, documents, exports,
the schema, ``init``/``new``, the PR summary, the cache, the reference document) goes
through :func:`write_bytes_atomic`:

* A regular file is replaced whole: the new bytes go into a temporary file in the
  same folder (``.NAME.integ-HOST-PID-RANDOM.tmp``), are fsynced, get the old file's
  mode, and are renamed over the old file, and then the folder is fsynced. A crash at
  any moment leaves the old file or the new one, never half of one.
* Lost updates: when the caller read the file before (``expect_sha256``), the file is
  hashed again right before the rename, under an advisory lock (``flock`` on the
  folder; every integ that writes there takes it). A change made meanwhile, by an
  editor or another integ, is never overwritten. Without ``fcntl`` (Windows) the
  re-check happens without the lock.
* Temporary files of a writer that was killed (kill -9 during fsync) do not pile up:
  before writing, integ removes its own temporary files of the same target whose
  process has gone (same host), or that are older than a day.
* Hard links: integ refuses to replace a file that has more than one hard link
  (renaming would silently cut the link, and writing in place would give up crash
  safety); the message says how to make it a file of its own.
* What is not a regular file (``-o /dev/null``, ``/dev/full``, a FIFO, a terminal) is
  written to directly and never replaced by a regular file; a folder or a socket is
  refused.
* Symbolic links are followed, but not out of the workspace: a path that lies in a
  workspace (the nearest folder above it with ``integ.yaml`` or ``.git``) whose real
  path leaves it is refused, so a link committed at an output path
  (``dokumente/x.docx``, ``integ-summary.md``) cannot make integ write elsewhere. A
  path outside any workspace that the user names (``-o /dev/stdout``) is followed.

:func:`inside` is the same check for what integ reads on a workspace's word:
templates, ``{% include %}``, reference documents.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import IntegError

TAG = "integ"
STALE_SECONDS = 24 * 3600  # a temporary file this old is left over, whoever made it
LOCK_SECONDS = 30.0  # how long a writer waits for another one in the same folder


class WriteRefused(IntegError):
    """integ will not write there; nothing was written."""


class ChangedOnDisk(WriteRefused):
    """The file changed since it was read; nothing was written."""


class ReadRefused(IntegError):
    """A file the workspace names leaves the workspace."""


# --------------------------------------------------------------------------- where


def workspace_of(path: Path) -> Path | None:
    """The workspace a path lies in: the nearest folder above it (lexically, the path
    as given) that holds ``integ.yaml`` or ``.git``; None outside any."""
    here = Path(os.path.abspath(path)).parent
    for folder in (here, *here.parents):
        try:
            if (folder / "integ.yaml").is_file() or (folder / ".git").exists():
                return folder
        except OSError:
            continue
    return None


def _within(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _real_root(root: Path) -> Path:
    return Path(os.path.realpath(root))


def confined(path: Path, root: Path | None = None) -> Path:
    """The real path behind ``path``; refused (WriteRefused) when ``path`` lies in a
    workspace (``root``, else the one it is found in) and its real path leaves it."""
    from .i18n import t

    absolute = Path(os.path.abspath(path))
    real = Path(os.path.realpath(absolute))
    root = root if root is not None else workspace_of(absolute)
    if root is None:
        return real
    lexical, resolved = Path(os.path.abspath(root)), _real_root(root)
    if not (_within(absolute, lexical) or _within(absolute, resolved)):
        return real
    if not _within(real, resolved):
        raise WriteRefused(
            t("files.write_outside", file=str(path), target=str(real), root=str(resolved))
        )
    return real


def inside(path: Path, root: Path, what: str) -> Path:
    """The real path of a file integ reads because the workspace names it (``what``:
    template, reference), refused when it leaves ``root`` (symbolic links included)."""
    from .i18n import t

    real = Path(os.path.realpath(path))
    if not _within(real, _real_root(root)):
        raise ReadRefused(
            t(f"files.read_outside.{what}", file=str(path), target=str(real), root=str(root))
        )
    return real


def read_confined(path: Path, root: Path, what: str, places: list[Path] | None = None) -> Path:
    """The real path of a file integ reads (``what``: template, reference), refused
    (ReadRefused) when it lies in the workspace ``root`` but its real path leaves it,
    or when it was found in one of ``places`` (folders searched) and its real path
    leaves that folder. A file the user names outside the workspace is read as named."""
    absolute = Path(os.path.abspath(path))
    if _within(absolute, Path(os.path.abspath(root))) or _within(absolute, _real_root(root)):
        return inside(path, root, what)
    for place in places or []:
        if place.is_dir() and _within(absolute, Path(os.path.abspath(place))):
            return inside(path, place, what)
    return Path(os.path.realpath(absolute))


# --------------------------------------------------------------------------- temporary files


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _temp_name(target: Path) -> str:
    return f".{target.name}.{TAG}-{_host()}-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no harmless way to ask; the age decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep(target: Path) -> list[Path]:
    """Remove integ's temporary files for ``target`` that nobody writes any more: their
    process is gone (same host), or they are older than a day. Returns what went."""
    pattern = re.compile(
        rf"^\.{re.escape(target.name)}\.{TAG}-([0-9a-f]{{8}})-(\d+)-[0-9a-f]+\.tmp$"
    )
    removed: list[Path] = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    host, now = _host(), time.time()
    for name in names:
        m = pattern.match(name)
        if m is None:
            continue
        path = target.parent / name
        try:
            old = now - path.lstat().st_mtime > STALE_SECONDS
            gone = m.group(1) == host and not _alive(int(m.group(2)))
            if (old or gone) and int(m.group(2)) != os.getpid():
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    return removed


# --------------------------------------------------------------------------- the lock


class _FolderLock:
    """An advisory lock on a folder (``flock``), held while a file in it is checked and
    renamed. Where there is no ``fcntl`` or the file system cannot lock, nothing is
    locked (the re-check still happens)."""

    def __init__(self, folder: Path, shown: str) -> None:
        self.folder, self.shown, self.fd = folder, shown, -1

    def __enter__(self) -> int:
        try:
            import fcntl
        except ImportError:
            return -1
        try:
            self.fd = os.open(self.folder, os.O_RDONLY)
        except OSError:
            return -1
        deadline = time.monotonic() + LOCK_SECONDS
        while True:
            try:
                fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self.fd
            except BlockingIOError:
                if time.monotonic() > deadline:
                    from .i18n import t

                    os.close(self.fd)
                    self.fd = -1
                    raise WriteRefused(t("files.locked", file=self.shown)) from None
                time.sleep(0.01)
            except OSError:
                return self.fd  # a file system without locks: go on without

    def __exit__(self, *exc: object) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # closing releases the lock
            self.fd = -1


def _fsync_folder(fd: int, folder: Path) -> None:
    own = fd < 0
    if own:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return  # Windows cannot open a folder; its rename is durable enough
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        if own:
            os.close(fd)


# --------------------------------------------------------------------------- the writer


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def _write_through(real: Path, fill: Callable[[BinaryIO], object], shown: str) -> None:
    """Write into a device or FIFO as it is: no temporary file, no rename."""
    try:
        fd = os.open(real, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, shown) from None


def write_stream_atomic(
    path: Path,
    fill: Callable[[BinaryIO], object],
    *,
    expect_sha256: str | None = None,
    root: Path | None = None,
    durable: bool = True,
) -> None:
    """Replace ``path`` with what ``fill`` writes into the binary file it is given, so
    that a crash leaves the old or the new file (for output too big to hold as bytes:
    ``fill`` streams it, into a temporary file beside ``path``; when ``fill`` raises,
    the temporary file goes and ``path`` stays as it was).

    ``expect_sha256``: the hash of the bytes the caller read; the file is replaced only
    if it still has them (ChangedOnDisk otherwise). ``root``: the workspace the path
    must not leave through a symbolic link (default: the one it lies in).
    ``durable=False`` skips the fsyncs (still atomic: old or new file, never a torn
    one, but a power cut may lose the new one): for a cache that is rebuilt anyway,
    where an fsync on a busy disk costs more than the whole validation. Raises
    WriteRefused for what integ will not write, OSError for what the system refuses."""
    from .i18n import t

    path = Path(path)
    shown = str(path)
    target = confined(path, root)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, t("files.is_folder"), shown)
        if stat.S_ISSOCK(info.st_mode):
            raise WriteRefused(t("files.not_a_file", file=shown))
        _write_through(target, fill, shown)  # a device, a FIFO, a terminal
        return
    if info is not None and info.st_nlink > 1:
        raise WriteRefused(t("files.hardlink", file=shown, n=info.st_nlink))
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(2, t("files.no_folder"), str(path.parent))
    sweep(target)
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~_umask()
    tmp = folder / _temp_name(target)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        with _FolderLock(folder, shown) as dirfd:
            if expect_sha256 is not None and _sha256(target) not in (expect_sha256, None):
                raise ChangedOnDisk(t("files.changed", file=shown))
            os.replace(tmp, target)
            if durable:
                _fsync_folder(dirfd, folder)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_bytes_atomic(
    path: Path,
    data: bytes,
    *,
    expect_sha256: str | None = None,
    root: Path | None = None,
    durable: bool = True,
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file
    (:func:`write_stream_atomic` with the bytes at hand)."""
    write_stream_atomic(
        path,
        lambda handle: handle.write(data),
        expect_sha256=expect_sha256,
        root=root,
        durable=durable,
    )


def write_atomic(
    path: Path, text: str, *, expect_sha256: str | None = None, root: Path | None = None
) -> None:
    """:func:`write_bytes_atomic` for text (UTF-8, newlines as given)."""
    write_bytes_atomic(path, text.encode("utf-8"), expect_sha256=expect_sha256, root=root)
