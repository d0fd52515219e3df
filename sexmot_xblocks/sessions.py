"""Group sessions: a leader's short code that lets a group's answers to one exercise count in results of their own.

A session is a row (``models.GroupSession``) and a scope of the storage:
its results are counted by ``api.submit`` in the same transaction as the
course-wide ones, under ``scope_key(code)``, released in whole groups of
the session's threshold, and deleted with the session by ``purge``. Nothing
here records who took part; the leader is known only by a keyed hash.
"""
import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import api
from .anonymity import MIN_GROUP_SIZE, keyed_hash
from .models import GroupSession

#: Letters and digits that cannot be mistaken for each other when read off a projector (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
#: How long a session stays open for answers: a meeting, with margin; the leader may close it earlier.
OPEN_HOURS = 12
#: How many days a session and its results are kept unless the exercise's author sets otherwise.
DEFAULT_KEEP_DAYS = 30
MAX_KEEP_DAYS = 365


def scope_key(code):
    """The key under which the storage keeps a session's results (``api.Scope.key``)."""
    return f"session:{code}"


def leader_key(code, user_id):
    """The keyed hash that recognizes a session's leader; without the site's secret key it names nobody."""
    return keyed_hash("session-leader", code, user_id)


def keep_days(configured):
    """The days a session is kept: the author's setting between 1 and ``MAX_KEEP_DAYS``, else the default."""
    try:
        days = int(configured)
    except (TypeError, ValueError):
        return DEFAULT_KEEP_DAYS
    return min(max(1, days), MAX_KEEP_DAYS)


def start(block_key, user_id, *, threshold, keep_for_days):
    """Open a new session of one exercise for ``user_id`` as its leader; return the session row.

    The days it is kept count from the day it stops taking answers, so that a purge after midnight never
    removes a session that an evening meeting is still answering.
    """
    open_until = timezone.now() + datetime.timedelta(hours=OPEN_HOURS)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                return GroupSession.objects.create(
                    code=code, block_key=block_key, leader_key=leader_key(code, user_id),
                    threshold=max(MIN_GROUP_SIZE, int(threshold)),
                    open_until=open_until,
                    remove_on=open_until.date() + datetime.timedelta(days=keep_days(keep_for_days)),
                )
        except IntegrityError:  # the code is taken: draw another
            continue


def normalize_code(text):
    """A code as typed (lower case, spaces, dashes) in the form it is stored, or "" when it cannot be one."""
    code = "".join(str(text or "").split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        return ""
    return code


def find(block_key, code):
    """The session of this exercise with this code, open or not, or None (unknown, another exercise's, removed)."""
    code = normalize_code(code)
    if not code:
        return None
    return GroupSession.objects.filter(code=code, block_key=block_key).first()


def is_open(session):
    """True while the session accepts answers."""
    return session.open_until > timezone.now()


def is_leader(session, user_id):
    """True for the learner who started the session."""
    return secrets.compare_digest(session.leader_key, leader_key(session.code, user_id))


def close(session):
    """Stop the session taking answers now; its results stay visible to the leader until it is removed."""
    GroupSession.objects.filter(code=session.code).update(open_until=timezone.now())
    session.refresh_from_db()


def release_scope(session):
    """The ``api.Scope`` a participant's answers count in while the session is open."""
    return api.Scope(scope_key(session.code), session.threshold)


def kept_scope_keys(block_key):
    """The scope keys of every session of an exercise not yet removed: a withdrawn text leaves them all."""
    return [scope_key(code) for code in GroupSession.objects.filter(block_key=block_key).values_list("code", flat=True)]


def purge(today=None):
    """Remove every session whose keeping time is over, with all its results; return how many were removed."""
    today = today or timezone.now().date()
    removed = 0
    for code in GroupSession.objects.filter(remove_on__lte=today).values_list("code", flat=True):
        with transaction.atomic():
            api.forget(scope_key(code))
            GroupSession.objects.filter(code=code).delete()
        removed += 1
    return removed
