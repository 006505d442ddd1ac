"""Text from a concept stays text: escaping for Markdown, and the sandboxed Jinja
environment in which built-in and user templates run.

Every value a template prints with ``{{ }}`` is escaped unless it was made safe by
integ itself (a ``Markup`` value). Templates cannot mark values safe: the ``safe``
filter is removed, and ``Markup`` is not reachable from the sandbox.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any

from markupsafe import Markup


class Md(Markup):
    """Markdown that integ made safe; anything added to it is escaped as text."""

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> Md:
        return escape(s)


_PUNCT = set(string.punctuation)
_ESCAPE = {c: "\\" + c for c in _PUNCT}
#: runs of white space, but not the no-break spaces integ writes into amounts and
#: percentages ("1.450.000\u00a0€"), which keep a number and its unit on one line
_WS = re.compile(r"[^\S\u00a0\u202f]+")


def escape(value: Any) -> Md:
    """Plain text as Markdown that reads back as exactly that text, on one line."""
    if isinstance(value, Md):
        return value
    if value is None:
        return Md("")
    text = _WS.sub(" ", str(value)).strip()
    return Md("".join(_ESCAPE.get(c, c) for c in text))


def cell(value: Any) -> Md:
    """Text for a pipe-table cell: escaped; an empty cell shows a dash."""
    out = escape(value)
    return out if out else Md("–")


_GENDER_STAR = re.compile(r"(?<=\w)\*(?=\w)")
_BLOCK_START = re.compile(r"^(\s*)(#|:::|\[\^|\||\+\s*$|[=-]{3,}\s*$|={2,}\s*$)")
# inline syntax that would pull in files, raw markup, notes, citations or math, and
# every brace: no attribute block (``[X]{onclick=…}``, ``[L](url){style=…}``,
# ``{#toc}``, ``{custom-style=…}``, ``{.class}``, ``{=html}``) can start in content
_INLINE = [
    ("\\", "\\\\"),
    ("<", "\\<"),
    ("![", "\\!["),
    ("{", "\\{"),
    ("}", "\\}"),
    ("^[", "\\^["),
    ("@", "\\@"),
    ("$", "\\$"),
    ("`", "\\`"),
]


def markdown(value: Any) -> Md:
    """A Markdown field (description, vision ...) as blocks a document may hold:
    emphasis, lists, links and paragraphs stay; headings, images, raw HTML, fenced divs,
    attributes (``{…}`` after a span, link or code), footnote definitions and setext
    underlines are neutralised so that content can neither break the heading order nor
    pull in files, markup, HTML attributes or Word styles."""
    if value is None:
        return Md("")
    lines = []
    for line in str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.replace("\t", "    ")
        for raw, escaped in _INLINE:
            line = line.replace(raw, escaped)
        line = _GENDER_STAR.sub(r"\\*", line)  # Bürger*innen is a word, not emphasis
        line = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line)
        lines.append(line)
    return Md("\n".join(lines).strip("\n"))


def _finalize(value: Any) -> Any:
    return value if isinstance(value, Md) else escape(value)


def environment(search: list[Path], single: Path | None = None) -> Any:
    """The sandboxed Jinja environment: StrictUndefined, escaping by default.

    Templates are found only in ``search`` (and ``single``, a file given by itself);
    no name may leave those folders or name a hidden file or folder (``.git/config``)."""
    from jinja2 import BaseLoader, FileSystemLoader, StrictUndefined, TemplateNotFound
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    inner = FileSystemLoader([str(p) for p in search])

    class Loader(BaseLoader):
        def get_source(self, environment: Any, template: str) -> Any:
            parts = template.replace("\\", "/").split("/")
            if any(p.startswith(".") or not p for p in parts) or template.startswith("/"):
                raise TemplateNotFound(template)
            if single is not None and template == single.name:
                text = single.read_text(encoding="utf-8")
                return text, str(single), lambda: True
            return inner.get_source(environment, template)

    env = ImmutableSandboxedEnvironment(
        loader=Loader(),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    for unsafe in ("safe", "forceescape", "indent", "wordwrap", "urlize", "xmlattr"):
        env.filters.pop(unsafe, None)
    env.filters.update(e=escape, escape=escape, cell=cell, md=markdown)
    return env
