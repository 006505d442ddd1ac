"""`integ git-setup` and git's diff driver for concepts (``diff.integ.command``).

The driver is an *external diff* driver, not a textconv filter: git runs it for
`git diff` (and for `git log -p --ext-diff`, `git show --ext-diff`), never for
`git blame`, `git format-patch`, `git apply` or a merge, so those keep working on the
file's real text. What the driver prints for one file is

    # integ: concepts/stadt-gaggenau.yaml: 1 Änderung
    #   Maßnahme M-SPR-01 „Sprachcafé“: Status laufend → abgeschlossen
    diff --git a/concepts/stadt-gaggenau.yaml b/concepts/stadt-gaggenau.yaml
    index 1a2b3c4..5d6e7f8 100644
    --- a/concepts/stadt-gaggenau.yaml
    +++ b/concepts/stadt-gaggenau.yaml
    @@ ... the file's own lines ...

the semantic summary as comment lines (``git apply`` and ``patch`` skip text before a
``diff --git`` header), then the ordinary patch of the text. So comment-only edits stay
visible, a side that does not parse is said and its text shown, and a patch saved from
`git diff` still applies.

git-setup writes the absolute path of the integ that runs it (a console script when
integ runs as one, else this Python with ``-m integ``): git and GUIs start it without
integ on PATH. ``integ git-setup --check`` says when that path no longer works.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from .git import Repo, diff_files
from .workspace import Workspace

KEY = "diff.integ.command"
OLD_KEYS = ("diff.integ.textconv", "diff.integ.cachetextconv")
NULL = "/dev/null"


# --------------------------------------------------------------------------- setup


def integ_command() -> str:
    """How git starts the running integ, as a shell command with absolute paths."""
    argv0 = sys.argv[0] if sys.argv else ""
    name = Path(argv0).name.lower()
    if name in ("integ", "integ.exe", "integ-script.py"):
        found = argv0 if os.sep in argv0 or "/" in argv0 else shutil.which(argv0)
        if found and Path(found).is_file():
            return shlex.quote(os.path.abspath(found))
    return f"{shlex.quote(os.path.abspath(sys.executable))} -m integ"


def _pattern(folder: str) -> str:
    """The .gitattributes pattern for the concept files of ``folder``: glob characters
    escaped, and C-quoted when the name has spaces, quotes or control characters."""
    escaped = "".join("\\" + c if c in "[]*?\\" else c for c in folder)
    pattern = f"{escaped}/*.yaml" if escaped not in ("", ".") else "*.yaml"
    if any(c in ' \t"' or ord(c) < 0x20 or ord(c) == 0x7F for c in pattern) or pattern.startswith(
        ("#", "!")
    ):
        return c_quote(pattern)
    return pattern


def c_quote(text: str) -> str:
    """git's C-style quoting of a name ("a b\\n" → "\\"a b\\\\n\\"")."""
    special = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n"}
    special.update({"\v": "\\v", "\f": "\\f", "\r": "\\r"})
    out = []
    for byte in text.encode("utf-8", "surrogateescape"):
        c = chr(byte)
        if c in special:
            out.append(special[c])
        elif byte < 0x20 or byte >= 0x7F:
            out.append(f"\\{byte:03o}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def _needs_quote(name: str) -> bool:
    return any(ord(c) < 0x20 or ord(c) >= 0x7F or c in '"\\' for c in name)


def _folder(ws: Workspace) -> str:
    return (
        ws.concepts_dir.relative_to(ws.root).as_posix()
        if ws.concepts_dir.is_relative_to(ws.root)
        else "concepts"
    )


def _attribute_line(ws: Workspace) -> str:
    return f"{_pattern(_folder(ws))} diff=integ"


@dataclass
class Step:
    message_id: str
    params: dict[str, Any]


def setup(ws: Workspace) -> tuple[list[Step], str]:
    """Configure the clone for readable diffs of concepts; idempotent. The steps taken
    (empty when everything was in place) and the command git will run."""
    repo = Repo(ws.root)
    command = f"{integ_command()} git-diff"
    done: list[Step] = []
    for key in OLD_KEYS:  # the textconv driver of earlier versions breaks blame and patches
        if repo.config_get(key) is not None:
            repo.config_unset(key)
            done.append(Step("git.setup.removed", {"key": key}))
    if repo.config_get(KEY) != command:
        repo.config(KEY, command)
        done.append(Step("git.setup.command", {"key": KEY, "command": command}))
    line = _attribute_line(ws)
    attributes = ws.root / ".gitattributes"
    from .fsio import write_atomic

    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if line not in text.splitlines():
        write_atomic(
            attributes, text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
        )
        done.append(Step("git.setup.attributes", {"line": line}))
    return done, command


def check(ws: Workspace) -> list[Step]:
    """What is wrong with the clone's set-up (empty when nothing): no driver, a driver
    whose program is gone, another integ than this one, the old textconv driver, no
    .gitattributes line."""
    repo = Repo(ws.root)
    out: list[Step] = []
    configured = repo.config_get(KEY)
    expected = f"{integ_command()} git-diff"
    if configured is None:
        out.append(Step("git.check.no-driver", {}))
    else:
        try:
            words = shlex.split(configured)
        except ValueError:
            words = []
        program = words[0] if words else ""
        found = program if os.path.isabs(program) else shutil.which(program) if program else None
        if not found or not os.path.isfile(found) or not os.access(found, os.X_OK):
            out.append(Step("git.check.stale", {"command": configured, "program": program}))
        elif configured != expected:
            out.append(Step("git.check.other", {"command": configured, "expected": expected}))
    for key in OLD_KEYS:
        if repo.config_get(key) is not None:
            out.append(Step("git.check.textconv", {"key": key}))
    attributes = ws.root / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    line = _attribute_line(ws)
    if line not in text.splitlines():
        out.append(Step("git.check.no-attributes", {"line": line}))
    return out


# --------------------------------------------------------------------------- the driver


def _read(name: str) -> bytes | None:
    if name == NULL:
        return None
    try:
        return Path(name).read_bytes()
    except OSError:
        return None


def _oid(data: bytes | None, like: str) -> str:
    """The object id of a blob with ``data`` (the null id for no file), in the hash of
    the repository (SHA-1 for 40 hex digits, SHA-256 for 64)."""
    if data is None:
        return "0" * len(like)
    digest = hashlib.sha256 if len(like) == 64 else hashlib.sha1
    return digest(b"blob %d\0" % len(data) + data).hexdigest()


def _name(prefix: str, path: str) -> str:
    whole = prefix + path
    return c_quote(whole) if _needs_quote(whole) else whole


def _file_line(marker: str, prefix: str, path: str | None) -> str:
    if path is None:
        return f"{marker} {NULL}"
    name = _name(prefix, path)
    return f"{marker} {name}" + ("\t" if " " in name and not name.startswith('"') else "")


def _hunks(old_file: str, new_file: str) -> list[str]:
    """The hunks of the text patch (from the first ``@@`` or binary line on), by git
    itself, with every driver, filter and configuration switched off."""
    out = diff_files(old_file, new_file)
    lines = out.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith(("@@", "Binary files", "GIT binary patch")):
            return lines[i:]
    return []


def _clean(text: str) -> str:
    """A line of the summary: no control characters (a title cannot start a line of
    the patch)."""
    return "".join(c if c >= " " and c != "\x7f" else " " for c in text)


def _summary(path: str, old: bytes | None, new: bytes | None) -> list[str]:
    from .diff import diff
    from .diffview import describe
    from .history import _parse
    from .i18n import current, t, tn
    from .labels import Locale

    a, old_problem = _parse(old, f"a/{path}") if old is not None else ({}, "")
    b, new_problem = _parse(new, f"b/{path}") if new is not None else ({}, "")
    lines = []
    if old_problem:
        lines.append(t("git.driver.old-unreadable", problem=old_problem))
    if new_problem:
        lines.append(t("git.driver.new-unreadable", problem=new_problem))
    if old_problem or new_problem:
        return lines
    changes = diff(a or {}, b or {})
    if old is None:
        head = t("git.driver.created", path=path)
    elif new is None:
        head = t("git.driver.deleted", path=path)
    elif not changes:
        head = t("git.driver.no-change", path=path)
    else:
        head = t("git.driver.changes", path=path, changes=tn("git.count.change", len(changes)))
    lines.append(head)
    if old is not None and new is not None:
        from .diffview import ConceptDiff

        titles = ConceptDiff("", "", "", "", "", "", changes, a or {}, b or {}).area_titles()
        loc = Locale(current())
        lines += [describe(c, loc, titles) for c in changes]
    return lines


def _language(path: str) -> None:
    """The workspace's language (integ.yaml's ``locale``) unless INTEG_LANG says one."""
    from .errors import IntegError
    from .i18n import resolve, set_lang

    if os.environ.get("INTEG_LANG"):
        return
    try:
        ws = Workspace.open(Path(path) if Path(path).exists() else None)
    except (IntegError, OSError, ValueError):
        return
    set_lang(resolve(None, ws.settings.get("locale")))


def run_driver(args: list[str], out: IO[str]) -> int:
    """git's external diff: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE
    [NEW-PATH XFRM-MSG] (or just PATH for an unmerged file)."""
    if len(args) not in (7, 9):
        out.write(f"# integ: {_clean(args[0]) if args else '?'}\n")
        return 0
    path, old_file, old_hex, old_mode, new_file, new_hex, new_mode = args[:7]
    new_path = args[7] if len(args) == 9 else path
    xfrm = args[8] if len(args) == 9 else ""
    old = _read(old_file)
    new = _read(new_file)
    _language(new_path)
    try:
        summary = _summary(new_path, old, new)
    except Exception:  # noqa: BLE001  (the patch below must come in any case)
        summary = []
    for i, line in enumerate(summary):
        out.write(("# integ: " if i == 0 else "#   ") + _clean(line.strip()) + "\n")
    header = [f"diff --git {_name('a/', path)} {_name('b/', new_path)}\n"]
    if old is None and new is not None:
        header.append(f"new file mode {new_mode}\n")
    elif new is None and old is not None:
        header.append(f"deleted file mode {old_mode}\n")
    elif old_mode != new_mode:
        header += [f"old mode {old_mode}\n", f"new mode {new_mode}\n"]
    if xfrm:  # similarity, rename from/to and the index line, from git
        header += [x + "\n" for x in xfrm.splitlines()]
    hunks = _hunks(old_file, new_file) if old != new else []
    if not xfrm and (hunks or old is None or new is None):
        a_oid = old_hex if old is not None and old_hex.strip("0") else _oid(old, old_hex)
        b_oid = new_hex if new is not None and new_hex.strip("0") else _oid(new, old_hex)
        mode = (
            f" {new_mode}" if old is not None and new is not None and old_mode == new_mode else ""
        )
        header.append(f"index {a_oid[:7]}..{b_oid[:7]}{mode}\n")
    if hunks:
        header.append(_file_line("---", "a/", path if old is not None else None) + "\n")
        header.append(_file_line("+++", "b/", new_path if new is not None else None) + "\n")
    out.write("".join(header))
    out.write("".join(hunks))
    if hunks and not hunks[-1].endswith("\n"):
        out.write("\n")
    return 0
