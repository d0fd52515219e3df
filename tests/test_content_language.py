"""The language of the blocks' content (WCAG 2.1 3.1.2): Studio's setting, its checks, OLX and the mobile data.

Through the real workbench runtime, real HTTP to Studio's save handler and the real database;
``test_content_language_browser.py`` checks in Chromium what a screen reader is told.
"""
import json
import re

import pytest
from lxml import etree
from workbench.runtime import WorkbenchRuntime
from xblock.validation import Validation

from sexmot_xblocks.toolkit.olx import InvalidOLX
from tests.test_mobile import validator

STAFF = "staff_editor"
REFLECTION = """<sexmot_reflection display_name="Övning">
  <prompt><p>Fundera.</p></prompt><statement id="s1">Påstående</statement></sexmot_reflection>"""
STORY = """<sexmot_story display_name="Kim, 15">
  <part heading="Del ett"><p>Text.</p></part>
  <question>Vad ser du?<hint>Tecknen.</hint></question></sexmot_story>"""
BLOCKS = {"sexmot_reflection": REFLECTION, "sexmot_story": STORY}
#: "sv\n": a regular expression's ``$`` also matches before a final newline, which is no part of a tag.
MALFORMED = ["svenska!", "", "s", "en_GB", "sv-", "sv SE", "x" * 40, 5, None, ["sv"], "sv\n"]


def export(runtime, block):
    root = etree.Element("root")
    runtime.add_block_as_child_node(block, root)
    return etree.tostring(root[0], encoding="unicode")


@pytest.mark.parametrize("tag", BLOCKS)
def test_the_content_is_swedish_unless_the_author_says_otherwise(load_scenario, tag):
    block = load_scenario(BLOCKS[tag]).block()
    assert block.content_language == "sv" and "content_language" in block.editable_fields
    assert block.student_view_data()["content_language"] == "sv"


@pytest.mark.parametrize("tag", BLOCKS)
@pytest.mark.parametrize("value", MALFORMED)
def test_studio_answers_a_malformed_language_tag_with_400_and_saves_nothing(load_scenario, tag, value):
    preview = load_scenario(BLOCKS[tag])
    refused = preview.post("submit_studio_edits", {"values": {"content_language": value, "display_name": "Nytt"},
                                                   "defaults": []}, student=STAFF)
    assert refused.status_code == 400
    block = preview.block()
    assert (block.content_language, block.display_name) == ("sv", "Kim, 15" if tag == "sexmot_story" else "Övning")
    assert not block.fields["content_language"].is_set_on(block)


@pytest.mark.parametrize("tag", BLOCKS)
def test_studio_explains_the_rule_next_to_the_field(load_scenario, tag):
    """Studio's own validation (``validate_field_data``) gives the same rule as a message."""
    block = load_scenario(BLOCKS[tag]).block(STAFF)
    values = {name: getattr(block, name) for name in block.fields}

    def problems(language):
        validation = Validation(block.scope_ids.usage_id)
        block.validate_field_data(validation, type("Values", (), {**values, "content_language": language})())
        return [message.text for message in validation.messages]

    assert problems("sv-SE") == []
    assert problems("svenska") == ["The language of the content must be a language code such as sv or en."]


@pytest.mark.parametrize("tag", BLOCKS)
def test_an_author_sets_another_language_and_the_content_is_marked_with_it(load_scenario, tag):
    preview = load_scenario(BLOCKS[tag])
    saved = preview.post("submit_studio_edits", {"values": {"content_language": "nb"}, "defaults": []},
                         student=STAFF)
    assert saved.status_code == 200, saved.content
    assert preview.block().content_language == "nb"
    html = preview.view()
    assert 'lang="nb"' in html and 'lang="sv"' not in html
    data = preview.block().student_view_data()
    assert data["content_language"] == "nb" and validator(tag).is_valid(data)


@pytest.mark.parametrize("tag", BLOCKS)
def test_the_language_goes_through_an_olx_round_trip(load_scenario, tag):
    runtime = WorkbenchRuntime("a")
    block = runtime.get_block(load_scenario(BLOCKS[tag].replace(">", ' content_language="se-Latn-NO">', 1)).usage_id)
    assert block.content_language == "se-Latn-NO"
    xml = export(runtime, block)
    assert etree.fromstring(xml).get("content_language") == "se-Latn-NO"
    again = runtime.get_block(runtime.parse_xml_string(xml))
    assert again.content_language == "se-Latn-NO" and export(runtime, again) == xml


@pytest.mark.parametrize("tag", BLOCKS)
def test_olx_with_a_malformed_language_is_refused_on_import(db, tag):
    runtime = WorkbenchRuntime("a")
    with pytest.raises(InvalidOLX, match="language of the content"):
        runtime.parse_xml_string(BLOCKS[tag].replace(">", ' content_language="svenska">', 1))


@pytest.mark.parametrize("tag", BLOCKS)
def test_a_stored_value_that_is_no_language_tag_never_reaches_a_page_or_the_apps(load_scenario, tag):
    """A value written around the checks (a database edit) still gives pages and apps a language tag."""
    preview = load_scenario(BLOCKS[tag])
    block = preview.block()
    block.content_language = '"><script>alert(1)</script>'
    block.save()
    html = preview.view()
    assert "<script>alert(1)" not in html and 'lang="sv"' in html
    data = preview.block().student_view_data()
    assert data["content_language"] == "sv" and validator(tag).is_valid(data)


def test_a_text_component_inside_a_story_is_marked_with_the_storys_language(load_scenario):
    """Open edX's ``html`` component knows no language of its own: the story marks it; its exercises mark their own."""
    preview = load_scenario("""<sexmot_story display_name="Kim, 15" content_language="sv">
      <part heading="Del ett"><p>Text.</p></part>
      <html display_name="Fakta">&lt;p&gt;Fakta om stöd.&lt;/p&gt;</html>
      <sexmot_reflection display_name="Egna tankar" content_language="en"><statement id="s1">A statement</statement>
      </sexmot_reflection></sexmot_story>""")
    html = preview.view()
    assert re.search(r"""<div lang="sv"><div class='xblock-v1[^>]* data-block-type='html'>""", html)
    assert re.search(r"""item"><div class='xblock-v1[^>]* data-block-type='sexmot_reflection'""", html)
    assert '<legend lang="en">A statement</legend>' in html
    assert preview.block().student_view_data()["content_language"] == "sv"


@pytest.mark.parametrize("srclang", ["", "x y", "svenska", "sv\n"])
def test_olx_with_a_track_in_no_language_is_refused_on_import_as_studio_refuses_it(db, srclang):
    """The story's caption and descriptions tracks carry their language to the player's ``srclang`` and ``lang``."""
    from xml.sax.saxutils import quoteattr  # noqa: PLC0415

    from story_xblock import payloads  # noqa: PLC0415

    track = {"src": "/static/film.sv.vtt", "srclang": srclang, "label": "Svenska"}
    assert payloads.structural_problems({"caption_tracks": [track]})
    xml = (f'<sexmot_story film_sources=\'[{{"src": "/static/film.mp4", "type": "video/mp4"}}]\' '
           f'caption_tracks={quoteattr(json.dumps([track]))}><part heading="Ett">x</part></sexmot_story>')
    with pytest.raises(InvalidOLX, match="language code"):
        WorkbenchRuntime("a").parse_xml_string(xml)
