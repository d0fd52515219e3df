"""Where the learner's state is saved on a real Open edX: the LMS's exception types and its grade's own save.

The workbench saves a block's fields through its own key-value store, which
lets a database error through as it is; the LMS does not. Each test here
replays what the platform does around a handler, on the workbench runtime,
and names the edx-platform function it mirrors.
"""
import threading

import pytest
from django.db import DatabaseError, OperationalError, connection
from django.test import Client
from workbench.models import XBlockState
from workbench.runtime import WorkbenchDjangoKeyValueStore, WorkbenchRuntime
from xblock.exceptions import KeyValueMultiSaveError

from sexmot_xblocks.toolkit.handlers import RETRY_MESSAGE
from tests.handler_calls import action_body, action_path
from tests.security_support import EXERCISE, stored_state, submission

SCORED_EXERCISE = EXERCISE.replace('threshold="3"', 'threshold="3" participation_scored="true"')
STORY = """
<sexmot_story display_name="Berättelse">
  <part heading="Del ett"><p>Ett.</p></part>
  <part heading="Del två"><p>Två.</p></part>
</sexmot_story>
"""


def user_state_cache_set_many(store, kv_dict):
    """Save the fields as ``UserStateCache.set_many`` does (``lms/djangoapps/courseware/model_data.py``).

    The LMS's key-value store saves a learner's fields and turns a database
    error into ``KeyValueMultiSaveError`` with the fields saved so far; XBlock
    (``XBlock.save``, ``XBlock.force_save_fields``) raises that to the block as
    ``XBlockSaveError``. The fields are saved one by one here, in the
    workbench's own rows.
    """
    saved = []
    for key, value in kv_dict.items():
        try:
            store.set(key, value)
        except DatabaseError as error:
            raise KeyValueMultiSaveError(saved) from error
        saved.append(key.field_name)


class FailStateWrites:
    """Fail every write of the learners' state rows, as a database that refuses the write would."""

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(("UPDATE", "INSERT")) and "WORKBENCH_XBLOCKSTATE" in statement:
            raise OperationalError("injected failure: lock wait timeout exceeded")
        return execute(sql, params, many, context)


@pytest.fixture
def lms_state_saves(monkeypatch):
    monkeypatch.setattr(WorkbenchDjangoKeyValueStore, "set_many", user_state_cache_set_many, raising=False)


@pytest.mark.parametrize("handler, payload", [
    ("submit", submission(s1=4, s2=2, text="Ändrad tanke", sharing="shared")),
    ("withdraw", {}),
])
def test_a_state_save_failing_as_in_the_lms_answers_json_503_and_changes_nothing(load_scenario, lms_state_saves,
                                                                                handler, payload):
    exercise = load_scenario(EXERCISE)
    assert exercise.post("submit", submission(text="Min tanke", sharing="shared"), "learner").status_code == 200
    before = stored_state()
    with connection.execute_wrapper(FailStateWrites()):
        reply = exercise.post(handler, payload, "learner")
    assert reply.status_code == 503 and reply["Content-Type"].startswith("application/json")
    assert reply.json()["error"] == RETRY_MESSAGE
    assert reply["Retry-After"] == "1"
    assert stored_state() == before, "the write's transaction rolled back: pool, counts and state as they were"


def test_a_story_progress_save_failing_as_in_the_lms_answers_json_503(transactional_db, load_scenario, lms_state_saves):
    """The story's progress is saved outside any transaction of ours, as the LMS saves it: in autocommit."""
    story = load_scenario(STORY)
    assert (
        story.post("progress", {"part": 1}, "learner").status_code == 200
    )  # the state row exists: only its save fails
    before = stored_state()
    with connection.execute_wrapper(FailStateWrites()):
        reply = story.post("progress", {"part": 2}, "learner")
    assert reply.status_code == 503 and reply.json()["error"] == RETRY_MESSAGE
    assert stored_state() == before
    assert story.post("progress", {"part": 2}, "learner").status_code == 200  # and once the database is back, it saves


def test_two_quick_submits_leave_the_newer_record_although_the_grade_saves_the_whole_state_row(
        transactional_db, load_scenario, monkeypatch):
    """The grade is published so that the platform's save of the whole state row cannot undo a newer write.

    Mirrors ``set_score`` (``lms/djangoapps/courseware/model_data.py``),
    which ``handle_grade_event`` (``lms/djangoapps/courseware/block_render.py``)
    calls for a ``grade`` event: it fetches the learner's whole state row
    (``StudentModule.objects.get_or_create``), sets the grade and saves the
    row, state included, as it read it. The learner's second submission comes
    between that read and that save, from another request; if the first
    submission's grade were published after its write committed, the row it
    read (the first record) would overwrite the second.
    """
    exercise = load_scenario(SCORED_EXERCISE)
    first, second = submission(s1=1, s2=1, text="Först"), submission(s1=5, s2=5, text="Sedan")
    second_done = threading.Event()
    replies = []

    def second_request():
        try:
            replies.append(
                Client()
                .post(
                    action_path(exercise.usage_id, "submit", "snabb"),
                    action_body("submit", second),
                    content_type="application/json",
                )
                .status_code
            )
        finally:
            connection.close()
            second_done.set()

    def set_score(runtime, block, event_type, event):
        if event_type != "grade":
            return
        usage_id = str(block.scope_ids.usage_id)
        scenario, tag, _ = usage_id.split(".", 2)  # the workbench's row of the learner's state, as it keys it
        row, _ = XBlockState.objects.get_or_create(
            scope="usage", scope_id=usage_id, user_id=block.scope_ids.user_id, scenario=scenario, tag=tag)
        if racing and not second_done.is_set() and not getattr(set_score, "started", False):
            set_score.started = True
            threading.Thread(target=second_request).start()
            # Published after the first write committed, the second write runs to its end now; published inside
            # the first write, under the learner's lock, it waits for the first to commit.
            second_done.wait(timeout=3)
        row.save()

    monkeypatch.setattr(WorkbenchRuntime, "publish", set_score)
    racing = False
    assert exercise.post("submit", submission(s1=3, s2=3), "snabb").status_code == 200  # the learner's row exists
    racing = True
    assert exercise.post("submit", first, "snabb").status_code == 200
    assert second_done.wait(timeout=60)
    assert replies == [200]
    learner = exercise.block("snabb")
    assert learner.answers == second["answers"], "the learner's record is the newer submission's"
    assert learner.free_text == "Sedan"
