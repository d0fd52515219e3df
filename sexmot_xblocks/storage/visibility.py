"""Every rule about what others may see of a group: thresholds, rounded shares and the released view, in one place.

The learner's results, the facilitator's panel and pages and the CSV export all look at the group
through a :class:`GroupView`: the snapshot of the last release, never the live counts; nothing
below the block's threshold (``effective_threshold``: never below ``MIN_GROUP_SIZE``); rounded shares,
never counts; shared texts only where the results are shown and sharing is allowed, in their random
order, dated by the day of their release. What counts towards a release is the storage's rule
(``answers.submit``); what a release lets others see is this module's. Its part for the reach
tables, where small counts are hidden and so are the counts that would give them away, is
``reach_suppression``: pure and standard library only, so that the authority's merge applies it
without Django.
"""
from . import answers

#: No aggregate is ever shown for fewer answers than this, whatever staff configure.
MIN_GROUP_SIZE = 3
#: The default minimum number of answers before aggregates are shown.
DEFAULT_GROUP_SIZE = 5
#: The default threshold of a group session: higher than the course's, because whoever starts a session
#: decides who joins it, and a leader with k-1 accounts of their own could learn the k-th person's answers.
DEFAULT_SESSION_GROUP_SIZE = 6


def effective_threshold(configured, default=DEFAULT_GROUP_SIZE):
    """The threshold actually applied: staff may raise it, never lower it below MIN_GROUP_SIZE."""
    try:
        configured = int(configured)
    except (TypeError, ValueError):
        configured = default
    return max(MIN_GROUP_SIZE, configured)


def percentages(counts):
    """Whole-number shares of a list of counts, each rounded to the nearest percent (halves up).

    Rounded shares, never raw counts, are what learners see, so one changed
    answer in a large group does not show as a change of exactly one person.
    Each share is rounded on its own, so that equal counts always show equal
    shares (one answer each of six reads 17 % beside 17 %, never 17 % beside
    16 %); the shares then add up to 100 give or take a rounding.
    """
    total = sum(counts)
    if total <= 0:
        return [0 for _ in counts]
    return [(200 * count + total) // (2 * total) for count in counts]


class GroupView:
    """One block's group as others may see it, read once (one row) for a whole page or export, pages included."""

    def __init__(self, block_key, configured_threshold, allow_sharing, released=None):
        """``released``: the block's ``PublishedResults`` when the caller has them (a write's own), else read."""
        self.block_key = block_key
        self.threshold = effective_threshold(configured_threshold)
        self.allow_sharing = allow_sharing
        self._released = released or answers.published_results(block_key)

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
        """The template context of the group's results (``_group.html``).

        The shares come as text: a whole percent from 0 to 100 reads the same in every locale, and a template
        that is handed a number localizes it on every use (twice per bar, most of the results' rendering).
        """
        if not self.visible:
            return {"visible": False, "missing": self.missing, "threshold": self.threshold}
        rows = [{"text": row["text"], "shares": [(label, str(share)) for label, share in row["shares"]]}
                for row in self.statement_shares(statements, labels)]
        return {"visible": True, "participants": self.participants, "release_size": self.threshold,
                "statements": rows}

    def shared_page(self, page, page_size):
        """One page of the released shared texts, or None where texts are not shown."""
        if not (self.visible and self.allow_sharing):
            return None
        return answers.shared_page(self.block_key, page=page, page_size=page_size, release=self._released.release)

    def shared_texts(self):
        """Every released shared text with its day, for the export; nothing where texts are not shown."""
        if self.visible and self.allow_sharing:
            yield from answers.all_shared_texts(self.block_key)
