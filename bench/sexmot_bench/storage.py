"""Earlier answers seeded in bulk the way each block stores them, and a meter of bytes read per page view.

Seeding through the handlers would take hours for 100,000 learners; writing the
same rows directly takes seconds. For every block that is one workbench state
row per learner (the runtime's ``user_state``, as ``courseware_studentmodule``
holds it in Open edX) and, for the peers, the JSON of their one shared
``user_state_summary`` row; for ours the counters and shared texts of
``sexmot_xblocks``.
"""
import datetime
import json
from contextlib import contextmanager

from django.db import connection
from django.db.backends.utils import CursorWrapper

BATCH = 2000


def _scope_row(subject, user_id, state):
    from workbench.models import XBlockState  # noqa: PLC0415

    return XBlockState(
        scope="usage", scope_id=subject.usage_id, user_id=user_id, scenario=subject.scenario, tag=subject.tag,
        state=json.dumps(state, indent=2, sort_keys=True),
    )


def seeded_learner(n):
    """The name of the n-th seeded earlier learner."""
    return f"seed-{n}"


def _lms_row(subject, n):
    from .models import LearnerBlockState  # noqa: PLC0415

    return LearnerBlockState(student_id=seeded_learner(n), usage_key=subject.usage_id, block_type=subject.tag,
                             state=json.dumps(subject.learner_state(n)))


def _seed_lms_summary(subject, summary):
    from .models import SummaryField  # noqa: PLC0415

    for name, value in summary.items():
        SummaryField.objects.update_or_create(usage_key=subject.usage_id, field_name=name,
                                              defaults={"value": json.dumps(value)})


def seed_answers(subject, start, stop, harness="workbench"):
    """Store earlier answers ``start`` … ``stop - 1`` of ``subject`` as the block itself would have.

    ``harness`` says whose learner storage: the workbench's rows, or the LMS-shaped harness's
    one JSON row per learner and block and one row per shared field.
    """
    from workbench.models import XBlockState  # noqa: PLC0415

    from .models import LearnerBlockState  # noqa: PLC0415

    for first in range(start, stop, BATCH):
        numbers = range(first, min(stop, first + BATCH))
        if harness == "lms":
            LearnerBlockState.objects.bulk_create([_lms_row(subject, n) for n in numbers])
        else:
            XBlockState.objects.bulk_create(
                [_scope_row(subject, seeded_learner(n), subject.learner_state(n)) for n in numbers]
            )
        if subject.key == "reflection":
            _seed_reflection_pool(subject, numbers)
    if subject.key == "reflection":
        _seed_reflection_counters(subject, stop)
    elif subject.summary_state and harness == "lms":
        _seed_lms_summary(subject, subject.summary_state(stop))
    elif subject.summary_state:
        summary = subject.summary_state(stop)
        row, _ = XBlockState.objects.get_or_create(
            scope="usage", scope_id=subject.usage_id, user_id=None, scenario=subject.scenario, tag=subject.tag,
        )
        state = json.loads(row.state)
        state.update(summary)
        row.state = json.dumps(state, indent=2, sort_keys=True)
        row.save()


def _seed_reflection_pool(subject, numbers):
    """Seeded shared texts and contributions, keyed as the block keys them; all texts in the first release."""
    from sexmot_xblocks.storage.answers import TEXT_SEAL, ContributionState  # noqa: PLC0415
    from sexmot_xblocks.storage.keyed_hashes import learner_key, shared_text_key, withdrawal_key  # noqa: PLC0415
    from sexmot_xblocks.storage.models import Contribution, SharedText  # noqa: PLC0415
    from sexmot_xblocks.storage.sealing import seal_row  # noqa: PLC0415

    from .subjects import _reflection_payload  # noqa: PLC0415

    today = datetime.date.today()
    payloads = {seeded_learner(n): _reflection_payload(n) for n in numbers}
    SharedText.objects.bulk_create([
        SharedText(key=shared_text_key(subject.usage_id, learner), block_key=subject.usage_id,
                   withdrawal_key=withdrawal_key(subject.usage_id, learner),
                   text=seal_row({"text": payload["free_text"]}, TEXT_SEAL), shared_on=today, release=1)
        for learner, payload in payloads.items() if payload["sharing"] == "shared"
    ])
    Contribution.objects.bulk_create([
        Contribution(key=learner_key(subject.usage_id, learner), block_key=subject.usage_id,
                     sealed=ContributionState(answers=payload["answers"], pending_release=1,
                                              latest=payload["answers"]).sealed())
        for learner, payload in payloads.items()
    ])


def _seed_reflection_counters(subject, count):
    """Set the counters to what ``count`` learners' answers add up to, all of it released to the group."""
    from sexmot_xblocks.storage.models import (  # noqa: PLC0415
        ParticipantTally,
        SharedText,
        StatementTally,
    )

    from .subjects import _answers  # noqa: PLC0415

    totals = {}
    for n in range(count):
        for statement, choice in _answers(n).items():
            totals.setdefault(statement, {}).setdefault(choice, 0)
            totals[statement][choice] += 1
    ParticipantTally.objects.update_or_create(
        block_key=subject.usage_id,
        defaults={
            "count": count,
            "published": count,
            "pending": 0,
            "releases": 1,
            "published_tallies": {
                sid: {str(choice): n for choice, n in choices.items()} for sid, choices in totals.items()
            },
            "released_texts": SharedText.objects.filter(block_key=subject.usage_id).count(),
        },
    )
    StatementTally.objects.filter(block_key=subject.usage_id).delete()
    StatementTally.objects.bulk_create([
        StatementTally(block_key=subject.usage_id, statement_id=statement, choice=choice,
                       count=totals.get(statement, {}).get(choice, 0))
        for statement in sorted(totals) for choice in range(1, 6)
    ])


def _value_size(value):
    if value is None:
        return 0
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return len(value)
    return 8


class StorageMeter:
    """Counts the queries run and the rows and bytes read back from the database while active.

    Bytes are the sizes of the values the driver hands to Django (text in
    UTF-8, numbers and dates as 8 bytes): what a page view pulls out of
    storage, whatever the database's own page sizes.
    """

    active = None

    def __init__(self):
        self.queries = 0
        self.commits = 0
        self.rows = 0
        self.bytes = 0

    def count_rows(self, rows):
        """Add fetched rows to the totals."""
        for row in rows:
            self.rows += 1
            self.bytes += sum(_value_size(value) for value in row)

    def _count_query(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    def _count_commit(self, commit):
        def counted():
            self.commits += 1
            return commit()
        return counted

    @contextmanager
    def measuring(self):
        """Meter everything the default connection runs inside the block."""
        StorageMeter.active = self
        commit = connection._commit  # noqa: SLF001  (transactions, counted as they end)
        connection._commit = self._count_commit(commit)  # noqa: SLF001
        try:
            with connection.execute_wrapper(self._count_query):
                yield self
        finally:
            connection._commit = commit  # noqa: SLF001
            StorageMeter.active = None


class EngineMeter:
    """The work the database engine itself does for a page view, scans included.

    Bytes fetched miss what a database reads without returning it (a
    ``COUNT(*)`` over a table returns 8 bytes). So the engine is asked too:
    on SQLite, virtual-machine steps (counted through the progress handler);
    on MariaDB, rows the storage engine read (the session's ``Handler_read_*``
    counters, minus what asking costs).
    """

    SQLITE_STEP = 100

    def __init__(self):
        self.work = 0
        self.unit = "VM steps" if connection.vendor == "sqlite" else "rows examined"

    def _handler_reads(self):
        with connection.cursor() as cursor:
            cursor.execute("SHOW SESSION STATUS LIKE 'Handler_read%%'")
            return sum(int(value) for _, value in cursor.fetchall())

    @contextmanager
    def measuring(self):
        """Count the engine's work inside the block."""
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            def step():
                self.work += self.SQLITE_STEP
                return 0

            connection.connection.set_progress_handler(step, self.SQLITE_STEP)
            try:
                yield self
            finally:
                connection.connection.set_progress_handler(None, 0)
            return
        first = self._handler_reads()
        asking = self._handler_reads() - first
        before = self._handler_reads()
        yield self
        self.work = max(0, self._handler_reads() - before - asking)


def _metered_fetchone(self):
    row = self.db.wrap_database_errors(self.cursor.fetchone)()
    if StorageMeter.active and row is not None:
        StorageMeter.active.count_rows([row])
    return row


def _metered_fetchmany(self, size=None):
    fetch = self.db.wrap_database_errors(self.cursor.fetchmany)
    rows = fetch() if size is None else fetch(size)
    if StorageMeter.active:
        StorageMeter.active.count_rows(rows)
    return rows


def _metered_fetchall(self):
    rows = self.db.wrap_database_errors(self.cursor.fetchall)()
    if StorageMeter.active:
        StorageMeter.active.count_rows(rows)
    return rows


def install_meter():
    """Route Django's cursor fetches through the meter (a no-op while no meter is active)."""
    CursorWrapper.fetchone = _metered_fetchone
    CursorWrapper.fetchmany = _metered_fetchmany
    CursorWrapper.fetchall = _metered_fetchall
