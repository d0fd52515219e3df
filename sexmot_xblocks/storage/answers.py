"""How a learner's answers and texts are written to the anonymous storage, and read back: private to the app.

Others reach these functions through ``api`` only, never the models. A learner's
write is one call (``submit`` or ``withdraw``) that owns its transaction:

1. it locks the learner's own contribution row (creating it on their first
   write) and reads their previous answers there, never from the learner's
   state, which the platform loaded before the request could take any lock;
2. it hands the learner's new record to ``keep``, which saves it in the
   learner's own state inside the same transaction, so that both are written
   or neither is (the state's row is the learner's alone, and their writes
   already wait for each other on the contribution), and looks up the
   learner's text in the pool (their own row too);
3. only then does it lock the block's row, the one place where writes to a
   block meet, and under that lock moves the statement counters (one
   ``UPDATE`` of ``count = count + delta``), counts the participant, changes
   the shared pool and counts towards (or makes) a release.

Every row other learners write too is locked as late as possible and held
for as few statements as possible: all the learner's own work is done before
the block's row is locked, so that others wait for nothing of theirs.
The counters are only ever changed under their block's row lock, so two
writes never wait for each other on a counter, and a release reads them
exactly.

The block's rows (its tally row and one counter per statement and choice)
are created on first use: a write that finds one missing rolls back, creates
the missing rows in short transactions of their own, and starts again (ADR
0018), so that every later write runs in one transaction and reads nothing it
does not need.

A write counts in exactly one scope: the block's own, or the group session
it was given in (``Scope``), whose counts, releases and pool are the same
rows under the session's scope key. No answer or text is counted in two
scopes, so no two released views share a write (ADR 0024).

The rows hold their answers and texts sealed (``sealing.seal_row``), and
keys made under a secret kept after a rotation (``SECRET_KEY_FALLBACKS``)
are moved to the current key by the learner's next write.

Correctness needs no cache and no lock outside the database. The lock order
is contribution → block row → counters, so it never cycles.
"""
import datetime
import json
import math
from dataclasses import dataclass, field

from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import Case, F, Q, When

from . import sharing
from .keyed_hashes import fallback_secrets, learner_key, shared_text_key, site_secrets, text_edit_key, withdrawal_key
from .models import Contribution, ParticipantTally, SharedText, StatementTally
from .sealing import reseal, seal_row, unseal

#: How often a write is tried when the database chose it as a deadlock's victim.
DEADLOCK_ATTEMPTS = 3
#: MySQL's and MariaDB's error for a transaction rolled back to break a deadlock.
MYSQL_DEADLOCK = 1213
#: PostgreSQL's states for a transaction to start again: a deadlock, a serialization failure.
POSTGRESQL_RESTARTS = ("40P01", "40001")
#: The purposes the storage's rows are sealed for (``sealing.seal_row``).
CONTRIBUTION_SEAL = "contribution-row"
TEXT_SEAL = "shared-text-row"


@dataclass(frozen=True)
class Scope:
    """A set of results a write counts in: the block's own (its usage key), or a group session's.

    ``release_size`` is how many learners must have changed their answers
    there before the group sees a new snapshot (the scope's threshold).
    """

    key: str
    release_size: int


@dataclass(frozen=True)
class Submission:
    """What a learner sends: ``{statement_id: choice}``, a free text and what to do with it."""

    answers: dict
    text: str
    sharing: str


@dataclass(frozen=True)
class LearnerRecord:
    """What the learner's own state holds after a write.

    A shared text is not part of it: it lives in the anonymous pool only, so
    that the learner's state, which the platform's reports export with the
    username, links no shared text to its author. ``private_text`` is the text
    the learner keeps for themselves (empty when shared or kept on the device).
    """

    answers: dict
    sharing: str
    private_text: str


@dataclass(frozen=True)
class SharedPage:
    """One page of a block's shared texts, in an order unrelated to submission order."""

    texts: list
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class ReleaseState:
    """What changes with each release of a block or session, and nothing that ticks with one learner."""

    releases: int
    released_texts: int


@dataclass(frozen=True)
class PublishedResults:
    """What others may see of a block's answers: the snapshot of the last release, never the live counts.

    ``releases`` and ``released_texts`` (``ReleaseState``) come with it, so that a page of the
    shared texts needs no second read of the block's row.
    """

    participants: int
    tallies: dict
    pending: int
    releases: int = 0
    released_texts: int = 0

    @property
    def release(self):
        """The ``ReleaseState`` of the same snapshot."""
        return ReleaseState(releases=self.releases, released_texts=self.released_texts)


@dataclass(frozen=True)
class Written:
    """What a submission leaves: the learner's new record, and what others may see now in the scope it changed.

    ``results`` holds, for the scope whose row the write locked, the
    ``PublishedResults`` as the write committed them: a reply can show them
    without reading the row again. A write that changed nothing others see leaves it empty.
    ``shares_a_text`` is what ``shares_a_text`` would answer now, where the write knows it without a
    read: True when it left a text in its scope's pool, False when it was the learner's first write to
    the exercise and shared nothing (every write that shares a text, in any scope, also seals the
    learner's row of the exercise, so an empty row means no text anywhere); None when it cannot tell.
    """

    record: LearnerRecord
    results: dict
    shares_a_text: bool = None


@dataclass
class ContributionState:
    """What a contribution row holds, sealed: the answers counted, the answers releases have shown, the wait.

    ``answers`` are the learner's answers counted in the row's scope (None
    before their first write there); ``shown`` every set of their answers a
    release of the scope has shown (``_as_shown``), so that only answers no
    release has shown count towards the next one; ``pending_release`` the
    release they count towards (0: none). ``latest`` is kept on the
    learner's row of the exercise itself: their answers as their own record
    last saved them, wherever they answered, so that a withdrawal never
    saves older answers than the learner's last write did.
    """

    answers: dict = None
    shown: list = field(default_factory=list)
    pending_release: int = 0
    latest: dict = None

    @classmethod
    def of(cls, row):
        """The state sealed in a ``Contribution`` row (an empty one for a row without answers yet)."""
        value = unseal(row.sealed, None, CONTRIBUTION_SEAL)
        return cls(**value) if value else cls()

    def sealed(self):
        """The state as the row stores it: sealed, without a time, padded."""
        return seal_row({"answers": self.answers, "shown": self.shown,
                         "pending_release": self.pending_release, "latest": self.latest}, CONTRIBUTION_SEAL)


@dataclass(frozen=True)
class _LearnerKeys:
    """Every key of one learner in one scope of an exercise, under the current secret or a kept one."""

    exercise: str
    scope: str
    contribution: str
    text: str
    edit: str
    withdrawal: str

    @classmethod
    def of(cls, exercise_key, scope_key, learner_id, secret=None):
        return cls(exercise_key, scope_key, learner_key(scope_key, learner_id, secret),
                   shared_text_key(scope_key, learner_id, secret), text_edit_key(scope_key, learner_id, secret),
                   withdrawal_key(exercise_key, learner_id, secret))


@dataclass(frozen=True)
class _OwnTexts:
    """The learner's texts in one scope: the one others see or will see, and an edit of it waiting for a release."""

    shown: tuple = None  # (text, release)
    edit: str = None

    @property
    def current(self):
        """What the learner shares now: the waiting edit, else the text; empty when none."""
        if self.edit is not None:
            return self.edit
        return self.shown[0] if self.shown else ""


class _MissingRows(DatabaseError):
    """A row a write needs does not exist yet: the write rolls back, the rows are created, and it starts again.

    A database error, so that a second attempt that still misses a row (a
    session's rows deleted meanwhile) answers as any failed write does.
    """


def submit(block_key, learner_id, submission, *, statement_ids, release_size, keep, session=None):
    """Save one learner's answers and free text for the group, all or nothing; return what was ``Written``.

    The answers and text count in ``session`` (a group session's ``Scope``)
    when given, else in the block's own scope, never in both (ADR 0024).
    ``keep(record)`` is called inside the transaction, once the learner's
    rows are locked and before any row others write too, to save the
    learner's own state.
    """
    scope = session or Scope(block_key, release_size)
    return _restarted_after_deadlocks(lambda: _with_missing_rows_created(
        lambda: _submit_once(block_key, scope, learner_id, submission, keep), scope.key, statement_ids))


def amend(scope_key, learner_id, change, *, release_size, keep=None):
    """Change a learner's answers in one scope from those the storage holds: a ``submit`` computed under their lock.

    ``change(answers)`` gets the answers counted for the learner in the scope
    now (None before their first write) and gives the new ones, or None to
    change nothing (then not even the learner's empty row stays). The
    learner's row is locked before it is read, and the submission's write
    follows inside the same transaction, so two changes of one learner never
    start from the same answers. The answers count towards the scope's releases
    as any submission does. Returns the ``Written``, or None when nothing changed.
    """
    scope = Scope(scope_key, release_size)
    asked = []  # the statements of the last attempt, for the rows it found missing

    def once():
        with transaction.atomic():
            _adopt_rotated_rows(scope_key, scope_key, learner_id)
            held = ContributionState.of(_lock_contributions({scope_key}, learner_id)[scope_key]).answers
            answers = change(None if held is None else dict(held))
            if answers is None:
                transaction.set_rollback(True)
                return None
            asked[:] = sorted(answers)
            return _submit_once(scope_key, scope, learner_id,
                                Submission(answers=answers, text="", sharing=sharing.PRIVATE),
                                keep or (lambda _: None))

    return _restarted_after_deadlocks(lambda: _with_missing_rows_created(once, scope_key, asked))


def _with_missing_rows_created(attempt, scope_key, statement_ids):
    """``attempt()`` (one transaction), tried again once the scope's rows it found missing exist (ADR 0018).

    The rows are created outside the transaction (``_prepare_rows``), for ``statement_ids`` as they
    stand when the attempt failed (a list the attempt may fill in).
    """
    try:
        return attempt()
    except _MissingRows:
        _prepare_rows(scope_key, statement_ids)
        return attempt()


def _restarted_after_deadlocks(write):
    """``write()`` (whole transactions), started again when the database broke a deadlock by rolling it back.

    The database asks for exactly that ("try restarting transaction"), and a
    write starts from what the database holds (ADR 0010), so starting it again
    is safe. Inside a caller's own transaction the rollback took the caller's
    work too: nothing is started again there.
    """
    for _ in range(DEADLOCK_ATTEMPTS - 1):
        outer = connection.in_atomic_block
        try:
            return write()
        except OperationalError as error:
            if outer or not _is_deadlock(error):
                raise
    return write()


def _is_deadlock(error):
    """True when the database rolled the transaction back to break a deadlock (MySQL/MariaDB, PostgreSQL)."""
    cause = error.__cause__
    code = (getattr(cause, "args", None) or (None,))[0]
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code == MYSQL_DEADLOCK or state in POSTGRESQL_RESTARTS


def _submit_once(block_key, scope, learner_id, submission, keep):
    """One attempt of ``submit``, in one transaction; ``_MissingRows`` (rolled back) when a block's row is missing.

    The learner's row of the exercise is locked first whatever the scope:
    it is where one learner's writes to the exercise wait for each other.
    """
    text = submission.text if submission.sharing == sharing.SHARED else ""
    record = LearnerRecord(
        answers=submission.answers,
        sharing=submission.sharing,
        private_text=submission.text if submission.sharing == sharing.PRIVATE else "",
    )
    keys = _LearnerKeys.of(block_key, scope.key, learner_id)
    with transaction.atomic():
        _adopt_rotated_rows(block_key, scope.key, learner_id)
        rows = _lock_contributions({block_key, scope.key}, learner_id)
        own_row, mine = rows[block_key], rows[scope.key]
        own, state = ContributionState.of(own_row), ContributionState.of(mine)
        first_in_exercise = not own_row.sealed
        keep(record)
        # A text enters the pool only with a write that also stores the answers: a first write has none to look for.
        texts = _OwnTexts() if state.answers is None else _own_texts(keys)
        results = {}
        if state.answers != submission.answers or texts.current != text:
            tally = _lock_tally(scope.key)
            if texts.shown is not None:  # a release in between may have put a waiting edit in its text's place
                texts = _own_texts(keys)
            _apply_moves(_moves(scope.key, state.answers, submission.answers))
            if state.answers is None:
                tally.count += 1
            _count_towards_release(tally, state, submission.answers)
            _replace_shared_text(tally, keys, texts, text)
            if tally.pending >= scope.release_size:
                _release(tally)
            tally.save()
            results[scope.key] = _as_published(tally)
        if mine is own_row:
            state.latest = submission.answers
        else:
            own.latest = submission.answers
            own_row.sealed = own.sealed()
            own_row.save(update_fields=["sealed"])
        state.answers = submission.answers
        mine.sealed = state.sealed()
        mine.save(update_fields=["sealed"])
    return Written(record=record, results=results,
                   shares_a_text=True if text else (False if first_in_exercise else None))


def withdraw(block_key, learner_id, *, keep):
    """Take the learner's shared texts out of every pool of the exercise at once; they go back to their state, private.

    One statement finds them in the exercise and every session of it (by
    their withdrawal key), whatever the number of sessions. Returns the
    learner's new record, or None when they have no shared text (a second
    click, or a second tab): then nothing changes.
    """
    return _restarted_after_deadlocks(lambda: _withdraw_once(block_key, learner_id, keep))


def _withdraw_once(block_key, learner_id, keep):
    """One attempt of ``withdraw``, in one transaction."""
    with transaction.atomic():
        _adopt_rotated_rows(block_key, block_key, learner_id)
        own_row = _lock_contributions({block_key}, learner_id)[block_key]
        mine = _withdrawable(block_key, learner_id)
        scopes = set(SharedText.objects.filter(mine).values_list("block_key", flat=True))
        if not scopes:
            transaction.set_rollback(True)  # not even the learner's empty row of a first visit stays
            return None
        tallies = {tally.block_key: tally for tally in ParticipantTally.objects.select_for_update().filter(
            block_key__in=scopes).order_by("block_key")}
        # Read again under the scopes' locks: a release in between may have put a waiting edit in its text's place.
        rows = list(SharedText.objects.filter(mine).values_list("key", "block_key", "release", "text"))
        SharedText.objects.filter(key__in=[key for key, *_ in rows]).delete()
        released = {}
        for _, scope, release, _ in rows:
            if release <= tallies[scope].releases:
                released[scope] = released.get(scope, 0) + 1
        if released:
            ParticipantTally.objects.filter(block_key__in=released).update(released_texts=F("released_texts") - Case(
                *[When(block_key=scope, then=count) for scope, count in released.items()], default=0))
        own_text = _withdrawn_text(rows, block_key)
        latest = ContributionState.of(own_row).latest
        record = LearnerRecord(answers=latest or {}, sharing=sharing.PRIVATE, private_text=own_text)
        keep(record)
    return record


def forget(scope_key):
    """Delete every row of one scope (a group session past its keeping time): counts, contributions, texts.

    In a write's lock order (contributions, the block's row, counters, texts): a withdrawal may still
    reach the scope, and a deletion that held its counters or texts while waiting for the block's row
    would wait crosswise with a write that holds that row.
    """
    with transaction.atomic():
        for model in (Contribution, ParticipantTally, StatementTally, SharedText):
            model.objects.filter(block_key=scope_key).delete()


def forget_scopes(prefix):
    """Delete every row of every scope whose key starts with ``prefix`` (Studio's preview scopes), as ``forget``."""
    with transaction.atomic():
        for model in (Contribution, ParticipantTally, StatementTally, SharedText):
            model.objects.filter(block_key__startswith=prefix).delete()


def rekey_learner(exercise_key, learner_id, scope_keys):
    """Move one learner's rows in the exercise and ``scope_keys`` (its sessions) to the site's current key.

    What a learner's next write does for the scope it writes in
    (``_adopt_rotated_rows``), for every scope at once; texts shared before
    their rows named a withdrawal key get it. Used by ``manage.py sexmot_rekey``.
    """
    withdrawal = withdrawal_key(exercise_key, learner_id)
    with transaction.atomic():
        for scope_key in sorted({exercise_key, *scope_keys}):
            _adopt_rotated_rows(exercise_key, scope_key, learner_id)
            SharedText.objects.filter(
                key__in=[shared_text_key(scope_key, learner_id), text_edit_key(scope_key, learner_id)],
                withdrawal_key="").update(withdrawal_key=withdrawal)


def reseal_rows():
    """Seal every contribution and shared text under the site's current key; return how many could not be opened.

    A value sealed under a key kept after a rotation is opened with it and
    sealed again under the current key, so the old key can then be dropped.
    A value no key of the site opens (a key lost) is left as it is and counted.
    """
    lost = 0
    for model, column, purpose in ((Contribution, "sealed", CONTRIBUTION_SEAL), (SharedText, "text", TEXT_SEAL)):
        for key, token in model.objects.exclude(**{column: ""}).values_list("key", column).iterator(chunk_size=500):
            fresh = reseal(token, purpose)
            if fresh is None:
                lost += 1
            else:
                model.objects.filter(key=key).update(**{column: fresh})
    return lost


def own_shared_text(block_key, learner_id, scope_key=None):
    """The text the learner shares in ``scope_key`` (the block's own by default), for their eyes only; "" if none."""
    scope_key = scope_key or block_key
    keys = [make(scope_key, learner_id, secret)
            for make in (shared_text_key, text_edit_key) for secret in site_secrets()]
    return _texts_of(keys).current


def shares_a_text(block_key, learner_id):
    """True while the learner has a shared text in the exercise or any session of it: what a withdrawal would take.

    Asked of the pool, not of the learner's record, which holds one sharing
    choice while answers given in a session and in the course each keep their own (ADR 0024).
    """
    return SharedText.objects.filter(_withdrawable(block_key, learner_id)).exists()


def _withdrawable(block_key, learner_id):
    """The learner's texts in every scope of the exercise: by their withdrawal key, under the current or a kept
    secret, and, for texts shared before rows named one (migration 0007), by their keys in the exercise."""
    secrets = site_secrets()
    return Q(withdrawal_key__in=[withdrawal_key(block_key, learner_id, secret) for secret in secrets]) | Q(
        key__in=[shared_text_key(block_key, learner_id), text_edit_key(block_key, learner_id)])


def takes_part(scope_key, learner_id):
    """True when the learner has answered in ``scope_key`` (a session's participant): one read by primary key."""
    keys = [learner_key(scope_key, learner_id, secret) for secret in site_secrets()]
    return Contribution.objects.filter(key__in=keys).exists()


def participant_count(block_key):
    """How many learners have submitted the exercise (live)."""
    row = ParticipantTally.objects.filter(block_key=block_key).values_list("count", flat=True).first()
    return row or 0


def statement_tallies(block_key):
    """``{statement_id: {choice: count}}`` for one block, live, read in one query."""
    return _tallies(StatementTally.objects.filter(block_key=block_key, count__gt=0))


def _tallies(rows):
    tallies = {}
    for statement_id, choice, count in rows.values_list("statement_id", "choice", "count"):
        tallies.setdefault(statement_id, {})[choice] = count
    return tallies


def published_results(block_key):
    """The last released snapshot of a block: participants and ``{statement_id: {choice: count}}``, one row read."""
    row = ParticipantTally.objects.filter(block_key=block_key).values_list(
        "published", "published_tallies", "pending", "releases", "released_texts").first()
    published, snapshot, pending, releases, released_texts = row or (0, {}, 0, 0, 0)
    return _published(published, snapshot, pending, releases, released_texts)


def _published(published, snapshot, pending, releases, released_texts):
    tallies = {
        statement_id: {int(choice): count for choice, count in choices.items()}
        for statement_id, choices in snapshot.items()
    }
    return PublishedResults(participants=published, tallies=tallies, pending=pending, releases=releases,
                            released_texts=released_texts)


def _as_published(tally):
    """The ``PublishedResults`` of a tally row in hand (the write's own, as it commits it)."""
    return _published(tally.published, tally.published_tallies, tally.pending, tally.releases, tally.released_texts)


def release_state(block_key):
    """How many releases a block (or a session) has made and how many texts they showed: what a poll compares."""
    row = ParticipantTally.objects.filter(block_key=block_key).values_list("releases", "released_texts").first()
    releases, released_texts = row or (0, 0)
    return ReleaseState(releases=releases, released_texts=released_texts)


def shared_page(block_key, page=1, page_size=20, release=None):
    """One page of a block's released shared texts (``{"text": …}``), never who or when they were written.

    The pages show the texts alone; their days go to the export (``all_shared_texts``).
    ``release`` is the block's ``ReleaseState`` when the caller has read it already (one read fewer).
    """
    queryset, total = _released_texts(block_key, release)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    tokens = queryset.values_list("text", flat=True)[start : start + page_size]
    texts = [{"text": _opened_text(token)} for token in tokens]
    return SharedPage(texts=texts, total=total, page=page, pages=pages)


def all_shared_texts(block_key):
    """Every released shared text of a block with its day, streamed in the same shuffled order, for exports."""
    queryset, _ = _released_texts(block_key)
    for token, day in queryset.values_list("text", "shared_on").iterator(chunk_size=500):
        yield {"text": _opened_text(token), "day": day.isoformat()}


# --- The steps of a write ------------------------------------------------------------------------------


def _adopt_rotated_rows(exercise_key, scope_key, learner_id):
    """Move the learner's rows from a key kept after a rotation to the current key, before a write looks for them.

    Without ``SECRET_KEY_FALLBACKS`` this reads nothing. With them, the
    learner's contributions and texts in the exercise and in ``scope_key``,
    written before the rotation, are renamed to their current keys (a waiting
    edit also names the new key of the text it replaces), so that nothing is
    counted twice and a withdrawal still finds every text.
    """
    for secret in fallback_secrets():
        pairs = [(_LearnerKeys.of(exercise_key, scope, learner_id, secret),
                  _LearnerKeys.of(exercise_key, scope, learner_id))
                 for scope in sorted({exercise_key, scope_key})]
        _rename_rows(Contribution, [(old.contribution, new.contribution) for old, new in pairs])
        _rename_rows(SharedText, [(old.text, new.text) for old, new in pairs])
        for old, new in pairs:
            for token in SharedText.objects.filter(key=old.edit).values_list("text", flat=True):
                SharedText.objects.filter(key=old.edit).update(key=new.edit, text=seal_row(
                    {**unseal(token, {}, TEXT_SEAL), "replaces": new.text}, TEXT_SEAL))
        old, new = pairs[0]
        SharedText.objects.filter(withdrawal_key=old.withdrawal).update(withdrawal_key=new.withdrawal)


def _rename_rows(model, pairs):
    """Give each row under an old key of ``pairs`` (``(old, new)``) its new key, unless a row has it already."""
    found = set(model.objects.filter(key__in=[key for pair in pairs for key in pair]).values_list("key", flat=True))
    for before, after in pairs:
        if before in found and after not in found:
            model.objects.filter(key=before).update(key=after)


def _lock_contributions(scope_keys, learner_id):
    """Lock the learner's contribution in every scope, in key order, creating the missing ones: ``{scope key: row}``.

    A learner has no contribution before their first write. One upsert
    creates what is missing and, on a row that exists, takes the same
    exclusive lock as ``SELECT … FOR UPDATE`` (never a shared lock that two
    writes of one learner could both hold and then both try to raise, as
    ``INSERT IGNORE`` would; nor a gap lock, as a locking read that finds
    nothing may on MySQL, which two new learners' inserts could wait on
    crosswise). So creating and locking are one step, first in the
    transaction and in key order, whatever the learner's state says.
    """
    keys = {learner_key(scope_key, learner_id): scope_key for scope_key in scope_keys}
    Contribution.objects.bulk_create(
        [Contribution(key=key, block_key=scope_key) for key, scope_key in sorted(keys.items())],
        update_conflicts=True, update_fields=["block_key"],
        # MySQL's upsert names no target (any unique key conflicts); SQLite's and PostgreSQL's must.
        unique_fields=["key"] if connection.features.supports_update_conflicts_with_target else None,
    )
    rows = {row.key: row for row in Contribution.objects.select_for_update().filter(key__in=keys).order_by("key")}
    return {scope_key: rows[key] for key, scope_key in keys.items()}


def _prepare_rows(scope_key, statement_ids, choices=range(1, 6)):
    """Create the scope's rows a write found missing, outside its transaction.

    Inserting them inside concurrent transactions would take insert locks in
    different orders (MySQL deadlocks), and an insert that meets an existing
    row takes a shared lock on it; so existing rows are only read (without
    locks) and each missing kind is inserted in a short transaction of its own.
    """
    if not ParticipantTally.objects.filter(block_key=scope_key).exists():
        _insert_ignoring_duplicates([ParticipantTally(block_key=scope_key)])
    existing = set(StatementTally.objects.filter(block_key=scope_key).values_list("statement_id", "choice"))
    missing = sorted({(sid, choice) for sid in statement_ids for choice in choices} - existing)
    if missing:
        _insert_ignoring_duplicates(
            [StatementTally(block_key=scope_key, statement_id=sid, choice=choice) for sid, choice in missing])


def _insert_ignoring_duplicates(rows):
    """Insert rows of one model; a row another learner inserted a moment ago is left as it is."""
    with transaction.atomic():
        type(rows[0]).objects.bulk_create(rows, ignore_conflicts=True)


def _moves(scope_key, previous, current):
    """``{(scope, statement_id, choice): delta}`` that move a learner's previous answers to the current ones.

    Only the statements whose answer changed move, so a changed answer is never
    counted twice.
    """
    moves = {}
    for statement_id in set(previous or {}) | set(current):
        old, new = (previous or {}).get(statement_id), current.get(statement_id)
        if old == new:
            continue
        if old is not None:
            moves[(scope_key, statement_id, old)] = moves.get((scope_key, statement_id, old), 0) - 1
        if new is not None:
            moves[(scope_key, statement_id, new)] = moves.get((scope_key, statement_id, new), 0) + 1
    return moves


def _lock_tally(scope_key):
    """Lock the row of the scope a write changes; a row that is not there yet (a first write) is ``_MissingRows``.

    A plain look-up by the unique key: an ``ORDER BY`` (as ``first()`` adds) lets MySQL walk the primary key
    and lock every row it passes, other scopes' too, which deadlocks with their writes.
    """
    try:
        return ParticipantTally.objects.select_for_update().get(block_key=scope_key)
    except ParticipantTally.DoesNotExist:
        raise _MissingRows(scope_key) from None


def _apply_moves(moves):
    """Apply the counter moves of a write in one atomic ``UPDATE`` (``count = count + delta`` per row).

    Called under the lock of the block row the moves belong to, so no two
    writes ever wait for each other here. A counter that is not there yet (a
    statement added since the block's rows were made) updates no row:
    ``_MissingRows``. The statement is written out rather than built from
    ``Case``/``When`` expressions, whose compilation cost more than every other
    statement of the write together (measured in the LMS-shaped benchmark).
    """
    moves = sorted((key, delta) for key, delta in moves.items() if delta)
    if not moves:
        return
    quote = connection.ops.quote_name
    row = f"({quote('block_key')} = %s AND {quote('statement_id')} = %s AND {quote('choice')} = %s)"
    count = quote("count")
    sql = (f"UPDATE {quote(StatementTally._meta.db_table)} "
           f"SET {count} = {count} + CASE {' '.join(f'WHEN {row} THEN %s' for _ in moves)} ELSE 0 END "
           f"WHERE {' OR '.join([row] * len(moves))}")
    params = [value for key, delta in moves for value in (*key, delta)] + [value for key, _ in moves for value in key]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        updated = cursor.rowcount
    if updated != len(moves):
        raise _MissingRows("a statement's counters")


def _count_towards_release(tally, mine, new_answers):
    """Keep ``tally.pending`` equal to the learners whose answers no release of the scope has shown yet.

    Only answers that are new to every release count: a re-save, a change of
    sharing, a change undone, or a return to answers an earlier release
    showed pads nothing. So the learners who count towards a release differ,
    in the view it makes, from every earlier view of the scope, and any two
    views differ by at least ``release_size`` learners (ADR 0024), however
    others change back and forth in between. ``mine`` is the learner's
    ``ContributionState`` in the scope; the answers a release showed are
    added to it at their next write (a release cannot reach other learners' rows).
    """
    if mine.pending_release and mine.pending_release <= tally.releases:
        mine.shown.append(_as_shown(mine.answers))  # the release they waited for has shown them
        mine.pending_release = 0
    upcoming = tally.releases + 1
    counted, new = mine.pending_release == upcoming, _as_shown(new_answers) not in mine.shown
    if new and not counted:
        tally.pending += 1
        mine.pending_release = upcoming
    elif counted and not new:
        tally.pending -= 1
        mine.pending_release = 0


def _as_shown(answers):
    """One set of answers as ``ContributionState.shown`` keeps it: the same text for the same answers."""
    return json.dumps(answers, sort_keys=True, separators=(",", ":"))


def _withdrawn_text(rows, block_key):
    """The text a withdrawal gives back to the learner: theirs in the block (a waiting edit first), else any."""
    def rank(row):
        value = unseal(row[3], {}, TEXT_SEAL)
        return (row[1] == block_key, bool(value.get("replaces")))
    return _opened_text(max(rows, key=rank)[3])


def _opened_text(token):
    """The text sealed in a shared text's row."""
    return unseal(token, {}, TEXT_SEAL).get("text", "")


def _texts_of(keys):
    """``_OwnTexts`` from the rows under ``keys`` (the learner's text and edit keys in one scope): one read."""
    shown = edit = None
    for token, release in SharedText.objects.filter(key__in=keys).values_list("text", "release"):
        value = unseal(token, {}, TEXT_SEAL)
        if value.get("replaces"):
            edit = value.get("text", "")
        else:
            shown = (value.get("text", ""), release)
    return _OwnTexts(shown=shown, edit=edit)


def _own_texts(keys):
    """The learner's ``_OwnTexts`` in the write's scope: one read by primary key."""
    return _texts_of([keys.text, keys.edit])


def _replace_shared_text(tally, keys, texts, text):
    """Keep the learner's text in the scope's pool their current one, changing nothing others see before a release.

    A new text waits for the next release; an edit of a released text waits
    beside it and replaces it at the next release (``_release``), so that
    the pool others see changes only in releases. Only taking a text back
    (``text`` empty: the learner no longer shares) removes it at once: the
    learner's right comes first.
    """
    if texts.current == text:
        return
    shown = texts.shown
    if not text or shown is None or shown[1] > tally.releases:
        _delete_texts([key for key, there in ((keys.text, shown), (keys.edit, texts.edit)) if there is not None])
        if shown is not None and shown[1] <= tally.releases:
            tally.released_texts -= 1
        if text:
            _add_text(keys.text, keys, tally.releases + 1, {"text": text})
        return
    _delete_texts([keys.edit] if texts.edit is not None else [])
    if text != shown[0]:
        _add_text(keys.edit, keys, tally.releases + 1, {"text": text, "replaces": keys.text})


def _delete_texts(keys):
    if keys:
        SharedText.objects.filter(key__in=keys).delete()


def _add_text(key, keys, release, value):
    SharedText.objects.create(key=key, block_key=keys.scope, withdrawal_key=keys.withdrawal,
                              text=seal_row(value, TEXT_SEAL),
                              shared_on=datetime.date.today(), release=release)


def _release(tally):
    """Make the counters and the waiting texts of one scope visible together, dated by the day of release.

    Under the block's row lock, the committed counters plus this write's own
    are exactly the writes counted towards this release (every counted write
    passes this lock before it commits). They are read with a locking read,
    which sees the latest committed values under any isolation level (a plain
    read under MySQL's REPEATABLE READ would see the transaction's older
    snapshot) and waits for nothing but a new statement's counters being
    inserted: counters change only under the block's row lock, which this
    write holds. A waiting edit takes the place (and the key) of the text it
    replaces, which leaves the pool in the same release.
    """
    counters = StatementTally.objects.select_for_update().filter(block_key=tally.block_key, count__gt=0)
    tally.published_tallies = {
        statement_id: {str(choice): count for choice, count in choices.items()}
        for statement_id, choices in _tallies(counters).items()
    }
    tally.published = tally.count
    upcoming = tally.releases + 1
    edits = []
    for key, token in SharedText.objects.filter(block_key=tally.block_key, release=upcoming).values_list("key", "text"):
        value = unseal(token, {}, TEXT_SEAL)
        if value.get("replaces"):
            edits.append((key, value))
    if edits:
        tally.released_texts -= SharedText.objects.filter(key__in=[value["replaces"] for _, value in edits]).delete()[0]
        for key, value in edits:
            SharedText.objects.filter(key=key).update(key=value["replaces"],
                                                      text=seal_row({"text": value["text"]}, TEXT_SEAL))
    tally.released_texts += SharedText.objects.filter(block_key=tally.block_key, release=upcoming).update(
        shared_on=datetime.date.today()
    )
    tally.pending = 0
    tally.releases = upcoming
    tally.released_on = datetime.date.today()


def _released_texts(block_key, release=None):
    """The shared texts a release has made visible, in their random order (read along the index), and how many."""
    release = release or release_state(block_key)
    releases, total = release.releases, release.released_texts
    texts = SharedText.objects.filter(block_key=block_key, release__lte=releases).order_by("shuffle_key")
    return texts, total
