"""The anonymity rules of the sexmot XBlocks, in one place.

Every view and export that shows anything about other learners asks this
module first.
"""
from django.conf import settings
from django.utils.crypto import salted_hmac

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


def site_secrets():
    """The site's secret keys, the current one first, then those kept after a rotation (``SECRET_KEY_FALLBACKS``)."""
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def keyed_hash(purpose, *parts, secret=None):
    """A keyed hash (HMAC-SHA256 with the site's SECRET_KEY, or ``secret``) of ``parts`` for one ``purpose``.

    The one way the plugin turns a learner into a key (and derives its
    sealing keys): without the secret key nobody can tell which learner a key
    belongs to, and keys made for different purposes (``purpose`` is part of
    the key) cannot be joined.
    """
    message = "\n".join(str(part) for part in parts)
    return salted_hmac(f"sexmot:{purpose}", message, secret=secret, algorithm="sha256").hexdigest()


def fallback_secrets():
    """The secrets kept after a rotation (``SECRET_KEY_FALLBACKS``): rows keyed under them are moved, never lost.

    Every key function below takes ``secret``; a row written before the
    site's secret was rotated is found under one of these, moved to the
    current key by the learner's next write, and all of them by
    ``manage.py sexmot_rekey``.
    """
    return site_secrets()[1:]


def learner_key(block_key, learner_id, secret=None):
    """The key of a learner's contribution to one scope (a block, a session): the same for every write of theirs."""
    return keyed_hash("contribution", block_key, learner_id, secret=secret)


def shared_text_key(block_key, learner_id, secret=None):
    """The key of the text a learner shares in one scope; it cannot be joined to the contribution's key."""
    return keyed_hash("shared-text", block_key, learner_id, secret=secret)


def text_edit_key(block_key, learner_id, secret=None):
    """The key of an edit of a released shared text, waiting for the next release to replace it."""
    return keyed_hash("shared-text-edit", block_key, learner_id, secret=secret)


def withdrawal_key(exercise_key, learner_id, secret=None):
    """The key by which a learner's shared texts are withdrawn: the same in the exercise and in every session of it.

    A withdrawal removes the learner's texts from every scope of the
    exercise with one statement on this key, however many sessions there are.
    """
    return keyed_hash("text-withdrawal", exercise_key, learner_id, secret=secret)


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
