"""The Swedish spell check of every text a course's learners and facilitators read.

A misspelt or invented word in a course an authority signs undermines everything around it, and
reading by eye misses them round after round. Every word of the course's texts
(:mod:`course_export.learner_text`) is looked up in hunspell's Swedish dictionary (Debian's
``hunspell`` and ``hunspell-sv``, run as a subprocess); a word it does not know fails the check unless
the course's word list, ``courses/<slug>/words.txt``, names it: people's names, authorities, acts'
abbreviations and the field's terms. The list holds one word per line (``#`` starts a comment); a
listed word is also accepted with a capital first letter and with the genitive ``s``.

Without hunspell or its Swedish dictionary the check cannot run, and it says so as an error: a
course is never passed unchecked. ``scripts/system-deps.sh`` installs both.

Parts of a suspended compound (``hälso-`` in "hälso- och sjukvård") are not words of their own and are
not looked up.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .learner_text import learner_lines

__all__ = ["check_spelling", "read_word_list", "words_of", "DEBIAN_PACKAGES", "DICTIONARY", "HUNSPELL",
           "WORD_LIST"]

HUNSPELL = "hunspell"
DICTIONARY = "sv_SE"
DEBIAN_PACKAGES = ("hunspell", "hunspell-sv")
WORD_LIST = "words.txt"

# A word: letters, joined by a hyphen, an apostrophe, a colon or a dot (``e-post``, ``sms:a``, ``m.fl.``), with
# its final dot, which tells hunspell an abbreviation (``prop.``) from a word, and a number before a hyphen
# (``15-åring``).
_WORD = re.compile(r"(?:\d+-)?[^\W\d_]+(?:[-'’:.][^\W\d_]+)*\.?")


def words_of(text: str) -> list[str]:
    """The words of ``text`` a dictionary can judge, without the parts of suspended compounds."""
    return [match.group(0) for match in _WORD.finditer(text)
            if not re.match(r"-(?:\s|,|$)", text[match.end():match.end() + 2])]


def read_word_list(course_dir: Path) -> frozenset[str]:
    """The course's own accepted words (``words.txt``), without comments and blank lines."""
    path = Path(course_dir) / WORD_LIST
    if not path.is_file():
        return frozenset()
    return frozenset(line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.split("#", 1)[0].strip())


def check_spelling(course_dir: Path, command: str = HUNSPELL) -> list[str]:
    """Errors for each word of the course's texts that neither the dictionary nor the word list knows.

    ``command`` is the hunspell to run (a test names a missing one to see the check refuse to pass).
    """
    course_dir = Path(course_dir)
    places: dict[str, list[str]] = {}
    for line in learner_lines(course_dir):
        for word in words_of(line.text):
            places.setdefault(word, [])
            if line.where not in places[word]:
                places[word].append(line.where)
    try:
        unknown = _unknown_to_hunspell(sorted(places), command)
    except _Unavailable as error:
        return [f"{course_dir.name}: the Swedish spell check cannot run: {error}. Install the Debian packages "
                f"{' and '.join(DEBIAN_PACKAGES)} (scripts/system-deps.sh does)"]
    accepted = read_word_list(course_dir)
    errors = []
    for word in sorted(unknown, key=lambda word: places[word][0]):
        if _listed(word, accepted):
            continue
        for where in places[word]:
            error = (f"{where}: {word.rstrip('.')!r} is not a Swedish word to hunspell's {DICTIONARY} dictionary: "
                     f"correct it, or add it to {course_dir.name}/{WORD_LIST} if it is a name or a term")
            if error not in errors:   # "Pegasus" and "Pegasus." on one line are one finding
                errors.append(error)
    return errors


def _listed(word: str, accepted: frozenset[str]) -> bool:
    word = word.rstrip(".")
    forms = {word, word[:1].lower() + word[1:]}
    forms |= {form[:-1] for form in forms if form.endswith("s")}   # the genitive of a listed name or term
    return bool(forms & accepted)


class _Unavailable(Exception):
    """hunspell or its Swedish dictionary is not installed."""


def _unknown_to_hunspell(words: list[str], command: str) -> set[str]:
    """The words hunspell's Swedish dictionary does not know (``hunspell -l``: list the misspelt ones)."""
    if not words:
        return set()
    try:
        result = subprocess.run([command, "-d", DICTIONARY, "-i", "UTF-8", "-l"], input="\n".join(words) + "\n",
                                capture_output=True, text=True, encoding="utf-8", check=False)
    except OSError as error:
        raise _Unavailable(f"{command!r} cannot be run ({error.strerror or error})") from error
    if result.returncode != 0:
        raise _Unavailable(f"{command} -d {DICTIONARY} failed ({result.stderr.strip() or result.returncode})")
    return set(result.stdout.split())
