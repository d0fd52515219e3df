"""The built courses in the preview: every unit of both courses as a workbench scenario.

A newcomer should be able to click through both courses, unit by unit, in the
preview (``make preview``) without an Open edX. The workbench knows our
blocks but not Open edX's own ``vertical``, ``html`` and ``video``, so this module
brings preview-only stand-ins, :class:`PreviewVertical`, :class:`PreviewHtml` and
:class:`PreviewVideo`.
They are registered with the XBlock plugin loader only when the preview's
Django app starts (:class:`CoursePreviewConfig`), never as entry points of the
package: an Open edX that installs the plugin keeps its own blocks.

The courses are read from where ``python -m course_export build`` leaves them
(``var/courses/<slug>/course/``). Their files (films, captions, PDFs) are
linked into the preview's course-files folder (``SEXMOT_COURSE_ASSETS_DIR``,
see ``devtools/preview/assets.py``), whose ``replace_urls`` service
points ``/static/<name>`` there, as Open edX points it to its asset store.
"""
from __future__ import annotations

import copy
import importlib.metadata
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from lxml import etree
from web_fragments.fragment import Fragment
from xblock.core import XBlock
from xblock.fields import List, Scope, String

from sexmot_xblocks.toolkit import course_assets

from .olx_reader import OlxError, inline_html, read_outline, resolve

__all__ = ["CoursePreviewConfig", "PreviewHtml", "PreviewVertical", "PreviewVideo", "Scenario", "course_scenarios",
           "publish_course_files", "register_preview_blocks", "register_course_scenarios"]

log = logging.getLogger(__name__)

#: The preview-only stand-ins for Open edX core blocks, by OLX tag.
PREVIEW_BLOCKS = {
    "vertical": "course_export.course_preview:PreviewVertical",
    "html": "course_export.course_preview:PreviewHtml",
    "video": "course_export.course_preview:PreviewVideo",
}
#: A readable column, roughly as the LMS lays out a unit; the blocks bring their own styles.
UNIT_CSS = """
.course-preview-unit { max-width: 48rem; margin: 0 auto; padding: 0 1rem; line-height: 1.5; }
.course-preview-unit table { border-collapse: collapse; }
.course-preview-unit th, .course-preview-unit td { border: 1px solid #8a8a8a; padding: .25rem .5rem; }
.course-preview-trail { font-size: .9rem; color: #444; margin-top: 1rem; }
.course-preview-pages { display: flex; flex-wrap: wrap; gap: 1rem; margin: 2rem 0; }
.course-preview-pages a { padding: .5rem 0; }
"""
_JUMP_TO_ID = re.compile(r"""(["'])/jump_to_id/([^"'?#/]+)""")


@dataclass(frozen=True)
class Scenario:
    """A workbench scenario: id (its address), description (shown in the index) and OLX."""

    id: str
    description: str
    xml: str


@XBlock.wants("replace_urls")
class PreviewHtml(XBlock):
    """Preview stand-in for Open edX's ``html`` component: shows its HTML.

    The HTML was written by the course builder from the course's own
    Markdown (raw HTML in the sources is escaped), so it is shown as it is,
    with ``/static/`` URLs rewritten by the runtime as the LMS does.
    """

    display_name = String(default="Text", scope=Scope.settings, help="The component's name.")
    data = String(default="", scope=Scope.content, help="The HTML shown to learners.")

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """``<html display_name="…">HTML source as text</html>`` (the preview keeps the HTML as text)."""
        block = runtime.construct_xblock_from_class(cls, keys)
        block.display_name = node.get("display_name", block.display_name)
        block.data = node.text or ""
        return block

    def student_view(self, context=None):
        """The HTML with its course-file URLs pointing to where the preview serves them."""
        service = self.runtime.service(self, "replace_urls")
        html = service.replace_urls(self.data) if service else self.data
        return Fragment(format_html('<div class="xblock-html-preview">{}</div>', _trusted(html)))


@XBlock.wants("replace_urls")
class PreviewVideo(XBlock):
    """Preview stand-in for Open edX's ``video`` component: a plain player for a story's film (ADR 0013).

    A course built with a film base URL has its films as ``video`` blocks with https sources. The
    preview plays the course file of the same name first, which it serves itself, then the https
    source; the platform's own player, captions and download are what the LMS and the apps show.
    """

    display_name = String(default="Video", scope=Scope.settings, help="The component's name.")
    html5_sources = List(default=[], scope=Scope.settings, help="The film's addresses.")

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """``<video display_name="…" html5_sources='["https://…"]'>…</video>``, as the course builder writes it."""
        block = runtime.construct_xblock_from_class(cls, keys)
        block.display_name = node.get("display_name", block.display_name)
        block.html5_sources = [str(url) for url in json.loads(node.get("html5_sources", "[]"))]
        return block

    def student_view(self, context=None):
        """A ``video`` element with the course file of the same name and the https source."""
        names = [url.rsplit("/", 1)[-1].rsplit("@", 1)[-1] for url in self.html5_sources[:1]]
        local = [course_assets.resolve(self, f"/static/{name}") for name in names]
        return Fragment(format_html(
            '<div class="xblock-video-preview"><p>{}</p><video controls preload="metadata">{}</video></div>',
            self.display_name,
            format_html_join("", '<source src="{}" type="video/mp4">', ((url,) for url in local + self.html5_sources)),
        ))


class PreviewVertical(XBlock):
    """Preview stand-in for Open edX's ``vertical`` (a unit): its components in order, with navigation.

    Besides the components it shows where the unit sits (course, section) and
    links to the previous and next unit and to the course outline, so the
    course can be read through like in the LMS.
    """

    has_children = True
    display_name = String(default="Enhet", scope=Scope.settings, help="The unit's title.")
    course_title = String(default="", scope=Scope.content, help="The course the unit belongs to.")
    section_title = String(default="", scope=Scope.content, help="The section the unit belongs to.")
    previous_scenario = String(default="", scope=Scope.content, help="Scenario id of the previous unit.")
    next_scenario = String(default="", scope=Scope.content, help="Scenario id of the next unit.")
    outline_scenario = String(default="", scope=Scope.content, help="Scenario id of the course outline.")

    def student_view(self, context=None):
        """The unit's title and components, between breadcrumbs and previous/next links."""
        fragment = Fragment()
        children = []
        for child_id in self.children:
            child = self.runtime.get_block(child_id)
            child_fragment = self.runtime.render_child(child, "student_view", context)
            fragment.add_fragment_resources(child_fragment)
            children.append(child_fragment.content)
        fragment.add_content(format_html(
            '<div class="course-preview-unit">\n'
            '<nav class="course-preview-trail" aria-label="Plats i kursen">{} › {}</nav>\n<h1>{}</h1>\n{}\n'
            '<nav class="course-preview-pages" aria-label="Enheter">{}</nav>\n</div>',
            self.course_title, self.section_title, self.display_name,
            format_html_join("\n", "{}", ((_trusted(html),) for html in children)), self._links(),
        ))
        fragment.add_css(UNIT_CSS)
        return fragment

    def _links(self):
        student = self.scope_ids.user_id
        query = f"?student={student}" if student else ""
        links = [(scenario, label) for scenario, label in (
            (self.previous_scenario, "← Föregående enhet"), (self.outline_scenario, "Kursöversikt"),
            (self.next_scenario, "Nästa enhet →")) if scenario]
        return format_html_join("\n", '<a href="../{}/{}">{}</a>', ((scenario, query, label)
                                                                      for scenario, label in links))

    @classmethod
    def workbench_scenarios(cls):
        """Announce the built courses' units to the workbench.

        The workbench asks every registered block class for scenarios and
        files them under ``<tag>.<n>``, which would list unit 10 before unit
        2. The units are therefore added under ids of their own, in course
        order (see :func:`register_course_scenarios`), and nothing is
        returned here.
        """
        register_course_scenarios()
        return []


def _trusted(html: str):
    """Mark builder-written HTML as safe for ``format_html`` (it never contains learner text)."""
    return mark_safe(html)  # nosec: written by the course builder from escaped Markdown


def register_preview_blocks() -> None:
    """Let the XBlock loader find the preview's stand-ins for Open edX's blocks (in this process only)."""
    known = {identifier for identifier, _ in XBlock.extra_entry_points}
    for tag, target in PREVIEW_BLOCKS.items():
        if tag not in known:
            XBlock.extra_entry_points.append(
                (tag, importlib.metadata.EntryPoint(name=tag, value=target, group="xblock.v1")))


def register_course_scenarios(courses_dir: Path | None = None) -> list[str]:
    """Add every built course's outline and units as workbench scenarios; return their ids.

    ``courses_dir`` defaults to where the builder leaves the courses. A unit
    that does not load (a course built with an older block, say) shows as a
    scenario explaining what failed instead of breaking the whole preview.
    """
    from workbench import scenarios  # noqa: PLC0415  (needs the app registry)

    from .build import PREVIEW_DIR  # noqa: PLC0415  (the builder is heavier)

    root = Path(courses_dir or PREVIEW_DIR)
    built = sorted(path for path in root.glob("*/course") if (path / "course.xml").is_file())
    if not built:
        log.warning("No built courses to preview in %s: run 'make course'.", root)
    added = []
    for course_dir in built:
        slug = course_dir.parent.name
        try:
            course_list = course_scenarios(course_dir, slug)
            publish_course_files(course_dir / "static", Path(settings.SEXMOT_COURSE_ASSETS_DIR))
        except OlxError as error:
            log.warning("The built course in %s cannot be previewed: %s", course_dir, error)
            continue
        stories = {}
        for scenario in course_list:
            scenarios.SCENARIOS.pop(scenario.id, None)
            try:
                unit = _with_story_ids(scenario.xml, stories)
                xml = etree.tostring(unit, encoding="unicode")
                scenarios.add_xml_scenario(scenario.id, scenario.description, xml)
                stories.update(_story_ids(unit, scenarios.SCENARIOS[scenario.id].usage_id))
            except Exception as error:  # noqa: BLE001  (shown in its place instead)
                log.warning("Scenario %s does not load: %s", scenario.id, error)
                scenarios.SCENARIOS.pop(scenario.id, None)
                scenarios.add_xml_scenario(scenario.id, scenario.description, _error_unit(error))
            added.append(scenario.id)
    return added


def _with_story_ids(xml: str, stories: dict) -> etree._Element:
    """A unit whose group plan names each story by its id in the workbench instead of its ``url_name``.

    A group plan names a story by ``url_name``, which the LMS turns into the story's usage key in the course
    (``ReflectionXBlock._plan_story``); the workbench gives each block an id of its own, so the preview
    names the story as the workbench knows it. The story units come before the group discussion in
    course order, so each is known by the time a plan names it.
    """
    unit = etree.fromstring(xml)
    for exercise in unit.iterfind("sexmot_reflection/group_plan/exercise[@story]"):
        exercise.set("story", stories.get(exercise.get("story"), exercise.get("story")))
    return unit


def _story_ids(unit: etree._Element, unit_id: str) -> dict:
    """``{url_name: workbench id}`` of the stories the registered ``unit`` holds (its children, in order)."""
    from workbench.runtime import WorkbenchRuntime  # noqa: PLC0415  (the app registry)

    elements = [element for element in unit if isinstance(element.tag, str)]
    if not any(element.tag == "sexmot_story" for element in elements):
        return {}
    children = WorkbenchRuntime().get_block(unit_id).children
    return {element.get("url_name"): child for element, child in zip(elements, children)
            if element.tag == "sexmot_story" and element.get("url_name")}


def publish_course_files(static_dir: Path, assets_dir: Path) -> None:
    """Link a built course's files into the preview's flat course-files folder.

    Both courses share that folder, as files of one Open edX course share its
    asset store; the builder gives every file a name unique to its course
    (story ids, ``sexmot-<slug>-…``), so a clash is a mistake worth a warning.
    """
    assets_dir.mkdir(parents=True, exist_ok=True)
    for path in sorted(static_dir.iterdir()):
        link = assets_dir / path.name
        if link.is_symlink() or not link.exists():
            link.unlink(missing_ok=True)
            link.symlink_to(path.resolve())
        elif link.read_bytes() != path.read_bytes():
            log.warning("%s is already in the preview's course files with other content; not replaced", link)


def _error_unit(error: Exception) -> str:
    text = format_html("<p>Den här enheten kunde inte visas: {}: {}. Bygg kurserna igen med "
                       "<code>make course</code>.</p>", type(error).__name__, str(error))
    html = etree.Element("html", display_name="Fel")
    html.text = str(text)
    return etree.tostring(html, encoding="unicode")


def course_scenarios(course_dir: Path, slug: str) -> list[Scenario]:
    """The scenarios of one built course: an outline, then every unit in course order."""
    course, sections = read_outline(course_dir)
    title = course.get("display_name", slug)
    outline_id = f"kurs-{slug}-0-00"
    ids = {}
    for section_number, section in enumerate(sections, start=1):
        for unit_number, unit in enumerate(section.units, start=1):
            ids[unit.url_name] = f"kurs-{slug}-{section_number}-{unit_number:02d}"
    order = list(ids.values())

    found = [Scenario(outline_id, f"{title} – kursöversikt", _outline_xml(title, sections, ids))]
    for section in sections:
        for unit in section.units:
            scenario_id = ids[unit.url_name]
            position = order.index(scenario_id)
            vertical = _preview_unit(course_dir, unit.element, ids)
            vertical.attrib.update({
                "course_title": title, "section_title": section.display_name, "outline_scenario": outline_id,
                "previous_scenario": order[position - 1] if position else "",
                "next_scenario": order[position + 1] if position + 1 < len(order) else "",
            })
            found.append(Scenario(scenario_id, f"{title} › {section.display_name} › {unit.display_name}",
                                  etree.tostring(vertical, encoding="unicode")))
    return found


def _preview_unit(course_dir: Path, vertical: etree._Element, ids: dict) -> etree._Element:
    """A copy of a unit with ``html`` pointers inlined and course links pointed to the preview's units."""
    unit = etree.Element("vertical", display_name=vertical.get("display_name", ""))
    for child in vertical:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "html":
            component, _ = resolve(course_dir, child)
            html = etree.SubElement(unit, "html", display_name=component.get("display_name", ""))
            html.text = _JUMP_TO_ID.sub(
                lambda match: f"{match.group(1)}../{ids.get(match.group(2), match.group(2))}/",
                inline_html(course_dir, component))
        else:
            unit.append(copy.deepcopy(child))
    return unit


def _outline_xml(title: str, sections, ids: dict) -> str:
    """The course outline: every section with links to its units."""
    items = format_html_join("\n", "<h2>{}</h2>\n<ol>{}</ol>", (
        (section.display_name, format_html_join("", '<li><a href="../{}/">{}</a></li>',
                                                ((ids[unit.url_name], unit.display_name) for unit in section.units)))
        for section in sections))
    html = etree.Element("html", display_name=title)
    html.text = str(format_html("<h1>{}</h1>\n<p>Förhandsvisning av den byggda kursen, enhet för enhet.</p>\n{}",
                                title, items))
    return etree.tostring(html, encoding="unicode")


class CoursePreviewConfig(AppConfig):
    """Hooks the course preview into the preview's Django (listed in its ``INSTALLED_APPS``)."""

    name = "course_export"
    label = "course_export_preview"
    verbose_name = "Course preview"

    def ready(self):
        register_preview_blocks()
