"""Writes the hostile inputs of this folder (python tests/data/hostile/make.py).

Each file is valid/minimal.yaml with one hostile change (or a file that is no YAML at
all); expect.json lists, per file, the rules integ must report for it and its exit
code. The standard for every one: no traceback, a located message, the right exit
code, bounded time and memory.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
BASE = (HERE.parent / "valid" / "minimal.yaml").read_text(encoding="utf-8")
TITLE = "title: Integrationskonzept der Gemeinde Musterdorf"


def concept(name: str, old: str = TITLE, new: str = TITLE) -> str:
    text = BASE.replace("id: minimal", f"id: {name}", 1)
    assert old in text, name
    return text.replace(old, new, 1)


FILES: dict[str, tuple[bytes, list[str], int]] = {}


def add(name: str, data: str | bytes, rules: list[str], code: int = 1) -> None:
    FILES[f"{name}.yaml"] = (data.encode("utf-8") if isinstance(data, str) else data, rules, code)


# alias bombs: a billion laughs, and few aliases of one long text
laughs = ['lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
laughs += [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
add("alias-bomb", concept("alias-bomb") + "\n".join(laughs) + "\n", ["yaml-unsafe"])
long_text = "Sprachförderung für alle Altersgruppen. " * 2500  # 100 KB
add(
    "alias-long-text",
    concept("alias-long-text", TITLE, f'title: &t "{long_text}"')
    + "notes:\n"
    + "".join("  - *t\n" for _ in range(250)),
    ["yaml-unsafe"],
)
add(
    "deep-nesting",
    concept("deep-nesting") + "deep: " + "[" * 10000 + "]" * 10000 + "\n",
    ["yaml-unsafe"],
)
add("nul-bytes", concept("nul-bytes").replace("Musterdorf", "Muster\x00dorf", 1), ["file-encoding"])
add("utf-16", concept("utf-16").encode("utf-16"), ["file-encoding"])
add("custom-tag", concept("custom-tag", TITLE, "title: !include secrets.yaml"), ["yaml-unsafe"])
add(
    "python-tag",
    concept("python-tag", TITLE, 'title: !!python/object/apply:os.system ["id"]'),
    ["yaml-unsafe"],
)
add(
    "merge-key",
    concept("merge-key", "  - id: M-SPR-01\n", "  - &m\n    id: M-SPR-01\n") + "extra:\n  <<: *m\n",
    ["unknown-key"],
)
add("inf-value", concept("inf-value", "value: 55}", "value: .inf}"), ["invalid-value"])
add(
    "nan-baseline",
    concept("nan-baseline", "baseline: {value: 20,", "baseline: {value: .nan,"),
    ["invalid-value"],
)
add(
    "huge-integer",
    concept("huge-integer", "value: 55}", "value: " + "7" * 5000 + "}"),
    ["invalid-value"],
)
add("confusable-key", concept("confusable-key", "\nversion:", "\nvеrsion:"), ["unknown-key"])
add(
    "rtl-and-zero-width",
    concept(
        "rtl-and-zero-width",
        TITLE,
        "title: Integrations\u200bkonzept \u202eflodretsuM\u202c der Gemeinde",
    ),
    [],
    0,
)
add(
    "escape-clear-screen",
    concept("escape-clear-screen", TITLE, 'title: "Integrationskonzept\\e[2J\\e[H der Gemeinde"'),
    ["invalid-value"],
)
add(
    "escape-osc8-link",
    concept(
        "escape-osc8-link",
        TITLE,
        'title: "\\e]8;;https://example.org\\e\\\\Integrationskonzept\\e]8;;\\e\\\\"',
    ),
    ["invalid-value"],
)
add(
    "raw-escape",
    concept("raw-escape", TITLE, "title: Integrations\x1b[2Jkonzept"),
    ["file-encoding"],
)
add(
    "nul-escape", concept("nul-escape", TITLE, 'title: "Integrations\\0konzept"'), ["invalid-value"]
)
add("two-documents", concept("two-documents") + "---\nformat: integ/1\n", ["yaml-syntax"])
add("latin-1", concept("latin-1").encode("latin-1", "replace"), ["file-encoding"])
add("empty", "", ["not-a-mapping"])
add("only-comment", "# nichts\n", ["not-a-mapping"])
add("a-list", "- id: x\n", ["not-a-mapping"])
add(
    "junit-breaker",
    concept("junit-breaker", TITLE, 'title: "A\\x01B\\x1fC\\x7fD"'),
    ["invalid-value"],
)
add(
    "workflow-command",
    concept("workflow-command", TITLE, 'title: "X\\n::error file=evil.yaml::injected%0A"'),
    [],
    0,
)


if __name__ == "__main__":
    for old in HERE.glob("*.yaml"):
        old.unlink()
    for name, (data, _, _) in FILES.items():
        (HERE / name).write_bytes(data)
    (HERE / "expect.json").write_text(
        json.dumps({n: {"rules": r, "exit": c} for n, (_, r, c) in FILES.items()}, indent=1) + "\n",
        encoding="utf-8",
    )
