"""The story as OLX: its content in attributes, its child blocks as the only child elements.

    <sexmot_story display_name="Elin, 14" film_position="between" film_after_part="1" completion_share="0.9"
        intro="&lt;p&gt;…&lt;/p&gt;"
        parts='[{"heading": "Första mötet", "text": "&lt;p&gt;…&lt;/p&gt;"}, …]'
        film_sources='[{"src": "/static/elin-14.mp4", "type": "video/mp4"}]' film_poster="/static/elin-14-poster.png"
        caption_tracks='[{"label": "Svenska", "src": "/static/elin-14.sv.vtt", "srclang": "sv"}]'
        described_film_sources='[{"src": "/static/elin-14-syntolkad.mp4", "type": "video/mp4"}]'
        description_tracks='[{"label": "Svenska", "src": "/static/elin-14.sv.descriptions.vtt", "srclang": "sv"}]'
        sign_language_sources='[{"src": "/static/elin-14-teckensprak.mp4", "type": "video/mp4"}]'
        transcript="&lt;p&gt;…&lt;/p&gt;"
        questions='[{"hint": "Only for course staff.", "text": "Vad lägger du märke till?"}]'
        child_after_part="[2]">
      <sexmot_reflection …/>             a child block, shown after the part ``child_after_part`` names
    </sexmot_story>

Why attributes (ADR 0012): a block with children keeps only its attributes through Studio's
copy and paste, and paste imports every child element as a block. Everything else the block
holds is written as XBlock writes fields, the platform's own settings (``visible_to_staff_only``,
``group_access``, ``start`` …) included.

OLX written before that decision kept the content in elements (``<intro>``, ``<film>``,
``<part>``, ``<question>``), with the child blocks standing among the parts; it still imports,
and exports in the new form.
"""
from sexmot_xblocks.toolkit import olx
from sexmot_xblocks.toolkit.content_rules import problem_messages

from . import payloads

#: The content elements of OLX written before ADR 0012.
OLD_CONTENT_ELEMENTS = ("intro", "film", "part", "question")
#: The keys each item of a listed field has, as the views read them.
ITEM_KEYS = {
    "parts": ("heading", "text"),
    "questions": ("text", "hint"),
    "film_sources": ("src", "type"),
    "caption_tracks": ("src", "srclang", "label"),
    "described_film_sources": ("src", "type"),
    "description_tracks": ("src", "srclang", "label"),
    "sign_language_sources": ("src", "type"),
}


def read_story(block, node):
    """Set the block's fields and create its child blocks from OLX in either form (see the module's docstring).

    OLX that would make a story no learner can complete, or whose lists are malformed, raises
    ``InvalidOLX`` before any child block is created and saved.
    """
    olx.set_fields_from_attributes(block, node)
    elements = [element for element in node if isinstance(element.tag, str)]  # no comments
    if any(element.tag in OLD_CONTENT_ELEMENTS for element in elements):
        children = _read_content_elements(block, elements)
    else:
        children = elements
    _check_content(block, node)
    for element in children:
        block.runtime.add_node_as_child(block, element)


def _read_content_elements(block, elements):
    """Read content kept in elements, placing child blocks by where they stand; return the child blocks' elements."""
    parts, questions, child_after_part, children = [], [], [], []
    for element in elements:
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
            children.append(element)
            child_after_part.append(len(parts))
    block.parts = parts
    block.questions = questions
    block.child_after_part = child_after_part
    return children


def _read_film(block, element):
    block.film_poster = element.get("poster", "")
    block.film_sources = [_item(source, ITEM_KEYS["film_sources"]) for source in element.findall("source")]
    block.caption_tracks = [_item(track, ITEM_KEYS["caption_tracks"]) for track in element.findall("track")]
    transcript = element.find("transcript")
    block.transcript = olx.inner_html(transcript) if transcript is not None else ""


def _item(element, names):
    return {name: element.get(name, "") for name in names}


def _check_content(block, node):
    """Refuse what would break the story (``payloads.structural_problems``, as Studio does); give every list item
    all its keys; sanitize the rich texts."""
    values = {name: getattr(block, name) for name in payloads.STUDIO_CHECKED_FIELDS}
    problems = payloads.structural_problems(values)
    if problems:
        raise olx.InvalidOLX(f"<{node.tag}>: " + " ".join(problem_messages(problems)))
    for name, keys in ITEM_KEYS.items():
        if block.fields[name].is_set_on(block):
            setattr(block, name, [{key: item.get(key, "") for key in keys} for item in getattr(block, name)])
    texts = {name: getattr(block, name) for name in payloads.RICH_TEXT_FIELDS if block.fields[name].is_set_on(block)}
    for name, value in payloads.cleaned_rich_texts(texts).items():
        setattr(block, name, value)


def write_story(block, node):
    """Write the story onto ``node``: every setting and content field as an attribute, child blocks as elements.

    ``child_after_part`` is written as stored, not derived from the children: Studio's clipboard
    serializes the story with its children taken away for the moment and adds them afterwards.
    """
    olx.write_fields_as_attributes(block, node)
    for child_id in block.children:
        block.runtime.add_block_as_child_node(block.runtime.get_block(child_id), node)

