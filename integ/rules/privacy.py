"""Personal data: names, e-mail addresses and phone numbers stay in `contacts`.

Findings:

* ``finding.personal-data-in-text.email`` / ``.phone``: field (the key the text is
  under); subject: the element the text belongs to. The address or number itself is
  never a param: findings are shown in public places (pull request summaries).
* ``finding.public-contact-without-role``: id; the contact (no name: personal data).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from . import WARNING, Context, Hit, ident, rule, subject_at, subject_of

# Bounded parts (local part at most 64 characters, as RFC 5321 allows; at most 10
# labels of at most 63): a search is linear in the text. Unbounded, a long run of
# letters before an '@' made it quadratic (a 1.4 MB file took 28 s).
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}"
    r"(?:\.[A-Za-z0-9-]{1,63}){0,10}\.[A-Za-z]{2,63}(?![A-Za-z])"
)
PHONE = re.compile(r"(?<![\w.,/-])(?:\+|00)?[1-9]?\d?[ ]?\(?0?[1-9]\d{1,5}\)?[ /-]?\d[\d -]{4,}\d")
_DIGITS = re.compile(r"\d")
# keys whose values are ids, codes, dates or addresses, never free text
_SKIP = {
    "id",
    "goals",
    "lead",
    "partners",
    "target_groups",
    "scope",
    "members",
    "convener",
    "by",
    "url",
    "ags",
    "state",
    "district",
    "format",
    "status",
    "level",
    "direction",
    "unit",
    "per",
    "priority",
    "type",
    "contributes_to",
    "date",
    "start",
    "end",
    "until",
    "review_by",
    "last",
    "next",
    "version",
    "resolution",
    "ref",
    "tags",
}


def _looks_like_phone(text: str) -> bool:
    for m in PHONE.finditer(text):
        digits = len(_DIGITS.findall(m.group()))
        raw = m.group().strip()
        if (
            digits >= 7
            and (raw.startswith(("+", "0", "(0")))
            and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", raw)
        ):
            return True
    return False


def _strings(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in _SKIP:
                yield from _strings(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, (*path, i))


@rule("personal-data-in-text", WARNING)
def personal_data_in_text(ctx: Context) -> Iterator[Hit]:
    """No e-mail address or phone number in free text (titles, descriptions, notes).

    Why: personal data belongs in `contacts`, where `public:` decides whether it
    appears in public documents. An address in a log note is published with it.

    Bad:
      note: Anmeldung bei Frau Muster, muster@example.org, 07222 381-1234.
    Good:
      note: Anmeldung über die Integrationsbeauftragte (siehe Ansprechpersonen).
    """
    for key, value in ctx.data.items():
        if key == "contacts":
            continue
        for path, text in _strings(value, (key,)):
            kind = (
                "email"
                if "@" in text and EMAIL.search(text)
                else "phone"
                if _DIGITS.search(text) and _looks_like_phone(text)
                else None
            )
            if kind is not None:
                named = next((p for p in reversed(path) if isinstance(p, str)), key)
                yield Hit(
                    path,
                    f"finding.personal-data-in-text.{kind}",
                    params={"field": named},
                    subject=subject_at(ctx.data, path),
                )


@rule("public-contact-without-role", WARNING)
def public_contact_without_role(ctx: Context) -> Iterator[Hit]:
    """A contact marked `public: true` has a `role`.

    Why: publishing a person's name needs a reason: their function
    (e.g. Integrationsbeauftragte des Landkreises).

    Bad:
      - {id: ib, name: Erika Beispiel, public: true}
    Good:
      - {id: ib, name: Erika Beispiel, role: Integrationsbeauftragte, public: true}
    """
    for cpath, contact in ctx.items("contacts"):
        role = contact.get("role")
        if contact.get("public") is True and not (isinstance(role, str) and role.strip()):
            yield Hit(
                (*cpath, "public"),
                "finding.public-contact-without-role",
                params={"id": ident(contact, cpath)},
                subject=subject_of(contact, "contact"),
            )
