"""The story as readable OLX, in the format agreed with the course builder.

    <sexmot_story display_name="Elin, 14" film_position="before" completion_share="0.9">
      <intro><p>…</p></intro>
      <film poster="/static/elin-14-poster.png">
        <source src="/static/elin-14.mp4" type="video/mp4"/>
        <track src="/static/elin-14.sv.vtt" srclang="sv" label="Svenska"/>
        <transcript><p>…</p></transcript>
      </film>
      <part heading="Första mötet"><p>…</p></part>
      <sexmot_reflection …/>             a child block, shown after the part before it
      <part heading="Samtalet"><p>…</p></part>
      <question>Vad lägger du märke till?<hint>Only for course staff.</hint></question>
    </sexmot_story>

Child blocks stand among the parts in document order; the block remembers
after which part each one stood (``child_after_part``) and writes it back
there, so a round trip gives back the same XML.
"""
from lxml import etree

from sexmot_xblocks import olx

from .sequence import FILM_POSITIONS

ATTRIBUTE_FIELDS = ("display_name", "film_position", "film_after_part", "completion_share")
STORY_ELEMENTS = ("intro", "film", "part", "question")
SOURCE_ATTRIBUTES = ("src", "type")
TRACK_ATTRIBUTES = ("src", "srclang", "label")


def read_story(block, node):
    """Set the block's fields and create its child blocks from OLX written by ``write_story`` or an author."""
    olx.set_fields_from_attributes(block, node, skip=set(block.fields) - set(ATTRIBUTE_FIELDS))
    _refuse_unusable_settings(block, node)  # before any child block is created and saved
    parts, questions, child_after_part = [], [], []
    for element in node:
        if not isinstance(element.tag, str):  # comments and processing instructions
            continue
        if element.tag == "intro":
            block.intro = olx.inner_html(element)
        elif element.tag == "film":
            _read_film(block, element)
        elif element.tag == "part":
            parts.append({"heading": element.get("heading", "").strip(), "text": olx.inner_html(element)})
        elif element.tag == "question":
            hint = element.find("hint")
            questions.append({"text": (element.text or "").strip(), "hint": olx.text_of(hint)})
        else:
            block.runtime.add_node_as_child(block, element)
            child_after_part.append(len(parts))
    block.parts = parts
    block.questions = questions
    block.child_after_part = child_after_part


def _refuse_unusable_settings(block, node):
    """Settings no learner could complete the story with are an import error, not a broken unit."""
    share = block.completion_share
    if not isinstance(share, (int, float)) or not 0 < share <= 1:  # also refuses nan and inf
        raise olx.InvalidOLX(f"<{node.tag}>: completion_share must be above 0 and at most 1 (0.9 = 90 %).")
    if block.film_position not in FILM_POSITIONS:
        raise olx.InvalidOLX(f"<{node.tag}>: film_position must be before, between or after.")


def _read_film(block, element):
    block.film_poster = element.get("poster", "")
    block.film_sources = [_attributes(source, SOURCE_ATTRIBUTES) for source in element.findall("source")]
    block.caption_tracks = [_attributes(track, TRACK_ATTRIBUTES) for track in element.findall("track")]
    transcript = element.find("transcript")
    block.transcript = olx.inner_html(transcript) if transcript is not None else ""


def _attributes(element, names):
    return {name: element.get(name, "") for name in names}


def write_story(block, node):
    """Write the story onto ``node``: settings as attributes, content and child blocks as elements in order."""
    olx.write_fields_as_attributes(block, node, ATTRIBUTE_FIELDS)
    if block.intro:
        olx.append_html(node, "intro", block.intro)
    if block.film_sources or block.film_poster or block.caption_tracks or block.transcript:
        _write_film(block, node)
    children_at = [min(slot, len(block.parts)) for slot in block.child_after_part]
    children_at += [len(block.parts)] * (len(block.children) - len(children_at))
    for number in range(len(block.parts) + 1):
        if number:
            part = block.parts[number - 1]
            olx.append_html(node, "part", part["text"], heading=part["heading"])
        for child_id, slot in zip(block.children, children_at):
            if slot == number:
                block.runtime.add_block_as_child_node(block.runtime.get_block(child_id), node)
    for question in block.questions:
        element = olx.append_text(node, "question", question["text"])
        if question.get("hint"):
            olx.append_text(element, "hint", question["hint"])


def _write_film(block, node):
    film = etree.SubElement(node, "film")
    if block.film_poster:
        film.set("poster", block.film_poster)
    for tag, items, names in (("source", block.film_sources, SOURCE_ATTRIBUTES),
                              ("track", block.caption_tracks, TRACK_ATTRIBUTES)):
        for item in items:
            etree.SubElement(film, tag, {name: item[name] for name in names if item.get(name)})
    if block.transcript:
        olx.append_html(film, "transcript", block.transcript)
