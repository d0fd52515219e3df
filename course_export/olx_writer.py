"""Write a loaded course as an OLX course directory, laid out as Studio exports one.

    course.xml                        <course url_name="<run>" org=… course=…/>
    course/<run>.xml                  the five sections
    chapter/ sequential/ vertical/    one file per block, pointing to its children
    html/<name>.xml + <name>.html     text units
    policies/<run>/policy.json        advanced_modules, dates, language, course image, the course
                                      certificate (:mod:`course_export.certificate`)
    policies/<run>/grading_policy.json
    about/                            overview and short description for the catalogue
    static/                           flat: films, captions, posters, PDFs, course image

Our blocks (``sexmot_story``, ``sexmot_reflection``) are written inline in
their vertical, in the readable form the blocks parse (see the blocks'
``olx`` modules and the agreed story OLX). Every block gets a stable
``url_name`` derived from the sources, so re-importing a corrected course
updates the same blocks and keeps the learners' answers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path

from lxml import etree

from sexmot_xblocks import olx

from .certificate import certificate_settings, load_certificate
from .markup import markdown_to_html
from .source import SECTIONS, Course, GroupExercise, Reflection, Story

__all__ = ["Assets", "FilmAssets", "group_plan_element", "reflection_element",
           "story_element", "transcript_html", "url_names",
           "write_course", "ASSIGNMENT_TYPE", "ORG", "OUR_BLOCKS", "PASS_CUTOFF"]

ORG = "sexmot"
OUR_BLOCKS = ("sexmot_reflection", "sexmot_story")
#: The grading policy's one assignment type: participation in the reflection exercises.
ASSIGNMENT_TYPE = "Reflektionsövningar"
#: Share of the graded exercises a learner must submit to pass: all of them. An exercise has no wrong
#: answer, so submitting it is doing it; passing therefore means having done the training's exercises.
PASS_CUTOFF = 1.0


@dataclass(frozen=True)
class FilmAssets:
    """A story's rendered film as course files (names in ``static/``) plus its transcript text."""

    video: str
    captions: str
    poster: str
    transcript: str


@dataclass(frozen=True)
class Assets:
    """The names in ``static/`` the OLX refers to."""

    films: dict[str, FilmAssets]
    written_pdf: str
    group_pdf: str
    course_image: str


class url_names:  # noqa: N801 (a namespace of naming rules, read as url_names.vertical(…))
    """How every block's ``url_name`` is derived, in one place (they must be unique in a course)."""

    @staticmethod
    def sequential(section: str) -> str:
        """The one subsection of a section."""
        return f"{section}-sekvens"

    @staticmethod
    def vertical(unit: str) -> str:
        """A unit (page)."""
        return f"{unit}-enhet"

    @staticmethod
    def html(unit: str) -> str:
        """The text component of a unit."""
        return f"{unit}-text"


def write_course(course: Course, assets: Assets, course_dir: Path) -> None:
    """Write ``course`` as OLX into ``course_dir`` (which must not exist yet; ``static/`` may)."""
    _CourseWriter(course, assets, Path(course_dir)).write()


class _CourseWriter:
    """Writes the files of one course; collects which sequentials are graded."""

    def __init__(self, course: Course, assets: Assets, course_dir: Path):
        self.course = course
        self.assets = assets
        self.dir = course_dir
        self.graded_sequentials = 0

    def write(self) -> None:
        course = self.course
        self.dir.mkdir(parents=True, exist_ok=True)
        self._xml("course.xml", etree.Element("course", url_name=course.run, org=ORG, course=course.number))
        root = etree.Element("course", display_name=course.title)
        sections = (self._about_units(), self._web_units(), self._written_units(), self._group_units(),
                    self._support_units())
        for (section, title), units in zip(SECTIONS, sections):
            etree.SubElement(root, "chapter", url_name=section)
            self._section(section, title, units)
        self._xml(f"course/{course.run}.xml", root)
        self._policies()
        self._about_pages()

    # --- structure -----------------------------------------------------------------

    def _section(self, section: str, title: str, units: list[etree._Element]) -> None:
        """A chapter with one sequential holding ``units``; graded when a unit has a graded exercise."""
        chapter = etree.Element("chapter", display_name=title)
        etree.SubElement(chapter, "sequential", url_name=url_names.sequential(section))
        self._xml(f"chapter/{section}.xml", chapter)
        sequential = etree.Element("sequential", display_name=title)
        if any(block.get("graded") == "true" for unit in units for block in unit.iter("sexmot_reflection")):
            sequential.set("graded", "true")
            sequential.set("format", ASSIGNMENT_TYPE)
            self.graded_sequentials += 1
        for unit in units:
            name = unit.get("url_name")
            del unit.attrib["url_name"]
            etree.SubElement(sequential, "vertical", url_name=name)
            self._xml(f"vertical/{name}.xml", unit)
        self._xml(f"sequential/{url_names.sequential(section)}.xml", sequential)

    def _unit(self, unit_id: str, title: str) -> etree._Element:
        """An empty vertical; ``url_name`` is moved to the sequential's pointer when it is written."""
        return etree.Element("vertical", url_name=url_names.vertical(unit_id), display_name=title)

    def _text_unit(self, unit_id: str, title: str, html: str) -> etree._Element:
        vertical = self._unit(unit_id, title)
        self._html(vertical, unit_id, title, html)
        return vertical

    def _html(self, vertical: etree._Element, unit_id: str, title: str, html: str) -> None:
        """An ``html`` component, as Studio exports it: a pointer, its settings file and the HTML file."""
        name = url_names.html(unit_id)
        etree.SubElement(vertical, "html", url_name=name)
        self._xml(f"html/{name}.xml", etree.Element("html", filename=name, display_name=title))
        self._file(f"html/{name}.html", html.strip() + "\n")

    # --- the five sections -----------------------------------------------------------

    def _about_units(self) -> list[etree._Element]:
        return [self._text_unit("om-utbildningen", self.course.about.title, self.course.about.html)]

    def _web_units(self) -> list[etree._Element]:
        units = []
        for item in self.course.web_training:
            vertical = self._unit(item.id, item.title)
            if isinstance(item, Story):
                vertical.append(story_element(item, self.assets.films.get(item.id)))
            else:
                vertical.append(reflection_element(item))
            units.append(vertical)
        return units

    def _written_units(self) -> list[etree._Element]:
        link = (f'<p class="sexmot-print">Hela det skriftliga materialet finns som PDF för utskrift: '
                f'<a href="/static/{self.assets.written_pdf}">{escape(self.course.title)} – skriftligt material '
                f'(PDF)</a>.</p>')
        return [self._text_unit(chapter.path.stem, chapter.title, chapter.html + "\n" + link)
                for chapter in self.course.chapters]

    def _group_units(self) -> list[etree._Element]:
        facilitator = self.course.facilitator
        link = (f'<p class="sexmot-print">Samtalsledarens handledning med alla övningar finns som PDF för '
                f'utskrift: <a href="/static/{self.assets.group_pdf}">{escape(self.course.title)} – '
                f'gruppdiskussion (PDF)</a>.</p>')
        units = [self._text_unit("handledning", facilitator.title, link + "\n" + facilitator.html)]
        for exercise in self.course.group_exercises:
            vertical = self._unit(exercise.id, exercise.title)
            self._html(vertical, exercise.id, exercise.title, self._exercise_html(exercise))
            if exercise.reflection:
                element = reflection_element(exercise.reflection)
                element.append(group_plan_element(self.course.group_exercises))
                vertical.append(element)
            units.append(vertical)
        return units

    def _support_units(self) -> list[etree._Element]:
        return [self._text_unit(unit_id, doc.title, doc.html)
                for unit_id, doc in (("stod", self.course.support), ("kallor", self.course.sources))]

    def _exercise_html(self, exercise: GroupExercise) -> str:
        facts = [f"<strong>Tid:</strong> {exercise.minutes} minuter"]
        if exercise.story:
            story = self.course.story(exercise.story)
            facts.append(f'<strong>Bygger på:</strong> berättelsen <a href="/jump_to_id/'
                         f'{url_names.vertical(story.id)}">{escape(story.title)}</a> i webbutbildningen')
        html = [f"<p>{'. '.join(facts)}.</p>", markdown_to_html(exercise.instructions)]
        if exercise.questions:
            items = "".join(f"<li>{markdown_to_html(question)}</li>" for question in exercise.questions)
            html.append(f"<h2>Frågor att diskutera</h2>\n<ol>{items}</ol>")
        return "\n".join(html)

    # --- settings -----------------------------------------------------------------

    def _policies(self) -> None:
        course = self.course
        policy = {f"course/{course.run}": {
            "advanced_modules": list(OUR_BLOCKS),
            "course_image": self.assets.course_image,
            "start": f"{course.run}-01-01T00:00:00Z",
            "end": f"{int(course.run) + 3}-12-31T23:00:00Z",
            "language": "sv",
            "self_paced": True,
            "short_description": course.short_description,
            **certificate_settings(load_certificate(course.path), course.number),
        }}
        grader = {"type": ASSIGNMENT_TYPE, "short_label": "Refl", "min_count": max(self.graded_sequentials, 1),
                  "drop_count": 0, "weight": 1.0}
        grading = {"GRADER": [grader], "GRADE_CUTOFFS": {"Pass": PASS_CUTOFF}}
        self._json(f"policies/{course.run}/policy.json", policy)
        self._json(f"policies/{course.run}/grading_policy.json", grading)
        self._json("policies/assets.json", {})

    def _about_pages(self) -> None:
        course = self.course
        overview = [f"<section class=\"about\">\n<h2>Om kursen</h2>\n<p>{escape(course.short_description)}</p>"]
        if course.audience:
            overview.append(f"<h2>Vem kursen är till för</h2>\n<p>{escape(course.audience)}</p>")
        overview.append("</section>")
        self._file("about/overview.html", "\n".join(overview) + "\n")
        self._file("about/short_description.html", f"{escape(course.short_description)}\n")

    # --- files --------------------------------------------------------------------

    def _xml(self, name: str, element: etree._Element) -> None:
        self._file(name, etree.tostring(element, encoding="unicode", pretty_print=True))

    def _json(self, name: str, data: dict) -> None:
        self._file(name, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")

    def _file(self, name: str, text: str) -> None:
        path = self.dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def reflection_element(reflection: Reflection) -> etree._Element:
    """A ``sexmot_reflection`` element as ``reflection_xblock.olx`` reads it."""
    element = etree.Element("sexmot_reflection", url_name=reflection.id, display_name=reflection.title,
                            free_text_enabled=_bool(reflection.free_text),
                            allow_sharing=_bool(reflection.allow_sharing), graded=_bool(reflection.graded))
    olx.append_html(element, "prompt", markdown_to_html(reflection.prompt))
    for statement in reflection.statements:
        olx.append_text(element, "statement", statement.text, id=statement.id)
    if reflection.free_text_prompt:
        olx.append_text(element, "free_text_prompt", reflection.free_text_prompt)
    return element


def group_plan_element(exercises) -> etree._Element:
    """The hour's exercises as the reflection's ``group_plan``: the run sheet of a group session follows it."""
    plan = etree.Element("group_plan")
    for exercise in exercises:
        item = etree.SubElement(plan, "exercise", title=exercise.title, minutes=str(exercise.minutes))
        if exercise.reflection:
            item.set("reflection", "true")
        olx.append_html(item, "instructions", markdown_to_html(exercise.instructions))
        for question in exercise.questions:
            olx.append_text(item, "question", question)
    return plan


def story_element(story: Story, film: FilmAssets | None) -> etree._Element:
    """A ``sexmot_story`` element in the agreed story OLX; reflections follow the part they belong after."""
    element = etree.Element("sexmot_story", url_name=story.id, display_name=story.title,
                            film_position=story.film_position)
    if story.film_after_part:
        element.set("film_after_part", str(story.film_after_part))
    if story.intro:
        olx.append_html(element, "intro", markdown_to_html(story.intro))
    if film:
        film_element = etree.SubElement(element, "film", poster=f"/static/{film.poster}")
        etree.SubElement(film_element, "source", src=f"/static/{film.video}", type="video/mp4")
        etree.SubElement(film_element, "track", src=f"/static/{film.captions}", srclang="sv", label="Svenska")
        olx.append_html(film_element, "transcript", transcript_html(film.transcript))
    for number, part in enumerate(story.parts, start=1):
        olx.append_html(element, "part", markdown_to_html(part.text), heading=part.heading)
        for after_part, reflection in story.reflections:
            if after_part == number:
                element.append(reflection_element(reflection))
    for question in story.questions:
        question_element = olx.append_text(element, "question", question.text)
        if question.hint:
            olx.append_text(question_element, "hint", question.hint)
    return element


def transcript_html(transcript: str) -> str:
    """The film's transcript (paragraphs separated by blank lines) as HTML paragraphs."""
    paragraphs = [paragraph.strip() for paragraph in transcript.split("\n\n") if paragraph.strip()]
    return "".join(f"<p>{'<br>'.join(escape(line) for line in paragraph.splitlines())}</p>"
                   for paragraph in paragraphs)


def _bool(value: bool) -> str:
    return "true" if value else "false"
