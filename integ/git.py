"""The one module that runs git.

Many revisions are read through one long-lived ``git cat-file --batch`` process rather
than a subprocess per revision. Every failure the user must act on (not a repository,
a revision that does not exist, a shallow clone, no git at all) is a ``GitError`` with
a message that says what to do, exit code 2.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import IntegError

WORKTREE = "WORKTREE"


class GitError(IntegError):
    pass


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_PAGER="cat", GIT_OPTIONAL_LOCKS="0")
    return env


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    date: str  # ISO 8601
    subject: str
    path: str  # the file's path in this commit (follows renames)


class Repo:
    def __init__(self, start: Path) -> None:
        if shutil.which("git") is None:
            raise GitError("git is not installed; install git to compare revisions")
        folder = start if start.is_dir() else start.parent
        done = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            env=_env(),
            check=False,
        )
        if done.returncode != 0:
            raise GitError(
                f"{start} is not inside a git repository; run 'git init' or "
                "compare two files instead"
            )
        self.root = Path(done.stdout.strip())
        self._batch: subprocess.Popen[bytes] | None = None

    # ---- plumbing
    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=self.root, capture_output=True, env=_env(), check=False
        )
        if done.returncode != 0:
            raise GitError(
                f"git {' '.join(args[:2])} failed: {done.stderr.decode('utf-8', 'replace').strip()}"
            )
        return done.stdout.decode("utf-8", "replace")

    def relpath(self, path: Path) -> str:
        """A path as git names it inside the repository."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise GitError(f"{path} is not inside the repository {self.root}") from None

    def is_shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == "true"

    def resolve(self, rev: str) -> str:
        """The commit a revision names, or a message that says why there is none."""
        done = subprocess.run(
            ["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=_env(),
            check=False,
        )
        if done.returncode == 0:
            return done.stdout.strip()
        hint = ""
        if self.is_shallow():
            hint = (
                " This clone is shallow (history was not fetched): run "
                "'git fetch --unshallow', or in CI fetch the full history "
                "(actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: 0)."
            )
        raise GitError(f"revision '{rev}' does not exist in this repository.{hint}")

    # ---- reading files at revisions
    def read(self, rev: str, path: str) -> bytes | None:
        """The file's bytes at a revision (None when the file is not there)."""
        if self._batch is None:
            self._batch = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=self.root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_env(),
            )
        proc = self._batch
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(f"{rev}:{path}\n".encode())
        proc.stdin.flush()
        header = proc.stdout.readline().decode("utf-8", "replace").split()
        if len(header) < 3 or header[-1] == "missing" or header[1] != "blob":
            return None
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)  # the newline after the object
        return data

    def close(self) -> None:
        if self._batch is not None:
            assert self._batch.stdin is not None and self._batch.stdout is not None
            self._batch.stdin.close()
            self._batch.wait(timeout=10)
            self._batch.stdout.close()
            self._batch = None

    def __enter__(self) -> Repo:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- history
    def log(
        self, path: str, since: str | None = None, max_count: int | None = None, follow: bool = True
    ) -> list[Commit]:
        """Commits that changed ``path``, newest first, following renames."""
        args = ["log", "--format=%x1e%H%x1f%an%x1f%aI%x1f%s", "--name-status", "-M"]
        if follow:
            args.append("--follow")
        if max_count:
            args.append(f"--max-count={max_count}")
        if since:
            args.append(f"{self.resolve(since)}..HEAD")
        args += ["--", path]
        out = self.run(*args)
        commits: list[Commit] = []
        for record in out.split("\x1e")[1:]:
            head, _, rest = record.partition("\n")
            sha, author, date, subject = (head.split("\x1f") + ["", "", "", ""])[:4]
            current = path
            for line in rest.splitlines():
                parts = line.split("\t")
                if len(parts) >= 2 and parts[0]:
                    current = parts[-1]
            commits.append(Commit(sha, author, date, subject, current))
        return commits

    def last_commit_before(self, when: str, rev: str = "HEAD") -> str | None:
        """The newest commit reachable from ``rev`` whose commit date is on or before
        ``when`` (``git rev-list -1 --before=WHEN REV``); None when there is none (or the
        repository has no commit yet)."""
        done = subprocess.run(
            ["git", "rev-list", "-1", f"--before={when}", rev],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=_env(),
            check=False,
        )
        return (done.stdout.strip() or None) if done.returncode == 0 else None

    def changed_paths(self, base: str, head: str | None = None) -> list[str]:
        args = ["diff", "--name-only", "-M", self.resolve(base)]
        if head:
            args.append(self.resolve(head))
        return [p for p in self.run(*args).splitlines() if p]

    def files_at(self, rev: str, folder: str) -> list[str]:
        out = self.run("ls-tree", "--name-only", self.resolve(rev), f"{folder.rstrip('/')}/")
        return [p for p in out.splitlines() if p.endswith((".yaml", ".yml"))]

    def config(self, key: str, value: str) -> None:
        self.run("config", key, value)

    def config_get(self, key: str) -> str | None:
        done = subprocess.run(
            ["git", "config", "--get", key],
            cwd=self.root,
            capture_output=True,
            text=True,
            env=_env(),
            check=False,
        )
        return done.stdout.strip() if done.returncode == 0 else None
