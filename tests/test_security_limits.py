"""Limits: a rate limit per learner and block, one write at a time, no write from stale state, a bounded pool.

The parallel flood of one learner over real HTTP is in
``test_security_concurrency.py``; here each guard is driven on its own.
"""
import json
import re

import pytest
from webob import Request
from workbench.runtime import WorkbenchRuntime

from sexmot_xblocks import write_guard
from sexmot_xblocks.models import SharedReflection
from tests.security_support import EXERCISE, assert_counters_match_a_recount, call, stored_state, submission


@pytest.fixture
def exercise(load_scenario):
    return load_scenario(EXERCISE)


def test_a_learner_over_the_write_limit_gets_429_with_a_clear_message_and_nothing_changes(exercise, settings):
    settings.SEXMOT_WRITE_LIMIT = (3, 600)
    assert exercise.post("submit", submission(text="Ett", sharing="shared"), "eager").status_code == 200
    assert exercise.post("withdraw", {}, "eager").status_code == 200
    assert exercise.post("submit", submission(text="Två", sharing="shared"), "eager").status_code == 200
    before = stored_state()
    reply = exercise.post("submit", submission(text="Tre", sharing="shared"), "eager")
    assert reply.status_code == 429
    assert reply.json()["error"] == write_guard.LIMIT_MESSAGE
    assert reply.headers["Retry-After"] == "600"
    assert stored_state() == before
    assert exercise.post("submit", submission(), "someone_else").status_code == 200  # the limit is per learner


def test_a_second_write_while_the_first_is_still_saving_gets_429_and_changes_nothing(exercise):
    exercise.post("submit", submission(text="Första", sharing="shared"), "twice")
    in_flight = WorkbenchRuntime("twice").get_block(exercise.usage_id)
    before = stored_state()
    with write_guard.one_write_at_a_time(in_flight):  # the first request of this learner is still running
        reply = exercise.post("submit", submission(text="Andra", sharing="shared"), "twice")
        assert reply.status_code == 429 and reply.json()["error"] == write_guard.BUSY_MESSAGE
        assert exercise.post("withdraw", {}, "twice").status_code == 429
        assert exercise.post("submit", submission(), "another").status_code == 200  # others are not held up
    assert stored_state()["shared"] == before["shared"]
    assert exercise.post("submit", submission(text="Andra", sharing="shared"), "twice").status_code == 200


def test_a_write_from_state_loaded_before_another_write_gets_409_and_counts_nothing_twice(exercise):
    """The LMS loads a learner's state before the handler runs; a request that waited must not write from it."""
    exercise.post("submit", submission(s1=1, s2=1, text="Först", sharing="shared"), "tabs")
    stale = WorkbenchRuntime("tabs").get_block(exercise.usage_id)
    loaded = {name: getattr(stale, name) for name in stale.LEARNER_FIELDS}  # all of it, as the LMS loads it up front
    assert loaded["answers"] == {"s1": 1, "s2": 1} and loaded["revision"] == 1
    assert exercise.post("submit", submission(s1=5, s2=5, text="Sedan", sharing="shared"), "tabs").status_code == 200
    before = stored_state()
    request = Request.blank("/", method="POST", body=json.dumps(submission(s1=3, s2=3, text="Gammal flik",
                                                                           sharing="shared")).encode())
    reply = stale.runtime.handle(stale, "submit", request)
    assert reply.status_code == 409
    assert json.loads(reply.body)["error"] == write_guard.STALE_MESSAGE
    assert stored_state() == before
    assert_counters_match_a_recount(exercise.usage_id)


def test_the_facilitator_pool_is_shown_in_bounded_pages(exercise):
    for number in range(45):
        exercise.post("submit", submission(text=f"Text nummer {number}", sharing="shared"), f"l{number}")
    assert SharedReflection.objects.count() == 45
    for handler, student in (("facilitator_page", "staff"), ("group_page", "l0")):
        pages = {page: call(exercise, handler, student, {"page": page}).json()["html"] for page in (1, 2, 3, 4, 99999)}
        sizes = {page: len(re.findall(r"<blockquote>", html)) for page, html in pages.items()}
        assert sizes == {1: 20, 2: 20, 3: 5, 4: 5, 99999: 5}, handler  # a page past the end shows the last one
        assert "Page 3 of 3" in pages[99999]
    assert call(exercise, "facilitator_page", "staff", {"page": 100001}).status_code == 400


def test_no_configuration_lets_one_text_grow_beyond_the_hard_limit(load_scenario):
    preview = load_scenario(EXERCISE.replace('max_length="400"', 'max_length="10000000"'))
    assert 'maxlength="20000"' in preview.view("a")
    assert preview.block("a").student_view_data()["max_length"] == 20000
    before = stored_state()
    reply = preview.post("submit", submission(text="x" * 20001, sharing="shared"), "a")
    assert reply.status_code == 400 and "20000" in reply.json()["error"]
    assert stored_state() == before
    assert preview.post("submit", submission(text="x" * 20000, sharing="shared"), "a").status_code == 200
