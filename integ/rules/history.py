"""History: what only git can tell. The findings are made by integ.history (the one
place that reads past versions) for `integ check`; this module documents the rule."""

from __future__ import annotations

from . import WARNING, documented

documented(
    "measure-id-reused",
    WARNING,
    """
    A measure id that once belonged to a measure that was dropped or removed is not
    given to a different measure later.

    Why: reports, the Synopse and the history (`integ log`) follow a measure by its id;
    an old id on a new measure mixes two measures' histories. Checked from git history by
    `integ check`.

    Bad:
      # 2024: M-WOH-02 „Wohnraumbörse“, dropped in 2025
      - id: M-WOH-02
        title: Mietführerschein
    Good:
      - id: M-WOH-06
        title: Mietführerschein
""",
)
