"""The suite runs under each Open edX release's own versions: one constraints file per release.

``constraints/<release>.txt`` holds what edx-platform's ``requirements/edx/base.txt``
pins at that release for the packages this project imports (written by
``scripts/release_constraints.py``); ``make test-<release>`` installs the suite with
it and runs it. These tests keep the files complete and inside what setup.cfg
admits, check the script on base.txt lines as pip-compile writes them, and, in a
release run, that the environment really holds the release's versions.
"""
import importlib.util
import os
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

REPOSITORY = Path(__file__).resolve().parents[1]
RELEASES = ("ulmo", "verawood")
_spec = importlib.util.spec_from_file_location("release_constraints", REPOSITORY / "scripts" / "release_constraints.py")
release_constraints = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(release_constraints)


def pins(release):
    """``{canonical name: Requirement}`` of ``constraints/<release>.txt``."""
    lines = (REPOSITORY / "constraints" / f"{release}.txt").read_text(encoding="utf-8").splitlines()
    requirements = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    return {release_constraints.canonical(req.name): req for req in requirements}


BASE_TXT = """#
#    make upgrade
#
django==5.2.11
    # via
    #   -r requirements/edx/kernel.in
django-crum==0.7.9
    # via
    #   -r requirements/edx/kernel.in
    #   edx-django-utils
edx-opaque-keys[django]==3.0.0
    # via -r requirements/edx/kernel.in
jsonschema==4.25.1
lxml[html-clean]==5.3.2
    # via -c requirements/constraints.txt
markdown==3.9
nh3==0.3.0
openedx-atlas==0.7.0
pymongo==4.4.0
pyyaml==6.0.3
python3-openid==3.2.0 ; python_version >= "3"
web-fragments==3.1.0
xblock[django]==5.2.0
    # via
    #   -r requirements/edx/kernel.in
"""


def test_the_script_keeps_the_platform_s_pins_of_our_packages():
    text = release_constraints.constraints_text("ulmo", BASE_TXT, "open-release/ulmo.2")
    assert "at open-release/ulmo.2" in text
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert body == ["Django==5.2.11", "XBlock==5.2.0", "web-fragments==3.1.0", "lxml==5.3.2", "edx-opaque-keys==3.0.0",
                    "pymongo==4.4.0", "jsonschema==4.25.1", "nh3==0.3.0", "Markdown==3.9", "PyYAML==6.0.3",
                    "openedx-atlas==0.7.0", "django-crum==0.7.9", "tutor>=21.0.0,<22.0.0"]


@pytest.mark.parametrize("line, message", [
    ("", "does not list XBlock"),
    ("xblock[django] @ git+https://github.com/openedx/xblock.git@a-branch", "installs XBlock from a URL"),
])
def test_the_script_refuses_a_base_txt_without_a_released_pin(line, message):
    base_txt = BASE_TXT.replace("xblock[django]==5.2.0", line)
    with pytest.raises(release_constraints.BaseTxtError, match=message):
        release_constraints.constraints_text("verawood", base_txt, "open-release/verawood.1")


@pytest.mark.parametrize("release", RELEASES)
def test_each_release_pins_every_package_and_its_tutor_line(release):
    found = pins(release)
    for name in release_constraints.PINNED:
        requirement = found[release_constraints.canonical(name)]
        assert len(requirement.specifier) == 1 and next(iter(requirement.specifier)).operator == "==", requirement
    assert found["tutor"] == Requirement(release_constraints.TUTOR[release])


@pytest.mark.parametrize("release", RELEASES)
def test_setup_cfg_admits_every_version_a_release_pins(release):
    """A requirement of ours that excludes the platform's version would make the package uninstallable there."""
    found = pins(release)
    ours = [Requirement(line) for line in metadata.requires("sexmot-xblocks")]
    for requirement in ours:
        pinned = found.get(release_constraints.canonical(requirement.name))
        if pinned is None or not requirement.specifier:
            continue
        version = next(iter(pinned.specifier)).version if pinned.name != "tutor" else None
        if version:
            assert requirement.specifier.contains(version), f"{requirement} excludes {release}'s {pinned}"


@pytest.mark.skipif(
    not os.environ.get("SEXMOT_RELEASE"), reason="a release run only (make test-ulmo, make test-verawood)"
)
def test_a_release_run_has_the_release_s_versions_installed():
    release = os.environ["SEXMOT_RELEASE"]
    for name, requirement in pins(release).items():
        installed = Version(metadata.version(name))
        assert requirement.specifier.contains(installed), (
            f"{name} {installed} is installed, {release} pins {requirement}"
        )
