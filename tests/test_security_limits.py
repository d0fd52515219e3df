"""Limits: a rate limit per learner and block, writes from stale state that stay exact, a bounded pool.

The parallel flood of one learner over real HTTP is in
``test_security_concurrency.py``; here each rule is driven on its own.
"""
import re

import pytest
from webob import Request
from workbench.runtime import WorkbenchRuntime

from sexmot_xblocks.storage.models import SharedText
from sexmot_xblocks.toolkit import rate_limit
from tests.handler_calls import action_body, handler_for
from tests.security_support import EXERCISE, assert_counters_match_a_recount, call, pool_texts, stored_state, submission


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
    assert reply.json()["error"] == rate_limit.LIMIT_MESSAGE
    assert reply.headers["Retry-After"] == "600"
    assert stored_state() == before
    assert exercise.post("submit", submission(), "someone_else").status_code == 200  # the limit is per learner


def test_a_write_from_state_loaded_before_another_write_starts_from_what_was_really_saved(exercise):
    """The LMS loads a learner's state before the handler runs; a request that waited must not write from it.

    The stale request is neither refused nor allowed to count twice: the tallies move from the
    answers the other write saved, its text replaces the other write's, and the state it saves is
    whole (every field, though some equal what it loaded).
    """
    exercise.post("submit", submission(s1=1, s2=1, text="Först", sharing="shared"), "tabs")
    stale = WorkbenchRuntime("tabs").get_block(exercise.usage_id)
    loaded = (stale.submitted, stale.sealed_record)  # all of it read up front, as the LMS loads it
    assert stale.answers == {"s1": 1, "s2": 1} and stale.sharing == "shared" and loaded[0]
    assert exercise.post("submit", submission(s1=5, s2=5, text="Sedan", sharing="private"), "tabs").status_code == 200
    request = Request.blank("/", method="POST", body=action_body("submit", submission(s1=3, s2=3, text="Gammal flik",
                                                                                   sharing="shared")).encode())
    reply = stale.runtime.handle(stale, handler_for("submit"), request)
    assert reply.status_code == 200
    assert_counters_match_a_recount(exercise.usage_id)
    saved = WorkbenchRuntime("tabs").get_block(exercise.usage_id)
    assert (saved.answers, saved.sharing, saved.free_text) == ({"s1": 3, "s2": 3}, "shared", "Gammal flik")
    assert pool_texts() == ["Gammal flik"]


def test_the_facilitator_pool_is_shown_in_bounded_pages(exercise):
    for number in range(45):
        exercise.post("submit", submission(text=f"Text nummer {number}", sharing="shared"), f"l{number}")
    assert SharedText.objects.count() == 45
    for handler, student in (("facilitator_page", "staff"), ("group_page", "l0")):
        pages = {page: call(exercise, handler, student, {"page": page}).json()["html"] for page in (1, 2, 3, 4, 99999)}
        sizes = {page: len(re.findall(r"<blockquote[ >]", html)) for page, html in pages.items()}
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
