"""The one module that runs git.

Many revisions are read through one long-lived ``git cat-file --batch`` process rather
than a subprocess per revision. Every failure the user must act on (not a repository,
a revision that does not exist, a shallow clone, no git at all) is a ``GitError`` with
a message that says what to do, exit code 2.

integ's own git calls run nothing that a workspace's configuration names. A cloned
repository's ``.git/config`` is not trustworthy (a pull request cannot change it, but a
downloaded folder can bring one), so every call:

- reads no system and no global configuration (``GIT_CONFIG_NOSYSTEM``,
  ``GIT_CONFIG_GLOBAL=/dev/null``, no system attributes); only the user's
  ``safe.directory`` entries are carried over, as ``-c`` (they say which folders the
  user trusts, and they run nothing);
- switches off ``core.fsmonitor``, hooks, signature checks, automatic maintenance and
  submodule recursion;
- neutralises every ``filter.*`` driver the repository names (``-c filter.X.clean=``
  and so on) for the calls that look at the working tree;
- reads blobs raw with ``cat-file`` (no ``--textconv``, no ``--filters``) and asks for
  diffs with ``--no-ext-diff --no-textconv``.

Paths are read NUL-separated (``-z``) everywhere, so names with umlauts, spaces, quotes
or newlines arrive as they are; blobs are read by object id, so a newline in a name
cannot desync the ``cat-file --batch`` stream.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from .errors import IntegError

WORKTREE = "WORKTREE"
_ZERO = re.compile(r"0+$")
_HEX = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?$")

#: configuration that would make a read run a command, switched off for every call
_SAFE = (
    "core.fsmonitor=false",
    f"core.hooksPath={os.devnull}",
    "log.showSignature=false",
    "gc.auto=0",
    "maintenance.auto=false",
    "submodule.recurse=false",
    "status.submoduleSummary=false",
    "diff.ignoreSubmodules=all",
    "core.quotePath=true",
)


class GitError(IntegError):
    """A git failure the user must act on; ``message_id`` says which (``git.*``)."""

    def __init__(self, message_id: str, **params: object) -> None:
        from .i18n import t

        self.message_id = message_id
        self.params = params
        super().__init__(t(message_id, **params))


def _env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS", "GIT_CONFIG", "GIT_ATTR_SOURCE")
    }
    env.update(
        LC_ALL="C",
        GIT_TERMINAL_PROMPT="0",
        GIT_PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_ATTR_NOSYSTEM="1",
        GIT_NO_REPLACE_OBJECTS="1",
        GIT_LITERAL_PATHSPECS="1",  # a name with * or [ ] or a leading : is just a name
    )
    return env


_trusted: list[str] | None = None


def _trusted_folders() -> list[str]:
    """The user's own ``safe.directory`` entries (global and system configuration
    only; a repository's own entry is ignored by git and by integ)."""
    global _trusted
    if _trusted is None:
        keep = ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in keep}
        env["LC_ALL"] = "C"
        try:
            done = subprocess.run(
                ["git", "config", "--show-scope", "-z", "--get-all", "safe.directory"],
                cwd=os.path.sep,
                capture_output=True,
                env=env,
                check=False,
            )
            out = done.stdout.decode("utf-8", "surrogateescape")
        except OSError:
            out = ""
        found = []
        tokens = out.split("\0")  # scope NUL value NUL, for each entry
        for scope, value in zip(tokens[::2], tokens[1::2]):
            if scope in ("global", "system") and value:
                found.append(value)
        _trusted = found
    return _trusted


def base_command() -> list[str]:
    """``git`` with the configuration that would run commands switched off."""
    args = ["git"]
    for item in _SAFE:
        args += ["-c", item]
    for folder in _trusted_folders():
        args += ["-c", f"safe.directory={folder}"]
    return args


def isolated_env() -> dict[str, str]:
    """The environment of integ's git calls: no system or global configuration."""
    return _env()


def diff_files(old_file: str, new_file: str) -> bytes:
    """git's text patch between two files (``diff --no-index``), with every driver,
    filter and configuration switched off."""
    done = subprocess.run(
        [
            *base_command(),
            "diff",
            "--no-index",
            "--no-ext-diff",
            "--no-textconv",
            "--no-color",
            "--binary",
            "--",
            old_file,
            new_file,
        ],
        capture_output=True,
        env=isolated_env(),
        check=False,
    )
    return done.stdout


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str  # ISO 8601
    subject: str
    path: str  # the file's path in this commit (follows renames)
    blob: str | None = None  # the file's object id in this commit (None: deleted/unknown)
    parent_blob: str | None = None  # the file's object id in the commit's parent
    parent_path: str | None = None  # the file's path in the parent (differs for renames)
    created: bool = False  # the file does not exist in the parent


@dataclass(frozen=True)
class WorktreeState:
    """HEAD's commit (None before the first commit) and whether the working tree or
    the index has changes to a path that HEAD does not have."""

    commit: str | None
    dirty: bool


class Repo:
    def __init__(self, start: Path) -> None:
        if shutil.which("git") is None:
            raise GitError("git.not-installed")
        folder = start if start.is_dir() else start.parent
        base = self._base()
        try:
            done = subprocess.run(
                [*base, "rev-parse", "--show-toplevel"],
                cwd=folder,
                capture_output=True,
                env=_env(),
                check=False,
            )
        except OSError:
            raise GitError("git.not-a-repository", path=str(start)) from None
        if done.returncode != 0:
            if b"dubious ownership" in done.stderr:
                raise GitError("git.unsafe-repository", path=str(folder.resolve()))
            raise GitError("git.not-a-repository", path=str(start))
        self.root = Path(_decode(done.stdout).rstrip("\n"))
        self._batch: subprocess.Popen[bytes] | None = None
        self._filters: list[str] | None = None

    # ---- plumbing
    @staticmethod
    def _base() -> list[str]:
        return base_command()

    def _filter_args(self) -> list[str]:
        """``-c filter.X.clean=`` … for every filter driver the configuration names,
        so that looking at the working tree runs none of them."""
        if self._filters is None:
            done = subprocess.run(
                [*self._base(), "config", "-z", "--name-only", "--get-regexp", r"^filter\."],
                cwd=self.root,
                capture_output=True,
                env=_env(),
                check=False,
            )
            names = set()
            for key in _decode(done.stdout).split("\0"):
                head, _, tail = key.rpartition(".")
                if head.startswith("filter.") and tail:
                    names.add(head)
            self._filters = []
            for name in sorted(names):
                for part in ("clean", "smudge", "process"):
                    self._filters += ["-c", f"{name}.{part}="]
                self._filters += ["-c", f"{name}.required=false"]
        return self._filters

    def _command(self, args: tuple[str, ...], worktree: bool) -> list[str]:
        return [*self._base(), *(self._filter_args() if worktree else []), *args]

    def run_bytes(self, *args: str, worktree: bool = False, check: bool = True) -> bytes:
        done = subprocess.run(
            self._command(args, worktree),
            cwd=self.root,
            capture_output=True,
            env=_env(),
            check=False,
        )
        if done.returncode != 0:
            if not check:
                return b""
            raise GitError(
                "git.failed",
                command=" ".join(args[:2]),
                detail=done.stderr.decode("utf-8", "replace").strip(),
            )
        return done.stdout

    def run(self, *args: str, worktree: bool = False) -> str:
        return _decode(self.run_bytes(*args, worktree=worktree))

    def _ok(self, *args: str) -> str | None:
        """The output of a call, or None when git says no (exit code not 0)."""
        done = subprocess.run(
            self._command(args, False), cwd=self.root, capture_output=True, env=_env(), check=False
        )
        return _decode(done.stdout) if done.returncode == 0 else None

    def relpath(self, path: Path) -> str:
        """A path as git names it inside the repository."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise GitError("git.outside-repository", path=str(path), root=str(self.root)) from None

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == "true"

    def resolve(self, rev: str) -> str:
        """The commit a revision names, or a message that says why there is none."""
        out = self._ok("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        if out is not None and out.strip():
            return out.strip()
        if self.is_shallow():
            raise GitError("git.no-revision-shallow", rev=rev)
        raise GitError("git.no-revision", rev=rev)

    # ---- reading files at revisions
    def _object(self, name: str) -> tuple[str, bytes] | None:
        """(type, content) of an object named on one line, or None when it is missing."""
        if "\n" in name or "\0" in name:
            return None
        if self._batch is None:
            self._batch = subprocess.Popen(
                [*self._base(), "cat-file", "--batch"],
                cwd=self.root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_env(),
            )
        proc = self._batch
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(_encode(name) + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().decode("utf-8", "replace").rstrip("\n")
        parts = header.split(" ")
        # "<oid> <type> <size>"; anything else ("<name> missing", "<name> ambiguous")
        # has no content to read
        if len(parts) != 3 or not _HEX.match(parts[0]) or not parts[2].isdigit():
            return None
        size = int(parts[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after the object
        return parts[1], data

    def blob(self, oid: str | None) -> bytes | None:
        """A blob's bytes by object id (None for None, the null id, or no blob)."""
        if not oid or _ZERO.match(oid):
            return None
        found = self._object(oid)
        return found[1] if found is not None and found[0] == "blob" else None

    def read(self, rev: str, path: str) -> bytes | None:
        """The file's bytes at a revision (None when the file is not there)."""
        if "\n" in path or "\0" in path or path.startswith((" ", "\t")):
            found = self.run_bytes("ls-tree", "-z", "--full-tree", rev, "--", path, check=False)
            for record in _decode(found).split("\0"):
                meta, _, name = record.partition("\t")
                fields = meta.split(" ")
                if name == path and len(fields) == 3 and fields[1] == "blob":
                    return self.blob(fields[2])
            return None
        found_object = self._object(f"{rev}:{path}")
        return found_object[1] if found_object is not None and found_object[0] == "blob" else None

    def close(self) -> None:
        if self._batch is not None:
            assert self._batch.stdin is not None and self._batch.stdout is not None
            self._batch.stdin.close()
            self._batch.wait(timeout=10)
            self._batch.stdout.close()
            self._batch = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- history
    def log(
        self,
        path: str,
        since: str | None = None,
        max_count: int | None = None,
        follow: bool = True,
    ) -> list[Commit]:
        """Commits that changed ``path``, newest first, following renames; each with
        the file's object id in the commit and in its parent."""
        args = [
            "log",
            "-z",
            "--format=%x1e%H%x00%an%x00%aI%x00%s",
            "--raw",
            "--no-abbrev",
            "-M",
            "--no-ext-diff",
            "--no-textconv",
        ]
        if follow:
            args.append("--follow")
        if max_count:
            args.append(f"--max-count={max_count}")
        if since:
            args.append(f"{self.resolve(since)}..HEAD")
        args += ["--", path]
        tokens = self.run(*args).split("\0")
        commits: list[Commit] = []
        current = path
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if not token.startswith("\x1e") or i + 3 >= len(tokens):
                i += 1
                continue
            sha, author, date, subject = token[1:], tokens[i + 1], tokens[i + 2], tokens[i + 3]
            i += 4
            entries: list[dict[str, str | bool]] = []
            while i < len(tokens) and tokens[i].lstrip("\n").startswith(":"):
                meta = tokens[i].lstrip("\n")[1:].split(" ")
                status = meta[-1] if meta else ""
                count = 2 if status[:1] in ("R", "C") else 1
                names = tokens[i + 1 : i + 1 + count]
                i += 1 + count
                if len(meta) < 5 or len(names) != count:
                    continue
                entries.append(
                    {
                        "path": names[-1],
                        "blob": meta[3],
                        "parent_blob": meta[2],
                        "parent_path": names[0],
                        "created": status.startswith("A"),
                    }
                )
            chosen = next((e for e in entries if e["path"] == current), None)
            if chosen is None and entries:
                chosen = entries[0]
            if chosen is None:
                commits.append(Commit(sha, author, date, subject, current))
                continue
            commits.append(
                Commit(
                    sha,
                    author,
                    date,
                    subject,
                    str(chosen["path"]),
                    blob=str(chosen["blob"]),
                    parent_blob=str(chosen["parent_blob"]),
                    parent_path=str(chosen["parent_path"]),
                    created=bool(chosen["created"]),
                )
            )
            current = str(chosen["parent_path"])
        return commits

    def commit_date(self, rev: str) -> str | None:
        """The commit date of ``rev`` as YYYY-MM-DD (the committer's local date), or None."""
        out = self._ok("log", "-1", "--format=%cs", "--end-of-options", rev, "--")
        return (out.strip() or None) if out is not None else None

    def is_tag(self, name: str) -> bool:
        """True when ``name`` is a tag of the repository (``refs/tags/NAME``)."""
        if not name or name.startswith("-") or "\n" in name:
            return False
        return self._ok("rev-parse", "--verify", "--quiet", f"refs/tags/{name}") is not None

    def last_commit_before(self, when: str, rev: str = "HEAD") -> str | None:
        """The newest commit reachable from ``rev`` whose commit date is on or before
        ``when`` (``git rev-list -1 --before=WHEN REV``); None when there is none (or the
        repository has no commit yet)."""
        out = self._ok("rev-list", "-1", f"--before={when}", "--end-of-options", rev)
        return (out.strip() or None) if out is not None else None

    def changed_paths(self, base: str, head: str | None = None) -> list[str]:
        """Paths that differ between ``base`` and ``head`` (default: the working tree
        and index), NUL-separated, renames as their new name."""
        args = ["diff", "--name-only", "-z", "-M", "--no-ext-diff", "--no-textconv"]
        args += ["--ignore-submodules=all", self.resolve(base)]
        if head:
            args.append(self.resolve(head))
        args.append("--")
        return [p for p in self.run(*args, worktree=head is None).split("\0") if p]

    def untracked(self) -> list[str]:
        """Files in the working tree that git does not track and does not ignore."""
        out = self.run("ls-files", "-z", "--others", "--exclude-standard", worktree=True)
        return [p for p in out.split("\0") if p]

    def files_at(self, rev: str, folder: str) -> list[str]:
        out = self.run(
            "ls-tree", "-z", "--name-only", self.resolve(rev), "--", f"{folder.rstrip('/')}/"
        )
        return [p for p in out.split("\0") if p.endswith((".yaml", ".yml"))]

    def worktree_state(self, path: str | None = None) -> WorktreeState:
        """HEAD's commit and whether ``path`` (a repository path; default: everything)
        has changes that HEAD does not have: edited, staged, deleted or untracked."""
        head = self._ok("rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        commit = head.strip() if head and head.strip() else None
        args = ["status", "--porcelain=v1", "-z", "--untracked-files=all"]
        args += ["--ignore-submodules=all", "--no-renames", "--"]
        if path is not None:
            args.append(path)
        dirty = bool(self.run(*args, worktree=True).strip("\0"))
        return WorktreeState(commit, dirty)

    def config(self, key: str, value: str) -> None:
        self.run("config", "--local", key, value)

    def config_unset(self, key: str) -> None:
        self.run_bytes("config", "--local", "--unset-all", key, check=False)

    def config_get(self, key: str) -> str | None:
        out = self._ok("config", "--local", "-z", "--get", key)
        return out.rstrip("\0") if out is not None else None


def worktree_state(path: Path) -> WorktreeState:
    """HEAD's commit and whether the working tree has uncommitted changes to ``path``
    (a file or folder on disk). Raises ``GitError`` outside a repository."""
    with Repo(path) as repo:
        return repo.worktree_state(repo.relpath(path))


# --------------------------------------------------------------------------- sources
# `integ fetch`: a town's repository, fetched into a bare partial clone in the
# workspace's cache. The URL comes from integ.yaml and is handed to git on each call
# (``-c remote.origin.url=…``), never written into the clone's configuration, so a
# password someone put into the URL is not stored. Credentials come from the user's
# own credential helpers only (their global/system ``credential.*`` entries are
# carried over, as ``safe.directory`` is); git never prompts (``GIT_TERMINAL_PROMPT=0``,
# ssh in batch mode), and the protocols that run commands (``ext::``, ``fd::``) are off.

_USERINFO = re.compile(r"(?P<scheme>\b[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^/@\s]*)@")

#: switched on for network calls only
_NETWORK = (
    "protocol.ext.allow=never",
    "protocol.fd.allow=never",
    "protocol.file.allow=always",
    "fetch.recurseSubmodules=false",
    "transfer.fsckObjects=true",
    "credential.interactive=false",
)


def redact(text: str) -> str:
    """A URL (or a git message that contains URLs) without its secrets: the user
    information of an http(s) URL becomes ``***`` (a token is often the user name),
    of any other URL only the password (``ssh://git:***@host``)."""

    def hide(m: re.Match[str]) -> str:
        scheme, user = m.group("scheme"), m.group("user")
        if scheme.lower().startswith(("http", "ftp")):
            return f"{scheme}***@"
        name, colon, _ = user.partition(":")
        return f"{scheme}{name}:***@" if colon else m.group(0)

    return _USERINFO.sub(hide, text)


_credentials: list[str] | None = None


def _credential_config() -> list[str]:
    """The user's own ``credential.*`` settings (global and system only) as ``-c``."""
    global _credentials
    if _credentials is None:
        keep = ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "HOME")
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") or k in keep}
        env["LC_ALL"] = "C"
        try:
            done = subprocess.run(
                ["git", "config", "--show-scope", "-z", "--get-regexp", r"^credential\."],
                cwd=os.path.sep,
                capture_output=True,
                env=env,
                check=False,
            )
            out = _decode(done.stdout)
        except OSError:
            out = ""
        found: list[str] = []
        tokens = out.split("\0")  # "scope NUL key NEWLINE value NUL" per entry
        for scope, entry in zip(tokens[::2], tokens[1::2]):
            key, _, value = entry.partition("\n")
            if scope in ("global", "system") and key:
                found += ["-c", f"{key}={value}"]
        _credentials = found
    return _credentials


class SourceError(IntegError):
    """A source that could not be fetched; ``reason`` is git's message, redacted."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _network_env() -> dict[str, str]:
    env = _env()
    env.pop("GIT_LITERAL_PATHSPECS", None)
    env["GIT_ASKPASS"] = "true" if shutil.which("true") else ""  # an empty answer, no prompt
    env.pop("SSH_ASKPASS", None)
    if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
    return env


def _run_network(args: list[str], cwd: Path, timeout: float, given: bytes | None = None) -> str:
    """One git call that may go over the network (``given``: its standard input),
    killed (with every process it started) after ``timeout`` seconds; its stdout, or
    a SourceError."""
    import signal

    if shutil.which("git") is None:
        raise GitError("git.not-installed")
    command = [*base_command(), *[a for item in _NETWORK for a in ("-c", item)]]
    command += [*_credential_config(), *args]
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL if given is None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_network_env(),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(given, timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.communicate()
        from .i18n import t

        raise SourceError(t("district.fetch.timeout", seconds=int(timeout))) from None
    if proc.returncode != 0:
        lines = [
            line.strip()
            for line in _decode(err).splitlines()
            if line.strip() and not line.startswith("hint:")
        ]
        fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
        text = (fatal or lines or [f"git {args[0]}: {proc.returncode}"])[-1]
        raise SourceError(redact(text.removeprefix("fatal: ").removeprefix("error: ")))
    return _decode(out)


def _is_hex_sha(text: str) -> bool:
    return bool(_HEX.match(text))


@dataclass(frozen=True)
class Fetched:
    """What one fetch brought: the commit the source shows and its bytes there."""

    commit: str
    shown: str  # the tag, or the branch, the commit was taken from
    data: bytes
    changed: bool  # another commit than before


def fetch_source(url: str, ref: str | None, path: str, clone: Path, timeout: float) -> Fetched:
    """Bring ``clone`` (a bare partial clone; made when missing) up to date with the
    repository at ``url`` and read the file ``path`` at ``ref`` (a branch or tag;
    None: the remote's default branch). Raises SourceError with a redacted reason."""
    at = ["-c", f"remote.origin.url={url}"]
    git_dir = ["--git-dir", str(clone)]
    fresh = not (clone / "HEAD").is_file()
    if fresh:
        clone.mkdir(parents=True, exist_ok=True)
        _run_network(["init", "--quiet", "--bare", "--", str(clone)], clone, timeout)
        for key, value in (
            ("core.repositoryformatversion", "1"),
            ("extensions.partialClone", "origin"),
            ("remote.origin.promisor", "true"),
            ("remote.origin.partialclonefilter", "blob:none"),
        ):
            _run_network([*git_dir, "config", "--local", key, value], clone, timeout)
    before = None
    try:
        before = _run_network([*git_dir, "rev-parse", "--verify", "--quiet", "HEAD"], clone, 30)
    except SourceError:
        pass
    head = ""
    listing = _run_network(
        [*at, *git_dir, "ls-remote", "--symref", "origin", "HEAD"], clone, timeout
    )
    for line in listing.splitlines():
        if line.startswith("ref: ") and line.endswith("\tHEAD"):
            head = line[5:].split("\t")[0]
    _run_network(
        [
            *at,
            *git_dir,
            "fetch",
            "--quiet",
            "--force",
            "--prune",
            "--prune-tags",
            "--no-write-fetch-head",
            "--filter=blob:none",
            "origin",
            "+refs/heads/*:refs/heads/*",
            "+refs/tags/*:refs/tags/*",
        ],
        clone,
        timeout,
    )
    if head.startswith("refs/heads/"):
        _run_network([*git_dir, "symbolic-ref", "HEAD", head], clone, timeout)
    candidates = (
        [f"refs/tags/{ref}", f"refs/heads/{ref}", *([ref] if _is_hex_sha(ref) else [])]
        if ref
        else ["HEAD"]
    )
    commit = ""
    for name in candidates:
        try:
            commit = _run_network(
                [
                    *git_dir,
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    "--end-of-options",
                    f"{name}^{{commit}}",
                ],
                clone,
                30,
            ).strip()
        except SourceError:
            continue
        if commit:
            shown = ref or head.removeprefix("refs/heads/") or "HEAD"
            break
    if not commit:
        from .i18n import t

        raise SourceError(t("district.fetch.no_ref", ref=ref or "HEAD"))
    # the file's history (what log and diff --from read), fetched in one go
    _prefetch(at, git_dir, clone, commit, path, timeout)
    listing = _run_network(
        [*git_dir, "ls-tree", "-z", "--full-tree", commit, "--", path], clone, timeout
    )
    blob = None
    for record in listing.split("\0"):
        meta, _, name = record.partition("\t")
        fields = meta.split(" ")
        if name == path and len(fields) == 3:
            if fields[1] != "blob" or fields[0] not in ("100644", "100755"):
                from .i18n import t

                raise SourceError(t("district.fetch.not_a_file", path=path))
            blob = fields[2]
    if blob is None:
        from .i18n import t

        raise SourceError(t("district.fetch.no_file", path=path, ref=shown))
    done = subprocess.run(
        [*base_command(), *git_dir, "cat-file", "blob", blob],
        cwd=clone,
        capture_output=True,
        env=_env(),
        check=False,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise SourceError(redact(_decode(done.stderr).strip() or "cat-file"))
    return Fetched(commit, shown, done.stdout, changed=(before or "").strip() != commit)


def _prefetch(
    at: list[str], git_dir: list[str], clone: Path, commit: str, path: str, timeout: float
) -> None:
    """Fetch the blobs of ``path`` in every commit of its history that a partial clone
    left out, with one request (a server without partial clone sent them already)."""
    try:
        listed = _run_network(
            [*git_dir, "rev-list", "--objects", "--missing=print", commit, "--", path],
            clone,
            timeout,
        )
    except SourceError:
        return
    missing = [line[1:].split(" ")[0] for line in listed.splitlines() if line.startswith("?")]
    if not missing:
        return
    # what git's own lazy fetch does, for every missing blob at once
    fetch = [*at, *git_dir, "fetch", "--quiet", "--no-tags", "--no-write-fetch-head"]
    fetch += ["--filter=blob:none", "--stdin", "origin"]
    try:
        _run_network(fetch, clone, timeout, ("\n".join(missing) + "\n").encode())
    except SourceError:
        pass  # the server sends no single objects: log and diff go without them


class SourceRepo(Repo):
    """A fetched source's bare clone, read like any repository (``diff --from``)."""

    def __init__(self, clone: Path, worktree_file: Path, repo_path: str) -> None:
        if shutil.which("git") is None:
            raise GitError("git.not-installed")
        self.root = clone
        self.file = worktree_file
        self.repo_path = repo_path
        self._batch = None
        self._filters = []

    def relpath(self, path: Path) -> str:
        return self.repo_path


def in_clone(folder: Path) -> bool:
    """Whether ``folder`` lies in a git clone (a ``.git`` in it or above it)."""
    here = folder.resolve()
    return any((f / ".git").exists() for f in (here, *here.parents))


def init_repository(folder: Path) -> bool:
    """``git init`` in ``folder`` (for ``integ init``); False when git is missing or
    fails (the caller says so, nothing else depends on it)."""
    try:
        done = subprocess.run(
            ["git", "init", "-q"], cwd=folder, capture_output=True, env=_env(), check=False
        )
    except OSError:
        return False
    return done.returncode == 0
