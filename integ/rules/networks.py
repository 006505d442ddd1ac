"""Networks: the working groups meet as often as they intend to.

A network is inactive when its next meeting (last meeting + ``cadence_months``,
``integ.dates.next_meeting``) is more than ``MEETING_GRACE_MONTHS`` (one month)
overdue (``integ.dates.network_inactive``): the one definition that `integ status`
("Nächstes Treffen fällig") and review use too.

Findings (subject: the network):

* ``finding.network-inactive``: id, title, last (the last meeting, YYYY-MM-DD),
  n (the cadence in months), due (the date the next meeting was due, YYYY-MM-DD);
* ``finding.network-inactive.no-meetings``: id, title, n (no due date: nothing to
  count from).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..dates import last_meeting, network_inactive, next_meeting, parse_date, valid_cycle
from . import WARNING, Context, Hit, about, iso, rule, subject_of


@rule("network-inactive", WARNING)
def network_inactive_rule(ctx: Context) -> Iterator[Hit]:
    """A network with a `cadence_months` holds its next meeting in time: within its
    cadence after the last meeting, with one month's grace.

    Why: a network that has skipped a meeting may have fallen asleep; the review
    should ask why.

    Bad:
      cadence_months: 6
      meetings:
        - {date: 2026-03-10}   # next one due 2026-09-10; today 2026-11-25
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
        last = last_meeting(net)
        if last is None:
            yield Hit(
                (*npath, "cadence_months"),
                "finding.network-inactive.no-meetings",
                params=about(net, npath, n=cadence),
                subject=subject_of(net, "network"),
            )
        elif network_inactive(net, ctx.today):
            where = max(
                p for p, m in ctx.items(*npath, "meetings") if parse_date(m.get("date")) == last
            )
            yield Hit(
                (*where, "date"),
                "finding.network-inactive",
                params=about(net, npath, last=iso(last), n=cadence, due=iso(next_meeting(net))),
                subject=subject_of(net, "network"),
            )
