"""`integ rules`: the rules' own docstrings as text, Markdown or JSON."""

from __future__ import annotations

import json
import textwrap

from .rules import Rule


def _parts(rule: Rule) -> tuple[str, str]:
    lines = rule.doc.strip().splitlines()
    return lines[0] if lines else rule.name, "\n".join(lines[1:]).strip()


def render(rules: list[Rule], fmt: str) -> str:
    if fmt == "json":
        return (
            json.dumps(
                [
                    {"name": r.name, "severity": r.severity, "summary": _parts(r)[0], "doc": r.doc}
                    for r in rules
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
    out: list[str] = []
    if fmt == "markdown":
        out.append("| rule | default | checks |\n|---|---|---|")
        out += [f"| `{r.name}` | {r.severity} | {_parts(r)[0]} |" for r in rules]
        out.append("")
        for r in rules:
            summary, body = _parts(r)
            out.append(f"### `{r.name}` ({r.severity})\n\n{summary}\n")
            out.append(_markdown_body(body))
        return "\n".join(out) + "\n"
    for r in rules:
        summary, body = _parts(r)
        out.append(f"{r.name}  [{r.severity}]\n  {summary}")
        if body and len(rules) == 1:
            out.append(textwrap.indent(body, "  "))
        out.append("")
    if len(rules) > 1:
        out.append(
            "'integ rules NAME' shows why a rule exists, with a failing and a "
            "passing example.\nSet a rule's severity in integ.yaml: "
            "rules: {NAME: error|warning|off}"
        )
    return "\n".join(out) + "\n"


def _markdown_body(body: str) -> str:
    """Why: paragraphs as text; Bad:/Good: examples as YAML blocks."""
    out: list[str] = []
    block: list[str] = []
    for line in body.splitlines() + ["Bad:"]:
        if line.strip() in ("Bad:", "Good:"):
            if block and out and out[-1].endswith(":**"):
                out.append("```yaml\n" + textwrap.dedent("\n".join(block)).strip() + "\n```")
            elif block:
                out.append("\n".join(block))
            block = []
            out.append(f"**{line.strip()[:-1]}:**")
        else:
            block.append(line)
    return "\n\n".join(out[:-1]) + "\n"
