"""The Tutor plugin ``sexmot``: what enabling it renders, and the ``importsexmot`` job.

Tutor itself runs (installed from PyPI through the ``tutor`` extra), in a
temporary TUTOR_ROOT, without Docker: ``tutor config save`` renders the
environment, and the job's script comes from the hook Tutor's ``do`` runner
consumes, rendered by Tutor's own template engine. The script's first step,
which runs inside the CMS container, is run here for real on tarballs packed
by the project's course builder.
"""
import inspect
import io
import os
import subprocess
import sys
import tarfile
from importlib import metadata
from pathlib import Path

import click
import pytest
from tutor import config as tutor_config
from tutor import env as tutor_env
from tutor.commands.k8s import K8sContext
from tutor.commands.local import LocalContext

from course_export.build import write_tarball
from sexmot_xblocks.tutor_plugin import course_tarballs, plugin

VENV_BIN = Path(sys.executable).parent
TUTOR = VENV_BIN / "tutor"
VERSION = metadata.version("sexmot-xblocks")
PIP_LINE = "$PIP_COMMAND install '{}'"


def tutor(root, *args):
    """Run the real ``tutor`` command line on the project in ``root``; return its output."""
    env = {**os.environ, "TUTOR_ROOT": str(root), "TUTOR_PLUGINS_ROOT": str(root / "yaml-plugins")}
    result = subprocess.run([str(TUTOR), *args], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"tutor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def new_project(root):
    """A Tutor project with the plugin enabled and its environment rendered, as an operator makes one."""
    tutor(root, "plugins", "enable", "sexmot")
    tutor(root, "config", "save")
    return root


def python_requirements_stage(root):
    """The Dockerfile stage where Open edX's Python packages are installed."""
    dockerfile = (root / "env" / "build" / "openedx" / "Dockerfile").read_text(encoding="utf-8")
    stage = dockerfile.split("AS python-requirements\n", 1)[1]
    return stage.split("\nFROM ", 1)[0]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """One project shared by the tests that only read it."""
    return new_project(tmp_path_factory.mktemp("tutor-root"))


def course_folder(parent, org="Socialstyrelsen", number="SMEV", run="2026"):
    """A minimal OLX course folder, as the course builder lays one out."""
    course = parent / "course"
    course.mkdir(parents=True)
    (course / "course.xml").write_text(f'<course url_name="{run}" org="{org}" course="{number}"/>', encoding="utf-8")
    return course


def built_tarball(folder, name, **course):
    """A tarball packed by the project's own course builder."""
    tarball = folder / name
    write_tarball(course_folder(folder / name.replace(".tar.gz", "-source"), **course), tarball)
    return tarball


def handmade_tarball(path, members):
    """A tarball with exactly ``members``: ``{name: bytes}`` files, ``{name: ('link', target)}`` symlinks."""
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            if isinstance(content, tuple):
                info.type, info.linkname = tarfile.SYMTYPE, content[1]
                archive.addfile(info)
            else:
                info.size = len(content)
                archive.addfile(info, fileobj=io.BytesIO(content))
    return path


# --- what enabling the plugin renders -------------------------------------------------


def test_enabling_the_plugin_installs_this_package_in_the_openedx_image(project):
    assert "sexmot" in tutor(project, "plugins", "list")
    assert PIP_LINE.format(f"sexmot-xblocks=={VERSION}") in python_requirements_stage(project)
    assert tutor(project, "config", "printvalue", "SEXMOT_PIP_REQUIREMENT").strip() == f"sexmot-xblocks=={VERSION}"


def test_the_pip_requirement_can_be_a_git_url(tmp_path):
    root = new_project(tmp_path)
    requirement = "sexmot-xblocks @ git+https://git.example.org/sexmot-xblocks.git@v0.1.0"
    tutor(root, "config", "save", "--set", f"SEXMOT_PIP_REQUIREMENT={requirement}")
    stage = python_requirements_stage(root)
    assert PIP_LINE.format(requirement) in stage
    assert f"sexmot-xblocks=={VERSION}" not in stage


def test_disabling_the_plugin_takes_the_package_out_of_the_image(tmp_path):
    root = new_project(tmp_path)
    tutor(root, "plugins", "disable", "sexmot")
    tutor(root, "config", "save")
    assert "sexmot-xblocks" not in python_requirements_stage(root)


# --- the import job -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["local", "dev", "k8s"])
def test_the_import_job_is_a_do_command_in_every_mode(project, mode):
    assert "importsexmot" in tutor(project, mode, "do", "--help")
    assert "--file" in tutor(project, mode, "do", "importsexmot", "--help")


def test_the_registered_command_yields_the_plugins_tasks():
    assert plugin.IMPORT_COMMAND.name == "importsexmot"
    assert inspect.unwrap(plugin.IMPORT_COMMAND.callback) is plugin.import_course_tasks


def rendered_tasks(root, context_class=LocalContext, tarballs=()):
    """The job's (service, script) pairs, rendered as Tutor's runner renders them before running."""
    config = tutor_config.load(str(root))
    tasks = plugin.import_course_tasks(context_class(str(root)), tuple(tarballs))
    return [(service, tutor_env.render_str(config, script)) for service, script in tasks]


def test_the_job_runs_the_cms_import_command_on_the_bundled_courses(project):
    [(service, script)] = rendered_tasks(project)
    assert service == "cms"
    lines = [line.strip() for line in script.splitlines()]
    assert lines[0] == "set --"
    unpack = lines.index('python -m sexmot_xblocks.tutor_plugin.course_tarballs "$workdir" "$@"')
    cms_import = lines.index('./manage.py cms import "$data_dir" course')
    assert unpack < cms_import
    assert subprocess.run(["sh", "-n", "-c", script], check=False).returncode == 0


def test_given_tarballs_are_copied_into_the_cms_job_volume(project, tmp_path):
    vuxna = built_tarball(tmp_path, "sexmot-vuxna.tar.gz")
    barn = built_tarball(tmp_path, "sexmot-barn-och-unga.tar.gz", number="SMEB")
    [(_, script)] = rendered_tasks(project, tarballs=[vuxna, barn])
    assert script.splitlines()[0] == (
        "set -- /openedx/data/sexmot-import/sexmot-vuxna.tar.gz /openedx/data/sexmot-import/sexmot-barn-och-unga.tar.gz"
    )
    staged = project / "data" / "cms-job" / "sexmot-import"
    assert (staged / vuxna.name).read_bytes() == vuxna.read_bytes()
    rendered_tasks(project, tarballs=[barn])
    assert sorted(path.name for path in staged.iterdir()) == [barn.name]


def test_given_tarballs_are_refused_on_kubernetes(project, tmp_path):
    with pytest.raises(click.UsageError, match="local' and 'tutor dev' only"):
        rendered_tasks(project, K8sContext, [built_tarball(tmp_path, "sexmot-vuxna.tar.gz")])


@pytest.mark.parametrize("name", ["a b.tar.gz", "it's.tar.gz", "{{ SECRET_KEY }}.tar.gz", "-rf.tar.gz", "course.zip"])
def test_tarball_names_unsafe_in_the_script_are_refused_before_any_copy(project, tmp_path, name):
    given = tmp_path / name
    given.write_bytes(b"")
    with pytest.raises(click.BadParameter):
        rendered_tasks(project, tarballs=[given])
    assert not (project / "data" / "cms-job" / "sexmot-import" / name).exists()


# --- the job's first step, inside the CMS container -------------------------------------------


def test_unpacking_gives_each_course_folder_and_prints_its_key(tmp_path, capsys):
    workdir = tmp_path / "work"
    workdir.mkdir()
    vuxna = built_tarball(tmp_path, "sexmot-vuxna.tar.gz")
    barn = built_tarball(tmp_path, "sexmot-barn-och-unga.tar.gz", number="SMEB")
    assert course_tarballs.main([str(workdir), str(vuxna), str(barn)]) == 0
    assert (workdir / "sexmot-vuxna" / "course" / "course.xml").is_file()
    assert (workdir / "sexmot-barn-och-unga" / "course" / "course.xml").is_file()
    output = capsys.readouterr().out
    assert "sexmot-vuxna.tar.gz holds course-v1:Socialstyrelsen+SMEV+2026" in output
    assert "sexmot-barn-och-unga.tar.gz holds course-v1:Socialstyrelsen+SMEB+2026" in output


COURSE_XML = b'<course url_name="2026" org="O" course="C"/>'
BAD_TARBALLS = {
    "parent path": ({"course/course.xml": COURSE_XML, "course/../../escaped.txt": b"x"}, "unpacked safely"),
    # the "data" filter unpacks an absolute name inside the folder, where the layout check refuses it
    "absolute path": ({"course/course.xml": COURSE_XML, "/tmp/escaped.txt": b"x"}, "one top-level course/"),
    "link leaving": ({"course/course.xml": COURSE_XML, "course/link": ("link", "/etc/passwd")}, "unpacked safely"),
    "second folder": ({"course/course.xml": COURSE_XML, "other/readme.txt": b"x"}, "one top-level course/"),
    "no course.xml": ({"course/about.txt": b"x"}, "one top-level course/"),
    "no course folder": ({"course.xml": COURSE_XML}, "one top-level course/"),
    "course.xml broken": ({"course/course.xml": b"<course"}, "not well-formed"),
    "no run": ({"course/course.xml": b'<course org="O" course="C"/>'}, "must be <course"),
}


@pytest.mark.parametrize("case", BAD_TARBALLS)
def test_a_bad_tarball_is_refused_with_a_reason_and_leaves_nothing(tmp_path, capsys, case):
    members, reason = BAD_TARBALLS[case]
    workdir = tmp_path / "work"
    workdir.mkdir()
    tarball = handmade_tarball(tmp_path / "bad.tar.gz", members)
    assert course_tarballs.main([str(workdir), str(tarball)]) == 1
    assert reason in capsys.readouterr().err
    assert list(workdir.iterdir()) == []
    assert not (tmp_path / "escaped.txt").exists()


def test_a_file_that_is_no_tarball_is_refused(tmp_path, capsys):
    workdir = tmp_path / "work"
    workdir.mkdir()
    not_gzip = tmp_path / "sexmot-vuxna.tar.gz"
    not_gzip.write_text("<html>404</html>")
    assert course_tarballs.main([str(workdir), str(not_gzip)]) == 1
    assert "cannot be unpacked safely" in capsys.readouterr().err
    assert list(workdir.iterdir()) == []


def test_bundled_tarballs_are_used_when_none_are_given(tmp_path, capsys, monkeypatch):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    monkeypatch.setattr(course_tarballs, "BUNDLED_DIR", bundled)
    workdir = tmp_path / "work"
    workdir.mkdir()
    assert course_tarballs.main([str(workdir)]) == 1
    assert "bundles none" in capsys.readouterr().err
    built_tarball(bundled, "sexmot-vuxna.tar.gz")
    assert course_tarballs.main([str(workdir)]) == 0
    assert "course-v1:Socialstyrelsen+SMEV+2026" in capsys.readouterr().out


def test_the_image_check_names_blocks_that_are_not_installed():
    assert course_tarballs.missing_xblocks() == []
    assert course_tarballs.missing_xblocks(("sexmot_reflection", "sexmot_no_such_block")) == ["sexmot_no_such_block"]


def test_one_bad_tarball_stops_the_job_before_anything_is_imported(project, tmp_path):
    good = built_tarball(tmp_path, "sexmot-vuxna.tar.gz")
    bad = handmade_tarball(tmp_path / "sexmot-barn-och-unga.tar.gz", {"course/about.txt": b"x"})
    [(_, script)] = rendered_tasks(project)
    arguments, job = script.split("\n", 1)
    assert arguments == "set --"  # replaced here by paths on this machine
    platform = tmp_path / "edx-platform"  # the job's working directory; it has no manage.py here
    platform.mkdir()
    result = subprocess.run(
        ["sh", "-e", "-c", job, "importsexmot", str(good), str(bad)],
        cwd=platform, env={**os.environ, "PATH": f"{VENV_BIN}:{os.environ['PATH']}"},
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1
    assert "INFO: sexmot-vuxna.tar.gz holds course-v1:Socialstyrelsen+SMEV+2026" in result.stdout
    assert "sexmot-barn-och-unga.tar.gz: expected one top-level course/ folder" in result.stderr
    assert "importing" not in result.stdout
