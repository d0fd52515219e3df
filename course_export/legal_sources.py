"""A sentence that says what the law says, and names its source, names the statute.

What a professional may or must do rests on the act, not on an authority's web page, a municipality's
guide, an organization's leaflet or the bill that proposed it: pages go out of date (the adult course
cited a page that still gave the repealed Social Services Act's wording), and bills describe a law
before the Riksdag changed it. Secondary sources still help a reader, so they may stand beside the
statute; they may not stand instead of it.

A sentence states the law when it uses the vocabulary of the law (``döms``, ``straff``, ``brottsligt``,
``sekretess``, ``anmälningsskyldig``, ``socialnämnden ska``, ``har rätt till`` …). When such a sentence
cites sources (``[Källa: key]``), at least one of them must be a statute: an entry of ``sources.md``
that names an act by its SFS number (``Brottsbalk (1962:700), 6 kap. 9 §``). Each paragraph the course
names is in turn checked against the claims register (:mod:`course_export.claims`), whose legal
entries must name act, chapter, paragraph and the amendment read.

A legal sentence without any citation (a story's dialogue, a summary after a cited paragraph) is left
to the review: the rule is about weak sources, not about citing every sentence twice.
"""
from __future__ import annotations

import re
from pathlib import Path

from .learner_text import learner_lines

__all__ = ["check_legal_sources", "statute_keys", "LEGAL_WORDING"]

#: Words by which a sentence says what the law says or what an authority must, may or may not do.
LEGAL_WORDING = re.compile(
    r"\b(?:döms|dömas|straff\w*|fängelse|böter|brottsligt|olagligt|straffbar\w*|förbjudet|"
    r"enligt lag\w*|sekretess\w*|anmälningsskyldig\w*|skyldig att|skyldiga att|ska anmäla|får lämna uppgifter|"
    r"socialnämnden ska|nämnden ska|har rätt till|tvångsvård|omhänderta\w*|betänketid|uppehållstillstånd)\b",
    re.IGNORECASE,
)
_CITATION = re.compile(r"\[Källa:\s*([^\]]+?)\s*\]")
_SOURCE_ENTRY = re.compile(r"^\s*[-*]\s+\*\*(?P<key>[^*]+?)\*\*(?P<text>.*)$", re.MULTILINE)
_ACT = re.compile(r"\(\d{4}:\d+\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ>*-])")


def statute_keys(course_dir: Path) -> set[str]:
    """The keys of ``sources.md`` whose entry names an act by its SFS number."""
    path = Path(course_dir) / "sources.md"
    if not path.is_file():
        return set()
    return {match.group("key").strip() for match in _SOURCE_ENTRY.finditer(path.read_text(encoding="utf-8"))
            if _ACT.search(match.group("key") + match.group("text")[:120])
            and not match.group("key").strip().lower().startswith("prop.")}


def check_legal_sources(course_dir: Path) -> list[str]:
    """Errors for each sentence that states the law and cites sources, none of them the statute."""
    course_dir = Path(course_dir)
    statutes = statute_keys(course_dir)
    errors = []
    for line in learner_lines(course_dir):
        if line.file.endswith("/sources.md"):
            continue
        for sentence in _SENTENCE_END.split(line.raw):
            keys = [key.strip() for key in _CITATION.findall(sentence)]
            wording = LEGAL_WORDING.search(_CITATION.sub("", sentence))
            if keys and wording and not any(key in statutes for key in keys):
                errors.append(f"{line.where}: a legal statement ({wording.group(0)!r}) is cited only to "
                              f"{', '.join(keys)}: cite the statute (act, chapter, paragraph) it rests on, "
                              f"beside any other source: {_short(sentence)!r}")
    return errors


def _short(sentence: str) -> str:
    sentence = _CITATION.sub("", sentence).strip()
    return sentence if len(sentence) <= 90 else sentence[:87] + "…"
