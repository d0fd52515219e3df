"""Build a course: sources -> films, PDFs, OLX -> checked -> ``dist/sexmot-<slug>.tar.gz``.

The steps, for each course:

1. load and validate the sources (:mod:`course_export.source`);
2. render each story's draft film (and its described version) and print the two PDFs, or take
   them from the build cache when their inputs are unchanged (:mod:`course_export.build_cache`);
   take a story's sign-language film from the course's ``films/`` folder when there is one;
3. draw the course image;
4. write the OLX (:mod:`course_export.olx_writer`) into ``var/courses/<slug>/course/``,
   where the preview also reads it;
5. run every check (:mod:`course_export.check`) and stop on any problem;
6. pack the folder into a deterministic tarball: sorted entries, fixed
   times and owners, so the same sources give the same bytes.
"""
from __future__ import annotations

import gzip
import os
import shutil
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import film as film_renderer
from . import pdf
from .build_cache import cached, pdf_cache_key
from .check import CheckReport, check_course, check_tarball
from .course_image import draw_course_image
from .olx_writer import Assets, FilmAssets, write_course
from .source import COURSES_DIR, Course, load_course
from .studytime import TARGETS, Targets

__all__ = ["BuildError", "BuildResult", "build_course", "cached_film", "cached_pdfs", "write_tarball",
           "tarball_name", "COURSE_SLUGS", "PREVIEW_DIR", "DIST_DIR", "BUILD_CACHE"]

COURSE_SLUGS = ("barn-och-unga", "vuxna")
#: Where the built course folders are kept; the preview serves them from here.
PREVIEW_DIR = Path("var/courses")
DIST_DIR = Path("dist")
#: Rendered films (``films/``) and printed PDFs (``pdfs/``), kept between builds.
BUILD_CACHE = Path("var/build-cache")
COURSE_IMAGE_TAGLINE = "Webbutbildning, skriftligt material och gruppdiskussion"
#: The tarballs' file times: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else 2026-01-01.
DEFAULT_EPOCH = 1767225600


class BuildError(Exception):
    """The build cannot produce an importable course; the message says what to fix."""


@dataclass(frozen=True)
class CachedFilm:
    """A rendered film in the cache: its files (video, captions, poster) and what the builder needs to know."""

    files: dict[str, Path]
    duration_seconds: float
    transcript: str


@dataclass(frozen=True)
class BuildResult:
    """What building one course produced."""

    course: Course
    course_dir: Path
    tarball: Path
    report: CheckReport
    films_rendered: int
    films_cached: int
    pdfs_printed: bool
    seconds: float


def course_image_name(slug: str) -> str:
    """The course image's file name, unique to the course like every other file of it."""
    return f"sexmot-{slug}-kursbild.png"


def tarball_name(slug: str) -> str:
    """The package's file name: ``sexmot-<slug>.tar.gz``."""
    return f"sexmot-{slug}.tar.gz"


def build_course(slug: str, *, courses_dir: Path = COURSES_DIR, work_dir: Path = PREVIEW_DIR,
                 dist_dir: Path = DIST_DIR, cache: Path = BUILD_CACHE, targets: Targets = TARGETS,
                 film_base_url: str = "") -> BuildResult:
    """Build one course into ``work_dir/<slug>/course`` and ``dist_dir/sexmot-<slug>.tar.gz``.

    With ``film_base_url`` (an https address the film files are served from, the file name
    appended) each film becomes an Open edX ``video`` block beside its story, for the mobile
    apps' own player and offline download (ADR 0013); its captions are added as SubRip.

    Raises :class:`BuildError` (or :class:`course_export.source.SourceError`)
    with every problem found; nothing is written to ``dist_dir`` then.
    """
    started = time.monotonic()
    course = load_course(Path(courses_dir) / slug)
    staging = Path(work_dir) / slug
    shutil.rmtree(staging, ignore_errors=True)
    course_dir = staging / "course"
    static = course_dir / "static"
    static.mkdir(parents=True)

    films, rendered = {}, 0
    for story in course.stories:
        if not story.film:
            continue
        film, was_rendered = cached_film(story.film, story.id, Path(cache) / "films")
        rendered += was_rendered
        for path in film.files.values():
            shutil.copyfile(path, static / path.name)
        subtitles = ""
        if film_base_url:
            subtitles = f"{story.id}.sv.srt"
            captions = film.files["captions"].read_text(encoding="utf-8")
            (static / subtitles).write_text(film_renderer.srt_from_webvtt(captions), encoding="utf-8")
        sign_language = Path(course.path) / "films" / sign_language_film_name(story.id)
        if sign_language.is_file():
            shutil.copyfile(sign_language, static / sign_language.name)
        films[story.id] = FilmAssets(**{kind: path.name for kind, path in film.files.items()},
                                     transcript=film.transcript, subtitles=subtitles,
                                     sign_language_video=sign_language.name if sign_language.is_file() else "")
    pdfs, printed = cached_pdfs(course, Path(cache) / "pdfs")
    for path in pdfs:
        shutil.copyfile(path, static / path.name)
    image = course_image_name(slug)
    draw_course_image(course.title, COURSE_IMAGE_TAGLINE, static / image)
    written_pdf, group_pdf = pdf.pdf_file_names(slug)
    if film_base_url and not film_base_url.startswith("https://"):
        raise BuildError(f"the film base URL must be an https address, not {film_base_url!r}: the apps "
                         "download films only from one")
    try:
        write_course(course, Assets(films, written_pdf, group_pdf, image, film_base_url), course_dir)
    except ValueError as error:  # a course the options cannot make
        raise BuildError(str(error)) from error

    report = check_course(course_dir, course, targets)
    if not report.ok:
        raise BuildError(f"{slug}: the built course fails its checks:\n"
                         + "\n".join(f"  - {error}" for error in report.errors))
    tarball = Path(dist_dir) / tarball_name(slug)
    write_tarball(course_dir, tarball)
    problems = check_tarball(tarball)
    if problems:
        raise BuildError("\n".join(problems))
    return BuildResult(course, course_dir, tarball, report, rendered, len(films) - rendered, printed,
                       time.monotonic() - started)


def sign_language_film_name(story_id: str) -> str:
    """The file an organization puts in the course's ``films/`` folder for a story's sign-language version."""
    return f"{story_id}-teckensprak.mp4"


def cached_film(script: dict, name: str, cache: Path) -> tuple[CachedFilm, bool]:
    """The film for ``script`` from ``cache``, rendered first if needed; and whether it was rendered."""
    def render(folder: Path) -> dict:
        try:
            result = film_renderer.render_film(script, name=name, out_dir=folder)
        except film_renderer.FilmError as error:
            raise BuildError(f"the film of the story {name!r} could not be rendered: {error}") from error
        return {"duration_seconds": result.duration_seconds, "transcript": result.transcript,
                "files": {"video": result.mp4.name, "described_video": result.described_mp4.name,
                          "captions": result.captions.name, "descriptions": result.descriptions.name,
                          "poster": result.poster.name}}

    entry, description, rendered = cached(cache, film_renderer.film_cache_key(script, name), render)
    files = {kind: entry / file_name for kind, file_name in description["files"].items()}
    return CachedFilm(files, description["duration_seconds"], description["transcript"]), rendered


def cached_pdfs(course: Course, cache: Path) -> tuple[list[Path], bool]:
    """The course's two PDFs (written material, group guide) from ``cache``, printed first if needed."""
    def print_pdfs(folder: Path) -> dict:
        try:
            return {"files": [path.name for path in pdf.render_course_pdfs(course.path, folder)]}
        except pdf.PdfError as error:
            raise BuildError(f"{course.slug}: the PDFs could not be printed: {error}") from error

    entry, description, printed = cached(cache, pdf_cache_key(course.path), print_pdfs)
    return [entry / name for name in description["files"]], printed


def write_tarball(course_dir: Path, target: Path) -> None:
    """Pack ``course_dir`` as ``course/…`` into ``target``, byte for byte the same for the same files.

    Entries are sorted, owners and times fixed, modes normalized, and the
    gzip header carries no name or time.
    """
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    paths = [course_dir, *sorted(course_dir.rglob("*"), key=lambda p: p.relative_to(course_dir).parts)]
    with open(temporary, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as zipped, \
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.GNU_FORMAT) as archive:
        for path in paths:
            relative = path.relative_to(course_dir).as_posix()
            info = tarfile.TarInfo("course" if relative == "." else f"course/{relative}")
            info.mtime, info.uid, info.gid, info.uname, info.gname = epoch, 0, 0, "", ""
            if path.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                archive.addfile(info)
            else:
                info.size, info.mode = path.stat().st_size, 0o644
                with path.open("rb") as handle:
                    archive.addfile(info, handle)
    os.replace(temporary, target)
