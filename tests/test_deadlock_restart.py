"""A write the database rolled back to break a deadlock is started again, as the database asks, and counts once.

MySQL and MariaDB answer a transaction chosen as a deadlock's victim with error 1213 ("try restarting
transaction"), PostgreSQL with state 40P01; the transaction is gone, nothing of it stays. Many learners
answering at once on MariaDB meet such deadlocks now and then (``tests/test_multiprocess_writes.py``).
"""
import pytest
from django.db import OperationalError, connection

from sexmot_xblocks.storage import api
from tests.security_support import EXERCISE, assert_counters_match_a_recount, submission


class DriverError(Exception):
    """What a MySQL driver (mysqlclient, PyMySQL) raises: ``args`` are the server's error number and text."""


class DeadlockOnce:
    """Break the first statement that moves counters as the database breaks a deadlock: the whole write is undone."""

    def __init__(self):
        self.broken = 0

    def __call__(self, execute, sql, params, many, context):
        if not self.broken and sql.upper().startswith("UPDATE") and "statementtally" in sql:
            self.broken += 1
            raise OperationalError("Deadlock found when trying to get lock") from DriverError(
                1213, "Deadlock found when trying to get lock; try restarting transaction")
        return execute(sql, params, many, context)


@pytest.mark.django_db(transaction=True)
def test_a_write_rolled_back_to_break_a_deadlock_is_started_again_and_counts_once(load_scenario):
    preview = load_scenario(EXERCISE)
    assert preview.post("submit", submission(s1=1), "a").status_code == 200
    deadlock = DeadlockOnce()
    with connection.execute_wrapper(deadlock):
        reply = preview.post("submit", submission(s1=4, text="Efter låsningen", sharing="shared"), "b")
    assert deadlock.broken == 1 and reply.status_code == 200
    assert api.participant_count(preview.usage_id) == 2
    assert preview.block("b").answers == {"s1": 4, "s2": 5}
    assert_counters_match_a_recount(preview.usage_id)


@pytest.mark.django_db(transaction=True)
def test_a_write_that_keeps_meeting_deadlocks_gives_up_with_the_retry_message_and_changes_nothing(load_scenario):
    preview = load_scenario(EXERCISE)
    assert preview.post("submit", submission(s1=1), "a").status_code == 200

    def always(execute, sql, params, many, context):
        if sql.upper().startswith("UPDATE") and "statementtally" in sql:
            raise OperationalError("Deadlock found") from DriverError(1213, "Deadlock found")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(always):
        reply = preview.post("submit", submission(s1=4), "a")
    assert reply.status_code == 503 and "Nothing was changed" in reply.json()["error"]
    assert preview.block("a").answers == {"s1": 1, "s2": 5}
    assert_counters_match_a_recount(preview.usage_id)
