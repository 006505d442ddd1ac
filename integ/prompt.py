"""Questions on a terminal, for `integ new`, `integ init` and `integ add`.

Only when both stdin and stdout are terminals (and ``INTEG_NO_PROMPT`` is not set) does
integ ask; a script or CI gets a usage error that names the option instead. Every
question has an option that answers it. Plain ``input()``: the words are the
catalogue's, an answer that does not fit is said and asked again, Ctrl-D or Ctrl-C
end the run (exit 130, as everywhere).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def interactive() -> bool:
    """May integ ask? Only on a terminal, and not with INTEG_NO_PROMPT set."""
    if os.environ.get("INTEG_NO_PROMPT"):
        return False
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _read(label: str) -> str:
    sys.stdout.flush()
    return input(label)


def ask(
    question: str,
    default: str | None = None,
    *,
    check: Callable[[str], T] | None = None,
    optional: bool = False,
) -> str | None:
    """Ask one question; the answer (or ``default`` for an empty one). ``check`` turns
    an answer into its value or raises ValueError with the words to show; ``optional``:
    an empty answer without a default is None."""
    from .i18n import t

    shown = f"{question} [{default}]: " if default else f"{question}: "
    while True:
        answer = " ".join(_read(shown).split())
        if not answer:
            if default is not None:
                answer = default
            elif optional:
                return None
            else:
                print(t("prompt.required"))
                continue
        if check is None:
            return answer
        try:
            check(answer)
        except ValueError as exc:
            print(str(exc) or t("prompt.invalid"))
            continue
        return answer


def choose(
    question: str,
    options: Sequence[tuple[str, str]],
    default: str | None = None,
    *,
    match: Callable[[str], str | None] | None = None,
    several: bool = False,
    optional: bool = False,
) -> list[str]:
    """Ask for one (or, with ``several``, one or more, comma-separated) of ``options``
    (value, description): by number, by value, or by a word ``match`` knows (a status
    in German). Returns the values chosen."""
    from .i18n import t

    for i, (value, words) in enumerate(options, 1):
        print(f"  {i:>2}  {value}" + (f"  {words}" if words and words != value else ""))
    values = [v for v, _ in options]

    def one(word: str) -> str:
        if word.isdigit() and 1 <= int(word) <= len(values):
            return values[int(word) - 1]
        if word in values:
            return word
        found = match(word) if match else None
        if found in values:
            return found
        folded = [v for v in values if v.casefold() == word.casefold()]
        if folded:
            return folded[0]
        raise ValueError(t("prompt.not_a_choice", answer=word, n=len(values)))

    while True:
        answer = ask(question, default, optional=optional or several)
        if answer is None:
            return []
        parts = [w.strip() for w in answer.split(",")] if several else [answer]
        try:
            return [one(w) for w in parts if w]
        except ValueError as exc:
            print(str(exc))


def yes(question: str, default: bool = True) -> bool:
    """A yes/no question (j/ja/y/yes, n/nein/no)."""
    from .i18n import t

    hint = t("prompt.yes_no_default_yes" if default else "prompt.yes_no_default_no")
    while True:
        answer = _read(f"{question} {hint} ").strip().casefold()
        if not answer:
            return default
        if answer in ("j", "ja", "y", "yes"):
            return True
        if answer in ("n", "nein", "no"):
            return False
        print(t("prompt.yes_no"))
