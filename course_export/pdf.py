"""Printable PDFs of a course, rendered from the course's own sources.

The course ships two handouts, for those who read on paper or lead a group
without a screen:

* the *written material* – "Om utbildningen", the six chapters, "Stöd och
  vidare läsning" and the list of sources;
* the *group discussion guide* – the facilitator's instructions, the
  exercises of ``group/exercises.yaml`` and, at the end, the text of the
  stories the exercises build on.

There is no second copy of any text: the PDFs are made from the same
Markdown and YAML files as the OLX course (see ``courses/FORMAT.md``), through
the same converter (:func:`course_export.markup.markdown_to_html`), laid out by
Django templates and ``print.css`` in ``pdf_templates/`` and printed by
WeasyPrint with Debian's DejaVu fonts.

The PDFs are tagged PDF/UA-1 documents (headings, lists and tables reach
screen readers), in Swedish, with the title in their metadata. They carry no
dates, so the same sources give the same bytes and a rebuild does not churn
the course's files. Nothing is fetched while printing: the style sheet is
applied directly and any other address in the text stays a link.

Public API (used by the course builder)::

    render_course_pdfs(course_dir, out_dir) -> [written material, discussion guide]
    render_written_material(course_dir, out_dir) -> Path
    render_discussion_guide(course_dir, out_dir) -> Path
    pdf_file_names(slug) -> (written material name, discussion guide name)
    PdfError        a source file is missing or unusable (names the file)

Needs the ``course`` extra (Markdown, PyYAML, WeasyPrint) and the Debian
package fonts-dejavu-core.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import yaml
from django.template import Context, Engine
from django.utils.safestring import SafeString, mark_safe

from .markup import markdown_to_html, split_title
from .source import readable_source_names

__all__ = ["PdfError", "pdf_file_names", "render_course_pdfs", "render_discussion_guide",
           "render_written_material"]

TEMPLATES = Path(__file__).with_name("pdf_templates")
#: PDF/UA-1: WeasyPrint tags the structure and writes the XMP metadata it asks for.
PDF_VARIANT = "pdf/ua-1"
EXERCISE_KINDS = {"discussion": "Diskussionsövning", "reflection": "Reflektionsövning"}

_ENGINE = Engine(dirs=[str(TEMPLATES)], autoescape=True)


class PdfError(RuntimeError):
    """A printable PDF could not be made; the message names the file at fault."""


def pdf_file_names(slug: str) -> tuple[str, str]:
    """The file names of a course's two PDFs, so the course can link them by name."""
    return f"sexmot-{slug}-skriftligt-material.pdf", f"sexmot-{slug}-gruppdiskussion.pdf"


def render_course_pdfs(course_dir: Path | str, out_dir: Path | str) -> list[Path]:
    """Render both PDFs of the course in ``course_dir`` into ``out_dir``.

    The course's slug is the folder's name. Returns the written material
    first, then the discussion guide. Raises :class:`PdfError` naming the
    first missing or unusable source file.
    """
    return [render_written_material(course_dir, out_dir), render_discussion_guide(course_dir, out_dir)]


def render_written_material(course_dir: Path | str, out_dir: Path | str) -> Path:
    """Render about, the chapters, support and sources as one PDF; return its path."""
    course_dir = Path(course_dir)
    course = _course(course_dir)
    names = _source_names(course_dir)
    sections = [_markdown_section(course_dir / "about.md", "om-utbildningen", names)]
    chapters = sorted((course_dir / "chapters").glob("*.md"))
    if not chapters:
        raise PdfError(f"{course_dir / 'chapters'}: no chapters (*.md) to print")
    for number, path in enumerate(chapters, start=1):
        sections.append(_markdown_section(path, f"kapitel-{number}", names, label=f"Kapitel {number}"))
    sections.append(_markdown_section(course_dir / "support.md", "stod", names))
    sections.append(_markdown_section(course_dir / "sources.md", "kallor", names))
    context = {
        **course,
        "document_title": f"{course['course_title']}: Skriftligt material",
        "subtitle": "Skriftligt material",
        "lead": course["short_description"],
        "imprint": ("Samma text som i kursens webbversion. Fakta och siffror har källan "
                    "angiven i texten; alla källor finns listade sist."),
        "contents": sections,
        "sections": sections,
    }
    target = Path(out_dir) / pdf_file_names(course_dir.name)[0]
    _print("written-material.html", context, target)
    return target


def render_discussion_guide(course_dir: Path | str, out_dir: Path | str) -> Path:
    """Render the facilitator's guide with its exercises and stories as one PDF; return its path."""
    course_dir = Path(course_dir)
    course = _course(course_dir)
    names = _source_names(course_dir)
    facilitator = _markdown_section(course_dir / "group" / "facilitator.md", "handledning", names)
    plan = _yaml(course_dir / "group" / "exercises.yaml")
    raw_exercises = plan.get("exercises") if isinstance(plan, dict) else None
    if not isinstance(raw_exercises, list) or not raw_exercises:
        raise PdfError(f"{course_dir / 'group' / 'exercises.yaml'}: needs a list of 'exercises'")

    stories: dict[str, dict] = {}
    exercises = []
    for number, raw in enumerate(raw_exercises, start=1):
        exercise = _exercise(raw, number, course_dir, names)
        if exercise["story_id"] and exercise["story_id"] not in stories:
            stories[exercise["story_id"]] = _story(course_dir, exercise["story_id"], names)
        exercise["story"] = stories.get(exercise["story_id"])
        exercises.append(exercise)

    total = sum(exercise["minutes_value"] for exercise in exercises)
    minutes_total = plan.get("minutes_total", total)
    contents = [facilitator, {"anchor": "ovningar", "title": "Övningarna"}]
    if stories:
        contents.append({"anchor": "berattelser", "title": "Berättelserna"})
    context = {
        **course,
        "document_title": f"{course['course_title']}: Gruppdiskussion – handledning",
        "subtitle": "Gruppdiskussion – handledning",
        "lead": (f"Ett samtal i grupp på cirka {minutes_total} minuter med {len(exercises)} övningar "
                 f"som bygger på webbutbildningens berättelser."),
        "imprint": ("För dig som leder samtalet. Övningarna finns också i webbutbildningen och kan "
                    "visas för gruppen på en projektor."),
        "contents": contents,
        "facilitator": facilitator,
        "exercises": exercises,
        "total_minutes": _minutes(total),
        "stories": list(stories.values()),
    }
    target = Path(out_dir) / pdf_file_names(course_dir.name)[1]
    _print("discussion-guide.html", context, target)
    return target


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PdfError(f"{path}: the file is missing") from None
    except (OSError, UnicodeDecodeError) as error:
        raise PdfError(f"{path}: cannot be read ({error})") from None


def _yaml(path: Path):
    try:
        return yaml.safe_load(_read(path))
    except yaml.YAMLError as error:
        raise PdfError(f"{path}: not valid YAML ({error})") from None


def _course(course_dir: Path) -> dict:
    """The course-wide values every document shows, from course.yaml."""
    settings = _yaml(course_dir / "course.yaml")
    if not isinstance(settings, dict) or not str(settings.get("title") or "").strip():
        raise PdfError(f"{course_dir / 'course.yaml'}: needs a 'title'")
    return {"course_title": str(settings["title"]).strip(),
            "short_description": str(settings.get("short_description") or "").strip()}


def _source_names(course_dir: Path) -> dict[str, str]:
    """The names a learner reads for the course's source keys, by the rule the web course follows
    (``Course.source_names``), so a citation reads the same on paper as on screen."""
    return readable_source_names(_read(course_dir / "sources.md"))


def _markdown_section(path: Path, anchor: str, names: dict[str, str], label: str = "") -> dict:
    """A ``# Title`` Markdown file as a titled section; its ``##`` become ``<h3>``."""
    try:
        title, body = split_title(_read(path))
    except ValueError as error:
        raise PdfError(f"{path}: {error}") from None
    return {"anchor": anchor, "title": title, "label": label, "html": _html(body, names)}


def _html(text, names: dict[str, str]) -> SafeString:
    """Course Markdown under a section's ``<h2>``: safe, so the templates do not escape it twice."""
    return mark_safe(markdown_to_html(str(text or ""), heading_offset=1, source_names=names))


def _minutes(value: int) -> str:
    return f"{value} minut" if value == 1 else f"{value} minuter"


def _exercise(raw, number: int, course_dir: Path, names: dict[str, str]) -> dict:
    where = f"{course_dir / 'group' / 'exercises.yaml'}: exercise {number}"
    if not isinstance(raw, dict) or not str(raw.get("title") or "").strip():
        raise PdfError(f"{where} needs a 'title'")
    if raw.get("kind") not in EXERCISE_KINDS:
        raise PdfError(f"{where}: 'kind' must be one of {', '.join(EXERCISE_KINDS)}")
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
        raise PdfError(f"{where}: 'minutes' must be a whole number of minutes")
    questions = raw.get("questions") or []
    if not isinstance(questions, list):
        raise PdfError(f"{where}: 'questions' must be a list")
    return {
        "anchor": f"ovning-{number}",
        "title": str(raw["title"]).strip(),
        "kind": EXERCISE_KINDS[raw["kind"]],
        "minutes_value": minutes,
        "minutes": _minutes(minutes),
        "story_id": str(raw.get("story") or "").strip(),
        "instructions": _html(raw.get("instructions"), names),
        "questions": [_inline_html(question, names) for question in questions],
    }


def _inline_html(text, names: dict[str, str]) -> SafeString:
    """One line of Markdown without its paragraph, for list items."""
    html = markdown_to_html(str(text), source_names=names)
    return mark_safe(re.sub(r"\A<p>(.*)</p>\Z", r"\1", html, flags=re.S))


def _story(course_dir: Path, story_id: str, names: dict[str, str]) -> dict:
    """The text of a story the exercises build on: title, intro and parts."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", story_id):
        raise PdfError(f"{course_dir / 'group' / 'exercises.yaml'}: story {story_id!r} is not a story id")
    path = course_dir / "stories" / f"{story_id}.yaml"
    story = _yaml(path)
    parts = story.get("parts") if isinstance(story, dict) else None
    if not isinstance(parts, list) or not str(story.get("title") or "").strip():
        raise PdfError(f"{path}: a story needs a 'title' and 'parts'")
    return {
        "anchor": f"berattelse-{story_id}",
        "title": str(story["title"]).strip(),
        "intro": _html(story.get("intro"), names),
        "parts": [{"heading": str(part.get("heading") or "").strip(), "html": _html(part.get("text"), names)}
                  for part in parts if isinstance(part, dict)],
    }


def _print(template: str, context: dict, target: Path) -> None:
    """Lay out ``template`` and write the PDF to ``target`` in one step (no half-written file)."""
    try:
        from weasyprint import CSS, HTML  # noqa: PLC0415
        from weasyprint.urls import URLFetcher  # noqa: PLC0415
    except ImportError:
        raise PdfError("WeasyPrint is needed to print the course PDFs: "
                       "pip install 'sexmot-xblocks[course]'") from None

    class OfflineFetcher(URLFetcher):
        """Refuses every address: printing stays offline, quick and repeatable."""

        def fetch(self, url, headers=None):
            raise ValueError(f"not fetched while printing: {url}")

    html = _ENGINE.get_template(template).render(Context(context))
    document = HTML(string=html, url_fetcher=OfflineFetcher())
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-", suffix=".tmp")
    os.close(handle)
    try:
        document.write_pdf(temporary, stylesheets=[CSS(filename=str(TEMPLATES / "print.css"))],
                           pdf_variant=PDF_VARIANT, pdf_identifier=True)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
