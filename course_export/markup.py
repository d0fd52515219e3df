"""Course Markdown to HTML: the single converter used for every output.

The course sources (see ``courses/FORMAT.md``) are CommonMark plus tables,
with facts carrying their source inline as ``[Källa: key]``. Everything that
shows course prose – the OLX units, the PDFs – goes through
:func:`markdown_to_html`, so the text is written once and rendered the same
way everywhere.

Raw HTML is not part of the format. Rather than trusting authors to avoid it,
the converter escapes it: a stray ``<script>`` shows up as text instead of
running in the learner's browser. Link and image addresses are limited to
web, mail and relative ones for the same reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

__all__ = ["markdown_to_html", "source_keys", "split_title"]

#: ``[Källa: key]`` or ``[Källa: key-a, key-b]``; the keys may contain spaces
#: and section signs (``BrB 6 kap. 11 §``) but not brackets or commas.
SOURCE_PATTERN = r"\[Källa:\s*([^\[\]]+?)\s*\]"

_SAFE_SCHEMES = {"http", "https", "mailto"}
#: Characters a browser ignores or may ignore inside a URL's scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")


def _split_keys(raw: str) -> list[str]:
    """Split the inside of a ``[Källa: …]`` marker into its keys."""
    return [key.strip() for key in raw.split(",") if key.strip()]


class _SourceKeyProcessor(InlineProcessor):
    """Turns ``[Källa: …]`` into a ``<cite>`` and records the keys it saw.

    It runs before the link patterns so a marker is never mistaken for a
    reference link, and after code spans so ``[Källa: x]`` inside backticks
    stays literal (and is not counted as a citation).
    """

    def __init__(self, pattern: str, md: markdown.Markdown, found: set[str], names: dict[str, str]):
        super().__init__(pattern, md)
        self.found = found
        self.names = names

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown API name)
        keys = _split_keys(m.group(1))
        if not keys:
            return None, None, None
        self.found.update(keys)
        cite = etree.Element("cite", {"class": "sexmot-source"})
        cite.text = _citation(keys, self.names)
        return cite, m.start(0), m.end(0)


def _citation(keys: list[str], names: dict[str, str]) -> str:
    """What a reader reads for a ``[Källa: …]`` marker: each source by its name where it has one."""
    return "(Källa: " + ", ".join(names.get(key, key) for key in keys) + ")"


def plain_citations(text: str, source_names=None) -> str:
    """A plain text (a question, a hint: no Markdown) with its ``[Källa: …]`` markers as a reader reads them."""
    names = dict(source_names or {})

    def cite(match):
        keys = _split_keys(match.group(1))
        return _citation(keys, names) if keys else match.group(0)

    return re.sub(SOURCE_PATTERN, cite, text)


def _is_safe_url(url: str) -> bool:
    """True for relative addresses and web or mail ones.

    Judged strictly: with whitespace and control characters removed (as a
    browser may), anything that looks like ``scheme:`` before the first
    ``/``, ``?`` or ``#`` must be one of the safe schemes.
    """
    head = re.split(r"[/?#]", _URL_NOISE.sub("", url), maxsplit=1)[0]
    return ":" not in head or head.split(":", 1)[0].lower() in _SAFE_SCHEMES


class _SafeUrlProcessor(Treeprocessor):
    """Drops link and image addresses with schemes such as ``javascript:``."""

    def run(self, root):
        for element in root.iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is not None and not _is_safe_url(url):
                    del element.attrib[attribute]


class _HeadingShiftProcessor(Treeprocessor):
    """Moves every heading down by a fixed number of levels (at most to ``h6``)."""

    def __init__(self, md: markdown.Markdown, offset: int):
        super().__init__(md)
        self.offset = offset

    def run(self, root):
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                element.tag = f"h{min(6, int(element.tag[1]) + self.offset)}"


def _convert(text: str, heading_offset: int = 0, source_names=None) -> tuple[str, set[str]]:
    """Render ``text`` and collect the source keys cited in it."""
    found: set[str] = set()
    md = markdown.Markdown(extensions=["tables"], output_format="html")
    # Without these two, raw HTML blocks and inline tags would pass through;
    # deregistered, they are treated as text and escaped.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    names = dict(source_names or {})
    md.inlinePatterns.register(_SourceKeyProcessor(SOURCE_PATTERN, md, found, names), "sexmot_source", 175)
    md.treeprocessors.register(_SafeUrlProcessor(md), "sexmot_safe_url", 1)
    if heading_offset:
        md.treeprocessors.register(_HeadingShiftProcessor(md, heading_offset), "sexmot_heading_shift", 2)
    return md.convert(text), found


def markdown_to_html(text: str, heading_offset: int = 0, source_names=None) -> str:
    """Render course Markdown as an HTML fragment.

    Tables are supported, raw HTML is escaped, and each ``[Källa: …]`` marker
    becomes ``<cite class="sexmot-source">(Källa: …)</cite>``: readable as a
    plain aside where no style applies, and styled (small, muted) the same way
    in the LMS and in print where one does. ``source_names`` (key → name, a
    course's ``Course.source_names``) gives the name a learner reads in place of
    a key; a key without one is shown as it is.

    ``heading_offset`` moves headings down that many levels, so the text's
    ``##`` sections nest under whatever heading the page puts above them
    (``heading_offset=1`` makes them ``<h3>``) and the outline stays whole.
    """
    if heading_offset < 0:
        raise ValueError("heading_offset cannot be negative")
    return _convert(text, heading_offset, source_names)[0]


def source_keys(text: str) -> set[str]:
    """Return the source keys cited in ``text``.

    The checker compares these against ``sources.md``. The keys come from the
    same conversion as :func:`markdown_to_html`, so a key counts exactly when
    it is shown to learners as a citation (not, for example, inside code).
    """
    return _convert(text)[1]


_TITLE_LINE = re.compile(r"\A\s*#[ \t]+(?P<title>[^\n]*?)[ \t#]*(?:\n|\Z)")


def split_title(text: str) -> tuple[str, str]:
    """Split a Markdown file into its ``# Title`` line and the rest.

    Course Markdown files start with ``# Title``, which is the unit's display
    name; the builder shows that name separately, so the body must not repeat
    it. Raises ``ValueError`` when the first line is not a level-1 heading.
    """
    match = _TITLE_LINE.match(text)
    if not match or not match.group("title").strip():
        raise ValueError("course Markdown must start with a '# Title' line")
    return match.group("title").strip(), text[match.end():].lstrip("\n")
