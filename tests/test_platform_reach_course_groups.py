"""Contract: the operator's one step reports the target groups the course's about-work step offers.

``manage.py lms sexmot_reach_report COURSE_ID --json FILE`` reads the course's ``sexmot_about_work``
blocks as edx-platform's own code reads a course's blocks of one type:
``xmodule.modulestore.django.modulestore().get_items(course_key, qualifiers={"category": ...})``
(``MixedModuleStore.get_items`` in ``xmodule/modulestore/mixed.py``, which hands the call to the store
holding the course: ``SplitMongoModuleStore.get_items`` matches ``category`` against each block's type
and, through ``_lookup_course``, raises ``xmodule.modulestore.exceptions.ItemNotFoundError`` for a
course it does not hold). The LMS's modules are put in place of the platform's here only, with that
procedure, over real ``sexmot_about_work`` blocks on a real XBlock runtime with opaque-key ids, as the
modulestore loads them. Completions come from the preview's stand-in for the certificates
(``SEXMOT_REACH_COMPLETED_LEARNERS``, as in ``tests/test_reach_completion.py``).
"""
import json
import re
import sys
import types

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from opaque_keys.edx.keys import CourseKey

from devtools.preview import completed_learners
from reflection_xblock.about_work.block import AboutWorkXBlock
from sexmot_xblocks.storage import answers, reach
from sexmot_xblocks.storage.reach_document import checked
from story_xblock.block import StoryXBlock
from tests.test_platform_mobile_assets import modulestore_block

COURSE = "course-v1:Socialstyrelsen+SMEBU+2026"
OTHER_COURSE = "course-v1:Socialstyrelsen+SMEVU+2026"
#: The course's target groups as its ``course.yaml`` gives them to the step: the order learners see.
OFFERED = [{"id": "skola", "label": "Skola"}, {"id": "hvb", "label": "HVB-hem"}, {"id": "annat", "label": "Annat"}]


class ItemNotFoundError(Exception):
    """``xmodule.modulestore.exceptions.ItemNotFoundError``."""


class CourseBlocks:
    """The modulestore's reading of a course's blocks: ``get_items`` as ``SplitMongoModuleStore`` answers it."""

    def __init__(self, blocks, courses):
        self.blocks, self.courses = blocks, courses

    def get_items(self, course_key, settings=None, content=None, qualifiers=None, **kwargs):
        if course_key not in self.courses:  # ``_lookup_course``
            raise ItemNotFoundError(course_key)
        category = (qualifiers or {}).get("category")
        return [block for block in self.blocks if block.scope_ids.usage_id.course_key == course_key
                and (category is None or block.scope_ids.block_type == category)]


@pytest.fixture
def platform_modulestore(monkeypatch):
    """The LMS's ``modulestore()`` over the blocks a test puts in ``blocks``; the course ``COURSE`` exists."""
    store = CourseBlocks([], {CourseKey.from_string(COURSE)})
    django_module = types.ModuleType("xmodule.modulestore.django")
    django_module.modulestore = lambda: store
    exceptions = types.ModuleType("xmodule.modulestore.exceptions")
    exceptions.ItemNotFoundError = ItemNotFoundError
    for name in ("xmodule", "xmodule.modulestore"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "xmodule.modulestore.django", django_module)
    monkeypatch.setitem(sys.modules, "xmodule.modulestore.exceptions", exceptions)
    return store.blocks


def about_work_step(course_id, block_id, target_groups):
    return modulestore_block(AboutWorkXBlock, CourseKey.from_string(course_id), block_id,
                             block_type="sexmot_about_work", target_groups=target_groups)


@pytest.fixture
def learners_who_answered(settings, monkeypatch):
    """Three learners of each group answered the step; those of school and care homes completed the course."""
    settings.SEXMOT_REACH_THRESHOLD = 3
    scope = reach.scope_key(COURSE)
    for learner, group in zip(range(11, 20), ("skola",) * 3 + ("hvb",) * 3 + ("annat",) * 3):
        reach.choose(scope, learner, group, "AB", keep=lambda record: None)
    monkeypatch.setitem(completed_learners.COMPLETED, COURSE, {11, 12, 13, 14, 15, 16})
    return scope


def completions_counted(scope):
    return any(key.startswith("completed:") for key in answers.statement_tallies(scope))


def rows(document):
    return [(row["id"], row["label"], row["counts"]) for row in document["tables"]["target_group"]["rows"]]


@pytest.mark.django_db
def test_one_step_reports_the_target_groups_the_course_offers_in_order_with_their_counts(
        platform_modulestore, learners_who_answered, tmp_path):
    platform_modulestore[:] = [
        modulestore_block(StoryXBlock, CourseKey.from_string(COURSE), "leo"),
        about_work_step(COURSE, "om-ditt-arbete", OFFERED),
        about_work_step(OTHER_COURSE, "om-ditt-arbete", [{"id": "polis", "label": "Polis"}]),
    ]
    out = tmp_path / "reach.json"
    call_command("sexmot_reach_report", COURSE, "--json", str(out))
    document = checked(json.loads(out.read_text(encoding="utf-8")))
    # Completed: nobody of "annat", hidden with the school's three (the first of equals), else the total would
    # tell; no discussion held, so that column's total is hidden too.
    assert rows(document) == [("skola", "Skola", [3, None, None]), ("hvb", "HVB-hem", [3, 3, None]),
                              ("annat", "Annat", [3, None, None])]
    assert document["tables"]["target_group"]["totals"] == [9, 6, None]


@pytest.mark.django_db
def test_the_report_is_the_same_from_every_step_of_a_course_that_offers_the_same_groups(
        platform_modulestore, learners_who_answered, tmp_path):
    platform_modulestore[:] = [about_work_step(COURSE, "webbutbildning", OFFERED),
                               about_work_step(COURSE, "gruppträff", OFFERED)]
    out = tmp_path / "reach.json"
    call_command("sexmot_reach_report", COURSE, "--json", str(out))
    assert [row[0] for row in rows(json.loads(out.read_text(encoding="utf-8")))] == ["skola", "hvb", "annat"]


@pytest.mark.django_db
@pytest.mark.parametrize(("steps", "message"), [
    ([], "has no about-work step"),
    ([("webbutbildning", OFFERED), ("gruppträff", OFFERED[:2])], "2 about-work steps that offer different"),
    ([("webbutbildning", [{"id": "skola"}])], "target group 1 has no text id and label"),
    ([("webbutbildning", [])], "offers no target groups"),
])
def test_a_course_whose_steps_name_no_clear_groups_is_refused_and_nothing_changes(
        platform_modulestore, learners_who_answered, tmp_path, steps, message):
    platform_modulestore[:] = [about_work_step(COURSE, block_id, groups) for block_id, groups in steps]
    out = tmp_path / "reach.json"
    with pytest.raises(CommandError, match=message):
        call_command("sexmot_reach_report", COURSE, "--json", str(out))
    assert not out.exists() and not completions_counted(learners_who_answered)


@pytest.mark.django_db
@pytest.mark.parametrize(("course_id", "message"), [
    (OTHER_COURSE, re.escape(f"The LMS has no course {OTHER_COURSE}.")),
    ("SMEBU-2026", "is not a course id"),
])
def test_a_course_the_lms_does_not_hold_is_refused(platform_modulestore, tmp_path, course_id, message):
    out = tmp_path / "reach.json"
    with pytest.raises(CommandError, match=message):
        call_command("sexmot_reach_report", course_id, "--json", str(out))
    assert not out.exists()


@pytest.mark.django_db
def test_named_groups_stand_in_for_the_steps(platform_modulestore, learners_who_answered, tmp_path):
    platform_modulestore[:] = [about_work_step(COURSE, "om-ditt-arbete", OFFERED)]
    out = tmp_path / "reach.json"
    call_command("sexmot_reach_report", COURSE, "--json", str(out), "--target-group", "hvb=HVB",
                 "--target-group", "skola = Skola och elevhälsa")
    assert [row[:2] for row in rows(json.loads(out.read_text(encoding="utf-8")))] == [
        ("hvb", "HVB"), ("skola", "Skola och elevhälsa")]


@pytest.mark.django_db
@pytest.mark.parametrize(("items", "message"), [
    (["skola=Skola", "hvb"], "--target-group 'hvb' is not ID=LABEL"),
    (["=Skola"], "--target-group '=Skola' is not ID=LABEL"),
    (["skola= "], "--target-group 'skola= ' is not ID=LABEL"),
    (["skola=Skola", "skola=Skolan"], "names the target group\\(s\\) skola more than once"),
])
def test_a_malformed_group_item_is_refused_naming_it_and_nothing_changes(learners_who_answered, tmp_path, items,
                                                                        message):
    out = tmp_path / "reach.json"
    arguments = [argument for item in items for argument in ("--target-group", item)]
    with pytest.raises(CommandError, match=message):
        call_command("sexmot_reach_report", COURSE, "--json", str(out), *arguments)
    assert not out.exists() and not completions_counted(learners_who_answered)


@pytest.mark.django_db
def test_without_a_modulestore_or_named_groups_the_command_says_how_to_name_them(
        learners_who_answered, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "xmodule.modulestore.django", None)  # not importable, as in the preview
    out = tmp_path / "reach.json"
    with pytest.raises(CommandError, match="name each target group with --target-group ID=LABEL"):
        call_command("sexmot_reach_report", COURSE, "--json", str(out))
    assert not out.exists() and not completions_counted(learners_who_answered)
