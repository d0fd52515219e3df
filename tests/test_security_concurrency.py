"""Concurrency and durability: hundreds of simultaneous writes lose nothing; a failed write changes nothing.

Runs against the database the suite is configured for; on CI that is MariaDB
(``SEXMOT_DB=mysql``), where the requests of the live server's threads really
overlap inside the database.
"""
import random
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError, connection

from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.models import SharedText
from sexmot_xblocks.toolkit.handlers import RETRY_MESSAGE
from tests.security_support import (
    EXERCISE,
    LiveClient,
    assert_counters_match_a_recount,
    pool_texts,
    stored_state,
    submission,
)

LEARNERS = 80
WORKERS = 40
RELEASE_SIZE = 5
CONCURRENT_EXERCISE = EXERCISE.replace('threshold="3"', f'threshold="{RELEASE_SIZE}"')


def assert_the_released_snapshot_is_whole(usage_id):
    """Each released tally of a statement adds up to the released number of participants: no torn snapshot."""
    results = api.published_results(usage_id)
    for statement in ("s1", "s2"):
        assert sum(results.tallies.get(statement, {}).values()) == results.participants
    assert 0 <= results.pending < RELEASE_SIZE


def learner_plan(rng, name):
    """Three writes of one learner: a first answer, a change, then a withdrawal or another change."""
    shares = rng.random() < 0.5
    steps = [("submit", submission(rng.randint(1, 5), rng.randint(1, 5),
                                   f"Första tanken från {name}" if shares else "", "shared" if shares else "private"))]
    keeps_sharing = shares and rng.random() < 0.6
    steps.append(("submit", submission(rng.randint(1, 5), rng.randint(1, 5), f"Ändrad tanke från {name}",
                                       "shared" if keeps_sharing else "private")))
    if keeps_sharing and rng.random() < 0.5:
        steps.append(("withdraw", {}))
    else:
        steps.append(("submit", submission(rng.randint(1, 5), rng.randint(1, 5), f"Sista tanken från {name}",
                                           rng.choice(["private", "shared"]))))
    return steps


@pytest.mark.django_db(transaction=True)
def test_240_simultaneous_submissions_changes_and_withdrawals_over_http_lose_nothing(live_server, load_scenario):
    preview = load_scenario(CONCURRENT_EXERCISE)
    client = LiveClient(live_server.url, f"/view/{preview.name}/")
    rng = random.Random(5)
    plans = {f"learner{number}": learner_plan(rng, f"learner{number}") for number in range(LEARNERS)}

    def run(name):
        return [client.act(preview.usage_id, handler, name, payload) for handler, payload in plans[name]]

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        statuses = [status for replies in pool.map(run, plans) for status in replies]

    assert len(statuses) == 3 * LEARNERS
    assert statuses.count(200) == len(statuses), sorted(set(statuses))
    assert_counters_match_a_recount(preview.usage_id)
    assert api.participant_count(preview.usage_id) == LEARNERS
    assert_the_released_snapshot_is_whole(preview.usage_id)
    print(f"\n{len(statuses)} requests on {WORKERS} threads, {statuses.count(200)} held, "
          f"{SharedText.objects.count()} shared texts, every one owned by its learner")


@pytest.mark.django_db(transaction=True)
def test_one_learner_flooding_in_parallel_leaves_one_text_that_they_can_withdraw(live_server, load_scenario):
    preview = load_scenario(CONCURRENT_EXERCISE)
    client = LiveClient(live_server.url, f"/view/{preview.name}/")
    assert (
        client.act(preview.usage_id, "submit", "flooder", submission()) == 200
    )  # an ordinary first answer; then the flood

    def share(number):
        return client.act(preview.usage_id, "submit", "flooder", submission(text=f"Flod {number}", sharing="shared"))

    with ThreadPoolExecutor(max_workers=30) as pool:
        statuses = list(pool.map(share, range(18)))  # with the first answer and the withdrawal: the limit of 20

    assert statuses == [200] * 18  # the learner's writes wait for each other in the database: none is refused
    assert_counters_match_a_recount(preview.usage_id)
    # One text of theirs in the pool (and, once it is released, at most one edit of it waiting for the next release):
    # the learner sees the newest.
    texts = pool_texts(block_key=preview.usage_id)
    assert len(texts) <= 2 and preview.block("flooder").free_text in texts
    assert client.act(preview.usage_id, "withdraw", "flooder", {}) == 200
    assert not SharedText.objects.filter(block_key=preview.usage_id).exists()


# --- Durability: a database error in the middle of a write -----------------------------------------------

#: Where a learner's change of answers and shared text writes; each is made to fail in turn.
FAILURE_POINTS = {
    "rows read before the write": r"^SELECT .*FROM \W?sexmot_xblocks_contribution",
    "statement counter": r"^UPDATE \W?sexmot_xblocks_statementtally\W? SET \W?count",
    "participant row and release": r"^UPDATE \W?sexmot_xblocks_participanttally",
    "old shared text removed": r"^DELETE FROM \W?sexmot_xblocks_sharedtext",
    "new shared text added": r"^INSERT INTO \W?sexmot_xblocks_sharedtext",
    "release of waiting texts": r"^UPDATE \W?sexmot_xblocks_sharedtext",
    "learner's contribution": r"^UPDATE \W?sexmot_xblocks_contribution",
    "learner's own state": r"^UPDATE \W?workbench_xblockstate",
}


class FailOnce:
    """A database execute wrapper that fails the first statement matching ``pattern``, as a lost connection would."""

    def __init__(self, pattern):
        self.pattern = re.compile(pattern, re.IGNORECASE)
        self.failed = False

    def __call__(self, execute, sql, params, many, context):
        if not self.failed and self.pattern.search(sql):
            self.failed = True
            raise OperationalError("injected failure: the database went away")
        return execute(sql, params, many, context)


@pytest.fixture
def about_to_release(load_scenario):
    """Learner ``a`` has shared a text; four more writes wait, so a's next change releases the group's results."""
    preview = load_scenario(CONCURRENT_EXERCISE)
    preview.post("submit", submission(s1=1, s2=1, text="Före", sharing="shared"), "a")
    for student in ("b", "c", "d", "e", "f", "g", "h", "i"):
        assert preview.post("submit", submission(s1=2, s2=3), student).status_code == 200
    assert api.published_results(preview.usage_id).pending == RELEASE_SIZE - 1
    return preview


@pytest.mark.parametrize("point", sorted(FAILURE_POINTS))
def test_a_database_error_mid_submission_changes_nothing_and_asks_to_try_again(about_to_release, point):
    before = stored_state()
    failure = FailOnce(FAILURE_POINTS[point])
    with connection.execute_wrapper(failure):
        reply = about_to_release.post("submit", submission(s1=5, s2=4, text="Efter", sharing="shared"), "a")
    assert failure.failed, f"the write never reached: {point}"
    assert reply.status_code == 503
    assert reply.json()["error"] == RETRY_MESSAGE
    assert stored_state() == before

    retry = about_to_release.post("submit", submission(s1=5, s2=4, text="Efter", sharing="shared"), "a")
    assert retry.status_code == 200
    assert_counters_match_a_recount(about_to_release.usage_id)
    assert_the_released_snapshot_is_whole(about_to_release.usage_id)
    assert api.published_results(about_to_release.usage_id).pending == 0


def test_a_database_error_during_a_withdrawal_changes_nothing(about_to_release):
    before = stored_state()
    with connection.execute_wrapper(FailOnce(FAILURE_POINTS["old shared text removed"])):
        reply = about_to_release.post("withdraw", {}, "a")
    assert reply.status_code == 503 and reply.json()["error"] == RETRY_MESSAGE
    assert stored_state() == before
    assert about_to_release.post("withdraw", {}, "a").status_code == 200
    assert_counters_match_a_recount(about_to_release.usage_id)
