"""Who may read a group session's results, for how long, how many sessions may be open, how codes are counted.

A session's results are its participants' and its leader's: a learner with the code who has not answered
through it sees none of them; once the session's days are over nobody does, whether or not the nightly
purge has run. Open sessions are capped, and the limit of wrong codes holds against guesses in parallel.
"""
import datetime
import threading
from types import SimpleNamespace

import pytest

from sexmot_xblocks.storage import sessions
from sexmot_xblocks.storage.models import GroupSession
from sexmot_xblocks.toolkit import handlers, rate_limit
from tests.security_support import EXERCISE, call, stored_state, submission
from tests.test_group_sessions import LEADER, join, page, results, start


def test_a_sessions_results_are_for_those_who_answered_through_it_and_its_leader_only(load_scenario):
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="3" session_threshold="3"'))
    code = start(preview)
    for number in range(3):
        join(preview, code, f"p{number}", text=f"Sessionens text {number}", sharing="shared")
    call(preview, "submit", "outsider", submission())  # answered in the course, and has the code
    refused = call(preview, "group_page", "outsider", {"page": 1, "session": code})
    assert refused.status_code == 403 and "participants" in refused.json()["error"]
    outsiders_page = page(preview, "session_page", code, "outsider").content.decode()
    assert "Sessionens text" not in outsiders_page and "<p>3 people have answered" not in outsiders_page
    participants_page = page(preview, "session_page", code, "p0").content.decode()
    assert "Sessionens text 1" in participants_page and "<p>3 people have answered" in participants_page
    assert call(preview, "group_page", "p1", {"page": 1, "session": code}).status_code == 200
    assert "Sessionens text 2" in results(preview, code).json()["html"]


def test_a_session_past_its_days_is_unreadable_even_where_no_purge_has_run(load_scenario):
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="3" session_threshold="3"'))
    code = start(preview)
    for number in range(3):
        join(preview, code, f"p{number}", text=f"Sessionens text {number}", sharing="shared")
    GroupSession.objects.filter(code=code).update(remove_on=datetime.date.today())  # its last day has passed
    assert page(preview, "session_page", code, "p0").status_code == 404
    assert results(preview, code).status_code == 404
    assert call(preview, "group_page", "p1", {"page": 1, "session": code}).status_code == 404
    assert GroupSession.objects.filter(code=code).exists(), "the purge has not run: only reading is refused"
    start(preview, "another_leader")  # starting any session of the exercise removes the expired ones
    assert not GroupSession.objects.filter(code=code).exists()


def test_a_leader_finds_their_open_session_again_and_an_exercise_keeps_a_bounded_number(load_scenario, monkeypatch):
    preview = load_scenario(EXERCISE)
    code = start(preview)
    before = stored_state()
    again = call(preview, "start_session", LEADER, {})  # a reload, a second press: the same session, no second code
    assert again.status_code == 200 and again.json()["code"] == code and again.json()["resumed"] is True
    assert stored_state() == before
    assert call(preview, "close_session", LEADER, {"code": code}).status_code == 200
    assert start(preview) != code  # closed: the leader opens a new one
    monkeypatch.setattr(sessions, "MAX_OPEN_PER_EXERCISE", 2)  # the leader's, and one of the second
    start(preview, "second_leader")
    refused = call(preview, "start_session", "third_leader", {})
    assert refused.status_code == 429 and "as many open group sessions" in refused.json()["error"]
    assert GroupSession.objects.filter(block_key=preview.usage_id).count() == 3


def test_the_storage_opens_at_most_one_open_session_of_one_leader_at_once(db):
    for _ in range(sessions.MAX_OPEN_PER_LEADER):
        sessions.start("block", "leader", threshold=6, keep_for_days=30)
    with pytest.raises(sessions.TooManySessions) as refused:
        sessions.start("block", "leader", threshold=6, keep_for_days=30)
    assert refused.value.per_leader
    assert GroupSession.objects.count() == sessions.MAX_OPEN_PER_LEADER


def test_guesses_in_parallel_never_look_up_more_wrong_codes_than_the_limit(settings):
    """Counted before the look-up in one atomic step: 200 simultaneous guesses, at most the limit reach the look-up."""
    settings.SEXMOT_CODE_LIMIT = (10, 600)
    block = SimpleNamespace(scope_ids=SimpleNamespace(usage_id="parallel-guesses", user_id="guesser"))
    looked_up, start_together = [], threading.Barrier(40)

    def guess(_):
        start_together.wait()
        for _ in range(5):
            try:
                rate_limit.look_up_code(block, lambda: looked_up.append(1))
            except handlers.RetryLater:
                pass

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(looked_up) == 10
