"""The Tutor plugin ``sexmot``: the two distributions, what enabling the plugin renders, the ``importsexmot`` job.

``make dist`` builds the wheels and source packages an operator installs (they
are not on PyPI): the XBlocks' ``sexmot-xblocks``, which goes into the Open edX
image, and the plugin's ``tutor-contrib-sexmot``, which goes where Tutor runs.
Tutor itself runs (installed from PyPI through the ``tutor`` extra), in a temporary
TUTOR_ROOT, without Docker: ``tutor config save`` renders the environment,
Dockerfile and build context included, and the job's script comes from the hook
Tutor's ``do`` runner consumes, rendered by Tutor's own template engine. The script's first step, which runs inside the
CMS container, is run here for real on tarballs packed by the project's course
builder.
"""
import ast
import inspect
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib import metadata
from pathlib import Path

import click
import pytest
from packaging.requirements import Requirement
from tutor import config as tutor_config
from tutor import env as tutor_env
from tutor.commands.k8s import K8sContext
from tutor.commands.local import LocalContext

from course_export.build import write_tarball
from sexmot_xblocks.command_line import course_tarballs
from tests.tiers import slow_fixture
from tutorsexmot import plugin

VENV_BIN = Path(sys.executable).parent
TUTOR = VENV_BIN / "tutor"
VERSION = metadata.version("sexmot-xblocks")
PLUGIN_VERSION = metadata.version("tutor-contrib-sexmot")
PIP_LINE = "$PIP_COMMAND install '{}'"
REPOSITORY = Path(__file__).resolve().parents[1]
WHEEL_MOUNT = "--mount=type=bind,source=sexmot-wheels,target=/tmp/sexmot-wheels"


def tutor(root, *args, alerts=False):
    """Run the real ``tutor`` command line on the project in ``root``; return its output (``alerts``: and stderr)."""
    env = {**os.environ, "TUTOR_ROOT": str(root), "TUTOR_PLUGINS_ROOT": str(root / "yaml-plugins")}
    result = subprocess.run([str(TUTOR), *args], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"tutor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + (result.stderr if alerts else "")


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


@slow_fixture(scope="module")
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


# --- the package an operator installs ------------------------------------------------------


@slow_fixture(scope="module")
def distributions(tmp_path_factory):
    """``make dist``: both distributions' wheels and source packages, built and checked (``twine check --strict``)."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    folder = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        ["make", "-o", f"{VENV_BIN}/.installed", "dist", f"DIST={folder}", f"BIN={VENV_BIN}"],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, f"make dist failed:\n{result.stdout}\n{result.stderr}"
    assert "PASSED" in result.stdout
    built = {path.name: path for path in folder.iterdir()}
    assert sorted(built) == [f"sexmot_xblocks-{VERSION}-py3-none-any.whl", f"sexmot_xblocks-{VERSION}.tar.gz",
                             f"tutor_contrib_sexmot-{PLUGIN_VERSION}-py3-none-any.whl",
                             f"tutor_contrib_sexmot-{PLUGIN_VERSION}.tar.gz"]
    return built


def wheel_of(distributions, distribution="sexmot_xblocks"):
    return next(path for name, path in distributions.items() if name.startswith(distribution) and name.endswith(".whl"))


def requirements_of(wheel, dist_info):
    with zipfile.ZipFile(wheel) as archive:
        metadata_text = archive.read(f"{dist_info}/METADATA").decode()
    return [
        Requirement(line.split(":", 1)[1]) for line in metadata_text.splitlines() if line.startswith("Requires-Dist:")
    ]


def test_the_wheel_carries_everything_the_platform_reads(distributions):
    with zipfile.ZipFile(wheel_of(distributions)) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel.read(f"sexmot_xblocks-{VERSION}.dist-info/entry_points.txt").decode()
    for needed in (
        "sexmot_xblocks/storage/locale/sv/LC_MESSAGES/django.mo",
        "reflection_xblock/translations/sv/LC_MESSAGES/text.mo",
        "story_xblock/schemas/student_view_data.json",
        "sexmot_xblocks/storage/migrations/0001_initial.py",
        "sexmot_xblocks/command_line/course_tarballs.py",
        "sexmot_xblocks/toolkit/static/js/translations/sv/djangojs.js",
        "reflection_xblock/templates/reflection.html",
    ):
        assert needed in names, needed
    tools = ("tests/", "bench/", "devtools/", "course_export/", "tutorsexmot/", "sexmot_xblocks/tutor_plugin/")
    assert not [name for name in names if name.startswith(tools) or name.endswith(("i18n_build.py", ".tar.gz"))], \
        "the wheel carries what the LMS runs, not the preview, the course builder, the i18n tooling or the Tutor plugin"
    for line in ("sexmot_reflection = reflection_xblock.block:ReflectionXBlock",
                 "sexmot_xblocks = sexmot_xblocks.storage.apps:SexmotXBlocksConfig"):
        assert line in entry_points
    assert "tutor" not in entry_points
    assert not [req for req in requirements_of(wheel_of(distributions), f"sexmot_xblocks-{VERSION}.dist-info")
                if req.name == "tutor"], "the LMS's environment has no use for Tutor"


def test_the_plugin_s_wheel_carries_the_plugin_and_none_of_the_xblocks(distributions):
    wheel = wheel_of(distributions, "tutor_contrib_sexmot")
    dist_info = f"tutor_contrib_sexmot-{PLUGIN_VERSION}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
    for needed in ("tutorsexmot/plugin.py", "tutorsexmot/templates/jobs/importsexmot.sh",
                   "tutorsexmot/templates/patches/openedx-dockerfile-post-python-requirements",
                   "tutorsexmot/templates/patches/openedx-dockerfile"):
        assert needed in names, needed
    assert not [name for name in names if name.startswith(("sexmot_xblocks/", "reflection_xblock/", "story_xblock/"))]
    assert "sexmot = tutorsexmot.plugin" in entry_points
    assert [req.name for req in requirements_of(wheel, dist_info)] == ["tutor"], \
        "Tutor's environment needs neither Django nor XBlock"


def test_the_plugin_imports_nothing_of_the_xblocks_packages():
    """Tutor's environment has neither the XBlocks nor their Django: an import of theirs would break ``tutor``."""
    first_party = {"sexmot_xblocks", "reflection_xblock", "story_xblock", "course_export", "devtools"}
    imported = set()
    for module in (REPOSITORY / "tutor-contrib-sexmot" / "tutorsexmot").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
    assert "tutor" in imported
    assert not imported & first_party


@pytest.mark.parametrize("tutor_version, admitted", [("20.0.5", False), ("21.0.0", True), ("21.0.9", True),
                                                     ("22.0.3", True), ("23.0.0", False)])
def test_the_plugin_admits_tutor_21_and_22(distributions, tutor_version, admitted):
    wheel = wheel_of(distributions, "tutor_contrib_sexmot")
    [tutor] = requirements_of(wheel, f"tutor_contrib_sexmot-{PLUGIN_VERSION}.dist-info")
    assert tutor.specifier.contains(tutor_version) is admitted


# --- what enabling the plugin renders -------------------------------------------------


def test_enabling_the_plugin_installs_this_package_in_the_openedx_image(project):
    assert "sexmot" in tutor(project, "plugins", "list")
    assert PIP_LINE.format(f"sexmot-xblocks=={PLUGIN_VERSION}") in python_requirements_stage(project)
    assert (
        tutor(project, "config", "printvalue", "SEXMOT_PIP_REQUIREMENT").strip() == f"sexmot-xblocks=={PLUGIN_VERSION}"
    )


@pytest.mark.slow  # a Tutor project of its own (the tutor command line)
def test_the_pip_requirement_can_be_a_git_url(tmp_path):
    root = new_project(tmp_path)
    requirement = "sexmot-xblocks @ git+https://git.example.org/sexmot-xblocks.git@v0.1.0"
    tutor(root, "config", "save", "--set", f"SEXMOT_PIP_REQUIREMENT={requirement}")
    stage = python_requirements_stage(root)
    assert PIP_LINE.format(requirement) in stage
    assert f"sexmot-xblocks=={VERSION}" not in stage


def test_a_local_wheel_is_installed_from_the_image_s_build_context(tmp_path, distributions):
    """Docker reads ``source=sexmot-wheels`` in the build context, ``env/build/openedx``, beside the Dockerfile."""
    wheel = wheel_of(distributions)
    root = new_project(tmp_path)
    tutor(root, "config", "save", "--set", f"SEXMOT_WHEEL={wheel}")
    stage = python_requirements_stage(root)
    assert WHEEL_MOUNT in stage
    assert PIP_LINE.format(f"/tmp/sexmot-wheels/{wheel.name}") in stage
    assert "sexmot-xblocks==" not in stage
    context = root / "env" / "build" / "openedx"
    assert (context / "Dockerfile").is_file()
    assert [path.name for path in (context / "sexmot-wheels").iterdir()] == [wheel.name]
    assert (context / "sexmot-wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    tutor(root, "config", "save", "--unset", "SEXMOT_WHEEL")
    assert PIP_LINE.format(f"sexmot-xblocks=={VERSION}") in python_requirements_stage(root)
    assert list((context / "sexmot-wheels").iterdir()) == []


@pytest.mark.slow  # a Tutor project of its own (the tutor command line)
@pytest.mark.parametrize(
    "given",
    ["relative/sexmot_xblocks-0.1.0-py3-none-any.whl", "/no/such/sexmot_xblocks-0.1.0-py3-none-any.whl", "/etc/passwd"],
)
def test_a_wheel_setting_that_names_no_wheel_says_so_and_stages_nothing(tmp_path, given):
    root = new_project(tmp_path)
    output = tutor(root, "config", "save", "--set", f"SEXMOT_WHEEL={given}", alerts=True)
    assert "SEXMOT_WHEEL" in output and "cannot be built" in output
    assert not any((root / "env" / "build" / "openedx" / "sexmot-wheels").glob("*"))


@pytest.mark.slow  # a Tutor project of its own (the tutor command line)
def test_disabling_the_plugin_takes_the_package_out_of_the_image(tmp_path):
    root = new_project(tmp_path)
    tutor(root, "plugins", "disable", "sexmot")
    tutor(root, "config", "save")
    assert "sexmot-xblocks" not in python_requirements_stage(root)


def test_the_two_distributions_are_released_with_one_version_number():
    """The plugin's default requirement names the XBlocks by the plugin's own version."""
    assert PLUGIN_VERSION == VERSION


def test_the_courses_reach_every_image_that_runs_the_import_job(project):
    """The copy sits in the production stage, which both the ``openedx`` and the ``openedx-dev`` images build on."""
    dockerfile = (project / "env" / "build" / "openedx" / "Dockerfile").read_text(encoding="utf-8")
    production = dockerfile.split("AS production\n", 1)[1].split("\nFROM production AS development", 1)[0]
    assert "COPY --chown=app:app sexmot-courses/ /openedx/sexmot-courses/" in production
    staged = project / "env" / "build" / "openedx" / "sexmot-courses"
    assert sorted(path.name for path in staged.iterdir()) == ["README.txt"]  # a checkout's plugin carries none


@pytest.mark.slow  # a Tutor project of its own (the tutor command line)
def test_a_plugin_release_s_courses_are_staged_for_the_image_and_stale_ones_removed(tmp_path):
    root = new_project(tmp_path / "root")
    carried = tmp_path / "courses"
    carried.mkdir()
    vuxna = built_tarball(carried, "sexmot-vuxna.tar.gz")
    built_tarball(carried, "sexmot-barn-och-unga.tar.gz", number="SMEB")
    plugin.stage_courses(str(root), carried)
    staged = root / "env" / "build" / "openedx" / "sexmot-courses"
    assert sorted(path.name for path in staged.iterdir()) == ["README.txt", "sexmot-barn-och-unga.tar.gz",
                                                              "sexmot-vuxna.tar.gz"]
    assert (staged / vuxna.name).read_bytes() == vuxna.read_bytes()
    (carried / "sexmot-barn-och-unga.tar.gz").unlink()
    plugin.stage_courses(str(root), carried)
    assert sorted(path.name for path in staged.iterdir()) == ["README.txt", "sexmot-vuxna.tar.gz"]


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
    unpack = lines.index(
        'python -m sexmot_xblocks.command_line.course_tarballs "$workdir" --bundled /openedx/sexmot-courses "$@"'
    )
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


def test_the_image_s_tarballs_are_used_when_none_are_given(tmp_path, capsys):
    carried = tmp_path / "sexmot-courses"
    workdir = tmp_path / "work"
    workdir.mkdir()
    assert course_tarballs.main([str(workdir), "--bundled", str(carried)]) == 1  # an image built without courses
    assert "carries none" in capsys.readouterr().err
    carried.mkdir()
    built_tarball(carried, "sexmot-vuxna.tar.gz")
    assert course_tarballs.main([str(workdir), "--bundled", str(carried)]) == 0
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
