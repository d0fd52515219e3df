"""The keyed hashes of the storage: the one way the package turns a learner into a key, under the site's secrets.

Every key of a learner (a contribution, a shared text, its withdrawal, a
session's leader, a browser's storage name, a rate limit's counter) is made
by ``keyed_hash`` for one purpose: without ``SECRET_KEY`` nobody can tell
whose it is, and keys of different purposes cannot be joined. Keys made under
a secret kept after a rotation (``SECRET_KEY_FALLBACKS``) are still found,
and moved to the current one.
"""
from django.conf import settings
from django.utils.crypto import salted_hmac


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
