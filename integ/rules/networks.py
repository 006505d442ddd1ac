"""Networks: the working groups meet as often as they intend to."""

from __future__ import annotations

from collections.abc import Iterator

from ..concept import add_months, parse_date, valid_cycle
from . import WARNING, Context, Hit, label, rule


@rule("network-inactive", WARNING)
def network_inactive(ctx: Context) -> Iterator[Hit]:
    """A network with a `cadence_months` has met within twice its cadence.

    Why: a network that meets twice a year and has not met for a year has probably
    fallen asleep; the review should ask why.

    Bad:
      cadence_months: 6
      meetings:
        - {date: 2025-03-10}   # today 2026-11-25
    Good:
      cadence_months: 6
      meetings:
        - {date: 2026-04-10}
        - {date: 2026-10-15}
    """
    for npath, net in ctx.items("networks"):
        cadence = net.get("cadence_months")
        if not valid_cycle(cadence):
            continue
        dated = [
            (d, p) for p, m in ctx.items(*npath, "meetings") if (d := parse_date(m.get("date")))
        ]
        last, where = max(dated, default=(None, None))
        if last is None:
            yield Hit(
                (*npath, "cadence_months"),
                f"{label(net, 'network')} meets every "
                f"{cadence} months but no meeting is "
                "recorded; add its meetings",
            )
        elif add_months(last, 2 * cadence) < ctx.today:
            yield Hit(
                (*where, "date"),
                f"{label(net, 'network')} last met on "
                f"{last.isoformat()}; it meets every {cadence} "
                "months. Record the missing meetings or "
                "invite to the next one",
            )
