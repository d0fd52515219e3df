"""The anonymity rules of the sexmot XBlocks, in one place.

Every view and export that shows anything about other learners asks this
module first.
"""
import hashlib
import hmac
import secrets

from django.conf import settings

#: No aggregate is ever shown for fewer answers than this, whatever staff configure.
MIN_GROUP_SIZE = 3
#: The default minimum number of answers before aggregates are shown.
DEFAULT_GROUP_SIZE = 5


def effective_threshold(configured):
    """The threshold actually applied: staff may raise it, never lower it below MIN_GROUP_SIZE."""
    try:
        configured = int(configured)
    except (TypeError, ValueError):
        configured = DEFAULT_GROUP_SIZE
    return max(MIN_GROUP_SIZE, configured)


def aggregates_visible(participants, configured_threshold):
    """True when enough learners have answered that no small group can tell who answered what."""
    return participants >= effective_threshold(configured_threshold)


def answers_missing(participants, configured_threshold):
    """How many more answers are needed before aggregates are shown (0 when shown)."""
    return max(0, effective_threshold(configured_threshold) - participants)


def new_withdraw_token():
    """A secret that only the learner's own state holds; proof of authorship of a shared text."""
    return secrets.token_urlsafe(24)


def withdraw_digest(token):
    """The keyed hash stored beside a shared text.

    Keyed with the site's SECRET_KEY so that someone holding only the database
    cannot hash tokens found in learner state and join them to shared texts.
    """
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, token.encode("utf-8"), hashlib.sha256).hexdigest()


def percentages(counts):
    """Whole-number shares of a list of counts, summing to 100 (largest remainder method).

    Rounded shares, never raw counts, are what learners see, so one changed
    answer in a large group does not show as a change of exactly one person.
    """
    total = sum(counts)
    if total <= 0:
        return [0 for _ in counts]
    exact = [count * 100 / total for count in counts]
    floors = [int(value) for value in exact]
    remainder = 100 - sum(floors)
    by_fraction = sorted(range(len(counts)), key=lambda i: exact[i] - floors[i], reverse=True)
    for index in by_fraction[:remainder]:
        floors[index] += 1
    return floors
