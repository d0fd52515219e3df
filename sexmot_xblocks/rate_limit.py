"""A limit on how often one learner may write to one block, so one account cannot flood the pool.

Kept in Django's cache under a keyed hash of block and learner (the cache
holds no user id). It is a brake, not a guarantee: nothing that must be
correct rests on it. Where the platform's cache is cleared, or is per
process, the limit only becomes looser; every write stays exact, because
``sexmot_xblocks.api`` serializes one learner's writes in the database.
"""
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_noop as _
from xblock.exceptions import JsonHandlerError

from .anonymity import keyed_hash

#: Writes one learner may make to one block, and in how many seconds; ``SEXMOT_WRITE_LIMIT`` overrides.
DEFAULT_WRITE_LIMIT = (20, 600)

LIMIT_MESSAGE = _(
    "You have saved this exercise many times in a short while. Nothing was changed; please wait a few "
    "minutes and try again."
)


class RetryLater(JsonHandlerError):
    """A 429 that tells the browser when to try again."""

    def __init__(self, message, seconds):
        super().__init__(429, message)
        self.seconds = seconds

    def get_response(self, **kwargs):
        """The JSON error reply with a ``Retry-After`` header."""
        response = super().get_response(**kwargs)
        response.headers["Retry-After"] = str(self.seconds)
        return response


def write_limit():
    """``(writes, seconds)``: how many writes a learner may make to one block per window."""
    writes, seconds = getattr(settings, "SEXMOT_WRITE_LIMIT", DEFAULT_WRITE_LIMIT)
    return int(writes), int(seconds)


def count_write(block):
    """Count one write of the current learner to ``block``; refuse it (429) once their window is full."""
    writes, seconds = write_limit()
    counter = "sexmot:writes:" + keyed_hash("write-limit", block.scope_ids.usage_id, block.scope_ids.user_id)[:40]
    cache.add(counter, 0, seconds)
    try:
        count = cache.incr(counter)
    except ValueError:  # the window ended between add and incr: this write opens a new one
        cache.add(counter, 1, seconds)
        count = 1
    if count > writes:
        raise RetryLater(LIMIT_MESSAGE, seconds)
