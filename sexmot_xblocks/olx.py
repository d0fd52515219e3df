"""Readable OLX for both blocks: lists as child elements, rich text as inline HTML.

Open edX stores custom blocks inline in their vertical. These helpers let a
block write its lists and rich text as elements a course author can read and
diff, instead of JSON strings in attributes, and read them back unchanged.
"""
from html import escape

import yaml
from lxml import etree, html

from .sanitize import clean_rich_text


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
    """Set each field named by an attribute of ``node``; Open edX's own attributes (url_name …) are ignored.

    A value that does not fit its field raises ``InvalidOLX`` naming the attribute, never a bare error.
    """
    for name, value in node.items():
        if name in block.fields and name not in skip:
            try:
                setattr(block, name, block.fields[name].from_string(value))
            except (TypeError, ValueError, yaml.YAMLError) as error:  # XBlock reads attribute values as YAML
                raise InvalidOLX(f"<{node.tag}>: the attribute {name} has a value of the wrong type.") from error


def write_fields_as_attributes(block, node, names):
    """Write the named fields that are set on ``block`` as attributes of ``node``."""
    for name in names:
        field = block.fields[name]
        if field.is_set_on(block):
            node.set(name, field.to_string(field.read_from(block)))
