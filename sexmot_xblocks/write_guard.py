"""One learner, one block: writes one at a time, from current state, within a rate limit.

Three guards, kept in Django's cache (shared by all LMS processes in Open edX)
under a key that is a keyed hash of block and learner, so the cache holds no
user id:

- a limit on writes per learner and block in a time window, so that one
  account cannot flood the shared pool or the database (429);
- one write at a time per learner and block: parallel requests of one
  learner would each read the same state and each add a shared text, leaving
  copies the learner could never withdraw (429);
- a revision check: the LMS loads a learner's state before the handler runs,
  so a request that waited behind another one of the same learner could
  otherwise write from stale state and move the counters twice (409).

The block keeps the revision in an ``Integer`` user-state field named
``revision`` and adds one to it inside the write's transaction.
"""
import hashlib
import hmac
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_noop as _
from xblock.exceptions import JsonHandlerError

#: Writes one learner may make to one block, and in how many seconds; ``SEXMOT_WRITE_LIMIT`` overrides.
DEFAULT_WRITE_LIMIT = (20, 600)
#: A write that takes longer than this no longer holds the learner's turn.
BUSY_SECONDS = 30
#: How long the last revision is remembered: far longer than a request waits, far shorter than a course.
REVISION_SECONDS = 120

LIMIT_MESSAGE = _(
    "You have saved this exercise many times in a short while. Nothing was changed; please wait a few "
    "minutes and try again."
)
BUSY_MESSAGE = _("Your previous answer is still being saved. Nothing was changed; please try again in a moment.")
STALE_MESSAGE = _(
    "Your answers were changed in another window a moment ago. Nothing was changed; please reload the page "
    "and try again."
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


@contextmanager
def one_write_at_a_time(block):
    """Let the body write for the current learner only if the three guards allow it.

    The revision is remembered only when the body succeeds, so a failed write
    leaves the next attempt free to go ahead.
    """
    key = _learner_key(block)
    _count_write(key)
    if not cache.add(f"sexmot:busy:{key}", 1, BUSY_SECONDS):
        raise RetryLater(BUSY_MESSAGE, 1)
    try:
        remembered = cache.get(f"sexmot:revision:{key}")
        if remembered is not None and remembered != block.revision:
            raise JsonHandlerError(409, STALE_MESSAGE)
        yield
        cache.set(f"sexmot:revision:{key}", block.revision, REVISION_SECONDS)
    finally:
        cache.delete(f"sexmot:busy:{key}")


def _count_write(key):
    """Count one write in the learner's current window; refuse it once the window is full."""
    writes, seconds = write_limit()
    counter = f"sexmot:writes:{key}"
    cache.add(counter, 0, seconds)
    try:
        count = cache.incr(counter)
    except ValueError:  # the window ended between add and incr: this write opens a new one
        cache.add(counter, 1, seconds)
        count = 1
    if count > writes:
        raise RetryLater(LIMIT_MESSAGE, seconds)


def _learner_key(block):
    """A keyed hash of block and learner: the cache never holds a user id, and keys cannot be guessed."""
    ids = f"{block.scope_ids.usage_id}\n{block.scope_ids.user_id}".encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), b"write-guard\n" + ids, hashlib.sha256).hexdigest()[:40]
