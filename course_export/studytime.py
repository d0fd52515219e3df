"""Estimated study time per chapter and unit, and the targets it must meet.

The course promises "about 45 minutes" of web training and a 60 minute group
discussion. Those figures are computed here from the texts and the rendered
films, with the rule written down in ``courses/FORMAT.md`` ("Study time"), so
that adding a part or a question shows at once whether the promise still
holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

from .markup import markdown_to_html
from .source import ABOUT_WORK_TITLE, SECTIONS, Course, Reflection, Story

__all__ = ["StudyTime", "Targets", "UnitTime", "estimate", "reflection_minutes", "story_minutes", "words",
           "TARGETS"]

READING_WORDS_PER_MINUTE = 180
QUESTION_MINUTES = 1.0
REFLECTION_MINUTES = 1.0
STATEMENT_MINUTES = 0.25
FREE_TEXT_MINUTES = 3.0
#: The optional "about your work" step: two choices and a button.
ABOUT_WORK_MINUTES = 1.0

_TAG = re.compile(r"<[^>]+>")

ABOUT, WEB, WRITTEN, GROUP, SUPPORT = (title for _, title in SECTIONS)


@dataclass(frozen=True)
class Targets:
    """What the course promises: web training "about 45 minutes" (a range), a group discussion of an hour."""

    web_minutes: tuple[float, float] = (40.0, 50.0)
    group_minutes: int = 60


#: The targets of both courses (issue: web training about 45 minutes, group discussion 60).
TARGETS = Targets()


@dataclass(frozen=True)
class UnitTime:
    """One row of the table: a unit and its estimated minutes."""

    chapter: str
    unit: str
    minutes: float


@dataclass(frozen=True)
class StudyTime:
    """The estimate for a course and what misses its targets."""

    units: tuple[UnitTime, ...]
    problems: tuple[str, ...]

    def chapter_minutes(self, chapter: str) -> float:
        """The sum of a chapter's units."""
        return sum(unit.minutes for unit in self.units if unit.chapter == chapter)

    @property
    def chapters(self) -> tuple[str, ...]:
        """Chapter names in course order."""
        return tuple(dict.fromkeys(unit.chapter for unit in self.units))

    def table(self) -> str:
        """A plain-text table: every unit, then each chapter's total."""
        width = max(len(unit.unit) for unit in self.units) + 4
        lines = []
        for chapter in self.chapters:
            lines.append(f"{chapter}: {self.chapter_minutes(chapter):.1f} min")
            lines += [f"    {unit.unit:<{width}}{unit.minutes:5.1f} min"
                      for unit in self.units if unit.chapter == chapter]
        return "\n".join(lines)


def words(markdown_text: str | None) -> int:
    """The number of words a reader reads in ``markdown_text`` (as rendered, without markup)."""
    if not markdown_text:
        return 0
    return len(unescape(_TAG.sub(" ", markdown_to_html(markdown_text))).split())


def reading_minutes(*texts: str | None) -> float:
    """Minutes to read ``texts`` at the stated reading speed."""
    return sum(words(text) for text in texts) / READING_WORDS_PER_MINUTE


def reflection_minutes(reflection: Reflection) -> float:
    """Reading the prompt, one minute to settle, 15 s a statement, 3 min for a free text."""
    return (reading_minutes(reflection.prompt) + REFLECTION_MINUTES
            + STATEMENT_MINUTES * len(reflection.statements)
            + (FREE_TEXT_MINUTES if reflection.free_text else 0.0))


def story_minutes(story: Story, film_seconds: float) -> float:
    """Reading intro and parts, watching the film, one minute a question, and the exercises inside."""
    return (reading_minutes(story.intro, *(part.text for part in story.parts)) + film_seconds / 60
            + QUESTION_MINUTES * len(story.questions)
            + sum(reflection_minutes(reflection) for _, reflection in story.reflections))


def estimate(course: Course, film_seconds: dict[str, float], targets: Targets = TARGETS) -> StudyTime:
    """Estimate every unit of ``course`` and compare with ``targets``.

    ``film_seconds`` maps a story id to its rendered film's length.
    """
    units = [UnitTime(ABOUT, course.about.title, reading_minutes(course.about.body))]
    if course.about_work_target_groups:
        units.append(UnitTime(WEB, ABOUT_WORK_TITLE, ABOUT_WORK_MINUTES))
    for unit in course.web_training:
        minutes = (story_minutes(unit, film_seconds.get(unit.id, 0.0)) if isinstance(unit, Story)
                   else reflection_minutes(unit))
        units.append(UnitTime(WEB, unit.title, minutes))
    units += [UnitTime(WRITTEN, chapter.title, reading_minutes(chapter.body)) for chapter in course.chapters]
    units += [UnitTime(GROUP, exercise.title, float(exercise.minutes)) for exercise in course.group_exercises]
    units += [UnitTime(SUPPORT, doc.title, reading_minutes(doc.body)) for doc in (course.support, course.sources)]

    study = StudyTime(tuple(units), ())
    problems = []
    web = study.chapter_minutes(WEB)
    low, high = targets.web_minutes
    if not low <= web <= high:
        problems.append(f"{course.slug}: the web training is estimated at {web:.1f} minutes; the target is "
                        f"{low:.0f}–{high:.0f}. Shorten or lengthen its stories or exercises.")
    group = study.chapter_minutes(GROUP)
    if group != targets.group_minutes:
        problems.append(f"{course.slug}: the group discussion's exercises take {group:.0f} minutes; the target is "
                        f"{targets.group_minutes}. Adjust their 'minutes' in group/exercises.yaml.")
    return StudyTime(study.units, tuple(problems))
