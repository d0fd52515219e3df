"""What anyone may see of a block's group, decided in one place for every view of it.

The learner's results, the facilitator's panel and pages and the CSV export all look at the group
through a :class:`GroupView`: the snapshot of the last release, never the live counts; nothing
below the block's threshold (``anonymity.effective_threshold``: never below three); rounded shares,
never counts; shared texts only where the results are shown and sharing is allowed, in their random
order, dated by the day of their release. What counts towards a release is the storage's rule
(``api.submit``); what a release lets others see is this module's.
"""
from . import api
from .anonymity import effective_threshold, percentages


class GroupView:
    """One block's group as others may see it, read once (one row) for a whole page or export, pages included."""

    def __init__(self, block_key, configured_threshold, allow_sharing, released=None):
        """``released``: the block's ``api.PublishedResults`` when the caller has them (a write's own), else read."""
        self.block_key = block_key
        self.threshold = effective_threshold(configured_threshold)
        self.allow_sharing = allow_sharing
        self._released = released or api.published_results(block_key)

    @property
    def visible(self):
        """True once a release holds at least the threshold of learners: no small group can tell who answered."""
        return self._released.participants >= self.threshold

    @property
    def participants(self):
        """How many learners the released results hold (shown only when ``visible``)."""
        return self._released.participants if self.visible else 0

    @property
    def missing(self):
        """How many more answers the first release waits for (0 once the results are shown)."""
        return 0 if self.visible else max(0, self.threshold - self._released.pending)

    def statement_shares(self, statements, labels):
        """Per statement, its text and the whole-percent share of each scale label; empty below the threshold."""
        if not self.visible:
            return []
        rows = []
        for statement in statements:
            counts = [self._released.tallies.get(statement["id"], {}).get(choice, 0) for choice in range(1, 6)]
            rows.append({"text": statement["text"], "shares": list(zip(labels, percentages(counts)))})
        return rows

    def aggregates(self, statements, labels):
        """The template context of the group's results (``_group.html``)."""
        if not self.visible:
            return {"visible": False, "missing": self.missing, "threshold": self.threshold}
        return {"visible": True, "participants": self.participants, "release_size": self.threshold,
                "statements": self.statement_shares(statements, labels)}

    def shared_page(self, page, page_size):
        """One page of the released shared texts, or None where texts are not shown."""
        if not (self.visible and self.allow_sharing):
            return None
        return api.shared_page(self.block_key, page=page, page_size=page_size, release=self._released.release)

    def shared_texts(self):
        """Every released shared text with its day, for the export; nothing where texts are not shown."""
        if self.visible and self.allow_sharing:
            yield from api.all_shared_texts(self.block_key)
