"""Every handler called as an anonymous visitor, a learner and course staff; refusals change nothing.

An anonymous visitor is modelled the way Open edX presents one to a block:
the workbench's ``unauth_handler`` URL runs the block for the user ``none``,
whom the preview's user service reports as not authenticated and without any
identifier (see ``tests/security_support.call``).
"""
import re
from pathlib import Path

import pytest
from django.test import Client

from reflection_xblock.block import ReflectionXBlock
from sexmot_xblocks.toolkit.handlers import ACTION_HANDLER
from story_xblock.block import StoryXBlock
from tests.handler_calls import action_body, action_path, json_actions
from tests.security_support import EXERCISE, ROLES, call, stored_state, submission

STUDIO_EDIT = {"values": {"display_name": "Nytt namn", "threshold": 4}, "defaults": []}
#: handler → (HTTP method, payload, expected status for anonymous, learner, staff)
REFLECTION_HANDLERS = {
    "submit": ("POST", submission(s1=2, s2=2, text="Ny text", sharing="shared"), (403, 200, 200)),
    "withdraw": ("POST", {}, (403, 200, 200)),
    "group_page": ("POST", {"page": 1}, (403, 200, 200)),
    "facilitator_page": ("POST", {"page": 1}, (403, 403, 200)),
    "export_csv": ("GET", None, (403, 403, 200)),
    "submit_studio_edits": ("POST", STUDIO_EDIT, (403, 403, 200)),
    # Any signed-in learner may lead a group session; a session's pages need its code (none here: 404).
    "start_session": ("POST", {}, (403, 200, 200)),
    "close_session": ("POST", {"code": "ABCDEF"}, (403, 404, 404)),
    # A session's pages are shells that read the code from their fragment (no plan here: no story step, 400) ...
    "session_page": ("GET", None, (403, 200, 200)),
    "session_projector": ("GET", None, (403, 200, 200)),
    "session_run_sheet": ("GET", None, (403, 200, 200)),
    "session_story": ("GET", None, (403, 400, 400)),
    # ... and ask for their view and the results with the code in a JSON body.
    "session_document": ("POST", {"code": "ABCDEF", "view": "page"}, (403, 404, 404)),
    "session_results": ("POST", {"code": "ABCDEF"}, (403, 404, 404)),
}


def handlers_of(block_class):
    """The block's handlers and JSON actions, each of which has a row; the one action handler is its actions' rows."""
    handlers = {
        name for name in dir(block_class) if getattr(getattr(block_class, name, None), "_is_xblock_handler", False)
    }
    return handlers - {ACTION_HANDLER} | json_actions(block_class)


def test_every_handler_of_the_reflection_block_has_a_row_in_the_role_matrix():
    assert handlers_of(ReflectionXBlock) == set(REFLECTION_HANDLERS)


@pytest.fixture
def group(load_scenario):
    """An exercise where the learner and the staff member have each shared a text, and the group is released."""
    preview = load_scenario(EXERCISE)
    for student in ("learner_role", "staff_role"):
        assert (
            call(preview, "submit", student, submission(text=f"Text av {student}", sharing="shared")).status_code == 200
        )
    assert call(preview, "submit", "other", submission()).status_code == 200
    return preview


@pytest.mark.parametrize("handler", sorted(REFLECTION_HANDLERS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_it_may_and_a_refusal_changes_nothing(group, handler, role):
    method, payload, expected = REFLECTION_HANDLERS[handler]
    before = stored_state()
    reply = call(group, handler, role, payload, method=method)
    assert reply.status_code == expected[ROLES.index(role)], reply.content
    if reply.status_code == 403:
        assert re.search(rb"staff|sign in|authors", reply.content)  # a message that says why
        assert stored_state() == before


def test_a_learner_sees_the_group_only_after_submitting(load_scenario):
    preview = load_scenario(EXERCISE)
    before = stored_state()
    reply = call(preview, "group_page", "newcomer", {"page": 1})
    assert reply.status_code == 403 and "submitted" in reply.json()["error"]
    assert stored_state() == before


def test_an_anonymous_visitor_sees_the_exercise_but_nothing_of_the_group(group):
    html = group.view("none")
    assert "sexmot-form" in html
    assert "Text av" not in html and "Facilitator view" not in html and "%" not in html.split("sexmot-results")[1]


@pytest.mark.parametrize("handler", [name for name, row in REFLECTION_HANDLERS.items() if row[0] == "POST"])
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(group, handler):
    strict = Client(enforce_csrf_checks=True)
    before = stored_state()
    for role in ("learner", "staff"):
        student = f"{role}_role"
        reply = strict.post(action_path(group.usage_id, handler, student),
                            action_body(handler, REFLECTION_HANDLERS[handler][1]), content_type="application/json")
        assert reply.status_code == 403
    assert stored_state() == before


@pytest.mark.parametrize("handler", sorted(REFLECTION_HANDLERS))
def test_the_wrong_method_is_refused_and_changes_nothing(group, handler):
    method = REFLECTION_HANDLERS[handler][0]
    before = stored_state()
    for role in ROLES:
        reply = call(group, handler, role, {}, method="POST" if method == "GET" else "GET")
        assert reply.status_code in (403, 405)
        reply = call(group, handler, role, {}, method="PUT")
        assert reply.status_code in (403, 405)
    assert stored_state() == before


@pytest.mark.parametrize("body", [
    "{}", "[]", '"submit"', '{"data": {"page": 1}}', '{"action": null}', '{"action": ["submit"]}',
    '{"action": "export_csv"}', '{"action": "session_page"}', '{"action": "submit_studio_edits", "data": {}}',
    '{"action": "__class__"}', '{"action": "_keep", "data": {}}', '{"action": "Submit", "data": {}}',
    '{"action": "withdraw", "data": {}, "user": "staff_role"}',
])
def test_the_one_action_handler_refuses_a_body_that_names_no_action_of_the_block(group, body):
    before = stored_state()
    for student in ("learner_role", "staff_role"):
        reply = group.client.post(f"/handler/{group.usage_id}/{ACTION_HANDLER}/?student={student}", body,
                                  content_type="application/json")
        assert reply.status_code == 400 and "names no action" in reply.json()["error"], (student, body)
    assert stored_state() == before


def test_a_staff_name_in_the_payload_or_the_suffix_grants_nothing(group):
    before = stored_state()
    for suffix in ("staff", "staff/export_csv", "../facilitator_page"):
        reply = group.client.post(action_path(group.usage_id, "facilitator_page", "learner_role", suffix),
                                  action_body("facilitator_page", {"page": 1}), content_type="application/json")
        assert reply.status_code in (403, 404)
    reply = call(group, "submit_studio_edits", "learner", {"values": {"threshold": 3}, "user": "staff"})
    assert reply.status_code == 403
    assert stored_state() == before


# --- The story block ---------------------------------------------------------------------------------------

STORY = (Path(__file__).parent.parent / "story_xblock" / "scenarios" / "text_only.xml").read_text(encoding="utf-8")
STORY_HANDLERS = {
    "progress": ("POST", {"part": 2}, (403, 200, 200)),
    "presentation": ("GET", None, (403, 403, 200)),
    "submit_studio_edits": ("POST", {"values": {"display_name": "Nytt namn"}, "defaults": []}, (403, 403, 200)),
}


def test_every_handler_of_the_story_block_has_a_row_in_the_role_matrix():
    assert handlers_of(StoryXBlock) == set(STORY_HANDLERS)


@pytest.mark.parametrize("role, handler", [(role, handler) for role in ROLES for handler in sorted(STORY_HANDLERS)])
def test_each_role_gets_exactly_what_it_may_from_the_story_and_a_refusal_changes_nothing(load_scenario, role, handler):
    story = load_scenario(STORY)
    method, payload, expected = STORY_HANDLERS[handler]
    before = stored_state()
    reply = call(story, handler, role, payload, method=method)
    assert reply.status_code == expected[ROLES.index(role)], reply.content[:200]
    if reply.status_code == 403:
        assert stored_state() == before


def test_the_story_shows_facilitator_hints_and_the_presentation_link_to_staff_only(load_scenario):
    story = load_scenario(STORY)
    hint = "En plats att sova på kan vara ersättning"
    assert hint in story.view("staff") and "presentation" in story.view("staff")
    for student in ("learner_role", "none"):
        html = story.view(student)
        assert hint not in html and "/presentation/" not in html
    assert hint not in str(story.block("learner_role").student_view_data())
