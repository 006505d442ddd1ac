"""What every reporter needs: words from the catalogue, text made safe for its
medium, concept counts, and paths relative to the repository root."""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from ..problems import Result

#: files that are checked but are not concepts (the summary counts concepts)
NOT_CONCEPTS = {"integ.yaml", "actors.yaml"}

#: C0 and C1 control characters (not tab or newline), DEL, and the bidirectional
#: controls that can make a terminal show text in another order than it is
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: what XML 1.0 cannot hold at all
_XML_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str, newlines: bool = True) -> str:
    """Text with every terminal control character shown as an escape (``\\x1b``), so
    that concept text cannot clear the screen, hide output or plant links (ESC[2J,
    OSC 8); newlines are kept (or escaped when ``newlines`` is False)."""
    out = _TERMINAL_UNSAFE.sub(_escaped, text)
    return out if newlines else out.replace("\n", "\\n")


def safe_xml(text: str) -> str:
    """Text that XML 1.0 can hold: characters it forbids are written as escapes."""
    return _XML_UNSAFE.sub(_escaped, safe_text(text))


def concept_count(result: Result) -> int:
    """How many of the checked files are concepts (not integ.yaml or actors.yaml)."""
    return sum(1 for f in result.files if Path(f).name not in NOT_CONCEPTS)


@lru_cache(maxsize=8)
def _repository_root(cwd: str) -> Path | None:
    here = Path(cwd)
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def repo_path(file: str) -> str:
    """``file`` (as findings name it: relative to the current folder, or absolute)
    relative to the root of the git repository around the current folder, with
    forward slashes, so that CI annotations attach under a ``working-directory:``.
    Outside a repository, or for a file outside it, the path is kept as it is."""
    cwd = os.getcwd()
    root = _repository_root(cwd)
    if root is None:
        return file.replace("\\", "/")
    absolute = Path(os.path.normpath(os.path.join(cwd, file)))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return file.replace("\\", "/")


def file_uri(file: str) -> str:
    """A relative URI reference for SARIF: the repository path, percent-encoded
    (``gemeinde 100%.yaml`` → ``gemeinde%20100%25.yaml``)."""
    return quote(repo_path(file), safe="/")
