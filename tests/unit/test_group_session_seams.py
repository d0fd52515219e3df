"""The group sessions meet their exercise and the plan's stories through named surfaces (ADR 0030).

``reflection_xblock.session_seams`` names them; these tests hold both sides to them: the reflection and the
story block offer every member with the declared call, the sessions ask nothing else of their exercise, and
the exercise asks nothing of the sessions that they keep private. That the run sheet shows a real story's
questions through the seam is shown in the workbench by
``tests/test_group_sessions.py::test_a_learner_who_leads_gets_the_plans_stories_with_hints_and_presents_them_a_participant_never``.
"""
import ast
import inspect
import typing
from pathlib import Path

import pytest

from reflection_xblock import group_sessions
from reflection_xblock.block import ReflectionXBlock
from reflection_xblock.group_sessions import GroupSessionsMixin
from reflection_xblock.session_seams import ExerciseForSessions, StoryForRunSheet
from story_xblock.block import StoryXBlock
from tests.unit.plain_blocks import make_block

ROOT = Path(__file__).resolve().parents[2]


def protocol_members(protocol):
    """The members a protocol declares: its annotated attributes and its methods."""
    methods = {name for name, value in vars(protocol).items() if inspect.isfunction(value) and not name.startswith("_")}
    return set(typing.get_type_hints(protocol)) | methods, methods


def parameters(function):
    """A call's parameters as a caller sees them: names, kinds and defaults, ``self`` left out."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()][1:]


@pytest.mark.parametrize("block_class, protocol", [(ReflectionXBlock, ExerciseForSessions),
                                                   (StoryXBlock, StoryForRunSheet)])
def test_each_block_offers_every_member_of_its_surface_with_the_declared_call(block_class, protocol):
    members, methods = protocol_members(protocol)
    block = make_block(block_class)
    for name in members:
        assert hasattr(block, name), f"{block_class.__name__} lacks {name} of {protocol.__name__}"
    for name in methods:
        assert parameters(getattr(block_class, name)) == parameters(getattr(protocol, name)), name


def test_a_story_block_is_what_the_run_sheet_reads_and_the_exercise_is_not():
    assert isinstance(make_block(StoryXBlock, questions=[{"text": "Vad?", "hint": "Fråga."}]), StoryForRunSheet)
    assert not isinstance(make_block(ReflectionXBlock), StoryForRunSheet)


def self_attributes(path):
    """Every ``self.<name>`` the module at ``path`` reads, calls or sets."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.attr for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"}


def own_members(cls):
    return {name for name in vars(cls) if not name.startswith("__")}


def test_the_sessions_ask_nothing_of_their_exercise_but_its_surface():
    used = self_attributes(Path(group_sessions.__file__))
    allowed = own_members(GroupSessionsMixin) | protocol_members(ExerciseForSessions)[0]
    assert used - allowed == set()


def test_the_exercise_asks_nothing_of_the_sessions_that_they_keep_private():
    private_to_sessions = {name for name in own_members(GroupSessionsMixin) if name.startswith("_")}
    own_private = {name for name in vars(ReflectionXBlock) if name.startswith("_")}
    used = self_attributes(ROOT / "reflection_xblock" / "block.py")
    assert private_to_sessions, "the sessions keep helpers of their own"
    assert (used & private_to_sessions) - own_private == set()
