"""The Tutor plugin ``sexmot`` (entry point ``tutor.plugin.v1``), loaded by Tutor on the operator's machine.

``tutor plugins enable sexmot`` plus an image rebuild is the whole install:

- the Dockerfile patch ``openedx-dockerfile-post-python-requirements`` installs
  the XBlocks' distribution, ``sexmot-xblocks``, into the Open edX image: the
  wheel ``SEXMOT_WHEEL``, which the plugin places in the image's build context
  (``env/build/openedx/sexmot-wheels/``), or else the pip requirement
  ``SEXMOT_PIP_REQUIREMENT`` (a package index, a git URL);
- the patch ``openedx-dockerfile`` copies the course tarballs this plugin
  carries (a release puts them in ``courses/``) into the image, through the
  build context's ``sexmot-courses/``;
- the database tables need nothing here: the XBlocks' Django app is
  registered under ``lms.djangoapp`` and ``cms.djangoapp``, so the
  ``./manage.py lms migrate`` and ``./manage.py cms migrate`` of Tutor's own
  init job (run by ``tutor local launch`` and ``tutor local do init``) create
  and upgrade them;
- ``tutor local do importsexmot`` imports the courses with the CMS's own
  ``import`` command, in the CMS job container, so nobody clicks through Studio.

Tutor's environment needs none of the XBlocks' dependencies (Django, XBlock):
this plugin is a distribution of its own and imports nothing of theirs.
"""
from __future__ import annotations

import filecmp
import re
import shlex
import shutil
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path

import click
from tutor import env as tutor_env
from tutor import fmt, hooks
from tutor.commands.compose import BaseComposeContext
from tutor.commands.context import Context

#: The XBlocks' distribution, released with the same version number as this plugin.
XBLOCKS_DISTRIBUTION = "sexmot-xblocks"
VERSION = metadata.version("tutor-contrib-sexmot")
PACKAGE = resources.files(__package__)
TEMPLATES = PACKAGE / "templates"
#: Where a release of this plugin puts the built course tarballs (``python -m course_export build --dist ...``).
CARRIED_COURSES = PACKAGE / "courses"
#: The cms-job's data volume, ``<tutor root>/data/cms-job`` on the host, is ``/openedx/data`` in the container.
JOB_DATA_VOLUME = "cms-job"
IMPORT_FOLDER = "sexmot-import"
CONTAINER_IMPORT_DIR = f"/openedx/data/{IMPORT_FOLDER}"
#: Tarball names that are safe both in a shell word and in the Jinja template Tutor renders the job from.
SAFE_TARBALL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.tar\.gz")

#: The folders of the image's build context (``env/build/openedx/``) that hold the wheel and the courses.
WHEEL_FOLDER = "sexmot-wheels"
COURSES_FOLDER = "sexmot-courses"
#: A wheel name of the XBlocks' distribution, safe in a shell word and a Dockerfile line.
WHEEL_NAME = re.compile(r"sexmot_xblocks-[A-Za-z0-9._+]+-py3-none-any\.whl")
COURSES_FOLDER_NOTE = "The course tarballs the Tutor plugin sexmot copies into the Open edX image.\n"


def stage_wheel(root: str, wheel: str) -> None:
    """Put the wheel ``wheel`` (or nothing) into the image's build context of the project at ``root``.

    The folder holds exactly the wheel the Dockerfile installs. A wheel that
    is not there or misnamed is reported and left out: the image build then
    stops at the missing file, and ``tutor plugins disable`` still works.
    """
    source = Path(wheel) if wheel else None
    if source is not None and not (source.is_absolute() and source.is_file() and WHEEL_NAME.fullmatch(source.name)):
        fmt.echo_alert(
            f"SEXMOT_WHEEL={wheel!r} is not an absolute path to a sexmot_xblocks-<version>-py3-none-any.whl "
            "file: the Open edX image cannot be built. Set it with 'tutor config save --set SEXMOT_WHEEL=<path>', "
            "or install from an index or git instead: 'tutor config save --set SEXMOT_WHEEL= --set "
            "SEXMOT_PIP_REQUIREMENT=<requirement>'."
        )
        source = None
    _mirror(_build_context(root, WHEEL_FOLDER), [source] if source else [])


def stage_courses(root: str, carried: Path) -> None:
    """Put the course tarballs in ``carried`` into the image's build context; the folder exists even without any.

    Docker copies the folder as it is, so an empty one (a plugin installed
    from a checkout carries no courses) gives an image without courses,
    whose import job then asks for ``--file``.
    """
    folder = _build_context(root, COURSES_FOLDER)
    _mirror(folder, sorted(carried.glob("*.tar.gz")), keep=("README.txt",))
    note = folder / "README.txt"
    if not note.is_file():
        note.write_text(COURSES_FOLDER_NOTE, encoding="utf-8")


def _build_context(root: str, name: str) -> Path:
    folder = Path(tutor_env.pathjoin(root, "build", "openedx", name))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _mirror(folder: Path, sources: list[Path], keep: tuple[str, ...] = ()) -> None:
    """Make ``folder`` hold copies of exactly ``sources`` (and the files named in ``keep``)."""
    wanted = {source.name for source in sources} | set(keep)
    for stale in folder.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    for source in sources:
        copy = folder / source.name
        # copy2 keeps the time stamp, so an unchanged file (same size and time) is not copied again
        if not (copy.is_file() and filecmp.cmp(source, copy, shallow=True)):
            shutil.copy2(source, copy)


@hooks.Actions.CONFIG_LOADED.add()
def _stage_for_the_image(config: dict) -> None:
    """On every Tutor command (``config save`` and ``images build`` included), keep the build context current."""
    context = click.get_current_context(silent=True)
    project = context.find_object(Context) if context else None
    if project is not None:
        stage_wheel(project.root, str(config.get("SEXMOT_WHEEL") or ""))
        stage_courses(project.root, Path(str(CARRIED_COURSES)))


hooks.Filters.CONFIG_DEFAULTS.add_items([
    ("SEXMOT_WHEEL", ""),
    ("SEXMOT_PIP_REQUIREMENT", f"{XBLOCKS_DISTRIBUTION}=={VERSION}"),
])

hooks.Filters.ENV_PATCHES.add_items(
    [(patch.name, patch.read_text(encoding="utf-8")) for patch in (TEMPLATES / "patches").iterdir()]
)


def import_course_tasks(context: Context, tarballs: tuple[Path, ...]) -> Iterator[tuple[str, str]]:
    """The ``importsexmot`` job: one script for the ``cms`` container, as Tutor's ``do`` runner expects.

    Without ``tarballs`` the script imports the tarballs this plugin copied
    into the image. Tarballs given on this machine are first
    copied into the cms-job's data volume, which only the docker compose modes
    (``local``, ``dev``) mount from the host.
    """
    container_paths = _stage_tarballs(context, tarballs) if tarballs else []
    script = (TEMPLATES / "jobs" / "importsexmot.sh").read_text(encoding="utf-8")
    arguments = " ".join(["set --", *(shlex.quote(path) for path in container_paths)])
    yield "cms", f"{arguments}\n{script}"


def _stage_tarballs(context: Context, tarballs: tuple[Path, ...]) -> list[str]:
    """Copy ``tarballs`` where the cms-job container sees them; return their paths in the container."""
    if not isinstance(context, BaseComposeContext):
        raise click.UsageError(
            "--file works with 'tutor local' and 'tutor dev' only. On Kubernetes, import the tarballs "
            "carried in the image (no --file), or use Studio's Tools > Import."
        )
    names = [tarball.name for tarball in tarballs]
    for name in names:
        if not SAFE_TARBALL_NAME.fullmatch(name):
            raise click.BadParameter(
                f"{name!r}: name it with letters, digits, '.', '_' or '-' only, ending in .tar.gz",
                param_hint="--file",
            )
    if len(set(names)) != len(names):
        raise click.BadParameter("two tarballs have the same file name", param_hint="--file")
    folder = Path(tutor_env.data_path(context.root, JOB_DATA_VOLUME, IMPORT_FOLDER))
    try:
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True, mode=0o755)
        for tarball in tarballs:
            copy = folder / tarball.name
            shutil.copyfile(tarball, copy)
            copy.chmod(0o644)
    except OSError as error:
        raise click.ClickException(
            f"cannot copy the tarballs into {folder} ({error}). Tutor gives that folder to the "
            "containers' user (uid 1000): run this command as that user, or make the folder writable for yours."
        ) from error
    return [f"{CONTAINER_IMPORT_DIR}/{name}" for name in names]


IMPORT_COMMAND = click.command(
    name="importsexmot",
    help="Import the two courses of 'Sex mot ersättning' (barn och unga, vuxna) with the CMS's import "
    "command. Without --file, the tarballs carried in the image are imported. Importing again updates "
    "the courses in place.",
)(
    click.option(
        "-f",
        "--file",
        "tarballs",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="A course tarball on this machine to import instead (repeat for several; local and dev only).",
    )(click.pass_obj(import_course_tasks))
)

hooks.Filters.CLI_DO_COMMANDS.add_item(IMPORT_COMMAND)
