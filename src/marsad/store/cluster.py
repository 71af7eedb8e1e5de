"""Cross-document merging that does not depend on the order documents arrive in.

Input: the reports (event sources) of one neighbourhood — every report connected to the new
ones by a chain of possible matches (:func:`marsad.store.dedup.compare`) — and the dedup config.
Output: the reports grouped into real-world events, and why each joined its group.

The grouping is a function of the set of reports alone: reports are taken in a canonical order
(date, document id, event id in the document), each joins the group whose every member it
matches (complete linkage: no two reports of an event disagree on type, side or place), the
best-scoring such group, else founds one; never two reports of one document in a group. A
group's event takes the id of its first report in that order. Adding or removing a report
re-groups its neighbourhood only; the same documents in any order give the same events.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.store.dedup import DedupConfig, EventKey, Match, compare

#: reports of one neighbourhood re-grouped at most (past it, a group found earlier stays as is)
MAX_NEIGHBOURHOOD = 200


@dataclass
class Report:
    """One event source: an event as one document coded it."""

    id: int
    event_id: str
    document_id: str
    local_id: str
    key: EventKey  # what dedup compares, read from the event as the document coded it

    @property
    def order(self) -> tuple[str, str, str]:
        start = self.key.start
        return (start.isoformat() if start else "9999-99-99", self.document_id, self.local_id)


@dataclass
class Group:
    members: list[Report] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)
    reasons: dict[int, tuple[Report, Match]] = field(default_factory=dict)  # why each joined


def group(reports: list[Report], cfg: DedupConfig) -> list[Group]:
    """The reports grouped into events (see the module docstring); groups in the order of their
    first report."""
    groups: list[Group] = []
    for r in sorted(reports, key=lambda x: x.order):
        best: tuple[Group, float, Report, Match] | None = None
        for g in groups:
            if r.document_id in g.documents:
                continue
            matches = [(m, compare(r.key, m.key, cfg)) for m in g.members]
            if not all(match.ok for _, match in matches):
                continue
            score = min(match.score for _, match in matches)
            if best is None or score > best[1]:
                closest, why = max(matches, key=lambda x: x[1].score)
                best = (g, score, closest, why)
        if best is None:
            groups.append(Group([r], {r.document_id}))
            continue
        g = best[0]
        g.members.append(r)
        g.documents.add(r.document_id)
        g.reasons[r.id] = (best[2], best[3])
    return groups
