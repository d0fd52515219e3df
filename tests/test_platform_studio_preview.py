"""An author trying the exercise in Studio's preview never changes what the course's learners see.

Studio's ``preview_handler`` (``cms/djangoapps/contentstore/views/preview.py``)
runs the block's handlers as the author, on a runtime that
``_prepare_runtime_for_preview`` marks with ``runtime.is_author_mode = True``;
the block's usage key is the course's own (``MixedModuleStore`` strips branch
and version), and LMS and CMS share one database. These tests mark the
workbench's runtime the same way for the author's requests.
"""
import pytest
from django.core.management import call_command
from workbench.runtime import WorkbenchRuntime

from reflection_xblock.about_work.block import AboutWorkXBlock
from sexmot_xblocks.storage import api
from sexmot_xblocks.storage.models import Contribution, GroupSession, ParticipantTally, SharedText, StatementTally
from sexmot_xblocks.storage.storage_keys import PREVIEW_PREFIX
from tests.security_support import EXERCISE, pool_texts, submission

AUTHOR = "forfattare"
PREVIEW_TEXT = "Författarens provtext i förhandsvisningen"
LEARNER_TEXTS = ["Första deltagarens delade text", "Andra deltagarens delade text", "Tredje deltagarens delade text"]


@pytest.fixture
def studio_preview_for_the_author(monkeypatch):
    """The author's requests run on a runtime marked as ``_prepare_runtime_for_preview`` marks Studio's."""
    original = WorkbenchRuntime.__init__

    def init(runtime, user_id=None):
        original(runtime, user_id)
        runtime.is_author_mode = user_id == AUTHOR

    monkeypatch.setattr(WorkbenchRuntime, "__init__", init)


def what_the_course_shows(exercise):
    """Everything of the course's group a learner can be shown: released results, the pool, a learner's page."""
    usage_id = exercise.usage_id
    return {
        "released": api.published_results(usage_id),
        "participants": api.participant_count(usage_id),
        "tallies": api.statement_tallies(usage_id),
        "pool": sorted(pool_texts(block_key=usage_id)),
        "contributions": Contribution.objects.filter(block_key=usage_id).count(),
        "sessions": sorted(GroupSession.objects.filter(block_key=usage_id).values_list("code", flat=True)),
    }


def test_a_preview_write_never_changes_what_a_learner_in_the_course_sees(load_scenario, studio_preview_for_the_author):
    exercise = load_scenario(EXERCISE)  # threshold 3
    for number, text in enumerate(LEARNER_TEXTS[:2]):
        assert (
            exercise.post("submit", submission(s1=2, text=text, sharing="shared"), f"deltagare_{number}").status_code
            == 200
        )
    before = what_the_course_shows(exercise)
    page_before = exercise.view("deltagare_0")

    # The author answers, shares a text and leads a session, all in the preview.
    reply = exercise.post("submit", submission(s1=5, s2=5, text=PREVIEW_TEXT, sharing="shared"), AUTHOR)
    assert reply.status_code == 200
    code = exercise.post("start_session", {}, AUTHOR).json()["code"]
    assert exercise.post("withdraw", {}, AUTHOR).status_code == 200
    assert (
        exercise.post("submit", submission(s1=4, s2=4, text=PREVIEW_TEXT, sharing="shared"), AUTHOR).status_code == 200
    )
    assert PREVIEW_TEXT in exercise.view(AUTHOR), "the author sees their try in the preview"

    assert what_the_course_shows(exercise) == before, "no count, text, participant or session of the course changed"
    page_after = exercise.view("deltagare_0")
    assert PREVIEW_TEXT not in page_after
    assert page_after.count("sexmot-shared-text") == page_before.count("sexmot-shared-text")
    # The author's answers did not make the course's group big enough: the third learner's answer is still needed.
    assert not api.published_results(exercise.usage_id).participants
    assert (
        exercise.post("submit", submission(text=LEARNER_TEXTS[2], sharing="shared"), "deltagare_2").status_code == 200
    )
    assert api.published_results(exercise.usage_id).participants == 3
    assert PREVIEW_TEXT not in exercise.view("deltagare_0")
    # A session led in the preview is not one of the course's: its code finds nothing there.
    reply = exercise.post("session_document", {"code": code, "view": "page"}, "deltagare_0")
    assert reply.status_code == 404


def test_what_the_preview_writes_is_kept_under_the_preview_prefix(load_scenario, studio_preview_for_the_author):
    exercise = load_scenario(EXERCISE)
    assert exercise.post("submit", submission(text=PREVIEW_TEXT, sharing="shared"), AUTHOR).status_code == 200
    preview_key = PREVIEW_PREFIX + exercise.usage_id
    assert api.participant_count(preview_key) == 1
    assert pool_texts(block_key=preview_key) == [PREVIEW_TEXT]
    assert api.participant_count(exercise.usage_id) == 0
    assert not SharedText.objects.filter(block_key=exercise.usage_id).exists()


def test_the_operators_purge_clears_what_authors_tried_in_the_preview_and_nothing_of_the_course(
        load_scenario, studio_preview_for_the_author):
    exercise = load_scenario(EXERCISE)
    assert (
        exercise.post("submit", submission(text=LEARNER_TEXTS[0], sharing="shared"), "deltagare_0").status_code == 200
    )
    assert exercise.post("submit", submission(text=PREVIEW_TEXT, sharing="shared"), AUTHOR).status_code == 200
    assert exercise.post("start_session", {}, AUTHOR).status_code == 200
    before = what_the_course_shows(exercise)
    call_command("sexmot_purge_sessions")
    for model in (Contribution, ParticipantTally, StatementTally, SharedText, GroupSession):
        assert not model.objects.filter(block_key__startswith=PREVIEW_PREFIX).exists(), model.__name__
    assert not GroupSession.objects.exists()
    assert what_the_course_shows(exercise) == before


def test_an_authors_answer_to_the_about_work_step_in_the_preview_counts_nowhere_in_the_course(
        load_scenario, studio_preview_for_the_author, settings):
    settings.SEXMOT_REACH_THRESHOLD = 3
    step = load_scenario(AboutWorkXBlock.workbench_scenarios()[0][1])
    for learner in ("deltagare_0", "deltagare_1"):
        assert step.post("answer", {"target_group": "skola", "county": "M"}, learner).status_code == 200
    assert step.post("answer", {"target_group": "skola", "county": "M"}, AUTHOR).status_code == 200
    # Two learners and the author: had the author's try counted, the course's three would have released.
    assert step.get("report_json", "staff_reach").json()["released_on"] is None
    assert step.post("answer", {"target_group": "skola", "county": "M"}, "deltagare_2").status_code == 200
    report = step.get("report_json", "staff_reach").json()
    assert report["released_on"] is not None and report["tables"]["target_group"]["totals"][0] == 3
    assert ParticipantTally.objects.filter(block_key__startswith=PREVIEW_PREFIX).exists()
