"""Sealed values: readable by the plugin with the site's secret key, by nobody who only holds the rows.

Two kinds of rows hold sealed values:

- A learner's own state (``seal``/``unseal``). Open edX's staff reports (``ProblemResponses``,
  ``list_problem_responses``) export every learner's raw state beside their username to data
  researchers. What a learner chose to do with their free text, and a private text itself, must not
  reach them: a text shared later, or the one learner who shared, could then be linked to a name.
- The anonymous storage's rows (``seal_row``/``unseal_row``): a learner's contribution (their answers
  and whether they wait for the next release) and a shared text. Whoever holds the database without
  the key could otherwise pick out the few rows written since the last release and match them with the
  newest learner-state rows, which name their learner. A sealed row carries no time (Fernet writes the
  time of sealing into a token in clear; these are sealed at time 0) and is padded to a whole number
  of blocks, so that neither its length nor its token tells an old row from a new one.

Values are encrypted with Fernet (the ``cryptography`` package the platform already installs) under a
key derived from the site's ``SECRET_KEY`` for each purpose; keys in ``SECRET_KEY_FALLBACKS`` still
open values sealed before a rotation, and ``reseal`` moves a value to the current key.
"""
import base64
import functools
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from .keyed_hashes import keyed_hash, site_secrets

#: What a learner's own state is sealed for (the purpose the first releases used, kept so old states open).
LEARNER_STATE = "sealed-learner-state"
#: A sealed row of the storage is padded with spaces to a multiple of this many bytes before encryption.
ROW_BLOCK = 1024


@functools.lru_cache(maxsize=32)
def _fernet_for(purpose, secret):
    """The cipher for one purpose and secret; derived once per process, not on every seal and unseal."""
    digest = bytes.fromhex(keyed_hash(purpose, "fernet-key", secret=secret))
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys(purpose):
    return MultiFernet([_fernet_for(purpose, secret) for secret in site_secrets()])


def seal(value, purpose=LEARNER_STATE):
    """``value`` (anything JSON can hold) as an opaque token for the learner's state."""
    return _keys(purpose).encrypt(json.dumps(value).encode("utf-8")).decode("ascii")


def unseal(token, default, purpose=LEARNER_STATE):
    """The value sealed in ``token``; ``default`` when there is none or it cannot be opened (a lost key)."""
    if not token:
        return default
    try:
        return json.loads(_keys(purpose).decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError):
        return default


def seal_row(value, purpose):
    """``value`` sealed for a storage row: no time in the token, its length a whole number of ``ROW_BLOCK``s."""
    plain = json.dumps(value, separators=(",", ":")).encode("utf-8")
    plain += b" " * (-len(plain) % ROW_BLOCK)
    return _keys(purpose).encrypt_at_time(plain, 0).decode("ascii")


def reseal(token, purpose):
    """``token`` sealed again under the current key (after a rotation), keeping its time; None if no key opens it."""
    try:
        return _keys(purpose).rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        return None

