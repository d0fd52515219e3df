"""The course's own word table, enforced: a term the table rejects fails the build wherever the course uses it.

Each course teaches which words to use and which to avoid (the tables *Ord att använda – och ord att
undvika* in the written material). A course that breaks its own table, calling children "barn som
utnyttjas i prostitution" a chapter after it rejected the word, teaches the opposite of what it says.
``courses/<slug>/terms.yaml`` is the table in a form the check reads::

    terms:
      - reject: "prostitu\\w*"                 # a regular expression, matched case-insensitively
        row: "prostituerad, säljer sig"        # a cell of its row in the course's word table
        instead: "utnyttjas sexuellt mot ersättning, sexuell exploatering av barn"
        allowed: [mention, word-table, sources]   # the contexts where the word may stand
        phrases: ["regionkoordinator mot prostitution och människohandel"]   # names that contain it

The contexts a rejected word may stand in:

- ``mention``: in emphasis (``*prostitution*``), as a word talked about, not used;
- ``quote``: inside quotation marks (”…”), as a person's own words;
- ``word-table``: in a row of the word table itself (a table under a ``## Ord …`` heading);
- ``sources``: in ``sources.md``, where publications' titles are quoted as they are;

and each listed phrase (an authority's function or a publication named as it is) that contains the hit.

:func:`check_terminology` fails on every other use, with the file, the line, the word and what to write
instead; and on a term whose ``row`` the course's word table no longer has, so table and check cannot
drift apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .learner_text import TextLine, learner_lines

__all__ = ["Term", "check_terminology", "load_terms", "CONTEXTS", "TERMS_FILE"]

TERMS_FILE = "terms.yaml"
CONTEXTS = ("mention", "quote", "word-table", "sources")

_QUOTED = re.compile(r"[”“\"«][^”“\"«»]*[”\"»]")
_EMPHASIS = re.compile(r"(?<!\*)\*(?!\s)[^*]+?(?<!\s)\*(?!\*)|_[^_]+_")
_HEADING = re.compile(r"^#{1,6}\s+(.*)")
_WORD_TABLE_HEADING = re.compile(r"^Ord\b", re.IGNORECASE)


@dataclass(frozen=True)
class Term:
    """One rejected term of the word table."""

    pattern: re.Pattern
    row: str
    instead: str
    allowed: tuple[str, ...]
    phrases: tuple[str, ...]


def load_terms(course_dir: Path) -> tuple[list[Term], list[str]]:
    """The course's rejected terms and the problems with ``terms.yaml`` (a course without one has none)."""
    path = Path(course_dir) / TERMS_FILE
    if not path.is_file():
        return [], []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        return [], [f"{Path(course_dir).name}/{TERMS_FILE}: not valid YAML: {error}"]
    terms, problems = [], []
    for number, entry in enumerate(data.get("terms") or [], start=1):
        where = f"{Path(course_dir).name}/{TERMS_FILE}: term {number}"
        if not isinstance(entry, dict) or not all(isinstance(entry.get(key), str) and entry[key].strip()
                                                  for key in ("reject", "row", "instead")):
            problems.append(f"{where} needs 'reject' (a regular expression), 'row' and 'instead'")
            continue
        allowed = tuple(entry.get("allowed") or ())
        unknown = [context for context in allowed if context not in CONTEXTS]
        if unknown:
            problems.append(f"{where}: unknown context {', '.join(map(str, unknown))} (one of {', '.join(CONTEXTS)})")
            continue
        try:
            pattern = re.compile(rf"\b(?:{entry['reject']})\b", re.IGNORECASE)
        except re.error as error:
            problems.append(f"{where}: 'reject' is no regular expression ({error})")
            continue
        terms.append(Term(pattern, entry["row"].strip(), entry["instead"].strip(), allowed,
                          tuple(str(phrase) for phrase in entry.get("phrases") or ())))
    return terms, problems


def check_terminology(course_dir: Path) -> list[str]:
    """Errors for every use of a rejected term outside its allowed contexts, and for table rows gone missing."""
    course_dir = Path(course_dir)
    terms, errors = load_terms(course_dir)
    if not terms:
        return errors
    lines = learner_lines(course_dir)
    table_rows = list(_in_word_tables(lines))
    for term in terms:
        if not any(term.row in _cells(row.text) for row in table_rows):
            errors.append(f"{course_dir.name}/{TERMS_FILE}: no row of the course's word table has the cell "
                          f"{term.row!r}: the table and {TERMS_FILE} must list the same rejected terms")
    in_table = {(row.file, row.line) for row in table_rows}
    for line in lines:
        contexts = _contexts(line, in_table)
        for term in terms:
            for hit in term.pattern.finditer(line.text):
                if any(_inside(hit, spans) for context, spans in contexts.items() if context in term.allowed):
                    continue
                if any(_inside(hit, _spans(re.escape(phrase), line.text)) for phrase in term.phrases):
                    continue
                errors.append(f"{line.where}: {hit.group(0)!r} is wording the course's word table rejects "
                              f"({term.row}): write {term.instead!r} instead"
                              + (f"; it may stand only as {', '.join(term.allowed)}" if term.allowed else ""))
    return errors


def _in_word_tables(lines: list[TextLine]):
    """The rows of the tables under a ``## Ord …`` heading."""
    heading_by_file: dict[str, str] = {}
    for line in lines:
        heading = _HEADING.match(line.text)
        if heading:
            heading_by_file[line.file] = heading.group(1)
        elif line.text.lstrip().startswith("|") and _WORD_TABLE_HEADING.match(heading_by_file.get(line.file, "")):
            yield line


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _contexts(line: TextLine, in_table: set[tuple[str, int]]) -> dict[str, list[tuple[int, int]]]:
    whole = [(0, len(line.text))]
    return {
        "mention": [match.span() for match in _EMPHASIS.finditer(line.text)],
        "quote": [match.span() for match in _QUOTED.finditer(line.text)],
        "word-table": whole if (line.file, line.line) in in_table else [],
        "sources": whole if line.file.endswith("/sources.md") else [],
    }


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [match.span() for match in re.finditer(pattern, text, re.IGNORECASE)]


def _inside(hit: re.Match, spans: list[tuple[int, int]]) -> bool:
    return any(start <= hit.start() and hit.end() <= end for start, end in spans)
