"""Contract: the reflection loads its plan's stories in a handler as the LMS loads a block for the current user.

A group session's run sheet and ``session_story`` (ADR 0017) ask ``self.runtime.get_block`` for the
story a plan names. What the LMS answers was read in edx-platform (now openedx/openedx-platform;
the stored versions read on 2026-12-05):

- ``lms/djangoapps/courseware/block_render.py`` (openedx-platform 95e29902):
  ``handle_xblock_callback`` -> ``_invoke_xblock_handler`` -> ``get_block_by_usage_id`` -> ``get_block_for_descriptor``,
  which prepares the course's runtime for the user (``prepare_runtime_for_user``: the user service, and
  ``runtime.get_block_for_descriptor = inner_get_block``), binds the block to the user (``bind_for_student``),
  then asks ``has_access(user, 'load', block, course_key)``: refused, it returns **None** (a block with
  ``has_access_error`` only when the handler is marked ``will_recheck_access`` and the refusal carries a
  message). ``_invoke_xblock_handler`` answers 404 when the handler's own block is None; any other
  exception becomes a 500.
- ``xmodule/x_module.py`` (openedx-platform df1af71d): ``ModuleStoreRuntime`` (``DescriptorSystem`` before
  openedx-platform#35523, 2024) ``.get_block`` is
  ``load_item(usage_id)`` and then ``get_block_for_descriptor(block)`` when set, catching nothing.
  ``XModuleMixin.get_children`` (mixed into every block, ``XBLOCK_MIXINS`` of the LMS) drops children
  that come back None, and ``get_child`` skips an ``ItemNotFoundError``. Before openedx-platform#31472
  (2023) the same contract came from ``ModuleSystem.get_block`` (edx-platform fd46956f).
- ``xmodule/modulestore/split_mongo/runtime.py`` (openedx-platform e57a655d):
  ``SplitModuleStoreRuntime._load_item`` -> ``get_module_data`` raises ``ItemNotFoundError(block_key)`` for a
  block that is not in the course's published structure.
- ``xmodule/modulestore/exceptions.py`` (edx-platform 25392be3): ``ItemNotFoundError`` is a plain ``Exception``.
- ``lms/djangoapps/courseware/access.py`` (openedx-platform 7daa33c9): ``_has_access_to_block``'s
  ``can_load``: group access, then course staff always, else ``visible_to_staff_only`` and the start date.
- ``xmodule/conditional_block.py`` (openedx-platform e57a655d), the platform's own block that loads other
  blocks: ``get_required_block_descriptors`` calls ``runtime.get_block`` inside ``except ItemNotFoundError``
  and treats a None as a block the user may not see.

The runtime below does the same with XBlock's own ``Runtime``, locators of edx-opaque-keys and the
platform's inheritable fields (``PlatformInheritableFields``); the reflection's real handlers run in it.
Group partitions, beta testers and masquerading are left out: they only change which users are refused.
"""
import datetime

import pytest
from django.utils import translation
from opaque_keys.edx.locator import CourseLocator
from webob import Request, Response
from xblock.core import XBlock, XBlockMixin
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.runtime import DictKeyValueStore, KvsFieldData, Runtime

from reflection_xblock.block import ReflectionXBlock
from sexmot_xblocks.toolkit.access import IS_AUTHENTICATED, USER_IS_STAFF
from tests.handler_calls import action_body, handler_for
from tests.test_group_sessions import CourseLocators
from tests.test_platform_olx import PlatformInheritableFields

COURSE = CourseLocator("Socialstyrelsen", "SMEV", "2026")
HINT = "Tecknen är skäl att fråga, inte bevis."
LEADER, PARTICIPANT, STAFF = 41, 42, 7  # the platform's user ids are numbers


class ItemNotFoundError(Exception):
    """``xmodule.modulestore.exceptions.ItemNotFoundError``: a plain ``Exception``, nothing of XBlock's."""


class HiddenBlock(XBlock):
    """``xmodule.hidden_block.HiddenBlock``, the modulestore's ``default_class`` in the LMS's ``MODULESTORE``
    options: what a block of a type the operator disabled (Django admin, XBlock configuration) loads as."""


class PlatformChildren(XBlockMixin):
    """``XModuleMixin.get_children``/``get_child``: a child the user may not load, or that is gone, is left out."""

    def get_children(self, usage_id_filter=None):
        return [child for child in super().get_children(usage_id_filter) if child is not None]

    def get_child(self, usage_id):
        try:
            return super().get_child(usage_id)
        except ItemNotFoundError:
            return None


class PublishedCourse:
    """The course as the split modulestore keeps it: its structure (which blocks exist) and their fields.

    Fields live in one key-value store, keyed by usage id (and by user for a learner's state), as the
    course's definitions and the courseware's student modules are; an author writes them without a user.
    """

    def __init__(self):
        self.structure = {}  # usage key -> block type
        self.kvs = DictKeyValueStore()
        self.disabled_xblock_types = set()

    def get_module_data(self, usage_key):
        """``SplitModuleStoreRuntime.get_module_data``: the block's type, ``ItemNotFoundError`` if it is not there."""
        if usage_key not in self.structure:
            raise ItemNotFoundError(usage_key)
        return self.structure[usage_key]

    def author(self, block_type, block_id, **fields):
        """Publish a block with ``fields`` (as Studio does) and return its usage key."""
        key = COURSE.make_usage_key(block_type, block_id)
        self.structure[key] = block_type
        block = LmsCourseRuntime(self).load_item(key)
        for name, value in fields.items():
            setattr(block, name, value)
        block.save()
        return key

    def remove(self, key):
        """Delete a block from the published course (or rename it: its old key is then gone too)."""
        del self.structure[key]


class PlatformUser:
    """A Django user as the LMS sees them in a handler: an id, course staff or not, signed in (``known``)."""

    def __init__(self, user_id, course_staff=False):
        self.id = user_id
        self.course_staff = course_staff
        self.known = True  # handle_xblock_callback: request.user.known = request.user.is_authenticated


class DjangoUserService(UserService):
    """``DjangoXBlockUserService`` as ``prepare_runtime_for_user`` builds it for ``user``."""

    def __init__(self, user):
        super().__init__()
        self.user = user

    def get_current_user(self):
        user = XBlockUser(is_current_user=True)
        user.opt_attrs.update({
            IS_AUTHENTICATED: True, USER_IS_STAFF: self.user.course_staff,
            "edx-platform.user_id": self.user.id, "edx-platform.anonymous_user_id": f"anon-{self.user.id}",
        })
        return user


class LmsCourseRuntime(Runtime):
    """``SplitModuleStoreRuntime`` on ``ModuleStoreRuntime``: one runtime for the course's blocks in a request."""

    def __init__(self, course):
        super().__init__(
            id_reader=CourseLocators(course.structure),
            id_generator=None,  # the LMS creates no blocks
            mixins=(PlatformInheritableFields, PlatformChildren),
            services={"field-data": KvsFieldData(course.kvs), "i18n": translation},
            default_class=HiddenBlock,
        )
        self.course = course
        self.get_block_for_descriptor = None  # set by prepare_runtime_for_user

    def load_block_type(self, block_type):
        """``ModuleStoreRuntime.load_block_type``: a disabled type loads as the default class."""
        if block_type in self.course.disabled_xblock_types:
            return self.default_class
        return super().load_block_type(block_type)

    def load_item(self, usage_id, for_parent=None):
        """``SplitModuleStoreRuntime._load_item``: the block from the structure, not bound to any user."""
        block_type = self.course.get_module_data(usage_id)
        return self.construct_xblock_from_class(
            self.load_block_type(block_type), ScopeIds(None, block_type, usage_id, usage_id), for_parent=for_parent)

    def get_block(self, usage_id, for_parent=None):
        """``ModuleStoreRuntime.get_block``: load, then bind and check access when the LMS prepared the runtime."""
        block = self.load_item(usage_id, for_parent=for_parent)
        if getattr(self, "get_block_for_descriptor", None):
            return self.get_block_for_descriptor(block)
        return block

    def handler_url(self, block, handler_name, suffix="", query="", thirdparty=False):
        """The LMS's ``xblock_handler`` address of a block in its course."""
        url = f"/courses/{COURSE}/xblock/{block.scope_ids.usage_id}/handler/{handler_name}/{suffix}"
        return f"{url}?{query}" if query else url

    def local_resource_url(self, block, uri):
        raise NotImplementedError

    def resource_url(self, resource):
        raise NotImplementedError

    def publish(self, block, event_type, event_data):
        """The LMS's event tracking; nothing here reads the events."""


def may_load(user, block):
    """``_has_access_to_block(user, 'load', block)``'s ``can_load``, without group partitions."""
    if user.course_staff:
        return True
    if block.visible_to_staff_only:
        return False
    return block.start is None or block.start <= datetime.datetime.now(datetime.UTC)


def prepare_runtime_for_user(user, runtime):
    """``prepare_runtime_for_user``: the user's services, and ``get_block`` bound to the user through the runtime."""
    runtime._services["user"] = DjangoUserService(user)  # noqa: SLF001  # as the platform does
    runtime.get_block_for_descriptor = lambda block: get_block_for_descriptor(user, block)


def get_block_for_descriptor(user, block):
    """``get_block_for_descriptor``: bind ``block`` to ``user``, then None if ``has_access`` refuses loading it.

    The refusals here (staff only, not started) carry no message for the learner, so even a handler marked
    ``will_recheck_access`` would get None for them.
    """
    if block.runtime.get_block_for_descriptor is None:
        prepare_runtime_for_user(user, block.runtime)
    block.scope_ids = block.scope_ids._replace(user_id=user.id)  # XModuleMixin.bind_for_student
    if getattr(user, "known", True) and not may_load(user, block):
        return None
    return block


def call_handler(course, user, usage_key, handler, query="", body=None):
    """``_invoke_xblock_handler``: the handler's block for ``user`` (404 when refused or gone), then its handler.

    Every other exception propagates, as it becomes a 500 in the LMS.
    """
    runtime = LmsCourseRuntime(course)
    try:
        block = runtime.load_item(usage_key)  # _get_block_by_usage_key
    except ItemNotFoundError:
        return Response(status=404)
    assert not getattr(getattr(block, handler), "will_recheck_access", False)  # so a refused block is None
    instance = get_block_for_descriptor(user, block)
    if instance is None:
        return Response(status=404)
    if body is None:
        request = Request.blank(f"/?{query}")
    else:
        request = Request.blank("/", method="POST", body=action_body(handler, body).encode("utf-8"))
        request.content_type = "application/json"
    return instance.handle(handler_for(handler), request)


QUESTIONS = [{"text": "Vad fick Sara att fråga Leo?", "hint": HINT}, {"text": "Hur hade du själv frågat?", "hint": ""}]


@pytest.fixture
def course(db):
    """A published course with a story, and a reflection whose plan names it, a story that is gone, and none."""
    published = PublishedCourse()
    published.story = published.author(
        "sexmot_story", "leo-15", display_name="Leo, 15", questions=QUESTIONS,
        parts=[{"heading": "Mötet", "text": "<p>Leo kommer till fritidsgården sent varje kväll.</p>"}])
    published.reflection = published.author(
        "sexmot_reflection", "grupp-leo", display_name="Säkerhet", threshold=3, group_sessions_enabled=True,
        statements=[{"id": "s1", "text": "Påstående ett"}],
        group_plan=[{"title": "Övning 1: Leo", "minutes": 15, "story": "leo-15"},
                    {"title": "Övning 2: borttagen", "minutes": 10, "story": "finns-inte"},
                    {"title": "Reflektionen", "minutes": 15, "reflection": True}])
    return published


def start_session(course, user_id=LEADER):
    reply = call_handler(course, PlatformUser(user_id), course.reflection, "start_session", body={})
    assert reply.status_code == 200, reply.body
    return reply.json["code"]


def run_sheet(course, code, user):
    """The run sheet as its page receives it for the code in the page's fragment."""
    reply = call_handler(course, user, course.reflection, "session_document", body={"code": code, "view": "run_sheet"})
    assert reply.status_code == 200, reply.body
    return reply.json["html"]


def presented(course, code, user, step=1):
    """A story of the plan as the leader's story page receives it for the code in its fragment."""
    return call_handler(course, user, course.reflection, "session_document",
                        body={"code": code, "view": "story", "step": step})


def test_a_learner_who_leads_gets_the_story_the_lms_loads_for_them_with_hints_and_presents_it(course):
    """Mirrors ``ModuleStoreRuntime.get_block`` -> ``get_block_for_descriptor`` (``block_render.py``): the story
    comes back bound to the leader, an ordinary learner, and ``session_story`` serves its presentation."""
    code = start_session(course)
    sheet = run_sheet(course, code, PlatformUser(LEADER))
    assert (
        sheet.index("Övning 1: Leo")
        < sheet.index('The story: <span lang="sv">Leo, 15</span>')
        < sheet.index("Övning 2")
    )
    assert "Vad fick Sara att fråga Leo?" in sheet and HINT in sheet
    assert f"/xblock/{course.reflection}/handler/session_story/?step=1#{code}" in sheet
    reply = presented(course, code, PlatformUser(LEADER))
    assert reply.status_code == 200
    page = reply.json["html"]
    assert "Leo kommer till fritidsgården" in page and HINT in page
    assert presented(course, code, PlatformUser(PARTICIPANT)).status_code == 404  # not the leader: nothing told


def test_a_story_missing_from_the_course_is_skipped_on_the_run_sheet_and_its_step_is_a_404(course):
    """Mirrors ``SplitModuleStoreRuntime.get_module_data``, which raises ``ItemNotFoundError`` through
    ``ModuleStoreRuntime.get_block`` for a block not in the published course (caught, as
    ``ConditionalBlock.get_required_block_descriptors`` does): a story renamed or deleted after the plan."""
    code = start_session(course)
    course.remove(course.story)
    sheet = run_sheet(course, code, PlatformUser(LEADER))
    assert sheet.count("cannot be shown here") == 2 and "sexmot-present-story" not in sheet
    assert "Övning 1: Leo" in sheet and "Reflektionen" in sheet  # the hour goes on
    for step in (1, 2):  # the removed story, and the plan's story that never existed
        assert presented(course, code, PlatformUser(LEADER), step).status_code == 404


@pytest.mark.parametrize("restriction", [
    {"visible_to_staff_only": True},
    {"start": datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)},
], ids=["staff-only", "not-yet-released"])
def test_a_story_the_leader_may_not_load_is_skipped_and_course_staff_still_present_it(course, restriction):
    """Mirrors ``get_block_for_descriptor`` returning None when ``has_access(user, 'load', …)`` refuses
    (``_has_access_to_block``'s ``can_load`` in ``courseware/access.py``): the leader's run sheet says the
    story cannot be shown and ``session_story`` answers 404; course staff pass ``can_load`` and get it."""
    code = start_session(course)
    course.author("sexmot_story", "leo-15", **restriction)
    sheet = run_sheet(course, code, PlatformUser(LEADER))
    assert HINT not in sheet and sheet.count("cannot be shown here") == 2
    assert presented(course, code, PlatformUser(LEADER)).status_code == 404
    staff = PlatformUser(STAFF, course_staff=True)
    assert HINT in run_sheet(course, code, staff)
    assert presented(course, code, staff).status_code == 200


def test_a_story_whose_type_the_operator_disabled_is_skipped_for_the_leader_and_for_staff(course):
    """Mirrors ``ModuleStoreRuntime.load_block_type`` (``x_module.py``): with ``sexmot_story`` disabled the story
    loads as the modulestore's ``HiddenBlock``, which anyone may load and which has no presentation."""
    code = start_session(course)
    course.disabled_xblock_types.add("sexmot_story")
    for user in (PlatformUser(LEADER), PlatformUser(STAFF, course_staff=True)):
        sheet = run_sheet(course, code, user)
        assert HINT not in sheet and sheet.count("cannot be shown here") == 2
        assert presented(course, code, user).status_code == 404


def test_a_child_the_leader_may_not_load_is_left_out_of_the_storys_presentation(course):
    """Mirrors ``XModuleMixin.get_children`` (``x_module.py``), which drops the children that
    ``get_block_for_descriptor`` refuses: the presentation shows the story without a staff-only child."""
    child = course.author("sexmot_reflection", "dold-barnreflektion", display_name="Dold barnreflektion",
                          visible_to_staff_only=True)
    course.author("sexmot_story", "leo-15", children=[child], child_after_part=[1])
    code = start_session(course)
    reply = presented(course, code, PlatformUser(LEADER))
    assert reply.status_code == 200
    assert "Leo kommer till fritidsgården" in reply.json["html"]
    assert "Dold barnreflektion" not in reply.json["html"]
    staff_page = presented(course, code, PlatformUser(STAFF, course_staff=True)).json["html"]
    assert "Dold barnreflektion" in staff_page


def test_the_runtime_of_this_contract_refuses_and_misses_as_the_platform_does(course):
    """Mirrors ``ModuleStoreRuntime.get_block`` itself, so the tests above run against the platform's answers:
    None for a refused block, ``ItemNotFoundError`` (not XBlock's ``NoSuchUsage``) for a missing one."""
    runtime = LmsCourseRuntime(course)
    prepare_runtime_for_user(PlatformUser(LEADER), runtime)
    assert runtime.get_block(course.story).scope_ids.user_id == LEADER
    course.author("sexmot_story", "leo-15", visible_to_staff_only=True)
    assert runtime.get_block(course.story) is None
    with pytest.raises(ItemNotFoundError):
        runtime.get_block(COURSE.make_usage_key("sexmot_story", "finns-inte"))
    assert isinstance(runtime.get_block(course.reflection), ReflectionXBlock)
