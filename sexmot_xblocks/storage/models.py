"""Shared, anonymous data of the sexmot XBlocks.

Never write these models directly: go through ``sexmot_xblocks.storage.api``, which
keeps the counters, the contributions and the pool consistent. No row here
holds a user id, a username, a time finer than the day, or a key that says
in which order rows were written.
"""
import secrets

from django.db import models


def _random_shuffle_key():
    """A random sort key, so that listing order says nothing about submission order."""
    return secrets.randbelow(2**62)


class ParticipantTally(models.Model):
    """One block's participant count and what the group may see of it (one row per block).

    ``count`` is live. Others see only the snapshot of the last release
    (``published`` participants and ``published_tallies``), made once
    ``pending`` distinct learners have moved a tally since the release before
    (``releases`` so far), so that the difference between two snapshots is
    never the work of one person. A write that changes the group's data
    locks this row last and briefly: it is the one place where writes to a
    block meet. ``released_texts`` counts the shared texts releases have made
    visible, so that a page of them never has to count the whole pool.
    ``released_on`` is the day of the last release (a report names it).
    """

    block_key = models.CharField(max_length=255, unique=True)
    count = models.IntegerField(default=0)
    published = models.IntegerField(default=0)
    published_tallies = models.JSONField(default=dict)
    pending = models.IntegerField(default=0)
    releases = models.IntegerField(default=0)
    released_texts = models.IntegerField(default=0)
    released_on = models.DateField(null=True)

    class Meta:
        app_label = "sexmot_xblocks"


class StatementTally(models.Model):
    """How many learners currently hold one answer to one statement (live; never shown as such).

    One row per (block, statement, choice), changed only by atomic
    ``count = count ± 1`` updates, so that simultaneous submissions never
    overwrite each other.
    """

    block_key = models.CharField(max_length=255)
    statement_id = models.CharField(max_length=64)
    choice = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)

    class Meta:
        app_label = "sexmot_xblocks"
        constraints = [
            models.UniqueConstraint(
                fields=["block_key", "statement_id", "choice"], name="sexmot_statement_tally_unique"
            ),
        ]


class Contribution(models.Model):
    """What one learner's answers currently add to one scope's tallies: the truth a write starts from.

    The platform loads a learner's own state before a handler runs, so two
    writes of one learner may both start from the same old state. A write
    therefore locks this row and moves the tallies from the answers stored
    here, never from the learner's state. ``key`` is a keyed hash of scope
    and learner (``keyed_hashes.learner_key``): nothing here names the learner
    without the site's secret key. ``sealed`` holds the learner's answers,
    their answers as the last release shows them and the release they wait
    for (``answers.ContributionState``), sealed without a time and padded
    (``sealing.seal_row``), so that whoever holds the database without the
    key can neither read the answers nor tell the rows that wait for the
    next release, the few newest writers, from the others.
    """

    key = models.CharField(max_length=64, primary_key=True)
    block_key = models.CharField(max_length=255, db_index=True)
    sealed = models.TextField(default="")

    class Meta:
        app_label = "sexmot_xblocks"


class SharedText(models.Model):
    """A free text a learner chose to share anonymously with the group of one scope.

    ``key`` is a keyed hash of scope and author (``keyed_hashes.shared_text_key``,
    with another label than the contribution's key): it lets the author see and
    withdraw the text, while neither the database nor the author's own state
    can tell whose text it is without the site's secret key. Being the primary
    key, it also means no row records the order of sharing. ``withdrawal_key`` is
    the keyed hash of exercise and author (``keyed_hashes.withdrawal_key``), the same
    in every scope of the exercise, so that a withdrawal reaches every session
    in one statement. A text is seen by others from the release numbered
    ``release`` on, and ``shared_on`` then becomes the day of that release.
    ``text`` is sealed (``sealing.seal_row``): a text waiting for its release,
    and the text a waiting edit replaces, are named only inside the sealed
    value, so the database alone tells no recent writer's text. The (block,
    shuffle key) index lets a page of texts be read in order without sorting
    the pool.
    """

    key = models.CharField(max_length=64, primary_key=True)
    block_key = models.CharField(max_length=255)
    withdrawal_key = models.CharField(max_length=64, db_index=True, default="")
    text = models.TextField()
    shared_on = models.DateField()
    release = models.IntegerField()
    shuffle_key = models.BigIntegerField(default=_random_shuffle_key)

    class Meta:
        app_label = "sexmot_xblocks"
        indexes = [models.Index(fields=["block_key", "shuffle_key"], name="sexmot_text_in_order")]


class GroupSession(models.Model):
    """A group's live run of one reflection exercise: a short code, open for a meeting, kept a set number of days.

    The session's results are the storage's ordinary rows under the scope key
    ``session:<code>`` (``sexmot_xblocks.storage.sessions.scope_key``), so they obey
    the same counting, releases and pool as the course-wide ones; an answer
    given in a session counts there only (ADR 0024). ``leader_key`` is a keyed
    hash of the exercise and the leader's user id: it lets the leader find,
    close and present their sessions, caps how many they keep open, and names
    nobody without the site's secret key. Times are the session's, never a
    learner's.
    """

    code = models.CharField(max_length=12, primary_key=True)
    block_key = models.CharField(max_length=255, db_index=True)
    leader_key = models.CharField(max_length=64, db_index=True)
    threshold = models.IntegerField()
    open_until = models.DateTimeField()
    remove_on = models.DateField(db_index=True)

    class Meta:
        app_label = "sexmot_xblocks"
