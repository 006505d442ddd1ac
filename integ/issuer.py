"""Who issues a concept's documents (title page "Herausgeber", DOCX and PDF author).

Each concept's own municipality: ``municipality.issuer`` when the concept names it;
else, for a town or municipality of a district workspace (``municipality.district``
set, or listed in integ.yaml's ``municipalities:``), its own name; else integ.yaml's
``organisation`` (the administration that keeps the workspace), else the name.
"""

from __future__ import annotations

from typing import Any

from .workspace import Workspace


def issuer(ws: Workspace, concept: Any) -> str:
    data: dict[str, Any] = concept if isinstance(concept, dict) else {}
    raw = data.get("municipality")
    muni: dict[str, Any] = raw if isinstance(raw, dict) else {}
    own = muni.get("issuer")
    if isinstance(own, str) and own.strip():
        return own.strip()
    name = str(muni.get("name") or "")
    listed = {m.get("id") for m in ws.settings.get("municipalities") or [] if isinstance(m, dict)}
    member = muni.get("type") != "district" and (
        bool(muni.get("district")) or data.get("id") in listed
    )
    organisation = str(ws.settings.get("organisation") or "")
    if member or not organisation:
        return name
    return organisation


__all__ = ["issuer"]
