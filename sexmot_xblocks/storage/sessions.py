"""Group sessions: a leader's short code that lets a group's answers to one exercise count in results of their own.

A session is a row (``models.GroupSession``) and a scope of the storage:
an answer given through it counts in its results only (``answers.submit``
with the session's scope; never in the course-wide ones too, ADR 0024),
under ``scope_key(code)``, released in whole groups of the session's
threshold, and deleted with the session by ``purge``. Its results are
for its participants and its leader, and for nobody once its keeping time
is over, whether or not the purge has run. Nothing here records who took
part; the leader is known only by a keyed hash.
"""
import datetime
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import answers
from .keyed_hashes import keyed_hash, site_secrets
from .models import GroupSession
from .storage_keys import PREVIEW_PREFIX
from .visibility import MIN_GROUP_SIZE

#: Letters and digits that cannot be mistaken for each other when read off a projector (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
#: How long a session stays open for answers: a meeting, with margin; the leader may close it earlier.
OPEN_HOURS = 12
#: How many days a session and its results are kept unless the exercise's author sets otherwise.
DEFAULT_KEEP_DAYS = 30
MAX_KEEP_DAYS = 365
#: Open sessions one exercise may have at once, and one learner may lead at once: a brake on flooding the
#: storage with sessions (each a scope of rows), far above what a course's group discussions need. A leader who
#: starts again gets their open session back (the block asks ``led_by`` first), so one is what a room needs.
MAX_OPEN_PER_EXERCISE = 200
MAX_OPEN_PER_LEADER = 1


class TooManySessions(Exception):
    """Starting another session would pass a cap (``MAX_OPEN_PER_EXERCISE``, ``MAX_OPEN_PER_LEADER``)."""

    def __init__(self, per_leader):
        super().__init__("per leader" if per_leader else "per exercise")
        self.per_leader = per_leader


def scope_key(code):
    """The key under which the storage keeps a session's results (``answers.Scope.key``)."""
    return f"session:{code}"


def leader_key(block_key, user_id, secret=None):
    """The keyed hash that recognizes a leader of the exercise's sessions; without the site's secret it names nobody.

    The same for every session the learner leads in one exercise, so that
    they find their open session again after a reload and their open
    sessions can be counted; it cannot be joined to any other key of theirs.
    """
    return keyed_hash("session-leader", block_key, user_id, secret=secret)


def _leader_keys(block_key, user_id):
    return [leader_key(block_key, user_id, secret) for secret in site_secrets()]


def keep_days(configured):
    """The days a session is kept: the author's setting between 1 and ``MAX_KEEP_DAYS``, else the default."""
    try:
        days = int(configured)
    except (TypeError, ValueError):
        return DEFAULT_KEEP_DAYS
    return min(max(1, days), MAX_KEEP_DAYS)


def start(block_key, user_id, *, threshold, keep_for_days):
    """Open a new session of one exercise for ``user_id`` as its leader; return the session row.

    Sessions whose keeping time is over are removed first (``purge``), so
    that expired results go even where no scheduled purge runs. The days
    it is kept count from the day it stops taking answers, so that a purge
    after midnight never removes a session that an evening meeting is still
    answering. ``TooManySessions`` when a cap is reached: nothing is opened.
    """
    purge()
    now = timezone.now()
    open_here = GroupSession.objects.filter(block_key=block_key, open_until__gt=now)
    if open_here.filter(leader_key__in=_leader_keys(block_key, user_id)).count() >= MAX_OPEN_PER_LEADER:
        raise TooManySessions(per_leader=True)
    if open_here.count() >= MAX_OPEN_PER_EXERCISE:
        raise TooManySessions(per_leader=False)
    open_until = now + datetime.timedelta(hours=OPEN_HOURS)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                return GroupSession.objects.create(
                    code=code, block_key=block_key, leader_key=leader_key(block_key, user_id),
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
    """The session of this exercise with this code, open or not, or None (unknown, another exercise's, past its days).

    A session whose keeping time is over is as good as removed, whether
    or not the purge has run yet.
    """
    code = normalize_code(code)
    if not code:
        return None
    return _kept().filter(code=code, block_key=block_key).first()


def led_by(block_key, user_id):
    """The newest open session of the exercise that ``user_id`` leads, or None: what a leader finds after a reload."""
    return GroupSession.objects.filter(
        block_key=block_key, leader_key__in=_leader_keys(block_key, user_id), open_until__gt=timezone.now(),
    ).order_by("-open_until").first()


def _kept():
    return GroupSession.objects.filter(remove_on__gt=timezone.now().date())


def is_open(session):
    """True while the session accepts answers."""
    return session.open_until > timezone.now()


def is_leader(session, user_id):
    """True for the learner who started the session; a leader key made under a secret kept after a rotation moves.

    The leader's sessions then carry the current key, so that they stay theirs once the old secret is dropped
    (``manage.py sexmot_rekey`` moves those of learners with state in the exercise).
    """
    current, *kept = _leader_keys(session.block_key, user_id)
    if secrets.compare_digest(session.leader_key, current):
        return True
    if any(secrets.compare_digest(session.leader_key, key) for key in kept):
        rekey_leader(session.block_key, user_id)
        return True
    return False


def takes_part(session, user_id):
    """True for a learner who has answered through the session: with its leader, the only ones who see its results."""
    return answers.takes_part(scope_key(session.code), user_id)


def close(session):
    """Stop the session taking answers now; its results stay visible to the leader until it is removed."""
    GroupSession.objects.filter(code=session.code).update(open_until=timezone.now())
    session.refresh_from_db()


def release_scope(session):
    """The ``answers.Scope`` a participant's answers count in while the session is open."""
    return answers.Scope(scope_key(session.code), session.threshold)


def rekey_leader(block_key, user_id):
    """Give the sessions of the exercise that ``user_id`` leads under a key kept after a rotation the current key."""
    GroupSession.objects.filter(block_key=block_key, leader_key__in=_leader_keys(block_key, user_id)[1:]).update(
        leader_key=leader_key(block_key, user_id))


def scope_keys_of(block_key):
    """The scope keys of every session of the exercise still kept."""
    return [scope_key(code) for code in GroupSession.objects.filter(block_key=block_key).values_list("code", flat=True)]


def all_scope_keys():
    """The scope keys of every session still kept, of every exercise."""
    return [scope_key(code) for code in GroupSession.objects.values_list("code", flat=True).iterator()]


def purge(today=None):
    """Remove every session whose keeping time is over, with all its results; return how many were removed."""
    today = today or timezone.now().date()
    return _remove(GroupSession.objects.filter(remove_on__lte=today))


def purge_previews():
    """Remove everything authors wrote while trying exercises in Studio's preview: its sessions and every row.

    Nothing of it ever counted in a course (``storage_keys``); return how many preview sessions went.
    """
    removed = _remove(GroupSession.objects.filter(block_key__startswith=PREVIEW_PREFIX))
    answers.forget_scopes(PREVIEW_PREFIX)
    return removed


def _remove(queryset):
    """Delete the sessions of ``queryset`` one by one, each with every row of its scope, in a write's lock order."""
    removed = 0
    for code in queryset.values_list("code", flat=True):
        with transaction.atomic():
            answers.forget(scope_key(code))
            GroupSession.objects.filter(code=code).delete()
        removed += 1
    return removed
