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
their vertical by the blocks' own OLX writers (``block_element``), as Studio
would export them. Every block gets a stable
``url_name`` derived from the sources, so re-importing a corrected course
updates the same blocks and keeps the learners' answers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path

from lxml import etree
from xblock.core import XBlock
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.test.tools import TestRuntime

from .certificate import certificate_settings, load_certificate
from .django_setup import ensure_django
from .markup import markdown_to_html, plain_citations
from .source import ABOUT_WORK_ID, ABOUT_WORK_TITLE, SECTIONS, Course, GroupExercise, Reflection, Story

__all__ = [
    "Assets",
    "FilmAssets",
    "block_element",
    "reflection_element",
    "story_element",
    "transcript_html",
    "url_names",
    "write_course",
    "ASSIGNMENT_TYPE",
    "DESCRIBED_VERSION",
    "ORG",
    "OUR_BLOCKS",
    "PASS_CUTOFF",
    "SIGN_LANGUAGE_VERSION",
]

ORG = "sexmot"
#: The language both courses are written in: the course's language in its policy, each of our blocks'
#: ``content_language``, and the ``lang`` of every text component's HTML, so that a learner whose interface
#: is in another language still hears the texts in Swedish (WCAG 2.1 3.1.2).
COURSE_LANGUAGE = "sv"
OUR_BLOCKS = ("sexmot_reflection", "sexmot_story", "sexmot_about_work")
#: What may stand inside a ``sexmot_story``: child blocks only (ADR 0012), of the kinds Studio offers there.
STORY_CHILD_BLOCKS = ("sexmot_reflection", "html")
#: The grading policy's one assignment type: participation in the reflection exercises.
ASSIGNMENT_TYPE = "Reflektionsövningar"
#: Share of the graded exercises a learner must submit to pass: all of them. An exercise has no wrong
#: answer, so submitting it is doing it; passing therefore means having done the training's exercises.
PASS_CUTOFF = 1.0
#: The ``url_name`` suffixes of a film's versions as ``video`` blocks (ADR 0016); the check tool finds them by these.
DESCRIBED_VERSION = "syntolkad"
SIGN_LANGUAGE_VERSION = "teckensprak"


@dataclass(frozen=True)
class FilmAssets:
    """A story's rendered film as course files (names in ``static/``) plus its transcript text."""

    video: str
    captions: str
    poster: str
    transcript: str
    described_video: str = ""  # the film with audio description, on the film's timeline
    descriptions: str = ""  # the spoken descriptions as a WebVTT ``descriptions`` track
    subtitles: str = ""  # the captions as SubRip, for Open edX's ``video`` block
    sign_language_video: str = ""  # the film with sign language, when the organization has one


@dataclass(frozen=True)
class Assets:
    """The names in ``static/`` the OLX refers to."""

    films: dict[str, FilmAssets]
    written_pdf: str
    group_pdf: str
    course_image: str
    #: Where the films are served over https, the file name appended; set, each film is an Open edX
    #: ``video`` block beside its story, which the mobile apps play natively and download (ADR 0013).
    film_base_url: str = ""


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

    @staticmethod
    def film(story: str, version: str = "") -> str:
        """A story's film, or one of its versions, as an Open edX ``video`` block (built with a film base URL)."""
        return f"{story}-film" + (f"-{version}" if version else "")


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
        if any(block.get("participation_scored") == "true"
               for unit in units for block in unit.iter("sexmot_reflection")):
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
        """An ``html`` component, as Studio exports it: a pointer, its settings file and the HTML file.

        The HTML is wrapped in an element that names its language: the LMS shows a component inside a page
        in the learner's interface language.
        """
        name = url_names.html(unit_id)
        etree.SubElement(vertical, "html", url_name=name)
        self._xml(f"html/{name}.xml", etree.Element("html", filename=name, display_name=title))
        self._file(f"html/{name}.html", f'<div lang="{COURSE_LANGUAGE}">\n{html.strip()}\n</div>\n')

    # --- the five sections -----------------------------------------------------------

    def _about_units(self) -> list[etree._Element]:
        about = self.course.about
        return [self._text_unit("om-utbildningen", about.title, self.course.html(about.body))]

    def _story(self, vertical: etree._Element, story: Story) -> None:
        """A story, and with a film base URL its film as a ``video`` block before or after it (ADR 0013)."""
        film = self.assets.films.get(story.id)
        if not (film and self.assets.film_base_url):
            vertical.append(story_element(story, film, self.course.source_names))
            return
        if story.film_position == "between":
            raise ValueError(f"{story.id}: a film between the parts cannot be a video block of its own; "
                             "place it before or after the story, or build without a film base URL")
        videos = video_elements(story, film, self.assets.film_base_url)
        names = self.course.source_names
        vertical.extend([*videos, story_element(story, None, names)] if story.film_position == "before"
                        else [story_element(story, None, names), *videos])

    def _web_units(self) -> list[etree._Element]:
        units = []
        if self.course.about_work_target_groups:
            vertical = self._unit(ABOUT_WORK_ID, ABOUT_WORK_TITLE)
            vertical.append(block_element("sexmot_about_work", ABOUT_WORK_ID, display_name=ABOUT_WORK_TITLE,
                                          target_groups=list(self.course.about_work_target_groups)))
            units.append(vertical)
        for item in self.course.web_training:
            vertical = self._unit(item.id, item.title)
            if isinstance(item, Story):
                self._story(vertical, item)
            else:
                vertical.append(reflection_element(item, source_names=self.course.source_names))
            units.append(vertical)
        return units

    def _written_units(self) -> list[etree._Element]:
        link = (f'<p class="sexmot-print">Hela det skriftliga materialet finns som PDF för utskrift: '
                f'<a href="/static/{self.assets.written_pdf}">{escape(self.course.title)} – skriftligt material '
                f'(PDF)</a>.</p>')
        return [self._text_unit(chapter.path.stem, chapter.title, self.course.html(chapter.body) + "\n" + link)
                for chapter in self.course.chapters]

    def _group_units(self) -> list[etree._Element]:
        facilitator = self.course.facilitator
        link = (f'<p class="sexmot-print">Samtalsledarens handledning med alla övningar finns som PDF för '
                f'utskrift: <a href="/static/{self.assets.group_pdf}">{escape(self.course.title)} – '
                f'gruppdiskussion (PDF)</a>.</p>')
        units = [self._text_unit("handledning", facilitator.title,
                                 link + "\n" + self.course.html(facilitator.body))]
        for exercise in self.course.group_exercises:
            vertical = self._unit(exercise.id, exercise.title)
            self._html(vertical, exercise.id, exercise.title, self._exercise_html(exercise))
            if exercise.reflection:
                vertical.append(reflection_element(exercise.reflection, self.course.group_exercises,
                                                   self.course.source_names))
            units.append(vertical)
        return units

    def _support_units(self) -> list[etree._Element]:
        return [self._text_unit(unit_id, doc.title, self.course.html(doc.body))
                for unit_id, doc in (("stod", self.course.support), ("kallor", self.course.sources))]

    def _exercise_html(self, exercise: GroupExercise) -> str:
        facts = [f"<strong>Tid:</strong> {exercise.minutes} minuter"]
        if exercise.story:
            story = self.course.story(exercise.story)
            facts.append(f'<strong>Bygger på:</strong> berättelsen <a href="/jump_to_id/'
                         f'{url_names.vertical(story.id)}">{escape(story.title)}</a> i webbutbildningen')
        html = [f"<p>{'. '.join(facts)}.</p>", self.course.html(exercise.instructions)]
        if exercise.questions:
            items = "".join(f"<li>{self.course.html(question)}</li>" for question in exercise.questions)
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
            "language": COURSE_LANGUAGE,
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
        overview = [
            f"<section class=\"about\" lang=\"{COURSE_LANGUAGE}\">\n<h2>Om kursen</h2>\n"
            f"<p>{escape(course.short_description)}</p>"
        ]
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


def block_element(tag: str, url_name: str, **fields) -> etree._Element:
    """The OLX element ``tag`` of one of our blocks with ``fields`` set, written by the block's own writer.

    The block is built on XBlock's plain test runtime (no database, no workbench) and exported with
    ``add_xml_to_node``, as Studio exports it: the builder never writes our blocks' OLX a second way.
    Each says that its content is in the course's language (``content_language``).
    """
    ensure_django()  # our blocks' storage is a Django app
    runtime = TestRuntime(services={"field-data": DictFieldData({"content_language": COURSE_LANGUAGE, **fields})})
    block = runtime.construct_xblock_from_class(XBlock.load_class(tag), ScopeIds(None, tag, url_name, url_name))
    element = etree.Element("block", url_name=url_name)
    block.add_xml_to_node(element)
    return element


def reflection_element(reflection: Reflection, group_exercises=(), source_names=None) -> etree._Element:
    """A ``sexmot_reflection`` element, written by ``reflection_xblock.olx``; with ``group_exercises``, the
    hour's plan (``group_plan``) that a group session's run sheet follows, each story exercise naming its
    story by the ``url_name`` the story's element has in this course. ``source_names``: the course's
    (``Course.source_names``), for the citations a learner reads."""
    fields = {"display_name": reflection.title, "free_text_enabled": reflection.free_text,
              "allow_sharing": reflection.allow_sharing, "participation_scored": reflection.graded,
              "prompt": markdown_to_html(reflection.prompt, source_names=source_names),
              "statements": [{"id": statement.id, "text": statement.text} for statement in reflection.statements]}
    if reflection.free_text_prompt:
        fields["free_text_prompt"] = reflection.free_text_prompt
    if group_exercises:
        fields["group_sessions_enabled"] = True  # the group discussion's reflection; self-study ones offer none
        fields["group_plan"] = [
            {"title": exercise.title, "minutes": exercise.minutes, "reflection": bool(exercise.reflection),
             "instructions": markdown_to_html(exercise.instructions, source_names=source_names),
             "questions": [plain_citations(question, source_names) for question in exercise.questions],
             **({"story": exercise.story} if exercise.story else {})}
            for exercise in group_exercises]
    return block_element("sexmot_reflection", reflection.id, **fields)


def story_element(story: Story, film: FilmAssets | None, source_names=None) -> etree._Element:
    """A ``sexmot_story`` element, written by ``story_xblock.olx`` (ADR 0012), with its reflections inside.

    The content is in attributes and the reflections are the only child elements, so the story
    survives Studio's copy and paste; ``child_after_part`` says after which part each one comes.
    Without ``film`` the story has no player of its own (a text story, or its film is a ``video``
    block beside it, ADR 0013). ``source_names``: the course's (``Course.source_names``).
    """
    fields = {"display_name": story.title, "film_position": story.film_position,
              "parts": [{"heading": part.heading, "text": markdown_to_html(part.text, source_names=source_names)}
                        for part in story.parts]}
    if story.film_after_part:
        fields["film_after_part"] = story.film_after_part
    if story.intro:
        fields["intro"] = markdown_to_html(story.intro, source_names=source_names)
    if film:
        fields.update(
            film_sources=[{"src": f"/static/{film.video}", "type": "video/mp4"}],
            film_poster=f"/static/{film.poster}",
            caption_tracks=[{"src": f"/static/{film.captions}", "srclang": "sv", "label": "Svenska"}],
            transcript=transcript_html(film.transcript),
        )
        if film.described_video:
            fields["described_film_sources"] = [{"src": f"/static/{film.described_video}", "type": "video/mp4"}]
        if film.descriptions:
            fields["description_tracks"] = [
                {"src": f"/static/{film.descriptions}", "srclang": "sv", "label": "Svenska"}]
        if film.sign_language_video:
            fields["sign_language_sources"] = [{"src": f"/static/{film.sign_language_video}", "type": "video/mp4"}]
    if story.questions:
        fields["questions"] = [{"text": plain_citations(question.text, source_names),
                                "hint": plain_citations(question.hint or "", source_names)}
                               for question in story.questions]
    placed = sorted(story.reflections, key=lambda item: item[0])  # children in reading order
    if placed:
        fields["child_after_part"] = [after_part for after_part, _ in placed]
    element = block_element("sexmot_story", story.id, **fields)
    for _, reflection in placed:
        element.append(reflection_element(reflection, source_names=source_names))
    return element


#: The versions of a film that become ``video`` blocks of their own (ADR 0016): url_name suffix, title.
VIDEO_VERSIONS = (
    ("", "Film"), (DESCRIBED_VERSION, "Film med syntolkning"), (SIGN_LANGUAGE_VERSION, "Film med teckenspråk"),
)


def video_elements(story: Story, film: FilmAssets, film_base_url: str) -> list[etree._Element]:
    """The story's film and each of its versions as a ``video`` block, the film first (ADR 0013, 0016).

    Open edX's ``video`` block has no place for a described version: its sources are one film in
    several formats. So each version is a block of its own, right after the film, titled by what it is.
    """
    files = {"": film.video, DESCRIBED_VERSION: film.described_video, SIGN_LANGUAGE_VERSION: film.sign_language_video}
    return [video_element(story, film, film_base_url + files[version], version, f"{title}: {story.title}")
            for version, title in VIDEO_VERSIONS if files[version]]


def video_element(story: Story, film: FilmAssets, source: str, version: str, title: str) -> etree._Element:
    """One version of the story's film as Open edX's own ``video`` block, in the form the platform exports one.

    The mobile apps play a ``video`` block natively and download it for offline viewing when its
    source is an absolute address of an mp4 (``student_view_data`` passes it on unchanged), hence
    the base URL. Captions are SubRip, the format the block reads; the YouTube default is cleared.
    The versions share the film's timeline, so they share its captions.
    """
    element = etree.Element("video", url_name=url_names.film(story.id, version), display_name=title,
                            html5_sources=json.dumps([source]), download_video="true", download_track="true",
                            youtube_id_1_0="", edx_video_id="",
                            transcripts=json.dumps({"sv": film.subtitles}), transcript_language="sv")
    etree.SubElement(element, "source", src=source)
    etree.SubElement(element, "transcript", language="sv", src=film.subtitles)
    return element


def transcript_html(transcript: str) -> str:
    """The film's transcript (paragraphs separated by blank lines) as HTML paragraphs."""
    paragraphs = [paragraph.strip() for paragraph in transcript.split("\n\n") if paragraph.strip()]
    return "".join(f"<p>{'<br>'.join(escape(line) for line in paragraph.splitlines())}</p>"
                   for paragraph in paragraphs)

