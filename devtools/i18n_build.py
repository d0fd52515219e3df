"""``make translations``: extract the package's messages, merge them into each catalogue, compile them.

Extraction and merging are Django's ``makemessages`` (``xgettext`` and ``msgmerge`` underneath),
compiling is ``msgfmt``; the script catalogue is what Django's own ``JavaScriptCatalog`` view renders
from the compiled ``djangojs`` catalogue, wrapped under ``window.SexmotI18N`` so it cannot clash with
the platform's ``gettext``. Run from the repository with the preview's settings (the Makefile does).
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

from sexmot_xblocks.toolkit.i18n import BLOCK_PACKAGES, JS_NAMESPACE, LANGUAGES, LOCALE_DIR, PACKAGE_DIR

REPOSITORY = PACKAGE_DIR.parents[1]
#: What is not the package's user interface: tools, tests, the courses' own content, data.
IGNORED = [
    ".venv/*", "var/*", "dist/*", "build/*", "docs/*", "tests/*", "bench/*", "course_export/*", "*.egg-info/*",
    "sexmot_xblocks/storage/migrations/*", "sexmot_xblocks/toolkit/static/js/translations/*",
    # a compiled copy for Django's own translation: makemessages would otherwise write sources there
    "sexmot_xblocks/storage/locale", "sexmot_xblocks/storage/locale/*",
]


def extract(locale_dir=LOCALE_DIR):
    """Merge every marked string of the package into each language's ``django.po`` and ``djangojs.po``.

    ``makemessages`` writes into the first of ``LOCALE_PATHS``; the preview
    needs no such setting (Django reads the app's compiled ``locale/``), so it
    is given here.
    """
    with override_settings(LOCALE_PATHS=[str(locale_dir)]):
        for domain in ("django", "djangojs"):
            call_command("makemessages", locale=list(LANGUAGES), domain=domain, ignore_patterns=IGNORED,
                         no_location=True, no_obsolete=True, verbosity=0)


def compiled_catalogue(po_file):
    """The ``.mo`` bytes of ``po_file``, as ``msgfmt`` writes them; it refuses a malformed catalogue."""
    return subprocess.run(["msgfmt", "--check", "-o", "-", str(po_file)], check=True, capture_output=True).stdout


def javascript_catalogue(language):
    """The script catalogue of ``language``: Django's own catalogue script, under ``window.SexmotI18N``."""
    with translation.override(language):
        view = JavaScriptCatalog()
        view.translation = DjangoTranslation(language, domain="djangojs", localedirs=[str(LOCALE_DIR)])
        script = view.render_to_response(view.get_context_data()).content.decode("utf-8")
    return (
        f"/* The sexmot blocks' script translations ({language}); made by `make translations`. */\n"
        f"(function (global) {{\n  var {JS_NAMESPACE} = {{}};\n"
        f"  (function () {{\n{script}\n  }}).call({JS_NAMESPACE});\n"
        f"  global.{JS_NAMESPACE} = {JS_NAMESPACE};\n}}(this));\n"
    )


def outputs():
    """Every compiled file and its content, from the ``.po`` sources as they are now."""
    files = {}
    for language in LANGUAGES:
        messages = LOCALE_DIR / language / "LC_MESSAGES"
        django_mo = compiled_catalogue(messages / "django.po")
        files[messages / "django.mo"] = django_mo
        files[messages / "djangojs.mo"] = compiled_catalogue(messages / "djangojs.po")
        for package in BLOCK_PACKAGES:
            files[REPOSITORY / package / "translations" / language / "LC_MESSAGES" / "text.mo"] = django_mo
        files[app_locale_dir() / language / "LC_MESSAGES" / "django.mo"] = django_mo
    return files


def app_locale_dir():
    """The package's Django app's ``locale/``: Django's translation reads it from every installed app's folder."""
    return Path(apps.get_app_config("sexmot_xblocks").path) / "locale"


def write(files):
    """Write the compiled catalogues, then the script catalogues that read the compiled ``djangojs.mo``."""
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for language in LANGUAGES:
        path = PACKAGE_DIR / "static" / "js" / "translations" / language / "djangojs.js"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(javascript_catalogue(language), encoding="utf-8")


def main():
    """Extract, merge and compile; say where the catalogues are still incomplete."""
    import django  # noqa: PLC0415

    django.setup()
    os.chdir(REPOSITORY)
    if not shutil.which("msgfmt"):
        sys.exit("msgfmt is missing: install Debian's gettext package (make system-deps).")
    extract()
    write(outputs())
    print(f"Catalogues in {LOCALE_DIR.relative_to(REPOSITORY)}; translate every empty msgstr in sv, then run again.")


if __name__ == "__main__":
    main()
