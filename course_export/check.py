"""Check a built OLX course before anyone imports it.

Studio's import is forgiving in the worst way: an unknown tag becomes a
hidden block, a broken ``/static/`` link becomes a broken film, a duplicate
``url_name`` silently replaces a unit. This module finds those problems
first, in the files themselves:

- every file is well formed (XML strictly, HTML without recovery, JSON);
- every block has a ``url_name``, unique in the course;
- every tag is an Open edX core tag or one of ours;
- every quoted ``/static/…`` reference names a file in a flat ``static/``, and
  no unquoted one (Open edX rewrites only quoted ones) is left;
- films have WebVTT captions;
- every film has captions and a described version (WCAG 2.1 AA, 1.2.2 and 1.2.5): a story's own
  film a described film or a descriptions track, a film as a ``video`` block a described ``video``
  block beside it (ADR 0016);
- the policy enables our blocks, and the grading policy matches the graded
  subsections, so passing means doing every graded exercise;
- an active course certificate is configured, stating the web training's
  scope (:mod:`course_export.certificate`);
- every statute reference, figure and phone number of the sources has a
  current entry in the course's claims register (:mod:`course_export.claims`): a legal entry names
  act, chapter, paragraph and the amendment read, a figure its year and the newest study considered;
- a sentence that states the law and cites sources cites the statute (:mod:`course_export.legal_sources`);
- every word a learner or facilitator reads is Swedish as hunspell's dictionary knows it, or in the
  course's word list (:mod:`course_export.spelling`);
- no text uses a term the course's own word table rejects, outside the contexts the table allows
  (:mod:`course_export.terminology`);
- each of our blocks parses through the real XBlock runtime (the workbench's);
- ``olxcleaner``, the validator edx-platform runs on import, reports nothing;
- the estimated study time meets its targets (:mod:`course_export.studytime`).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from sexmot_xblocks.toolkit.content_language import is_language_tag

from .certificate import check_certificate, load_certificate
from .claims import check_claims
from .django_setup import ensure_django
from .legal_sources import check_legal_sources
from .olx_reader import OlxError, parse_html, read_xml, resolve
from .olx_writer import (
    ASSIGNMENT_TYPE,
    DESCRIBED_VERSION,
    OUR_BLOCKS,
    PASS_CUTOFF,
    SIGN_LANGUAGE_VERSION,
    STORY_CHILD_BLOCKS,
)
from .source import Course, SourceError
from .spelling import check_spelling
from .studytime import TARGETS, WEB, StudyTime, Targets, estimate
from .terminology import check_terminology

__all__ = ["CheckReport", "check_course", "check_tarball", "CORE_TAGS", "INSTALL_WARNING"]

#: Block tags of Open edX's own (edx-platform's XModules and the XBlocks installed with it by default).
CORE_TAGS = frozenset({
    "course", "chapter", "sequential", "vertical", "html", "video", "problem", "discussion", "library_content",
    "split_test", "conditional", "poll_question", "word_cloud", "annotatable", "lti", "lti_consumer",
    "openassessment", "drag-and-drop-v2", "done", "library", "itembank", "wiki", "unit", "course_info",
    "static_tab", "about", "problem_builder", "google-document", "google-calendar", "edx_sga", "survey", "poll",
})
INSTALL_WARNING = ("Install the sexmot-xblocks plugin on the Open edX (LMS and CMS) before importing this course: "
                   "Studio imports a tag whose XBlock is missing silently as a hidden, empty block.")

_QUOTED_STATIC = re.compile(r"""(["'])/static/([^"'?#]*)""")
_ANY_STATIC = re.compile(r"""(?<!["'])/static/""")


@dataclass
class CheckReport:
    """What the checks found in one course: errors make the build fail; warnings are advice."""

    course_dir: Path
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    study_time: StudyTime | None = None
    film_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing stands in the way of an import."""
        return not self.errors


def check_course(course_dir: Path, course: Course | None = None, targets: Targets = TARGETS,
                 today: dt.date | None = None) -> CheckReport:
    """Run every check on the OLX in ``course_dir``; with ``course`` (its sources) also the study time,
    the certificate's stated scope, the claims register (checked as of ``today``), the legal sources,
    the spelling and the word table."""
    report = CheckReport(Path(course_dir))
    report.warnings.append(INSTALL_WARNING)
    try:
        _check_files(report)
        blocks = _walk_blocks(report)
    except OlxError as error:
        report.errors.append(str(error))
        return report
    _check_url_names(report, blocks)
    _check_static(report)
    _check_policies(report, blocks)
    _check_our_blocks(report, blocks)
    _check_videos(report, blocks)
    _check_film_alternatives(report, blocks)
    _check_olxcleaner(report)
    report.film_seconds = _film_seconds(report, blocks)
    if course is not None:
        report.study_time = estimate(course, report.film_seconds, targets)
        report.errors.extend(report.study_time.problems)
        claims = check_claims(course.path, today)
        report.errors.extend(claims.errors)
        report.warnings.extend(claims.warnings)
        report.errors.extend(check_spelling(course.path))
        report.errors.extend(check_terminology(course.path))
        report.errors.extend(check_legal_sources(course.path))
    _check_certificate(report, course)
    return report


def check_tarball(path: Path) -> list[str]:
    """Problems with the package itself: Studio wants one top-level ``course/`` folder and nothing else."""
    problems = []
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = archive.getmembers()
    except (OSError, tarfile.TarError) as error:
        return [f"{path.name}: not a readable .tar.gz ({error})"]
    for member in members:
        parts = Path(member.name).parts
        if member.name.startswith("/") or ".." in parts:
            problems.append(f"{path.name}: unsafe path {member.name!r}")
        elif not parts or parts[0] != "course":
            problems.append(f"{path.name}: {member.name!r} is outside the top-level course/ folder")
        elif not (member.isfile() or member.isdir()):
            problems.append(f"{path.name}: {member.name!r} is neither a file nor a folder")
    if not any(member.name == "course/course.xml" for member in members):
        problems.append(f"{path.name}: course/course.xml is missing")
    return problems


# --- the checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    tag: str
    url_name: str | None
    file: str
    element: etree._Element


def _check_files(report: CheckReport) -> None:
    """Every XML, HTML and JSON file parses."""
    root = report.course_dir
    if not (root / "course.xml").is_file():
        raise OlxError(f"{root}: course.xml is missing: this is not an OLX course folder")
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if name.startswith("static/") or not path.is_file():
            continue
        try:
            if path.suffix == ".xml":
                read_xml(path)
            elif path.suffix == ".html":
                parse_html(path.read_text(encoding="utf-8"), name)
            elif path.suffix == ".json":
                json.loads(path.read_text(encoding="utf-8"))
        except OlxError as error:
            report.errors.append(str(error))
        except (ValueError, UnicodeDecodeError) as error:
            report.errors.append(f"{name}: not valid JSON: {error}")


def _walk_blocks(report: CheckReport) -> list[_Block]:
    """Every block of the course, pointers followed; our blocks' inner elements are theirs to read."""
    course_dir = report.course_dir
    root = read_xml(course_dir / "course.xml")
    blocks: list[_Block] = []

    def visit(element, file):
        element, own_file = resolve(course_dir, element)
        file = own_file or file
        tag = element.tag
        if tag not in CORE_TAGS and tag not in OUR_BLOCKS:
            where = f"{file}: <{tag}>" + (f" ({element.get('url_name')})" if element.get("url_name") else "")
            report.errors.append(f"{where} is neither an Open edX core tag nor one of ours "
                                 f"({', '.join(OUR_BLOCKS)}); Studio would import it as a hidden block")
            return
        blocks.append(_Block(tag, element.get("url_name"), file, element))
        if (tag == "html" and element.get("filename")) or tag == "video":  # a video's elements are its own
            return
        for child in element:
            if tag in OUR_BLOCKS:
                if child.tag in OUR_BLOCKS or child.tag in CORE_TAGS:   # child blocks of a story
                    visit(child, file)
            elif isinstance(child.tag, str) and tag != "html":
                visit(child, file)

    visit(root, "course.xml")
    return blocks


def _check_url_names(report: CheckReport, blocks: list[_Block]) -> None:
    seen: dict[str, _Block] = {}
    for block in blocks:
        if not block.url_name:
            report.errors.append(f"{block.file}: a <{block.tag}> has no url_name; without one Studio gives it a "
                                 "random id on every import and learners' answers are lost on re-import")
        elif block.url_name in seen:
            first = seen[block.url_name]
            report.errors.append(f"url_name {block.url_name!r} is used twice: <{first.tag}> in {first.file} and "
                                 f"<{block.tag}> in {block.file}")
        else:
            seen[block.url_name] = block


def _check_static(report: CheckReport) -> None:
    """Quoted ``/static/`` references resolve in a flat ``static/``; nothing unquoted is left."""
    root = report.course_dir
    static = root / "static"
    for path in sorted(static.rglob("*")) if static.is_dir() else []:
        if path.is_dir():
            report.errors.append(f"static/{path.relative_to(static).as_posix()}/: a folder; Studio flattens "
                                 "folders in static/ and the links into it break. Keep static/ flat.")
    for path in sorted(root.rglob("*")):
        name = path.relative_to(root).as_posix()
        if name.startswith("static/") or path.suffix not in {".xml", ".html", ".json"} or not path.is_file():
            continue
        # A story's lists are JSON in attributes, quoted as &quot; (as Studio's clipboard also reads them).
        text = path.read_text(encoding="utf-8").replace("&quot;", '"')
        for _, file_name in _QUOTED_STATIC.findall(text):
            if "/" in file_name or not file_name:
                report.errors.append(f"{name}: /static/{file_name} is not a file name in the flat static/")
            elif not (static / file_name).is_file():
                report.errors.append(f"{name}: refers to /static/{file_name}, which is not in static/")
        for match in _ANY_STATIC.finditer(text):
            report.errors.append(f"{name}: an unquoted /static/ reference ({text[match.start():match.start() + 40]!r}"
                                 "…); Open edX rewrites only quoted ones, so it would break after import")
    for path in sorted(static.glob("*.vtt")) if static.is_dir() else []:
        if not path.read_text(encoding="utf-8").startswith("WEBVTT"):
            report.errors.append(f"static/{path.name}: captions must be WebVTT (the file starts with 'WEBVTT')")


def _check_policies(report: CheckReport, blocks: list[_Block]) -> None:
    """Our blocks are enabled, the course image exists, and grading matches the graded subsections."""
    root = report.course_dir
    course = read_xml(root / "course.xml")
    run = course.get("url_name")
    try:
        policy = json.loads((root / f"policies/{run}/policy.json").read_text(encoding="utf-8"))
        grading = json.loads((root / f"policies/{run}/grading_policy.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        report.errors.append(f"policies/{run}/: the policy files cannot be read ({error})")
        return
    settings = policy.get(f"course/{run}", {})
    missing = [tag for tag in OUR_BLOCKS if tag not in settings.get("advanced_modules", [])]
    if missing:
        report.errors.append(f"policies/{run}/policy.json: advanced_modules lacks {', '.join(missing)}; course "
                             "authors would not find the blocks in Studio's component menu")
    if settings.get("language") != "sv":
        report.errors.append(f"policies/{run}/policy.json: the course language must be 'sv'")
    image = settings.get("course_image")
    if not image or not (root / "static" / image).is_file():
        report.errors.append(f"policies/{run}/policy.json: the course_image {image!r} is not in static/")

    graders = {grader.get("type"): grader for grader in grading.get("GRADER", [])}
    graded = [block for block in blocks if block.tag == "sequential" and block.element.get("graded") == "true"]
    for block in graded:
        kind = block.element.get("format")
        if kind not in graders:
            report.errors.append(f"{block.file}: graded as {kind!r}, which the grading policy does not define")
        if not any(element.get("participation_scored") == "true" for element in _inline_blocks(root, block.element)):
            report.errors.append(f"{block.file}: graded, but it has no graded exercise")
    if not graded:
        report.errors.append("no subsection is graded, so no learner could pass: set 'graded: true' on the "
                             "reflection exercises that make up the training")
    for kind, grader in graders.items():
        count = sum(1 for block in graded if block.element.get("format") == kind)
        if not count:
            continue
        if grader.get("min_count") != count or grader.get("drop_count") != 0:
            report.errors.append(f"policies/{run}/grading_policy.json: {kind!r} must have min_count {count} (the "
                                 "graded subsections) and drop_count 0, so every graded exercise counts")
    if ASSIGNMENT_TYPE not in graders:
        report.errors.append(f"policies/{run}/grading_policy.json: the assignment type {ASSIGNMENT_TYPE!r} is missing")
    if grading.get("GRADE_CUTOFFS") != {"Pass": PASS_CUTOFF}:
        report.errors.append(f"policies/{run}/grading_policy.json: GRADE_CUTOFFS must be {{\"Pass\": "
                             f"{PASS_CUTOFF}}}: a pass needs every graded exercise, and nothing more")


def _check_certificate(report: CheckReport, course: Course | None) -> None:
    """The course certificate is configured and active; with the sources, its scope matches the estimate."""
    root = report.course_dir
    run = read_xml(root / "course.xml").get("url_name")
    try:
        policy = json.loads((root / f"policies/{run}/policy.json").read_text(encoding="utf-8"))
        settings = policy.get(f"course/{run}", {})
    except (OSError, ValueError):
        return   # already reported by _check_policies
    certificate = web_minutes = None
    if course is not None:
        try:
            certificate = load_certificate(course.path)
        except SourceError as error:
            report.errors.append(str(error))
        if report.study_time is not None:
            web_minutes = report.study_time.chapter_minutes(WEB)
    errors, warnings = check_certificate(settings, certificate, web_minutes)
    report.errors.extend(f"policies/{run}/{error}" if error.startswith("policy.json") else error for error in errors)
    report.warnings.extend(warnings)


def _inline_blocks(course_dir: Path, sequential: etree._Element):
    """The elements of our blocks in a sequential's units."""
    for pointer in sequential.findall("vertical"):
        vertical, _ = resolve(course_dir, pointer)
        yield from (element for element in vertical.iter() if element.tag in OUR_BLOCKS)


def _check_our_blocks(report: CheckReport, blocks: list[_Block]) -> None:
    """Parse each of our top-level blocks (with its child blocks) through the workbench's XBlock runtime."""
    ours = [block for block in blocks if block.tag in OUR_BLOCKS and block.element.getparent() is not None
            and block.element.getparent().tag not in OUR_BLOCKS]
    if not ours:
        return
    runtime = _memory_runtime()
    for block in ours:
        where = f"{block.file}: <{block.tag} url_name=\"{block.url_name}\">"
        try:
            parsed = runtime.get_block(runtime.parse_xml_string(etree.tostring(block.element, encoding="unicode")))
        except Exception as error:  # noqa: BLE001  (any failure is the finding)
            report.errors.append(f"{where} does not parse in the XBlock runtime: {type(error).__name__}: {error}")
            continue
        strays = sorted({child.tag for child in block.element if isinstance(child.tag, str)
                         and block.tag == "sexmot_story" and child.tag not in STORY_CHILD_BLOCKS})
        if strays:
            report.errors.append(f"{where}: <{'>, <'.join(strays)}> inside the story is not a block; Studio's paste "
                                 "would import it as an unknown block (ADR 0012)")
        expected = [child for child in block.element if child.tag in OUR_BLOCKS]
        if expected and len(getattr(parsed, "children", [])) != len(expected):
            report.errors.append(f"{where} has {len(expected)} child blocks in the OLX, but the runtime kept "
                                 f"{len(getattr(parsed, 'children', []))}")
        if block.element.get("display_name") and parsed.display_name != block.element.get("display_name"):
            report.errors.append(f"{where}: the runtime read the display name as {parsed.display_name!r}")


def _json_attribute(element: etree._Element, name: str, kind: type) -> tuple[object, str]:
    """An OLX element's JSON attribute as ``kind`` (``list`` or ``dict``; empty when absent), and its problem, if any.

    The OLX may have been edited by hand since it was built: a malformed value is a finding of the
    check, never a failure of the checker.
    """
    text = element.get(name)
    if text is None:
        return kind(), ""
    try:
        value = json.loads(text)
    except ValueError:
        return kind(), f"{name} is not JSON"
    if not isinstance(value, kind):
        return kind(), f"{name} must be a JSON {'object' if kind is dict else 'list'}"
    return value, ""


def _check_videos(report: CheckReport, blocks: list[_Block]) -> None:
    """Every ``video`` plays in the mobile apps: https sources only, its SubRip captions in ``static/`` (ADR 0013).

    A caption is named by a language tag and a file directly in ``static/``, as the platform's import
    looks it up there (a name with a folder or ``..`` in it points elsewhere).
    """
    for block in blocks:
        if block.tag != "video":
            continue
        where = f"{block.file}: <video url_name=\"{block.url_name}\">"
        sources, problem = _json_attribute(block.element, "html5_sources", list)
        if problem or not sources or not all(isinstance(url, str) and url.startswith("https://") for url in sources):
            report.errors.append(f"{where}: the mobile apps play and download only https sources, not "
                                 f"{problem or sources}")
        transcripts, problem = _json_attribute(block.element, "transcripts", dict)
        if problem:
            report.errors.append(f"{where}: {problem}")
        for language, name in transcripts.items():
            if not is_language_tag(language):
                report.errors.append(f"{where}: the captions' language {language!r} is no language tag")
            if not isinstance(name, str) or Path(name).name != name or name in ("", ".", ".."):
                report.errors.append(f"{where}: the {language} captions must be a file name in static/, not {name!r}")
            elif not (report.course_dir / "static" / name).is_file():
                report.errors.append(f"{where}: the {language} captions {name} are not in static/")


def _check_film_alternatives(report: CheckReport, blocks: list[_Block]) -> None:
    """Every film can be taken in without sight or hearing: it has captions and a described version.

    A story's own film needs caption tracks and a described film or a descriptions track; a film
    written as a ``video`` block needs its captions and a ``video`` block of its described version
    (``url_name`` + ``-syntolkad``).
    """
    def listed(block, name, kind=list):
        return _json_attribute(block.element, name, kind)[0]  # malformed: reported by the block's own check

    versions = tuple(f"-{version}" for version in (DESCRIBED_VERSION, SIGN_LANGUAGE_VERSION))
    videos = {block.url_name for block in blocks if block.tag == "video"}
    for block in blocks:
        if block.tag == "sexmot_story" and listed(block, "film_sources"):
            where = f"{block.file}: <sexmot_story url_name=\"{block.url_name}\">"
            if not listed(block, "caption_tracks"):
                report.errors.append(f"{where}: the film has no captions (WCAG 1.2.2)")
            if not (listed(block, "described_film_sources") or listed(block, "description_tracks")):
                report.errors.append(f"{where}: the film has no described version and no descriptions track "
                                     "(WCAG 1.2.5)")
        elif block.tag == "video" and not block.url_name.endswith(versions):
            where = f"{block.file}: <video url_name=\"{block.url_name}\">"
            if not listed(block, "transcripts", dict):
                report.errors.append(f"{where}: the film has no captions (WCAG 1.2.2)")
            described = f"{block.url_name}-{DESCRIBED_VERSION}"
            if described not in videos:
                report.errors.append(f"{where}: the film has no described version, a video block "
                                     f"url_name=\"{described}\" beside it (WCAG 1.2.5)")


def _memory_runtime():
    """The workbench runtime, with block state kept in memory so checking needs no database."""
    ensure_django()
    from workbench.runtime import ScenarioIdManager, WorkbenchRuntime  # noqa: PLC0415
    from xblock.runtime import DictKeyValueStore, KvsFieldData  # noqa: PLC0415

    runtime = WorkbenchRuntime("olx-check")
    runtime._services["field-data"] = KvsFieldData(DictKeyValueStore())  # noqa: SLF001
    runtime.id_reader = runtime.id_generator = ScenarioIdManager()
    runtime.id_generator.set_scenario("olx-check")
    return runtime


def _check_olxcleaner(report: CheckReport) -> None:
    """edx-platform's own import validator, told about our two tags, must find nothing at all."""
    from olxcleaner import validate  # noqa: PLC0415
    from olxcleaner.exceptions import ErrorLevel  # noqa: PLC0415

    _, errorstore, _ = validate(str(report.course_dir), steps=8, allowed_xblocks=list(OUR_BLOCKS))
    for error in errorstore.errors:
        if error.level_val >= ErrorLevel.INFO.value:
            report.errors.append(f"olxcleaner {error.level} {error.name} in {error.filename}: {error.description}")


def _film_seconds(report: CheckReport, blocks: list[_Block]) -> dict[str, float]:
    """Each story's film length, measured from the MP4 in ``static/`` (story url_name -> seconds)."""
    seconds = {}
    for block in blocks:
        if block.tag != "sexmot_story":
            continue
        # Malformed attributes are findings of the blocks' own checks; here they measure no film.
        sources = [item.get("src") for item in _json_attribute(block.element, "film_sources", list)[0]
                   if isinstance(item, dict) and item.get("type") == "video/mp4"]
        unit = block.element.getparent()
        video = unit.find("video") if unit is not None else None  # the film as a video block beside it (ADR 0013)
        sources += _json_attribute(video, "html5_sources", list)[0] if video is not None else []
        sources = [source for source in sources if isinstance(source, str)]
        if not sources:
            continue
        path = report.course_dir / "static" / sources[0].rsplit("/", 1)[-1].rsplit("@", 1)[-1]
        if path.is_file():
            try:
                seconds[block.url_name] = _duration(path)
            except (OSError, ValueError, subprocess.CalledProcessError) as error:
                report.errors.append(f"static/{path.name}: cannot measure the film's length ({error})")
    return seconds


def _duration(path: Path) -> float:
    result = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                             str(path)], capture_output=True, text=True, check=True)
    return float(result.stdout.strip())
