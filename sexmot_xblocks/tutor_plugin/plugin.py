"""The Tutor plugin ``sexmot`` (entry point ``tutor.plugin.v1``), loaded by Tutor on the operator's machine.

``tutor plugins enable sexmot`` plus an image rebuild is the whole install:

- the Dockerfile patch ``openedx-dockerfile-post-python-requirements`` installs
  ``SEXMOT_PIP_REQUIREMENT`` into the Open edX image (default: this package at
  this version from PyPI; an operator may set a git URL instead);
- the database tables need nothing here: the package's Django app is
  registered under ``lms.djangoapp`` and ``cms.djangoapp``, so the
  ``./manage.py lms migrate`` and ``./manage.py cms migrate`` of Tutor's own
  init job (run by ``tutor local launch`` and ``tutor local do init``) create
  and upgrade them;
- ``tutor local do importsexmot`` imports the two courses with the CMS's own
  ``import`` command, in the CMS job container, so nobody clicks through Studio.
"""
from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path

import click
from tutor import env as tutor_env
from tutor import hooks
from tutor.commands.compose import BaseComposeContext
from tutor.commands.context import Context

DISTRIBUTION = "sexmot-xblocks"
TEMPLATES = resources.files(__package__) / "templates"
#: The cms-job's data volume, ``<tutor root>/data/cms-job`` on the host, is ``/openedx/data`` in the container.
JOB_DATA_VOLUME = "cms-job"
IMPORT_FOLDER = "sexmot-import"
CONTAINER_IMPORT_DIR = f"/openedx/data/{IMPORT_FOLDER}"
#: Tarball names that are safe both in a shell word and in the Jinja template Tutor renders the job from.
SAFE_TARBALL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.tar\.gz")

hooks.Filters.CONFIG_DEFAULTS.add_item(
    ("SEXMOT_PIP_REQUIREMENT", f"{DISTRIBUTION}=={metadata.version(DISTRIBUTION)}")
)

hooks.Filters.ENV_PATCHES.add_items(
    [(patch.name, patch.read_text(encoding="utf-8")) for patch in (TEMPLATES / "patches").iterdir()]
)


def import_course_tasks(context: Context, tarballs: tuple[Path, ...]) -> Iterator[tuple[str, str]]:
    """The ``importsexmot`` job: one script for the ``cms`` container, as Tutor's ``do`` runner expects.

    Without ``tarballs`` the script imports the two tarballs bundled in the
    package installed in the image. Tarballs given on this machine are first
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
            "bundled in the image (no --file), or use Studio's Tools > Import."
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
    "command. Without --file, the tarballs bundled in the image are imported. Importing again updates "
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
