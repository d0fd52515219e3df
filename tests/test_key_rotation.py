"""Rotating the site's secret key mid-course, as Django documents it and as operators do.

Django's way: the new key in ``SECRET_KEY``, the old one kept in ``SECRET_KEY_FALLBACKS`` (Tutor sets
none; operators add it). Every keyed hash of ours (a contribution, a shared text, its withdrawal key,
a session's leader) and every sealed value must still be found and opened, so that nothing is lost and
nothing counted twice; ``manage.py sexmot_rekey`` then moves everything to the new key so the old one
can go.
"""
from django.core.management import call_command

from sexmot_xblocks.storage import api, reach, sessions
from tests.security_support import (
    EXERCISE,
    assert_counters_match_a_recount,
    call,
    counted_answers,
    pool_texts,
    submission,
)
from tests.test_group_sessions import join, page, start

LEARNERS = [f"rotating_{number}" for number in range(6)]
PARTICIPANTS = ["in_session_1", "in_session_2", "in_session_3"]
COURSE = "course-v1:Socialstyrelsen+SMEBU+2026"


def rotate(settings, new_secret):
    """What an operator does: a new SECRET_KEY, the old one kept in SECRET_KEY_FALLBACKS."""
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    settings.SECRET_KEY = new_secret


def test_rotating_the_secret_mid_course_loses_nothing_counts_nothing_twice_and_the_old_key_can_then_go(
        load_scenario, settings):
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="3" session_threshold="3"'))
    for number, learner in enumerate(LEARNERS):
        sharing = "shared" if number < 2 else "private"
        assert preview.post("submit", submission(s1=1, s2=1, text=f"Före {number}", sharing=sharing),
                            learner).status_code == 200
    code = start(preview)
    for number, learner in enumerate(PARTICIPANTS):
        assert join(preview, code, learner, text=f"I sessionen {number}", sharing="shared").status_code == 200

    rotate(settings, "a-new-secret-key-for-the-site-" + "x" * 30)
    for learner in LEARNERS:  # six learners change their answers after the rotation
        assert preview.post("submit", submission(s1=5, s2=1, text="", sharing="private"), learner).status_code == 200
    assert preview.post("submit", submission(s1=5, s2=1, text="Före 1, ändrad", sharing="shared"),
                        LEARNERS[1]).status_code == 200
    assert call(preview, "withdraw", PARTICIPANTS[0], {}).status_code == 200

    assert api.participant_count(preview.usage_id) == 6
    assert sorted(counted_answers(block_key=preview.usage_id).values(), key=str) == [{"s1": 5, "s2": 1}] * 6
    assert_counters_match_a_recount(preview.usage_id, LEARNERS)
    assert "I sessionen 0" not in pool_texts(), "a text withdrawn after the rotation leaves every pool"
    assert page(preview, "session_projector", code).status_code == 200, "the leader keeps their projector"
    assert preview.block(LEARNERS[3]).answers == {"s1": 5, "s2": 1}

    call_command("sexmot_rekey")
    settings.SECRET_KEY_FALLBACKS = []  # the old key is gone for good
    assert page(preview, "session_projector", code).status_code == 200
    assert call(preview, "withdraw", PARTICIPANTS[1], {}).status_code == 200
    assert "I sessionen 1" not in pool_texts()
    assert join(preview, code, PARTICIPANTS[2], s1=2).status_code == 200
    assert api.participant_count(sessions.scope_key(code)) == 3
    for learner in LEARNERS:
        assert preview.post("submit", submission(s1=4, s2=2), learner).status_code == 200
    assert api.participant_count(preview.usage_id) == 6
    assert_counters_match_a_recount(preview.usage_id, LEARNERS)
    assert "Före 1, ändrad" not in pool_texts()  # the learner stopped sharing it with their last answer


def test_the_rekey_command_refuses_to_run_without_the_old_key_and_changes_nothing(load_scenario, settings):
    import pytest  # noqa: PLC0415
    from django.core.management.base import CommandError  # noqa: PLC0415

    preview = load_scenario(EXERCISE)
    preview.post("submit", submission(text="Kvar", sharing="shared"), "a")
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(CommandError, match="SECRET_KEY_FALLBACKS"):
        call_command("sexmot_rekey")
    assert pool_texts() == ["Kvar"]


def test_a_group_discussion_held_before_a_rotation_is_counted_once_in_the_reach_report_before_and_after_rekeying(
        load_scenario, settings):
    """Three discussions held, then the secret rotated, then rekeyed and the old key dropped: still three held."""
    settings.SEXMOT_REACH_THRESHOLD = 3
    preview = load_scenario(EXERCISE.replace('threshold="3"', 'threshold="3" session_threshold="3"'))
    scope = reach.block_scope_key(preview.block())
    newcomers = iter(f"newcomer_{number}" for number in range(6))
    groups = [[f"discussing_{group}_{number}" for number in range(3)] for group in range(3)]
    for learner in sum(groups, []):
        reach.choose(scope, learner, "socialtjanst", "M", keep=lambda record: None)
    codes = [start(preview, leader=f"leader_{group}") for group in range(3)]

    def every_group_answers(value):
        for code, learners in zip(codes, groups):
            for learner in learners:  # three changed answers: each session makes a release
                assert join(preview, code, learner, s1=value).status_code == 200

    def held_once_the_course_releases():
        for learner in (next(newcomers) for _ in range(3)):  # three newcomers to the step: the course releases
            reach.choose(scope, learner, "skola", "AB", keep=lambda record: None)
        return reach.report(COURSE, [], course_scope=scope)["group_discussions_held"]

    every_group_answers(1)
    assert reach.report(COURSE, [], course_scope=scope)["group_discussions_held"] == 3
    rotate(settings, "a-new-secret-key-for-the-site-" + "y" * 30)
    every_group_answers(2)
    assert held_once_the_course_releases() == 3
    call_command("sexmot_rekey")
    settings.SECRET_KEY_FALLBACKS = []  # the old key is gone for good
    every_group_answers(3)
    assert held_once_the_course_releases() == 3
