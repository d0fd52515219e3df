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
    "SharedPage",
    "all_shared_texts",
    "participant_count",
    "prepare_counters",
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


def share_text(block_key, text):
    """Add a text to the anonymous pool; return the withdrawal token for the learner's own state."""
    token = new_withdraw_token()
    SharedReflection.objects.create(
        block_key=block_key,
        text=text,
        shared_on=datetime.date.today(),
        withdraw_digest=withdraw_digest(token),
    )
    return token


def withdraw_text(block_key, token):
    """Remove the shared text that ``token`` proves authorship of; True if one was removed."""
    if not token:
        return False
    deleted, _ = SharedReflection.objects.filter(block_key=block_key, withdraw_digest=withdraw_digest(token)).delete()
    return deleted > 0


def shared_page(block_key, page=1, page_size=20):
    """One page of a block's shared texts with their day, never who or when within the day."""
    queryset = SharedReflection.objects.filter(block_key=block_key).order_by("shuffle_key")
    total = queryset.count()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    start = (page - 1) * page_size
    texts = [
        {"text": text, "day": day.isoformat()}
        for text, day in queryset.values_list("text", "shared_on")[start : start + page_size]
    ]
    return SharedPage(texts=texts, total=total, page=page, pages=pages)


def all_shared_texts(block_key):
    """Every shared text of a block with its day, streamed in the same shuffled order, for exports."""
    queryset = SharedReflection.objects.filter(block_key=block_key).order_by("shuffle_key")
    for text, day in queryset.values_list("text", "shared_on").iterator(chunk_size=500):
        yield {"text": text, "day": day.isoformat()}
