"""The mobile apps' data: each block's ``student_view_data`` against its published JSON Schema.

The schemas (``<block package>/schemas/student_view_data.json``, described in
docs/mobile.md) are closed: any field they do not list is an error. So these
tests also guard the rule that the apps get content only, never a learner's
state and never what only course staff may see.
"""
import copy
import json
from importlib import resources

import jsonschema
import pytest
from workbench.runtime import WorkbenchRuntime

from devtools.preview.services import ANONYMOUS_VISITOR, anonymous_user_id
from reflection_xblock.block import ReflectionXBlock
from story_xblock.block import StoryXBlock
from tests.mobile_support import EXERCISE, STORY

SCHEMAS = {"sexmot_reflection": "reflection_xblock", "sexmot_story": "story_xblock"}
SECRET_TEXT = "Hemlig tanke 4711"
SHARED_TEXT = "Delad tanke 4712"


def schema_of(tag):
    """The block's schema as the installed package ships it."""
    path = resources.files(SCHEMAS[tag]) / "schemas" / "student_view_data.json"
    return json.loads(path.read_text(encoding="utf-8"))


def validator(tag):
    return jsonschema.Draft202012Validator(schema_of(tag), format_checker=jsonschema.FormatChecker())


def blocks_of(runtime, usage_id):
    """The block and its descendants, as (OLX tag, block) pairs."""
    block = runtime.get_block(usage_id)
    found = [(block.scope_ids.block_type, block)]
    for child_id in getattr(block, "children", []):
        found += blocks_of(runtime, child_id)
    return found


def assert_valid(runtime, usage_id):
    """Every sexmot block in the tree gives data that its schema accepts; returns how many were checked."""
    checked = 0
    for tag, block in blocks_of(runtime, usage_id):
        if tag in SCHEMAS:
            errors = [error.message for error in validator(tag).iter_errors(block.student_view_data())]
            assert errors == [], f"{tag}: {errors}"
            checked += 1
    return checked


@pytest.mark.parametrize("tag", sorted(SCHEMAS))
def test_each_schema_is_a_valid_draft_2020_12_schema_and_ships_in_the_package(tag):
    jsonschema.Draft202012Validator.check_schema(schema_of(tag))
    assert schema_of(tag)["additionalProperties"] is False


@pytest.mark.parametrize("block_class", [ReflectionXBlock, StoryXBlock], ids=["reflection", "story"])
def test_every_preview_scenario_gives_data_its_schema_accepts(load_scenario, test_film, block_class):
    checked = 0
    for _, xml in block_class.workbench_scenarios():
        checked += assert_valid(WorkbenchRuntime("student_1"), load_scenario(xml).usage_id)
    assert checked >= len(block_class.workbench_scenarios())


def test_the_examples_of_the_browser_tests_give_data_their_schemas_accept(load_scenario, test_film):
    assert assert_valid(WorkbenchRuntime("a"), load_scenario(EXERCISE).usage_id) == 1
    assert assert_valid(WorkbenchRuntime("a"), load_scenario(STORY).usage_id) == 2


def test_a_story_whose_film_cannot_play_still_fits_the_schema(load_scenario):
    preview = load_scenario(STORY.replace("sexmot-testfilm.mp4", "finns-inte.mp4")
                            .replace("sexmot-testfilm.webm", "finns-inte.webm"))
    assert_valid(WorkbenchRuntime("a"), preview.usage_id)


def learner_view_data(preview, student):
    """The data of the block and its children as ``student``'s runtime gives it, as one JSON text."""
    runtime = WorkbenchRuntime(student)
    return json.dumps([block.student_view_data() for _, block in blocks_of(runtime, preview.usage_id)],
                      ensure_ascii=False, sort_keys=True)


def test_no_learner_state_reaches_the_reflection_data(load_scenario):
    preview = load_scenario(EXERCISE)
    for student, text, sharing in (("lena", SECRET_TEXT, "private"), ("olle", SHARED_TEXT, "shared"),
                                   ("pia", "", "device"), ("staff_kim", "", "private")):
        reply = preview.post("submit", {"answers": {"s1": 1, "s2": 5}, "free_text": text, "sharing": sharing}, student)
        assert reply.status_code == 200, reply.content
    as_learner = learner_view_data(preview, "lena")
    assert as_learner == learner_view_data(preview, "olle") == learner_view_data(preview, "staff_kim")
    assert as_learner == learner_view_data(preview, ANONYMOUS_VISITOR)
    for learner_data in (SECRET_TEXT, SHARED_TEXT, "lena", "olle", anonymous_user_id("lena"), "withdraw",
                         "answers", "participants", "revision"):
        assert learner_data not in as_learner, learner_data


def test_no_progress_and_no_facilitator_hint_reach_the_story_data(load_scenario, test_film):
    preview = load_scenario(STORY)
    preview.post("progress", {"part": 3, "film_watched": 1.0, "film_time": 3.5, "transcript_opened": True}, "lena")
    as_learner = learner_view_data(preview, "lena")
    assert as_learner == learner_view_data(preview, "staff_kim") == learner_view_data(preview, ANONYMOUS_VISITOR)
    for hidden in ("Tecknen är skäl att fråga", "hint", "furthest", "film_watched", "film_time", "3.5",
                   "transcript_opened", "completed", "lena"):
        assert hidden not in as_learner, hidden


@pytest.mark.parametrize("tag, extra", [
    ("sexmot_reflection", {"answers": {"s1": 3}}),
    ("sexmot_reflection", {"free_text": SECRET_TEXT}),
    ("sexmot_story", {"furthest_part": 2}),
], ids=["answers", "free-text", "progress"])
def test_the_schemas_refuse_learner_state(load_scenario, test_film, tag, extra):
    preview = load_scenario(EXERCISE if tag == "sexmot_reflection" else STORY)
    data = WorkbenchRuntime("a").get_block(preview.usage_id).student_view_data()
    assert validator(tag).is_valid(data)
    assert not validator(tag).is_valid({**data, **extra})


def test_the_story_schema_refuses_a_facilitator_hint(load_scenario, test_film):
    data = WorkbenchRuntime("a").get_block(load_scenario(STORY).usage_id).student_view_data()
    with_hint = copy.deepcopy(data)
    with_hint["questions"][0]["hint"] = "Tecknen är skäl att fråga, inte bevis."
    assert not validator("sexmot_story").is_valid(with_hint)


def test_an_exercise_with_a_malformed_scale_gives_the_apps_the_five_labels_learners_see(load_scenario):
    preview = load_scenario(EXERCISE.replace(
        "<statement", "<scale><label>Nej</label><label>Kanske</label><label>Ja</label></scale><statement", 1))
    data = WorkbenchRuntime("a").get_block(preview.usage_id).student_view_data()
    assert validator("sexmot_reflection").is_valid(data)
    assert all(f"<span lang=\"sv\">{label}</span>" in preview.view("a") for label in data["scale_labels"])
