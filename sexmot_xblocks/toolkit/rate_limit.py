"""Limits on how often one learner may write to one block and may try a wrong group-session code.

Kept in Django's cache under a keyed hash of block and learner (the cache
holds no user id). They are brakes, not guarantees: nothing that must be
correct rests on them. Where the platform's cache is cleared, or is per
process, a limit only becomes looser; every write stays exact, because
``sexmot_xblocks.storage.api`` serializes one learner's writes in the database.
"""
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_noop as _

from sexmot_xblocks.storage.api import keyed_hash

from .handlers import RetryLater

#: Writes one learner may make to one block, and in how many seconds; ``SEXMOT_WRITE_LIMIT`` overrides.
DEFAULT_WRITE_LIMIT = (20, 600)
#: Wrong session codes one learner may try on one exercise, and in how many seconds; ``SEXMOT_CODE_LIMIT``
#: overrides. A code is one of about 887 million, so at this pace an account needs years to hit one by chance.
DEFAULT_CODE_LIMIT = (10, 600)

LIMIT_MESSAGE = _(
    "You have saved this exercise many times in a short while. Nothing was changed; please wait a few "
    "minutes and try again."
)
CODE_LIMIT_MESSAGE = _(
    "You have tried many wrong session codes in a short while. Please wait a few minutes, and check the "
    "code with the person who leads the group."
)


def write_limit():
    """``(writes, seconds)``: how many writes a learner may make to one block per window."""
    writes, seconds = getattr(settings, "SEXMOT_WRITE_LIMIT", DEFAULT_WRITE_LIMIT)
    return int(writes), int(seconds)


def code_limit():
    """``(wrong codes, seconds)``: how many wrong session codes a learner may try per window."""
    wrong, seconds = getattr(settings, "SEXMOT_CODE_LIMIT", DEFAULT_CODE_LIMIT)
    return int(wrong), int(seconds)


def count_write(block):
    """Count one write of the current learner to ``block``; refuse it (429) once their window is full."""
    writes, seconds = write_limit()
    if _count(_counter("write-limit", block), seconds) > writes:
        raise RetryLater(LIMIT_MESSAGE, seconds)


def look_up_code(block, look_up):
    """``look_up()`` (a session, or None) as one of the learner's tries of a code on ``block``, counted atomically.

    The try is counted before the look-up, in one atomic increment, so that
    parallel guesses can never pass the limit together; a look-up that
    finds a usable session gives its try back. Once the learner's window
    of wrong codes is full every look-up is refused (429), the right code
    too, so a guesser learns nothing from the answers.
    """
    wrong, seconds = code_limit()
    counter = _counter("code-limit", block)
    if _count(counter, seconds) > wrong:
        raise RetryLater(CODE_LIMIT_MESSAGE, seconds)
    found = look_up()
    if found is not None:
        try:
            cache.decr(counter)
        except ValueError:  # the window ended meanwhile: nothing to give back
            pass
    return found


def _counter(limit, block):
    """The cache key of one learner's counter of ``limit`` on ``block`` (a code is valid for one exercise only)."""
    return f"sexmot:{limit}:" + keyed_hash(limit, block.scope_ids.usage_id, block.scope_ids.user_id)[:40]


def _count(counter, seconds):
    """Add one to ``counter``, which starts a window of ``seconds`` when it is new; return its count."""
    cache.add(counter, 0, seconds)
    try:
        return cache.incr(counter)
    except ValueError:  # the window ended between add and incr: this one opens a new one
        cache.add(counter, 1, seconds)
        return 1
