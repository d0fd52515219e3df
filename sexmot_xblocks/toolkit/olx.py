"""OLX helpers for both blocks: fields as attributes, and readable elements for content.

Open edX stores custom blocks inline in their vertical. Every content and settings field a block
holds, the platform's own included, is an attribute, lists as one-line JSON. A block without
children may write its lists and rich text as elements a course author can read and diff (the
reflection does); a block with children may not (ADR 0012), but still reads such elements from
older OLX with the helpers here.
"""
import json
from html import escape

import yaml
from lxml import etree, html
from xblock.fields import Dict, List, Scope

from .sanitize import clean_rich_text

#: The scopes OLX carries: a block's content and settings, never a learner's state.
OLX_SCOPES = (Scope.content, Scope.settings)


class InvalidOLX(ValueError):
    """OLX that cannot make a working block; the message says what to fix, for the person importing the course."""


def append_html(parent, tag, rich_text, **attributes):
    """Add ``<tag>`` under ``parent`` holding ``rich_text`` as inline HTML elements."""
    element = etree.SubElement(parent, tag, {key: str(value) for key, value in attributes.items()})
    container = html.fragment_fromstring(clean_rich_text(rich_text) or "", create_parent="div")
    element.text = container.text
    for child in container:
        element.append(child)
    return element


def inner_html(element):
    """The rich text inside an element, sanitized exactly as on every other way in."""
    parts = [escape(element.text, quote=False)] if element.text else []
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction: only its tail is text
            if child.tail:
                parts.append(escape(child.tail, quote=False))
            continue
        parts.append(etree.tostring(child, method="html", encoding="unicode", with_tail=False))
        if child.tail:
            parts.append(escape(child.tail, quote=False))
    return clean_rich_text("".join(parts))


def append_text(parent, tag, text, **attributes):
    """Add ``<tag>text</tag>`` under ``parent``."""
    element = etree.SubElement(parent, tag, {key: str(value) for key, value in attributes.items()})
    element.text = text
    return element


def text_of(element):
    """The plain text of an element, stripped; empty for a missing element."""
    return "" if element is None else "".join(element.itertext()).strip()


def set_fields_from_attributes(block, node, skip=()):
    """Set each content or settings field named by an attribute of ``node``, the platform's own ones included.

    Open edX mixes its inherited fields (``visible_to_staff_only``, ``group_access``, ``start``, ``due``,
    ``hide_from_toc`` …) into every block, so they are fields like ours and are kept. Attributes that name
    no field (``url_name`` …) are ignored, and so is any attribute naming a learner's state: OLX is
    course content. A value that does not fit its field raises ``InvalidOLX`` naming the attribute.
    """
    for name, value in node.items():
        field = block.fields.get(name)
        if field is not None and field.scope in OLX_SCOPES and name not in skip:
            set_field_from_text(block, node, name, value)


def set_field_from_text(block, node, name, text):
    """Set the field ``name`` from an attribute's text; ``InvalidOLX`` naming it when the value does not fit."""
    field = block.fields[name]
    try:
        setattr(block, name, _field_value(field, text))
    except (TypeError, ValueError, yaml.YAMLError) as error:
        raise InvalidOLX(f"<{node.tag}>: the attribute {name} has a value of the wrong type.") from error


def write_fields_as_attributes(block, node, skip=(), always=()):
    """Write every content and settings field set on ``block`` as an attribute of ``node``, except ``skip``.

    As XBlock's own ``add_xml_to_node`` does, this includes the fields the platform mixes into every
    block, so an export keeps who may see the block and when. ``always`` names fields written even at
    their default. Lists and dicts are one-line JSON, which ``set_fields_from_attributes`` reads back.
    """
    for name, field in block.fields.items():
        if field.scope not in OLX_SCOPES or name in skip:
            continue
        if field.is_set_on(block) or name in always:
            node.set(name, _attribute_value(field, field.read_from(block)))


def _field_value(field, text):
    """An attribute's value: JSON for a list or dict as written here, else as XBlock reads it (YAML)."""
    if isinstance(field, (List, Dict)):
        try:
            return field.from_json(json.loads(text))
        except json.JSONDecodeError:
            pass
    return field.from_string(text)


def _attribute_value(field, value):
    if isinstance(field, (List, Dict)):
        return json_attribute(field.to_json(value))
    return field.to_string(value)


def json_attribute(value):
    """A list or dict as the one-line JSON attribute value this package writes and reads back."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
