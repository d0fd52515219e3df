"""Contract tests: the blocks' OLX as Open edX's own procedures meet it (Studio's clipboard, the platform's fields).

Each procedure is reproduced from edx-platform and runs against the real XBlock runtime of the SDK
workbench; the docstrings name the platform code each one mirrors. It was read in edx-platform's
current code, not per release tag; an older version of ``_import_xml_node_to_parent`` (taking a
``user_id``) treats children the same way.
"""
import json
import re

import pytest
from lxml import etree
from workbench.runtime import ScenarioIdManager, WorkbenchRuntime
from xblock.core import XBlockMixin
from xblock.fields import Boolean, DateTime, Dict, Scope, ScopeIds
from xblock.runtime import DictKeyValueStore, KvsFieldData, Mixologist

from tests.test_story_block import REFLECTION, story


class PlatformInheritableFields(XBlockMixin):
    """The platform's inherited settings that matter to our blocks, as ``InheritableFieldsMixin`` declares them.

    Reproduced from ``xmodule/modulestore/inheritance.py`` (same names, types, scopes and
    defaults; the platform's ``Date`` is XBlock's ``DateTime`` here). Open edX mixes them into
    every block of a course.
    """

    graded = Boolean(scope=Scope.settings, default=False)
    start = DateTime(scope=Scope.settings)
    due = DateTime(scope=Scope.settings)
    visible_to_staff_only = Boolean(scope=Scope.settings, default=False)
    group_access = Dict(scope=Scope.settings)
    hide_from_toc = Boolean(scope=Scope.settings, default=False)


class InheritingFieldData(KvsFieldData):
    """A field's default on a block is the value set on its nearest ancestor, for the inheritable names.

    Mirrors ``InheritingFieldData.default`` in ``xmodule/modulestore/inheritance.py``, the field
    data of the LMS and Studio.
    """

    def default(self, block, name):
        if name in PlatformInheritableFields.fields:
            field = block.fields[name]
            ancestor = block.get_parent()
            while ancestor is not None:
                if field.is_set_on(ancestor):
                    return field.read_json(ancestor)
                ancestor = ancestor.get_parent()
        return super().default(block, name)


@pytest.fixture
def platform():
    """The workbench runtime with the platform's inherited fields mixed in and inheriting defaults."""
    runtime = WorkbenchRuntime("author")
    runtime.mixologist = Mixologist([PlatformInheritableFields])
    runtime._services["field-data"] = InheritingFieldData(DictKeyValueStore())  # noqa: SLF001
    runtime.id_reader = runtime.id_generator = ScenarioIdManager()
    runtime.id_generator.set_scenario("platform")
    return runtime


def export(runtime, block):
    """Course export of a block: the runtime asks it for its node (``add_block_as_child_node``)."""
    root = etree.Element("root")
    runtime.add_block_as_child_node(block, root)
    return root[0]


def clipboard_copy(block):
    """Studio's "Copy": the OLX the clipboard keeps of ``block`` and its children.

    Mirrors ``XBlockSerializer._serialize_normal_block`` and ``_serialize_children`` in
    ``openedx/core/lib/xblock_serializer/block_serializer.py``: a block with children writes
    itself with its children taken away for the moment, then each child is appended.
    """
    return etree.tostring(_serialized(block), encoding="unicode")


def _serialized(block):
    node = etree.Element("root")  # add_xml_to_node renames it
    if not block.has_children:
        block.add_xml_to_node(node)
    else:
        children = block.children
        block.children = []
        block.add_xml_to_node(node)
        block.children = children
        for child in block.get_children():
            node.append(_serialized(child))
    return node


def clipboard_paste(runtime, node, parent):
    """Studio's "Paste": import the clipboard's OLX ``node`` as a new child of ``parent``.

    Mirrors ``_import_xml_node_to_parent`` in ``cms/djangoapps/contentstore/helpers.py``: a block
    without children parses the whole node; a block with children parses an element holding only
    the node's attributes, and every child element is then pasted, in turn, as a block.
    """
    block_class = runtime.load_block_type(node.tag)
    def_id = runtime.id_generator.create_definition(node.tag)
    keys = ScopeIds(None, node.tag, def_id, runtime.id_generator.create_usage(def_id))
    if not block_class.has_children:
        block, child_nodes = block_class.parse_xml(node, runtime, keys), []
    else:
        block, child_nodes = block_class.parse_xml(etree.Element(node.tag, **node.attrib), runtime, keys), list(node)
        assert not block.children, "We don't yet support pasting XBlocks with children"
    block.parent = parent.scope_ids.usage_id
    block.save()
    parent.children.append(block.scope_ids.usage_id)
    parent.save()
    for child_node in child_nodes:
        clipboard_paste(runtime, child_node, block)
    return block


def parse(runtime, xml):
    return runtime.get_block(runtime.parse_xml_string(xml))


STORY_FIELDS = ("display_name", "intro", "parts", "film_sources", "caption_tracks", "film_poster", "transcript",
                "film_position", "film_after_part", "completion_share", "questions", "child_after_part",
                "described_film_sources", "description_tracks", "sign_language_sources")


# --- Item 2: Studio's copy and paste ---------------------------------------------------------------

@pytest.mark.parametrize("child_after", [0, 2])
def test_a_story_copied_and_pasted_in_studio_keeps_its_content_and_its_exercises_in_place(platform, child_after):
    original = parse(platform, story(attributes='film_position="between" film_after_part="2"', child_after=child_after))
    unit = parse(platform, "<vertical_demo/>")
    copied = clipboard_copy(original)
    assert {element.tag for element in etree.fromstring(copied)} == {"sexmot_reflection"}  # nothing else is pasted
    pasted = clipboard_paste(platform, etree.fromstring(copied), unit)
    for name in STORY_FIELDS:
        assert getattr(pasted, name) == getattr(original, name), name
    assert [platform.get_block(child).display_name for child in pasted.children] == ["Barnreflektion"]
    assert pasted.student_view_data()["order"] == [
        {**item, "id": str(pasted.children[0])} if item["kind"] == "child" else item
        for item in original.student_view_data()["order"]
    ]


def clipboard_files(olx_text):
    """The course files the clipboard carries along with copied OLX.

    Mirrors ``collect_assets_from_text`` in ``openedx/core/lib/xblock_serializer/utils.py``: ``&quot;``
    becomes ``"``, then every quoted ``/static/…`` address (``replace_static_urls``) names a file.
    """
    return sorted(set(re.findall(r"""(?P<quote>["'])/static/(?P<name>[^"'?#]+)(?P=quote)""",
                                 olx_text.replace("&quot;", '"'))), key=lambda match: match[1])


def test_a_copied_storys_film_files_go_along_to_the_other_course(platform):
    copied = clipboard_copy(parse(platform, story()))
    assert [name for _, name in clipboard_files(copied)] == [
        "sexmot-testfilm-poster.png", "sexmot-testfilm.mp4", "sexmot-testfilm.sv.vtt", "sexmot-testfilm.webm"]


def test_a_reflection_copied_and_pasted_in_studio_keeps_its_content(platform):
    original = parse(platform, REFLECTION.replace('threshold="3"', 'threshold="4" participation_scored="true"'))
    unit = parse(platform, "<vertical_demo/>")
    pasted = clipboard_paste(platform, etree.fromstring(clipboard_copy(original)), unit)
    for name in ("display_name", "prompt", "statements", "free_text_prompt", "threshold", "participation_scored"):
        assert getattr(pasted, name) == getattr(original, name), name


# --- Item 4: the platform's settings on our blocks -------------------------------------------------

PLATFORM_SETTINGS = {
    "visible_to_staff_only": "true",
    "group_access": '{"50": [1, 2]}',
    "start": "2027-01-04T08:00:00",
    "due": "2027-02-01T23:00:00",
    "hide_from_toc": "true",
}


def with_platform_settings(xml, tag):
    attributes = " ".join(f"{name}='{value}'" for name, value in PLATFORM_SETTINGS.items())
    return xml.replace(f"<{tag} ", f"<{tag} {attributes} ", 1)


def platform_values(block):
    return {name: block.fields[name].to_json(getattr(block, name)) for name in PLATFORM_SETTINGS}


@pytest.mark.parametrize("tag, xml", [("sexmot_story", story()), ("sexmot_reflection", REFLECTION)])
def test_the_platforms_settings_on_our_blocks_survive_import_export_and_reimport(platform, tag, xml):
    block = parse(platform, with_platform_settings(xml, tag))
    expected = {"visible_to_staff_only": True, "group_access": {"50": [1, 2]}, "start": "2027-01-04T08:00:00.000000",
                "due": "2027-02-01T23:00:00.000000", "hide_from_toc": True}
    assert platform_values(block) == expected
    exported = export(platform, block)
    assert all(exported.get(name) for name in PLATFORM_SETTINGS), exported.attrib
    again = parse(platform, etree.tostring(exported, encoding="unicode"))
    assert platform_values(again) == expected
    assert json.loads(exported.get("group_access")) == {"50": [1, 2]}


def test_a_learners_state_in_olx_is_never_imported(platform):
    block = parse(platform, story(attributes='furthest_part="3" completed="true"'))
    assert (block.furthest_part, block.completed) == (0, False)


# --- Item 5: the participation setting is not the platform's `graded` -----------------------------

def test_a_new_reflection_in_a_graded_subsection_gives_no_score_until_the_author_asks(platform):
    subsection = parse(platform, f'<vertical_demo graded="true">{REFLECTION}</vertical_demo>')
    reflection = platform.get_block(subsection.children[0])
    assert reflection.graded is True  # the platform's setting, inherited from the subsection
    assert (reflection.has_score, reflection.icon_class) == (False, "other")
    reflection.participation_scored = True
    assert (reflection.has_score, reflection.icon_class) == (True, "problem")


def test_olx_with_the_old_name_graded_imports_as_the_participation_setting(platform):
    reflection = parse(platform, REFLECTION.replace('threshold="3"', 'threshold="3" graded="true"'))
    assert reflection.participation_scored is True
    assert not reflection.fields["graded"].is_set_on(reflection)  # not taken for the platform's setting
    exported = export(platform, reflection)
    assert (exported.get("participation_scored"), exported.get("graded")) == ("true", None)


def test_beside_the_new_name_graded_is_the_platforms_own_setting(platform):
    reflection = parse(platform, REFLECTION.replace(
        'threshold="3"', 'threshold="3" participation_scored="false" graded="true"'))
    assert (reflection.participation_scored, reflection.graded) == (False, True)
    exported = export(platform, reflection)
    assert (exported.get("participation_scored"), exported.get("graded")) == ("false", "true")
