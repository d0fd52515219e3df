"""Shared, anonymous data of the sexmot XBlocks.

Never write these models directly: go through ``sexmot_xblocks.api``, which
keeps the counters consistent with the learners' own state. No row here holds
a user id, a username or a time finer than the day.
"""
import secrets

from django.db import models


def _random_shuffle_key():
    """A random sort key, so that listing order says nothing about submission order."""
    return secrets.randbelow(2**62)


class ParticipantTally(models.Model):
    """How many learners have submitted a reflection exercise, and what the group may see of it (one row per block).

    ``count`` is live. Others see only the ``published`` snapshot, released
    once ``pending`` distinct learners have submitted or changed something
    since the last release (``releases`` so far), so that the difference
    between two snapshots never shows what one person did. Every write to a
    block locks this row first, which also fixes the order of locks.
    ``released_texts`` counts the shared texts releases have made visible, so
    that a page of them never has to count the whole pool.
    """

    block_key = models.CharField(max_length=255, unique=True)
    count = models.IntegerField(default=0)
    published = models.IntegerField(default=0)
    pending = models.IntegerField(default=0)
    releases = models.IntegerField(default=0)
    released_texts = models.IntegerField(default=0)

    class Meta:
        app_label = "sexmot_xblocks"


class StatementTally(models.Model):
    """How many learners currently hold one answer to one statement.

    One row per (block, statement, choice), changed only by atomic
    ``count = count ± 1`` updates, so that simultaneous submissions never
    overwrite each other and a page view reads a handful of small rows.
    """

    block_key = models.CharField(max_length=255)
    statement_id = models.CharField(max_length=64)
    choice = models.PositiveSmallIntegerField()
    count = models.IntegerField(default=0)
    published = models.IntegerField(default=0)

    class Meta:
        app_label = "sexmot_xblocks"
        constraints = [
            models.UniqueConstraint(
                fields=["block_key", "statement_id", "choice"], name="sexmot_statement_tally_unique"
            ),
        ]


class SharedReflection(models.Model):
    """A free text a learner chose to share anonymously with the group.

    ``withdraw_digest`` is a keyed hash of a secret kept only in the learner's
    own state: it lets that learner withdraw the text, while the database alone
    cannot tell whose text it is. A text is seen by others from the release
    numbered ``release`` on, and ``shared_on`` then becomes the day of that
    release: neither says when its author wrote it. The index on (block,
    shuffle key) lets a page of texts be read in order without sorting the pool.
    """

    block_key = models.CharField(max_length=255)
    text = models.TextField()
    shared_on = models.DateField()
    release = models.IntegerField(default=1)
    shuffle_key = models.BigIntegerField(default=_random_shuffle_key)
    withdraw_digest = models.CharField(max_length=64, unique=True)

    class Meta:
        app_label = "sexmot_xblocks"
        ordering = ["shuffle_key"]
        indexes = [models.Index(fields=["block_key", "shuffle_key"], name="sexmot_shared_in_order")]
