"""Contract: the Swedish interface survives the translations pull of a Tutor-built Open edX image.

Tutor's image build runs ``./manage.py lms pull_xblock_translations`` after the
Python packages are installed. That command (edx-platform,
``openedx/core/djangoapps/xblock/translation.py::xblocks_atlas_pull`` calling
``openedx/core/djangoapps/plugins/i18n_api.py::atlas_pull_by_modules``) runs the
real ``atlas`` script of openedx-atlas once for every installed XBlock's root
module. The script creates ``conf/plugins-locale/xblock.v1/<module>/`` before it
looks for the module in openedx-translations, and ours are not there, so the
folder stays empty. ``XBlockI18nService`` (``xmodule/modulestore/django.py``)
prefers that folder whenever it exists, finds no catalogue in it and falls back to
Django's own translation. The "about your work" step is a block of the reflection's package
(``reflection_xblock.about_work``): the service looks under the same root module, so it finds the same
catalogue. These tests run the real atlas script against a local
stand-in for the openedx-translations repository, then choose the translator the
way the service does, and read our messages through it
(docs/decisions/0011-translations-survive-an-atlas-pull.md).
"""
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation
from xblock.core import XBlock

from reflection_xblock.about_work.block import AboutWorkXBlock
from reflection_xblock.block import ReflectionXBlock
from story_xblock.block import StoryXBlock
from tests.tiers import slow_fixture

ATLAS = Path(sys.executable).parent / "atlas"
#: A message of each block, and its Swedish, from the package's catalogue.
MESSAGES = {
    ReflectionXBlock: (
        "Please answer every statement before you submit.",
        "Svara på alla påståenden innan du skickar in.",
    ),
    StoryXBlock: ("Place of the film", "Filmens plats"),
    AboutWorkXBlock: ("Answered this step", "Svarade på frågan om arbetet"),
}
PULL_OPTIONS = ["--repository", "openedx/openedx-translations", "--revision", "main", "--silent"]

pytestmark = pytest.mark.skipif(not shutil.which("git"), reason="atlas needs git (make system-deps)")


def root_module_name(block_class):
    """``xmodule/modulestore/api.py::get_xblock_root_module_name``: the first part of the block class's module."""
    return getattr(block_class, "unmixed_class", block_class).__module__.split(".")[0]


def installed_xblock_module_names():
    """``translation.py::get_non_xmodule_xblock_module_names``: every installed XBlock's root module but ``xmodule``."""
    return sorted({root_module_name(cls) for _tag, cls in XBlock.load_classes()} - {"xmodule"})


@slow_fixture
def openedx_translations(tmp_path):
    """A git repository laid out like openedx/openedx-translations, served where atlas will look for GitHub.

    It holds the platform's catalogue and another XBlock's, as the real one
    does, and nothing for our modules: they are not an Open edX repository.
    """
    github = tmp_path / "github"
    repository = github / "openedx" / "openedx-translations.git"
    for folder in ("edx-platform/conf/locale", "xblock-poll/poll/conf/locale"):
        messages = repository / "translations" / folder / "sv" / "LC_MESSAGES"
        messages.mkdir(parents=True)
        (messages / "django.po").write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n')
    git = ["git", "-C", str(repository), "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "--quiet", "--initial-branch=main"], check=True)
    subprocess.run([*git, "add", "--all"], check=True)
    subprocess.run([*git, "commit", "--quiet", "--message", "translations"], check=True)
    # atlas fetches one commit without blobs, as GitHub allows
    subprocess.run([*git, "config", "uploadpack.allowFilter", "true"], check=True)
    subprocess.run([*git, "config", "uploadpack.allowAnySHA1InWant", "true"], check=True)
    return {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"url.{github.as_uri()}/.insteadOf",
            "GIT_CONFIG_VALUE_0": "https://github.com/"}


def pull_xblock_translations(locale_root, git_environment):
    """``atlas_pull_by_modules(get_non_xmodule_xblock_module_names(), locale_root, options)``, as the command runs
    it."""
    locale_root.mkdir(parents=True)
    directories = [f"translations/*/{module}/conf/locale:{module}" for module in installed_xblock_module_names()]
    subprocess.run(
        [str(ATLAS), "pull", "--expand-glob", *PULL_OPTIONS, *directories],
        check=True, cwd=locale_root, env={**os.environ, **git_environment}, capture_output=True, timeout=120,
    )


def xblock_i18n_service_translator(block_class, locale_root, language):
    """The translator ``XBlockI18nService(block)`` settles on for ``language`` (its ``__init__``).

    ``get_python_locale``: the pulled folder with the ``django`` domain when it
    exists, else the package's ``translations/`` with the ``text`` domain; a
    catalogue that cannot be opened leaves Django's own translation in place.
    """
    module = root_module_name(block_class)
    pulled = locale_root / module
    if pulled.is_dir():
        domain, folder = "django", pulled
    else:
        domain, folder = "text", Path(sys.modules[module].__file__).parent / "translations"
    try:
        return gettext.translation(domain, str(folder), [translation.to_locale(language)])
    except OSError:
        return translation


@pytest.fixture
def platform_locale_paths():
    """Django's translation as in the LMS: the platform's own ``conf/locale``, which lacks our strings."""
    with override_settings(LOCALE_PATHS=[]):
        yield


@pytest.mark.parametrize("block_class", list(MESSAGES), ids=lambda cls: cls.__name__)
def test_after_the_image_s_pull_the_blocks_still_speak_swedish(tmp_path, openedx_translations, block_class,
                                                                platform_locale_paths):
    locale_root = tmp_path / "edx-platform" / "conf" / "plugins-locale" / "xblock.v1"
    pull_xblock_translations(locale_root, openedx_translations)
    pulled = locale_root / root_module_name(block_class)
    assert pulled.is_dir() and list(pulled.iterdir()) == []  # what the image holds: an empty folder
    message, swedish = MESSAGES[block_class]
    with translation.override("sv"):
        assert xblock_i18n_service_translator(block_class, locale_root, "sv").gettext(message) == swedish


def test_the_stand_in_repository_is_pulled_like_the_real_one(tmp_path, openedx_translations):
    """The pull copies what the repository holds for a module, so the empty folder above is no accident."""
    locale_root = tmp_path / "xblock.v1"
    pull_xblock_translations(locale_root, openedx_translations)
    assert "reflection_xblock" in installed_xblock_module_names() and "story_xblock" in installed_xblock_module_names()
    assert not (locale_root / "poll").exists()  # not installed here, so not asked for
    subprocess.run([str(ATLAS), "pull", "--expand-glob", *PULL_OPTIONS, "translations/*/poll/conf/locale:poll"],
                   check=True, cwd=locale_root, env={**os.environ, **openedx_translations}, capture_output=True)
    assert (locale_root / "poll" / "sv" / "LC_MESSAGES" / "django.po").is_file()


@pytest.mark.parametrize("block_class", list(MESSAGES), ids=lambda cls: cls.__name__)
def test_without_a_pull_the_service_opens_the_bundled_catalogue(tmp_path, block_class, platform_locale_paths):
    message, swedish = MESSAGES[block_class]
    translator = xblock_i18n_service_translator(block_class, tmp_path / "nothing-pulled", "sv")
    assert isinstance(translator, gettext.GNUTranslations)
    assert translator.gettext(message) == swedish
