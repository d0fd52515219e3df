"""Sealed values in a learner's own state: readable by the plugin, not by whoever exports the state.

Open edX's staff reports (``ProblemResponses``, ``list_problem_responses``) export every learner's
raw state beside their username to data researchers. What a learner chose to do with their free text,
and a private text itself, must not reach them: a text shared later, or the one learner who shared,
could then be linked to a name. So these values are encrypted (Fernet, from the ``cryptography``
package the platform already installs) with a key derived from the site's ``SECRET_KEY``; keys in
``SECRET_KEY_FALLBACKS`` still open values sealed before a rotation.
"""
import base64
import functools
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from .anonymity import keyed_hash


@functools.lru_cache(maxsize=8)
def _fernet_for(secret):
    """The cipher for one secret; derived once per process, not on every seal and unseal."""
    digest = bytes.fromhex(keyed_hash("sealed-learner-state", "fernet-key", secret=secret))
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys():
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(secret) for secret in secrets])


def seal(value):
    """``value`` (anything JSON can hold) as an opaque token for the learner's state."""
    return _keys().encrypt(json.dumps(value).encode("utf-8")).decode("ascii")


def unseal(token, default):
    """The value sealed in ``token``; ``default`` when there is none or it cannot be opened (a lost key)."""
    if not token:
        return default
    try:
        return json.loads(_keys().decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError):
        return default
