"""The public API of the shared, anonymous storage.

The reflection block calls only these functions, never the models. A learner's
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

A write may count in further scopes besides the block's own (a group
session's results, ``Scope``): each step then does its work for every scope
before the next step starts, in key order, and the session's counts,
releases and pool are the same rows under the session's scope key.

Correctness needs no cache and no lock outside the database. The lock order
is contribution → block rows (in key order) → counters, so it never cycles.
"""
import datetime
import math
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from . import sharing
from .anonymity import learner_key, shared_text_key
from .models import Contribution, ParticipantTally, SharedText, StatementTally

__all__ = [
    "LearnerRecord",
    "PublishedResults",
    "ReleaseState",
    "Scope",
    "SharedPage",
    "Submission",
    "Written",
    "all_shared_texts",
    "forget",
    "own_shared_text",
    "participant_count",
    "published_results",
    "release_state",
    "shared_page",
    "statement_tallies",
    "submit",
    "withdraw",
]


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
    """What a submission leaves: the learner's new record, and what others may see now in each scope it changed.

    ``results`` holds, for every scope whose row the write locked, the
    ``PublishedResults`` as the write committed them: a reply can show them
    without reading the row again. A scope the write did not change is absent.
    """

    record: LearnerRecord
    results: dict


class _MissingRows(DatabaseError):
    """A row a write needs does not exist yet: the write rolls back, the rows are created, and it starts again.

    A database error, so that a second attempt that still misses a row (a
    session's rows deleted meanwhile) answers as any failed write does.
    """


def submit(block_key, learner_id, submission, *, statement_ids, release_size, keep, sessions=()):
    """Save one learner's answers and free text for the group, all or nothing; return what was ``Written``.

    ``keep(record)`` is called inside the transaction, once the learner's
    contributions are locked and before any row others write too, to save
    the learner's own state. ``sessions`` are further ``Scope``s the write counts
    in as well (a group session's results), in the same transaction: each
    step takes its locks for all scopes in one global order (contributions,
    then the block rows, then the counters, each sorted by key), so writes
    that count in different sets of scopes never wait for each other in a cycle.
    """
    scopes = sorted({Scope(block_key, release_size), *sessions}, key=lambda scope: scope.key)
    try:
        return _submit_once(scopes, learner_id, submission, keep)
    except _MissingRows:
        _prepare_rows([scope.key for scope in scopes], statement_ids)
        return _submit_once(scopes, learner_id, submission, keep)


def _submit_once(scopes, learner_id, submission, keep):
    """One attempt of ``submit``, in one transaction; ``_MissingRows`` (rolled back) when a block's row is missing."""
    text = submission.text if submission.sharing == sharing.SHARED else ""
    record = LearnerRecord(
        answers=submission.answers,
        sharing=submission.sharing,
        private_text=submission.text if submission.sharing == sharing.PRIVATE else "",
    )
    with transaction.atomic():
        mine = _lock_contributions([scope.key for scope in scopes], learner_id)
        keep(record)
        text_keys = [shared_text_key(scope.key, learner_id) for scope in scopes]
        # A text enters the pool only with a write that also stores the answers: a first write has none to look for.
        texts = [None if contribution.answers is None else _text_in_pool(text_key)
                 for contribution, text_key in zip(mine, text_keys)]
        changing = [
            (scope, contribution, text_key, old_text)
            for scope, contribution, text_key, old_text in zip(scopes, mine, text_keys, texts)
            if contribution.answers != submission.answers or (old_text[0] if old_text else "") != text
        ]
        tallies = _lock_tallies([scope.key for scope, *_ in changing])
        moves = {}
        for scope, contribution, *_ in changing:
            moves.update(_moves(scope.key, contribution.answers, submission.answers))
        _apply_moves(moves)
        results = {}
        for scope, contribution, text_key, old_text in changing:
            tally = tallies[scope.key]
            _count_in_scope(scope, tally, contribution, submission.answers,
                            text_key=text_key, old_text=old_text, text=text)
            results[scope.key] = _as_published(tally)
        for contribution in mine:
            contribution.answers = submission.answers
            contribution.save(update_fields=["answers", "published_answers", "pending_release"])
    return Written(record=record, results=results)


def withdraw(block_key, learner_id, *, keep, sessions=()):
    """Take the learner's shared text out of the pool at once; it goes back to their own state, private.

    ``sessions`` are the scope keys of group sessions the text may also have
    been shared in: it leaves their pools too. Returns the learner's new
    record, or None when they have no shared text (a second click, or a
    second tab): then nothing changes.
    """
    keys = sorted({block_key, *sessions})
    with transaction.atomic():
        mine = Contribution.objects.select_for_update().filter(key=learner_key(block_key, learner_id)).first()
        texts = {key: _text_in_pool(shared_text_key(key, learner_id)) for key in keys}
        if mine is None or not any(texts.values()):
            return None
        for key in keys:
            if texts[key] is not None:
                tally = ParticipantTally.objects.select_for_update().get(block_key=key)
                _replace_shared_text(tally, shared_text_key(key, learner_id), texts[key], "")
                tally.save(update_fields=["released_texts"])
        own = texts[block_key] or next(text for text in texts.values() if text)
        record = LearnerRecord(answers=mine.answers or {}, sharing=sharing.PRIVATE, private_text=own[0])
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


def own_shared_text(block_key, learner_id):
    """The text the learner shares in this block, for their own eyes only; empty if none."""
    text = _text_in_pool(shared_text_key(block_key, learner_id))
    return text[0] if text else ""


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
    texts = [{"text": text} for text in queryset.values_list("text", flat=True)[start : start + page_size]]
    return SharedPage(texts=texts, total=total, page=page, pages=pages)


def all_shared_texts(block_key):
    """Every released shared text of a block with its day, streamed in the same shuffled order, for exports."""
    queryset, _ = _released_texts(block_key)
    for text, day in queryset.values_list("text", "shared_on").iterator(chunk_size=500):
        yield {"text": text, "day": day.isoformat()}


# --- The steps of a write ------------------------------------------------------------------------------


def _lock_contributions(scope_keys, learner_id):
    """Lock the learner's contribution in every scope, in key order, creating the missing ones; return them.

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
    found = {row.key: row for row in Contribution.objects.select_for_update().filter(key__in=keys)}
    return [found[key] for key in sorted(keys, key=keys.get)]


def _prepare_rows(scope_keys, statement_ids, choices=range(1, 6)):
    """Create the block's rows a write found missing, outside its transaction.

    Inserting them inside concurrent transactions would take insert locks in
    different orders (MySQL deadlocks), and an insert that meets an existing
    row takes a shared lock on it; so existing rows are only read (without
    locks) and each missing kind is inserted, for every scope at once, in a
    short transaction of its own.
    """
    have = set(ParticipantTally.objects.filter(block_key__in=scope_keys).values_list("block_key", flat=True))
    if len(have) < len(scope_keys):
        _insert_ignoring_duplicates([ParticipantTally(block_key=key) for key in sorted(scope_keys) if key not in have])
    existing = set(StatementTally.objects.filter(block_key__in=scope_keys).values_list(
        "block_key", "statement_id", "choice"))
    missing = sorted({(key, sid, choice) for key in scope_keys for sid in statement_ids for choice in choices}
                     - existing)
    if missing:
        _insert_ignoring_duplicates(
            [StatementTally(block_key=key, statement_id=sid, choice=choice) for key, sid, choice in missing])


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


def _lock_tallies(scope_keys):
    """Lock the rows of the scopes a write changes, in key order, in one statement: ``{scope key: row}``.

    A row that is not there yet (the block's first write, a new session) is
    ``_MissingRows``.
    """
    if not scope_keys:
        return {}
    rows = ParticipantTally.objects.select_for_update().filter(block_key__in=scope_keys).order_by("block_key")
    found = {row.block_key: row for row in rows}
    if len(found) < len(scope_keys):
        raise _MissingRows(", ".join(sorted(set(scope_keys) - set(found))))
    return found


def _apply_moves(moves):
    """Apply the counter moves of a write in one atomic ``UPDATE`` (``count = count + delta`` per row).

    Called under the lock of every block row the moves belong to, so no two
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


def _count_in_scope(scope, tally, mine, answers, *, text_key, old_text, text):
    """Count the participant, replace their shared text and count towards (or make) a release, in one scope.

    ``tally`` is the scope's row, locked by the write; it is saved here.
    ``old_text`` is the learner's ``(text, release)`` in the pool now, or
    None; ``text`` what the pool holds of them after this write (empty: none).
    """
    if mine.answers is None:
        tally.count += 1
    _count_towards_release(tally, mine, answers)
    _replace_shared_text(tally, text_key, old_text, text)
    if tally.pending >= scope.release_size:
        _release(tally)
    tally.save()


def _count_towards_release(tally, mine, new_answers):
    """Keep ``tally.pending`` equal to the learners whose answers differ from what the last release shows.

    Only a change of answers counts, and only a net one: a re-save, a change of
    sharing, or a change undone before the next release pads nothing, so a
    release always holds the changes of at least ``release_size`` learners who
    really changed something.
    """
    upcoming = tally.releases + 1
    if mine.pending_release == upcoming:
        if new_answers == mine.published_answers:
            tally.pending -= 1
            mine.pending_release, mine.published_answers = 0, None
    elif new_answers != mine.answers:
        tally.pending += 1
        mine.pending_release, mine.published_answers = upcoming, mine.answers


def _text_in_pool(text_key):
    """``(text, release)`` of the learner's text in the pool, or None: one read by primary key."""
    return next(iter(SharedText.objects.filter(key=text_key).values_list("text", "release")[:1]), None)


def _replace_shared_text(tally, text_key, old, text):
    """Keep at most one text of the learner in the pool, always their current one; visible from the next release.

    ``old`` is the learner's text in the pool now, as ``(text, release)``, or None.
    """
    if old is not None and old[0] == text:
        return
    if old is not None:
        SharedText.objects.filter(key=text_key).delete()
        if old[1] <= tally.releases:
            tally.released_texts -= 1
    if text:
        SharedText.objects.create(
            key=text_key, block_key=tally.block_key, text=text, shared_on=datetime.date.today(),
            release=tally.releases + 1,
        )


def _release(tally):
    """Make the counters and the waiting texts of one block visible together, dated by the day of release.

    Under the block's row lock, the committed counters plus this write's own
    are exactly the writes counted towards this release (every counted write
    passes this lock before it commits). They are read with a locking read,
    which sees the latest committed values under any isolation level (a plain
    read under MySQL's REPEATABLE READ would see the transaction's older
    snapshot) and waits for nothing but a new statement's counters being
    inserted: counters change only under the block's row lock, which this
    write holds.
    """
    counters = StatementTally.objects.select_for_update().filter(block_key=tally.block_key, count__gt=0)
    tally.published_tallies = {
        statement_id: {str(choice): count for choice, count in choices.items()}
        for statement_id, choices in _tallies(counters).items()
    }
    tally.published = tally.count
    tally.released_texts += SharedText.objects.filter(block_key=tally.block_key, release=tally.releases + 1).update(
        shared_on=datetime.date.today()
    )
    tally.pending = 0
    tally.releases += 1


def _released_texts(block_key, release=None):
    """The shared texts a release has made visible, in their random order (read along the index), and how many."""
    release = release or release_state(block_key)
    releases, total = release.releases, release.released_texts
    texts = SharedText.objects.filter(block_key=block_key, release__lte=releases).order_by("shuffle_key")
    return texts, total
