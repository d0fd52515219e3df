"""Every text of a course's sources that a person reads, line by line, with the file and line it stands on.

The spell check and the terminology check read the same texts: the Markdown files (the written
material, the facilitator's guide, about, support, sources) and the text values of the YAML files
(titles, story parts, film narration and descriptions, questions and their hints, prompts,
statements, the group exercises, the certificate's wording). Identifiers, colours and numbers in the
YAML files are not text; the claims register is about the texts, not one of them.

Markup that is no prose is cleared before the checks see a line: ``[Källa: key]`` citations, the keys of
``sources.md``, link addresses, inline code and web addresses. Emphasis (``*…*``) is kept, since the terminology check
reads it as a word being talked about.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["TextLine", "learner_lines", "NOT_TEXT_FILES"]

#: Files of a course folder that nobody reads as course text.
NOT_TEXT_FILES = frozenset({"claims.yaml", "terms.yaml", "words.txt"})
#: The YAML keys whose values are text a learner or a facilitator reads (see ``courses/FORMAT.md``).
TEXT_KEYS = frozenset({
    "title", "short_description", "audience", "intro", "heading", "narration", "description", "text", "hint",
    "prompt", "free_text_prompt", "instructions", "questions", "name", "course_title",
})

_CITATION = re.compile(r"\[Källa:[^\]]*\]")
_SOURCE_KEY = re.compile(r"^\s*[-*]\s+\*\*[^*]+\*\*")   # ``- **bra-2022** …`` in sources.md
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_CODE = re.compile(r"`[^`]*`")
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+|\b[\w.-]+\.(?:se|nu|org|com|eu|net)(?:/\S*)?\b|\S+@\S+")


@dataclass(frozen=True)
class TextLine:
    """One line of text: where it stands (``slug/file:line``), what it says with markup cleared, and as written."""

    file: str
    line: int
    text: str
    raw: str = ""

    @property
    def where(self) -> str:
        """The place as an author finds it in an editor."""
        return f"{self.file}:{self.line}"


def learner_lines(course_dir: Path) -> list[TextLine]:
    """Every line of text in the course sources of ``course_dir``, in file order."""
    course_dir = Path(course_dir)
    lines: list[TextLine] = []
    for path in sorted([*course_dir.rglob("*.md"), *course_dir.rglob("*.yaml")]):
        relative = path.relative_to(course_dir)
        if path.name in NOT_TEXT_FILES or relative.parts[0] == "films":   # films/README.md is for operators
            continue
        name = f"{course_dir.name}/{relative.as_posix()}"
        text = path.read_text(encoding="utf-8")
        numbered = _markdown_lines(text) if path.suffix == ".md" else _yaml_lines(text)
        lines.extend(TextLine(name, number, _clear(line), line) for number, line in numbered if line.strip())
    return lines


def _clear(line: str) -> str:
    for pattern in (_SOURCE_KEY, _CITATION, _LINK_TARGET, _CODE, _ADDRESS):
        line = pattern.sub(" ", line)
    return line


def _markdown_lines(text: str):
    return enumerate(text.splitlines(), start=1)


def _yaml_lines(text: str):
    """(line number, line) of each text value; a malformed file yields nothing (the loader reports it)."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return []
    found: list[tuple[int, str]] = []

    def visit(node, key):
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                visit(value, key_node.value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                visit(item, key)
        elif isinstance(node, yaml.ScalarNode) and key in TEXT_KEYS and node.tag.endswith(":str"):
            first = node.start_mark.line + 1
            if node.style == "|":   # a literal block: its lines start on the line after the indicator
                found.extend((first + 1 + index, line) for index, line in enumerate(node.value.splitlines()))
            elif node.style == ">":   # a folded block: its lines are joined, so its first line stands for it
                found.append((first + 1, node.value))
            else:
                found.append((first, node.value))

    if root is not None:
        visit(root, None)
    return found
