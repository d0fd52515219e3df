"""The public API of the shared, anonymous storage.

The XBlocks call only these functions, never the models. Each write is one
transaction of atomic counter updates, so simultaneous learners never lose
each other's answers, and a page view reads a few small rows whatever the
number of earlier answers.
"""
import datetime
import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from .anonymity import new_withdraw_token, withdraw_digest
from .models import ParticipantTally, SharedReflection, StatementTally

__all__ = [
    "PublishedResults",
    "SharedPage",
    "all_shared_texts",
    "count_contribution",
    "lock_block",
    "participant_count",
    "prepare_counters",
    "published_results",
    "record_answers",
    "share_text",
    "shared_page",
    "statement_tallies",
    "withdraw_text",
]


@dataclass(frozen=True)
class SharedPage:
    """One page of a block's shared texts, in an order unrelated to submission order."""

    texts: list
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class PublishedResults:
    """What others may see of a block's answers: the snapshot of the last release, never the live counts."""

    participants: int
    tallies: dict
    pending: int


def prepare_counters(block_key, statement_ids, choices=range(1, 6)):
    """Create a block's counter rows once, outside any learner's transaction.

    Creating rows inside the transaction would make concurrent first answers
    take insert locks in different orders (MySQL deadlocks); with the rows in
    place, a submission only updates existing rows.
    """
    wanted = {(statement_id, choice) for statement_id in statement_ids for choice in choices}
    existing = set(StatementTally.objects.filter(block_key=block_key).values_list("statement_id", "choice"))
    if not ParticipantTally.objects.filter(block_key=block_key).exists():
        ParticipantTally.objects.bulk_create([ParticipantTally(block_key=block_key)], ignore_conflicts=True)
    missing = sorted(wanted - existing)
    if missing:
        StatementTally.objects.bulk_create(
            [StatementTally(block_key=block_key, statement_id=sid, choice=choice) for sid, choice in missing],
            ignore_conflicts=True,
        )


def lock_block(block_key):
    """Start a write to a block: lock its row for the rest of the transaction.

    Every write (submission, change, withdrawal) takes this lock first, so
    writes to one block never deadlock and a release always sees a
    consistent set of counters. Call ``prepare_counters`` before the
    transaction so that the row exists.
    """
    ParticipantTally.objects.select_for_update().filter(block_key=block_key).first()


def record_answers(block_key, previous, current):
    """Move the tallies from a learner's previous answers to the current ones.

    ``previous`` is None on a learner's first submission (the participant count
    grows by one); otherwise only the statements whose answer changed move, so a
    changed answer is never counted twice. Call ``prepare_counters`` first, and
    this inside the same transaction that saves the learner's own state. Rows
    are updated in one global order, so concurrent learners never deadlock.
    """
    moves = {}
    for statement_id in set(previous or {}) | set(current):
        old, new = (previous or {}).get(statement_id), current.get(statement_id)
        if old == new:
            continue
        if old is not None:
            moves[(statement_id, old)] = moves.get((statement_id, old), 0) - 1
        if new is not None:
            moves[(statement_id, new)] = moves.get((statement_id, new), 0) + 1
    with transaction.atomic():
        if previous is None:
            ParticipantTally.objects.filter(block_key=block_key).update(count=F("count") + 1)
        for (statement_id, choice), delta in sorted(moves.items()):
            StatementTally.objects.filter(block_key=block_key, statement_id=statement_id, choice=choice).update(
                count=F("count") + delta
            )


def participant_count(block_key):
    """How many learners have submitted the exercise."""
    row = ParticipantTally.objects.filter(block_key=block_key).values_list("count", flat=True).first()
    return row or 0


def statement_tallies(block_key):
    """``{statement_id: {choice: count}}`` for one block, read in one query."""
    tallies = {}
    rows = StatementTally.objects.filter(block_key=block_key, count__gt=0)
    for statement_id, choice, count in rows.values_list("statement_id", "choice", "count"):
        tallies.setdefault(statement_id, {})[choice] = count
    return tallies


def count_contribution(block_key, counted_release, release_size):
    """Count a learner's write towards the next release, and release when enough learners have written.

    ``counted_release`` is the release the learner's own state says they were
    last counted for: one learner who changes their answers many times counts
    once per release. When ``release_size`` distinct learners have written
    since the last release, the live counters and the texts shared since then
    become visible together, so what changed between two releases is the work
    of at least that many people. Returns the release the learner is now
    counted for, for their own state. Call inside the write's transaction,
    after ``lock_block``.
    """
    row = ParticipantTally.objects.select_for_update().get(block_key=block_key)
    next_release = row.releases + 1
    if counted_release != next_release:
        row.pending += 1
    if row.pending >= release_size:
        _release(row)
    row.save(update_fields=["published", "pending", "releases", "released_texts"])
    return next_release


def _release(row):
    """Make the live counters and the waiting texts of one block visible, dated by the day of release."""
    StatementTally.objects.filter(block_key=row.block_key).update(published=F("count"))
    row.released_texts += SharedReflection.objects.filter(block_key=row.block_key, release=row.releases + 1).update(
        shared_on=datetime.date.today()
    )
    row.published = row.count
    row.pending = 0
    row.releases += 1


def published_results(block_key):
    """The last released snapshot of a block: participants and ``{statement_id: {choice: count}}``."""
    row = ParticipantTally.objects.filter(block_key=block_key).values_list("published", "pending").first()
    published, pending = row or (0, 0)
    tallies = {}
    rows = StatementTally.objects.filter(block_key=block_key, published__gt=0)
    for statement_id, choice, count in rows.values_list("statement_id", "choice", "published"):
        tallies.setdefault(statement_id, {})[choice] = count
    return PublishedResults(participants=published, tallies=tallies, pending=pending)


def _released_texts(block_key):
    """The shared texts a release has made visible, in their random order (read along the index), and how many."""
    row = ParticipantTally.objects.filter(block_key=block_key).values_list("releases", "released_texts").first()
    releases, total = row or (0, 0)
    texts = SharedReflection.objects.filter(block_key=block_key, release__lte=releases).order_by("shuffle_key")
    return texts, total


def share_text(block_key, text):
    """Add a text to the anonymous pool, visible from the next release; return the learner's withdrawal token."""
    token = new_withdraw_token()
    releases = ParticipantTally.objects.filter(block_key=block_key).values_list("releases", flat=True).first() or 0
    SharedReflection.objects.create(
        block_key=block_key,
        text=text,
        shared_on=datetime.date.today(),
        release=releases + 1,
        withdraw_digest=withdraw_digest(token),
    )
    return token


def withdraw_text(block_key, token):
    """Remove the shared text that ``token`` proves authorship of; True if one was removed.

    Call inside the write's transaction, after ``lock_block``: the count of
    released texts goes down with it when a release had made it visible.
    """
    if not token:
        return False
    text = SharedReflection.objects.filter(block_key=block_key, withdraw_digest=withdraw_digest(token))
    release = text.values_list("release", flat=True).first()
    if release is None:
        return False
    text.delete()
    ParticipantTally.objects.filter(block_key=block_key, releases__gte=release).update(
        released_texts=F("released_texts") - 1
    )
    return True


def shared_page(block_key, page=1, page_size=20):
    """One page of a block's released shared texts with the day of release, never who or when they were written."""
    queryset, total = _released_texts(block_key)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    texts = [
        {"text": text, "day": day.isoformat()}
        for text, day in queryset.values_list("text", "shared_on")[start : start + page_size]
    ]
    return SharedPage(texts=texts, total=total, page=page, pages=pages)


def all_shared_texts(block_key):
    """Every released shared text of a block with its day, streamed in the same shuffled order, for exports."""
    queryset, _ = _released_texts(block_key)
    for text, day in queryset.values_list("text", "shared_on").iterator(chunk_size=500):
        yield {"text": text, "day": day.isoformat()}
