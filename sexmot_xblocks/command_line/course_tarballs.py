"""Unpack course tarballs for the CMS's own ``import`` command, inside the Open edX image.

The Tutor plugin's ``importsexmot`` job (distribution ``tutor-contrib-sexmot``)
runs in the CMS job container, where only this package is installed, and its
first step is this module::

    python -m sexmot_xblocks.command_line.course_tarballs WORKDIR [--bundled FOLDER] [TARBALL ...]

It refuses to go on unless both XBlocks are installed in the image (a course
imported without them keeps none of our blocks, and says nothing about it),
then unpacks every tarball (the ones given, or else the ones in ``FOLDER``,
where the plugin's image build puts the courses it carries) into
``WORKDIR/<name>/course`` and prints each course key. All tarballs are
unpacked and checked before the job imports any of them, so a bad one stops
it before anything is written to the platform. The job then runs
``./manage.py cms import WORKDIR/<name> course`` for each folder.

It needs only the standard library, lxml and the installed package metadata:
no Django set up, nothing of Tutor.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from lxml import etree

#: The tags the courses use; both must be registered in the image before an import.
OUR_XBLOCK_TAGS = ("sexmot_reflection", "sexmot_story")
TARBALL_SUFFIX = ".tar.gz"


class TarballError(Exception):
    """A tarball the CMS import must not see; the message says why in plain words."""


def bundled_tarballs(folder: Path) -> list[Path]:
    """The course tarballs in ``folder``, in a stable order; none if there is no such folder."""
    return sorted(folder.glob(f"*{TARBALL_SUFFIX}"))


def missing_xblocks(tags: tuple[str, ...] = OUR_XBLOCK_TAGS) -> list[str]:
    """Which of ``tags`` no installed package registers as an XBlock (entry point group ``xblock.v1``).

    Read from the package metadata without importing the blocks, because
    importing them needs Django set up, which this step does not do.
    """
    registered = {entry_point.name for entry_point in metadata.entry_points(group="xblock.v1")}
    return [tag for tag in tags if tag not in registered]


class UnpackedCourse(NamedTuple):
    """A course ready for ``./manage.py cms import <folder's parent> course``, and the key it will get."""

    folder: Path
    key: str


def unpack(tarball: Path, workdir: Path) -> UnpackedCourse:
    """Unpack ``tarball`` into ``workdir/<name>/course``, checked, or raise :class:`TarballError`.

    The standard library's ``data`` filter refuses absolute paths, ``..``,
    links leaving the folder and device files. The result must be exactly one
    top-level ``course/`` folder whose ``course.xml`` names the course, as the
    project's builder writes it. The tarball is unpacked beside its target and
    moved in with one rename, so a refused tarball leaves nothing behind.
    """
    if not tarball.name.endswith(TARBALL_SUFFIX):
        raise TarballError(f"{tarball.name}: a course package is a {TARBALL_SUFFIX} file")
    target = workdir / tarball.name[: -len(TARBALL_SUFFIX)]
    if target.exists():
        raise TarballError(f"{tarball.name}: given twice")
    staging = Path(tempfile.mkdtemp(dir=workdir, prefix=f".{target.name}-"))
    try:
        try:
            with tarfile.open(tarball, "r:gz") as archive:
                archive.extractall(staging, filter="data")
        except (OSError, tarfile.TarError) as error:
            raise TarballError(f"{tarball.name}: cannot be unpacked safely ({error})") from error
        entries = sorted(entry.name for entry in staging.iterdir())
        if entries != ["course"] or not (staging / "course" / "course.xml").is_file():
            raise TarballError(
                f"{tarball.name}: expected one top-level course/ folder with course.xml, found {entries or 'nothing'}"
            )
        key = course_key(staging / "course", tarball.name)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return UnpackedCourse(target / "course", key)


def course_key(course_dir: Path, origin: str) -> str:
    """The key the CMS will give the course, ``course-v1:<org>+<course>+<run>``, read from ``course.xml``."""
    try:
        root = etree.parse(str(course_dir / "course.xml")).getroot()
    except etree.XMLSyntaxError as error:
        raise TarballError(f"{origin}: course/course.xml is not well-formed XML ({error})") from error
    parts = [root.get(name) for name in ("org", "course", "url_name")]
    if root.tag != "course" or not all(parts):
        raise TarballError(f"{origin}: course/course.xml must be <course org=… course=… url_name=…>")
    return "course-v1:{}+{}+{}".format(*parts)


def main(argv: list[str] | None = None) -> int:
    """Check the image, unpack every tarball, print the course keys; return 0 only if all went well."""
    parser = argparse.ArgumentParser(
        prog="python -m sexmot_xblocks.command_line.course_tarballs", description=__doc__.splitlines()[0]
    )
    parser.add_argument("workdir", type=Path, help="an empty folder to unpack into")
    parser.add_argument(
        "--bundled", type=Path, help="the folder of the courses the image carries, used when no tarball is given"
    )
    parser.add_argument("tarballs", type=Path, nargs="*", help="course tarballs")
    args = parser.parse_intermixed_args(argv)
    missing = missing_xblocks()
    if missing:
        return _fail(
            f"the XBlocks {', '.join(missing)} are not installed in this Open edX image, and an import "
            "would hide every block of theirs. Run 'tutor plugins enable sexmot', rebuild the image "
            "('tutor images build openedx') and restart the platform first."
        )
    tarballs = args.tarballs or (bundled_tarballs(args.bundled) if args.bundled else [])
    if not tarballs:
        return _fail(
            "no course tarballs were given and this Open edX image carries none (the plugin bundles them "
            "only in a release of tutor-contrib-sexmot). Build them with 'python -m course_export build' "
            "and give each with 'tutor local do importsexmot --file dist/<name>.tar.gz'."
        )
    try:
        for tarball in tarballs:
            print(f"INFO: {tarball.name} holds {unpack(tarball, args.workdir).key}")
    except TarballError as error:
        return _fail(str(error))
    return 0


def _fail(message: str) -> int:
    print(f"ERROR: {message}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
