"""``python -m course_export build|check [slug …]``: build or check the two courses.

``build`` writes ``dist/sexmot-<slug>.tar.gz`` for each course (both by
default) and runs every check on it first; ``check`` checks the tarballs
already in ``dist/``. Both print the estimated study time, say what is wrong
in plain words, and exit non-zero when anything is.
"""
from __future__ import annotations

import argparse
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from .django_setup import choose_settings

choose_settings()  # before the blocks' modules are imported below: their field labels read Django's settings

from .build import BUILD_CACHE, COURSE_SLUGS, DIST_DIR, PREVIEW_DIR, BuildError, build_course, tarball_name  # noqa: E402
from .check import CheckReport, check_course, check_tarball  # noqa: E402
from .source import COURSES_DIR, SourceError, load_course  # noqa: E402
from .studytime import READING_WORDS_PER_MINUTE  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 only when every course is fine)."""
    parser = argparse.ArgumentParser(prog="python -m course_export", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "check"))
    parser.add_argument("slugs", nargs="*", metavar="slug", help=f"courses (default: {', '.join(COURSE_SLUGS)})")
    parser.add_argument("--dist", type=Path, default=DIST_DIR, help="where the tarballs go (default: dist)")
    parser.add_argument("--courses", type=Path, default=COURSES_DIR, help="the course sources' folder")
    parser.add_argument("--work", type=Path, default=PREVIEW_DIR,
                        help="where built course folders are kept for the preview (default: var/courses)")
    parser.add_argument("--cache", type=Path, default=BUILD_CACHE,
                        help="where rendered films and PDFs are kept between builds (default: var/build-cache)")
    parser.add_argument("--film-base-url", default="", metavar="URL",
                        help="an https address the films are served from (the file name is appended): each "
                             "film becomes an Open edX video block the mobile apps play and download "
                             "(docs/mobile.md)")
    args = parser.parse_args(argv)
    unknown = [slug for slug in args.slugs if not (args.courses / slug).is_dir()]
    if unknown:
        parser.error(f"no such course in {args.courses}: {', '.join(unknown)}")
    command = _build if args.command == "build" else _check
    started = time.monotonic()
    failures = sum(not command(slug, args) for slug in args.slugs or COURSE_SLUGS)
    print(f"\n{args.command}: {'FAILED' if failures else 'ok'} in {time.monotonic() - started:.1f} s")
    return 1 if failures else 0


def _build(slug: str, args: argparse.Namespace) -> bool:
    print(f"== {slug}: building")
    try:
        result = build_course(slug, courses_dir=args.courses, work_dir=args.work, dist_dir=args.dist,
                              cache=args.cache, film_base_url=args.film_base_url)
    except (SourceError, BuildError) as error:
        _errors(str(error))
        return False
    size = result.tarball.stat().st_size / 1_000_000
    print(f"{result.tarball} ({size:.1f} MB) in {result.seconds:.1f} s; films: {result.films_rendered} "
          f"rendered, {result.films_cached} from the cache; PDFs: "
          f"{'printed' if result.pdfs_printed else 'from the cache'}")
    _report(result.report)
    return True


def _check(slug: str, args: argparse.Namespace) -> bool:
    tarball = args.dist / tarball_name(slug)
    print(f"== {slug}: checking {tarball}")
    if not tarball.is_file():
        _errors(f"{tarball} does not exist: run 'python -m course_export build {slug}' first")
        return False
    problems = check_tarball(tarball)
    if problems:
        _errors("\n".join(problems))
        return False
    try:
        course = load_course(args.courses / slug)
    except SourceError as error:
        _errors(str(error))
        return False
    with tempfile.TemporaryDirectory(prefix=f"check-{slug}-") as folder:
        with tarfile.open(tarball, "r:gz") as archive:
            archive.extractall(folder, filter="data")
        report = check_course(Path(folder) / "course", course)
        _report(report)
    return report.ok


def _report(report: CheckReport) -> None:
    if report.study_time:
        print(f"Estimated study time (reading at {READING_WORDS_PER_MINUTE} words a minute, films as rendered):")
        print(report.study_time.table())
    for warning in report.warnings:
        print(f"warning: {warning}")
    if report.errors:
        _errors("\n".join(report.errors))


def _errors(text: str) -> None:
    for line in text.splitlines():
        print(f"error: {line}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
