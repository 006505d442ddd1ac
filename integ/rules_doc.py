"""`integ rules`: each rule's summary, why, and a failing and a passing example, as text,
Markdown or JSON, in the current language (German unless --lang en).

A rule's words come from the catalogue when it has them: ``ruledoc.<rule>.summary``
(what the rule checks, one or two sentences) and ``ruledoc.<rule>.why`` (why it
matters), in any domain, so that a rule registered with ``documented(...)`` is
translated the same way by whoever owns it. Without them the docstring's first
paragraph and its "Why:" paragraph are shown. The "Bad:" and "Good:" examples come
from the docstring (YAML, the same in every language) unless the catalogue has
``ruledoc.<rule>.bad``/``.good``: an example in words or with comments is translated.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass

from .rules import Rule

_MARKERS = ("Why:", "Bad:", "Good:")


@dataclass(frozen=True)
class RuleDoc:
    name: str
    severity: str
    summary: str
    why: str
    bad: str
    good: str


def _sections(doc: str) -> dict[str, str]:
    """The docstring's parts: '' (the summary), 'Why:', 'Bad:', 'Good:'."""
    parts: dict[str, list[str]] = {"": []}
    current = ""
    for line in doc.strip().splitlines():
        marker = next((m for m in _MARKERS if line.strip().startswith(m)), None)
        if marker is not None and not line.startswith((" ", "\t")):
            current = marker
            rest = line.strip()[len(marker) :].strip()
            parts[current] = [rest] if rest else []
        else:
            parts.setdefault(current, []).append(line)
    out = {}
    for key, lines in parts.items():
        text = "\n".join(lines)
        out[key] = (
            textwrap.dedent(text).strip("\n")
            if key in ("Bad:", "Good:")
            else " ".join(text.split())
        )
    return out


def document(rule: Rule) -> RuleDoc:
    """A rule's documentation in the current language."""
    from .i18n import has, t

    parts = _sections(rule.doc)
    summary_id, why_id = f"ruledoc.{rule.name}.summary", f"ruledoc.{rule.name}.why"
    return RuleDoc(
        rule.name,
        rule.severity,
        t(summary_id) if has(summary_id) else parts.get("", "") or rule.name,
        t(why_id) if has(why_id) else parts.get("Why:", ""),
        _example(rule.name, "bad", parts.get("Bad:", "")),
        _example(rule.name, "good", parts.get("Good:", "")),
    )


def _example(name: str, part: str, fallback: str) -> str:
    from .i18n import has, t

    msgid = f"ruledoc.{name}.{part}"
    return t(msgid) if has(msgid) else fallback


def plain(d: RuleDoc) -> str:
    """A rule's documentation as one text in the current language, laid out as the
    docstring is (summary, why, the two examples): SARIF's help and JSON's ``doc``."""
    from .i18n import t

    out = [d.summary]
    if d.why:
        out += ["", f"{t('ruledoc.why')} {d.why}"]
    for label, example in ((t("ruledoc.bad"), d.bad), (t("ruledoc.good"), d.good)):
        if example:
            out += ["", label, textwrap.indent(example, "  ")]
    return "\n".join(out)


def _severity(value: str) -> str:
    from .i18n import t

    return t(f"ruledoc.severity.{value}")


def render(rules: list[Rule], fmt: str) -> str:
    from .i18n import current, t

    docs = [document(r) for r in rules]
    if fmt == "json":
        return (
            json.dumps(
                [
                    {
                        "name": d.name,
                        "severity": d.severity,
                        "summary": d.summary,
                        "why": d.why,
                        "bad": d.bad,
                        "good": d.good,
                        "doc": plain(d),
                        "lang": current(),
                    }
                    for d in docs
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    out: list[str] = []
    if fmt == "markdown":
        out.append(t("ruledoc.table") + "\n|---|---|---|")
        out += [f"| `{d.name}` | {_severity(d.severity)} | {_cell(d.summary)} |" for d in docs]
        out.append("")
        for d in docs:
            out.append(f"### `{d.name}` ({_severity(d.severity)})\n\n{d.summary}\n")
            if d.why:
                out.append(f"**{t('ruledoc.why')}** {d.why}\n")
            for label, example in ((t("ruledoc.bad"), d.bad), (t("ruledoc.good"), d.good)):
                if example:
                    out.append(f"**{label}**\n\n```yaml\n{example}\n```\n")
        return "\n".join(out) + "\n"
    for d in docs:
        out.append(f"{d.name}  [{_severity(d.severity)}]")
        out.append(textwrap.fill(d.summary, 88, initial_indent="  ", subsequent_indent="  "))
        if len(docs) == 1:
            if d.why:
                out.append("")
                out.append(
                    textwrap.fill(
                        f"{t('ruledoc.why')} {d.why}",
                        88,
                        initial_indent="  ",
                        subsequent_indent="  ",
                    )
                )
            for label, example in ((t("ruledoc.bad"), d.bad), (t("ruledoc.good"), d.good)):
                if example:
                    out.append("")
                    out.append(f"  {label}")
                    out.append(textwrap.indent(example, "    "))
        out.append("")
    if len(docs) > 1:
        out.append(t("ruledoc.footer"))
    return "\n".join(out) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
