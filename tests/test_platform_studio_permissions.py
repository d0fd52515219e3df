"""Contract: Studio's save button works for the course's authors on Ulmo, on Verawood and after.

Studio gives an XBlock's handlers the services of
``cms/djangoapps/contentstore/utils.py::load_services_for_studio``: a user service
built from the Django user alone (no course role, so ``user_is_staff`` is False) and
``studio_user_permissions``, an ``openedx/core/djangoapps/content/services.py::StudioPermissionsService``.
Which questions that service answers depends on the release:

- Ulmo: ``can_read`` and ``can_write`` (``has_studio_read_access``/``has_studio_write_access``);
- the code after Ulmo adds ``can_edit_content`` and friends (openedx-authz permissions with the
  legacy course roles as fallback) and marks ``can_write`` deprecated with a ``DeprecationWarning``
  (openedx-platform#37409), which announces its removal.

The services below answer as each of those shapes does for a course author and for a
user without Studio access; the save goes through the block's real handler in a real
XBlock runtime, so a check the service no longer answers shows as a 403 or a 500.
"""
import json
import warnings

import pytest
from django.utils import translation
from opaque_keys.edx.locator import BlockUsageLocator, CourseLocator
from webob import Request
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.reference.user_service import UserService, XBlockUser
from xblock.test.tools import TestRuntime

from reflection_xblock.block import ReflectionXBlock
from sexmot_xblocks.toolkit.access import IS_AUTHENTICATED, USER_IS_STAFF
from story_xblock.block import StoryXBlock

COURSE = CourseLocator("sexmot", "SMEV", "2026")


class StudioUserService(UserService):
    """``DjangoXBlockUserService(user)`` as Studio builds it: signed in, no course role given."""

    def get_current_user(self):
        user = XBlockUser(is_current_user=True)
        user.opt_attrs.update({IS_AUTHENTICATED: True, USER_IS_STAFF: False})
        return user


class UlmoPermissions:
    """Ulmo's ``StudioPermissionsService``: ``can_read``/``can_write`` only."""

    def __init__(self, author_of):
        self.author_of = author_of

    def can_read(self, context_key):
        return context_key in self.author_of

    def can_write(self, context_key):
        return context_key in self.author_of


class DeprecatingPermissions(UlmoPermissions):
    """The service after Ulmo: ``can_edit_content`` and the rest, ``can_write`` warning that it will go."""

    def can_edit_content(self, context_key):
        return context_key in self.author_of

    def can_write(self, context_key):
        warnings.warn("can_write is deprecated. Use a more specific permission", DeprecationWarning, stacklevel=2)
        return super().can_write(context_key)


class PermissionsWithoutCanWrite:
    """The service once openedx-platform#37409 is done: ``can_write`` gone."""

    def __init__(self, author_of):
        self.author_of = author_of

    def can_read_content(self, context_key):
        return context_key in self.author_of

    def can_edit_content(self, context_key):
        return context_key in self.author_of


SHAPES = [UlmoPermissions, DeprecatingPermissions, PermissionsWithoutCanWrite]
EDITS = {ReflectionXBlock: ("sexmot_reflection", "display_name"), StoryXBlock: ("sexmot_story", "display_name")}


def studio_block(block_class, permissions):
    """The block in a runtime with the services ``load_services_for_studio`` gives."""
    tag, _field = EDITS[block_class]
    runtime = TestRuntime(services={
        "i18n": translation, "field-data": DictFieldData({}), "user": StudioUserService(),
        "studio_user_permissions": permissions,
    })
    usage_id = BlockUsageLocator(COURSE, tag, "edited")
    return runtime.construct_xblock_from_class(block_class, ScopeIds("author", tag, usage_id, usage_id))


def save(block, values):
    """Studio's save: a JSON POST to the block's ``submit_studio_edits`` handler."""
    request = Request.blank("/", method="POST", body=json.dumps({"values": values}).encode("utf-8"))
    request.content_type = "application/json"
    return block.handle("submit_studio_edits", request)


@pytest.fixture(autouse=True)
def deprecations_are_errors():
    """A deprecated call fails the test, as it fails the release that removes it."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        yield


@pytest.mark.parametrize("block_class", list(EDITS), ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda cls: cls.__name__)
def test_a_course_author_saves_on_every_release(shape, block_class):
    block = studio_block(block_class, shape(author_of={COURSE}))
    response = save(block, {"display_name": "Ny titel"})
    assert response.status_code == 200, response.body
    assert block.display_name == "Ny titel"


@pytest.mark.parametrize("block_class", list(EDITS), ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("shape", SHAPES, ids=lambda cls: cls.__name__)
def test_someone_without_studio_access_is_refused_and_nothing_changes(shape, block_class):
    block = studio_block(block_class, shape(author_of=set()))
    before = block.display_name
    response = save(block, {"display_name": "Ny titel"})
    assert response.status_code == 403
    assert block.display_name == before


@pytest.mark.parametrize("block_class", list(EDITS), ids=lambda cls: cls.__name__)
def test_without_studio_s_permissions_service_only_course_staff_may_save(block_class):
    """The LMS has no ``studio_user_permissions``: the signed-in user of Studio's user service is no course staff."""
    block = studio_block(block_class, None)
    before = block.display_name
    response = save(block, {"display_name": "Ny titel"})
    assert response.status_code == 403
    assert block.display_name == before


class AuthzOnlyPermissions(DeprecatingPermissions):
    """``can_edit_content`` in its other shape upstream (as Verawood may ship it): openedx-authz's roles only.

    An author who holds only a course role (``author_of``) is refused by it, while the deprecated
    ``can_write`` (``has_studio_write_access``, the course roles) still lets them in.
    """

    def __init__(self, author_of, authz_authors_of=()):
        super().__init__(author_of)
        self.authz_authors_of = set(authz_authors_of)

    def can_edit_content(self, context_key):
        return context_key in self.authz_authors_of


class CourseStaffUserService(UserService):
    """A user service that names the user course staff (``user_is_staff``), as the LMS's does for a course's staff."""

    def get_current_user(self):
        user = XBlockUser(is_current_user=True)
        user.opt_attrs.update({IS_AUTHENTICATED: True, USER_IS_STAFF: True})
        return user


@pytest.mark.parametrize("block_class", list(EDITS), ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("permissions", [
    AuthzOnlyPermissions(author_of={COURSE}),  # a course role only: the authz-only check says no, can_write yes
    AuthzOnlyPermissions(author_of=set(), authz_authors_of={COURSE}),  # an openedx-authz role only
], ids=["course-role-author", "authz-author"])
def test_an_author_either_shape_of_can_edit_content_or_can_write_lets_in_saves(block_class, permissions):
    block = studio_block(block_class, permissions)
    response = save(block, {"display_name": "Ny titel"})
    assert response.status_code == 200, response.body
    assert block.display_name == "Ny titel"


@pytest.mark.parametrize("block_class", list(EDITS), ids=lambda cls: cls.__name__)
def test_with_the_authz_only_shape_someone_with_neither_role_is_refused(block_class):
    block = studio_block(block_class, AuthzOnlyPermissions(author_of=set()))
    before = block.display_name
    assert save(block, {"display_name": "Ny titel"}).status_code == 403
    assert block.display_name == before


@pytest.mark.parametrize("block_class", list(EDITS), ids=lambda cls: cls.__name__)
def test_course_staff_save_even_where_studio_s_checks_say_no(block_class):
    block = studio_block(block_class, AuthzOnlyPermissions(author_of=set()))
    block.runtime._services["user"] = CourseStaffUserService()  # noqa: SLF001
    assert save(block, {"display_name": "Ny titel"}).status_code == 200
    assert block.display_name == "Ny titel"
