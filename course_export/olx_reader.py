"""Read a built OLX course directory back: its outline and its units, with pointers followed.

The checker walks every block of a course, and the preview shows every unit;
both need the same reading of OLX's pointer convention (an element carrying
only a ``url_name`` stands for the file ``<tag>/<url_name>.xml``; an
``html`` element carrying a ``filename`` takes its content from
``html/<filename>.html``). It lives here once.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

__all__ = ["OlxError", "Section", "Unit", "read_outline", "read_xml", "resolve", "inline_html"]

#: Attributes a pointer may carry besides ``url_name`` (only the root ``course`` pointer has any).
_POINTER_ATTRIBUTES = {"course": {"url_name", "org", "course"}}


class OlxError(Exception):
    """The course directory cannot be read as OLX (a missing or malformed file)."""


@dataclass(frozen=True)
class Unit:
    """A vertical, resolved: its ``url_name``, display name and element (children still as written)."""

    url_name: str
    display_name: str
    element: etree._Element


@dataclass(frozen=True)
class Section:
    """A chapter with the units of all its sequentials, in order."""

    url_name: str
    display_name: str
    units: tuple[Unit, ...]


def read_xml(path: Path) -> etree._Element:
    """Parse one OLX file strictly (no recovery), as Studio does."""
    try:
        return etree.parse(str(path), etree.XMLParser(remove_comments=True)).getroot()
    except OSError as error:
        raise OlxError(f"{path.name}: cannot be read ({error})") from error
    except etree.XMLSyntaxError as error:
        raise OlxError(f"{path}: not well-formed XML: {error}") from error


def is_pointer(element: etree._Element) -> bool:
    """Whether ``element`` stands for a file of its own rather than holding its content."""
    allowed = _POINTER_ATTRIBUTES.get(element.tag, {"url_name"})
    return "url_name" in element.attrib and set(element.attrib) <= allowed and len(element) == 0 \
        and not (element.text or "").strip()


def resolve(course_dir: Path, element: etree._Element) -> tuple[etree._Element, str | None]:
    """The element a pointer stands for and its file (relative); other elements as they are, ``None``."""
    if not is_pointer(element):
        return element, None
    name = f"{element.tag}/{element.get('url_name')}.xml"
    if not (course_dir / name).is_file():
        raise OlxError(f"{name}: missing (a <{element.tag} url_name=\"{element.get('url_name')}\"/> points to it)")
    target = read_xml(course_dir / name)
    if target.tag != element.tag:
        raise OlxError(f"{name}: the root element is <{target.tag}>, expected <{element.tag}>")
    target.set("url_name", element.get("url_name"))
    return target, name


def inline_html(course_dir: Path, element: etree._Element) -> str:
    """The HTML content of an ``html`` component (from its ``html/<filename>.html`` file or inline)."""
    filename = element.get("filename")
    if filename is None:
        parts = [element.text or ""] + [etree.tostring(child, encoding="unicode") for child in element]
        return "".join(parts)
    path = course_dir / "html" / f"{filename}.html"
    if not path.is_file():
        raise OlxError(f"html/{filename}.html: missing (named by an <html filename=\"{filename}\"/>)")
    return path.read_text(encoding="utf-8")


def parse_html(text: str, name: str) -> list:
    """Parse an HTML fragment strictly enough to catch broken markup; return its top-level elements."""
    try:
        return html.fragments_fromstring(text, parser=html.HTMLParser(recover=False))
    except (etree.ParserError, etree.XMLSyntaxError, TypeError) as error:
        raise OlxError(f"{name}: not valid HTML: {error}") from error


def read_outline(course_dir: Path) -> tuple[etree._Element, tuple[Section, ...]]:
    """The course element (from ``course/<run>.xml``) and its sections with their units."""
    course_dir = Path(course_dir)
    root, _ = resolve(course_dir, read_xml(course_dir / "course.xml"))
    sections = []
    for chapter_pointer in root.findall("chapter"):
        chapter, _ = resolve(course_dir, chapter_pointer)
        units = []
        for sequential_pointer in chapter.findall("sequential"):
            sequential, _ = resolve(course_dir, sequential_pointer)
            for vertical_pointer in sequential.findall("vertical"):
                vertical, _ = resolve(course_dir, vertical_pointer)
                units.append(Unit(vertical.get("url_name", ""), vertical.get("display_name", ""), vertical))
        sections.append(Section(chapter.get("url_name", ""), chapter.get("display_name", ""), tuple(units)))
    return root, tuple(sections)
