"""Course staff who view the course as a specific learner see nothing of that learner's and write nothing for them.

The LMS binds the block to the learner being viewed as while the request's
user stays the staff member: ``get_block_by_usage_id`` calls
``setup_masquerade`` (``lms/djangoapps/courseware/masquerade.py``), which puts
the session's ``masquerade_settings`` on ``request.user`` and returns the
learner, for whom ``get_block_for_descriptor``
(``lms/djangoapps/courseware/block_render.py``) binds the block. The workbench
has no masquerade; these tests replay that procedure on its runtime: a staff
member signed in to Django, carrying ``masquerade_settings`` for the course with
the learner's ``user_name``, and the block bound to the learner.
"""
import crum
import pytest
from django.contrib.auth.models import User
from django.test import Client
from opaque_keys.edx.locator import CourseLocator
from xblock.runtime import DictKeyValueStore, KvsFieldData
from xblock.test.tools import TestRuntime

from reflection_xblock.about_work.block import AboutWorkXBlock
from reflection_xblock.block import ReflectionXBlock
from sexmot_xblocks.toolkit.access import ACTING_AS_ANOTHER, acts_as_another
from tests.handler_calls import action_body, action_path
from tests.security_support import EXERCISE, stored_state, submission
from tests.test_group_sessions import CourseLocators

MASQUERADE_USER_NAME = "test_masquerade_user_name"
LEARNER = "elev_maskerad"
STAFF = "kursansvarig"
PRIVATE_TEXT = "Min egen tanke som ingen annan ska läsa"
SHARED_TEXT = "Min delade tanke utan namn"
STORY = """
<sexmot_story display_name="Berättelse">
  <part heading="Del ett"><p>Ett.</p></part>
  <part heading="Del två"><p>Två.</p></part>
</sexmot_story>
"""


class CourseMasquerade:
    """The attributes of edx-platform's ``CourseMasquerade`` (``courseware/masquerade.py``) that name whom staff
    view as."""

    def __init__(self, course_key, role="student", user_partition_id=None, group_id=None, user_name=None):
        self.course_key = course_key
        self.role = role
        self.user_partition_id = user_partition_id
        self.group_id = group_id
        self.user_name = user_name


class SetupMasquerade:
    """Middleware doing for every request what ``setup_masquerade`` does for a course's staff member.

    The platform keeps the masquerade in the Django session (``MASQUERADE_SETTINGS_KEY``) and puts it on
    ``request.user.masquerade_settings``; here the session names the learner viewed as.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user_name = request.session.get(MASQUERADE_USER_NAME)
        if request.user.is_authenticated and user_name:
            # The workbench's blocks belong to no course (their usage ids are strings): the masquerade is kept under
            # the course key they have, None; on the platform, under the course's key (see the last test).
            request.user.masquerade_settings = {None: CourseMasquerade(None, user_name=user_name)}
        return self.get_response(request)


@pytest.fixture
def signed_in_staff(settings, db):
    """Django clients signed in as a course's staff member: ``viewing_as(learner)`` sets up the masquerade."""
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.test_platform_masquerade.SetupMasquerade"]
    staff = User.objects.create_user(STAFF, is_staff=True)

    def viewing_as(user_name=None):
        client = Client()
        client.force_login(staff)
        if user_name:
            session = client.session
            session[MASQUERADE_USER_NAME] = user_name
            session.save()
        return client

    return viewing_as


@pytest.fixture
def staff_viewing_as_learner(signed_in_staff):
    return signed_in_staff(LEARNER)


def handler_path(preview, handler, student=LEARNER, query=""):
    return f"/handler/{preview.usage_id}/{handler}/?student={student}{query}"


def test_staff_viewing_as_a_learner_read_a_notice_and_nothing_of_the_learners(load_scenario, signed_in_staff):
    staff_viewing_as_learner = signed_in_staff(LEARNER)
    exercise = load_scenario(EXERCISE)
    assert (
        exercise.post("submit", submission(s1=2, s2=4, text=PRIVATE_TEXT, sharing="private"), LEARNER).status_code
        == 200
    )
    assert PRIVATE_TEXT in exercise.view(LEARNER)  # the learner reads their own text

    page = staff_viewing_as_learner.get(f"/view/{exercise.name}/?student={LEARNER}").content.decode("utf-8")
    assert ACTING_AS_ANOTHER.split(".")[0] in page
    assert PRIVATE_TEXT not in page
    assert "<form" not in page and "checked" not in page, "no form, no answer of the learner's"

    own = signed_in_staff().get(f"/view/{exercise.name}/?student={STAFF}").content.decode("utf-8")
    assert "<form" in own and ACTING_AS_ANOTHER.split(".")[0] not in own  # as themselves, staff get the exercise


@pytest.mark.parametrize("handler, payload", [
    ("submit", submission(s1=5, s2=5, text="Skrivet av någon annan", sharing="shared")),
    ("withdraw", {}),
    ("group_page", {"page": 1}),
    ("facilitator_page", {"page": 1}),
    ("start_session", {}),
])
def test_every_learner_handler_refuses_staff_acting_as_the_learner_and_changes_nothing(
        load_scenario, staff_viewing_as_learner, handler, payload):
    exercise = load_scenario(EXERCISE)
    assert exercise.post("submit", submission(text=SHARED_TEXT, sharing="shared"), LEARNER).status_code == 200
    before = stored_state()
    reply = staff_viewing_as_learner.post(
        action_path(exercise.usage_id, handler, LEARNER), action_body(handler, payload), content_type="application/json"
    )
    assert reply.status_code == 403, (handler, reply.status_code)
    assert reply.json()["error"] == ACTING_AS_ANOTHER
    assert SHARED_TEXT not in reply.content.decode("utf-8")
    assert stored_state() == before


def test_a_session_and_its_pages_refuse_staff_acting_as_its_leader(load_scenario, staff_viewing_as_learner):
    exercise = load_scenario(EXERCISE)
    assert exercise.post("submit", submission(text=PRIVATE_TEXT, sharing="private"), LEARNER).status_code == 200
    code = exercise.post("start_session", {}, LEARNER).json()["code"]
    before = stored_state()
    for handler in ("session_page", "session_projector", "session_run_sheet"):
        reply = staff_viewing_as_learner.get(handler_path(exercise, handler))
        assert reply.status_code == 403, handler
    for action, payload in (("session_document", {"code": code, "view": "page"}),
                            ("session_document", {"code": code, "view": "projector"}),
                            ("session_results", {"code": code}), ("close_session", {"code": code})):
        reply = staff_viewing_as_learner.post(action_path(exercise.usage_id, action, LEARNER),
                                              action_body(action, payload), content_type="application/json")
        assert reply.status_code == 403, (action, payload)
        assert PRIVATE_TEXT not in reply.content.decode("utf-8")
    assert stored_state() == before


def test_the_story_records_no_progress_for_staff_acting_as_the_learner(load_scenario, staff_viewing_as_learner):
    story = load_scenario(STORY)
    before = stored_state()
    reply = staff_viewing_as_learner.post(
        action_path(story.usage_id, "progress", LEARNER),
        action_body("progress", {"part": 2}),
        content_type="application/json",
    )
    assert reply.status_code == 403 and reply.json()["error"] == ACTING_AS_ANOTHER
    assert stored_state() == before


def test_a_masquerade_is_recognised_by_the_platforms_settings_for_the_blocks_course():
    """Mirrors ``is_masquerading_as_specific_student(user, course_key)``: a masquerade of the block's course with a
    ``user_name``; a masquerade of another course, or as a role or a group without a learner, is none."""
    course = CourseLocator("Socialstyrelsen", "SMEV", "2026")
    usage_key = course.make_usage_key("sexmot_reflection", "reflektion")
    runtime = TestRuntime(id_reader=CourseLocators({usage_key: "sexmot_reflection"}),
                          services={"field-data": KvsFieldData(DictKeyValueStore())})
    block = runtime.get_block(usage_key)
    assert isinstance(block, ReflectionXBlock)
    staff = User(username=STAFF)
    cases = {
        course: (CourseMasquerade(course, user_name=LEARNER), True),
        CourseLocator("Socialstyrelsen", "ANNAN", "2026"): (CourseMasquerade(course, user_name=LEARNER), False),
    }
    for key, (masquerade, expected) in cases.items():
        staff.masquerade_settings = {key: masquerade}
        with crum.impersonate(staff):
            assert acts_as_another(block) is expected, key
    for as_role in (
        CourseMasquerade(course, role="student"),
        CourseMasquerade(course, group_id=2, user_partition_id=50),
    ):
        staff.masquerade_settings = {course: as_role}
        with crum.impersonate(staff):
            assert acts_as_another(block) is False


def test_the_about_work_step_shows_staff_acting_as_the_learner_nothing_of_theirs_and_takes_no_answer(
        load_scenario, staff_viewing_as_learner):
    step = load_scenario(AboutWorkXBlock.workbench_scenarios()[0][1])
    assert step.post("answer", {"target_group": "skola", "county": "M"}, LEARNER).status_code == 200
    before = stored_state()
    page = staff_viewing_as_learner.get(f"/view/{step.name}/?student={LEARNER}").content.decode("utf-8")
    assert ACTING_AS_ANOTHER.split(".")[0] in page
    assert "checked" not in page and "selected" not in page, "nothing of the learner's choice"
    reply = staff_viewing_as_learner.post(action_path(step.usage_id, "answer", LEARNER),
                                          action_body("answer", {"target_group": "socialtjanst", "county": "AB"}),
                                          content_type="application/json")
    assert reply.status_code == 403 and reply.json()["error"] == ACTING_AS_ANOTHER
    assert stored_state() == before
