"""The blocks' translations: where the catalogues live and how a page gets them.

One gettext catalogue serves the whole package (docs/decisions/0008-translations.md):

- sources and compiled files in ``sexmot_xblocks/toolkit/conf/locale/<lang>/LC_MESSAGES/`` (``django.po`` for
  Python and templates, ``djangojs.po`` for scripts), the layout Open edX's translation tooling reads;
- a copy of ``django.mo`` as ``<block package>/translations/<lang>/LC_MESSAGES/text.mo``, where the
  LMS's and Studio's i18n service looks for an XBlock's own translations;
- a copy of ``django.mo`` in the package's Django app (``sexmot_xblocks/storage/locale/<lang>/LC_MESSAGES/``),
  which Django's translation merges in: the i18n service falls back to it when an atlas pull has left an
  empty folder for a block (docs/decisions/0011-translations-survive-an-atlas-pull.md);
- the script catalogue compiled to ``static/js/translations/<lang>/djangojs.js``, which defines
  ``window.SexmotI18N``; a block page loads it before the blocks' scripts.

``make translations`` (``python -m devtools.i18n_build``) extracts, merges and compiles all of it.
"""
from pathlib import Path

from django.utils import translation

from .package_files import package_text

#: The global the compiled script catalogue defines; Open edX compiles catalogues under this name too.
JS_NAMESPACE = "SexmotI18N"
PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "conf" / "locale"
LANGUAGES = ("sv", "en")
BLOCK_PACKAGES = ("reflection_xblock", "story_xblock")


def translated(block, text):
    """``text`` in the user's language when the catalogue has it, else as it is (a detail for developers)."""
    return block.ugettext(text) if isinstance(text, str) and text else text


def add_javascript_catalog(block, fragment):
    """Give the page the scripts' translations, before the scripts that use them.

    The platform's own compiled catalogue wins when it has one for this
    block; otherwise the one shipped in the package, for the page's language.
    """
    service = block.runtime.service(block, "i18n")
    url = getattr(service, "get_javascript_i18n_catalog_url", lambda _block: None)(block)
    if url:
        fragment.add_javascript_url(url)
        return
    path = javascript_catalog_path(translation.get_language())
    if path:
        fragment.add_javascript(package_text(__name__, path))


def javascript_catalog_path(language):
    """The shipped script catalogue for ``language`` (``sv``, ``sv-se``), or None for English and unknown ones."""
    if not language:
        return None
    for code in (translation.to_locale(language), language.split("-")[0]):
        path = f"static/js/translations/{code}/djangojs.js"
        if code != "en" and (PACKAGE_DIR / path).is_file():
            return path
    return None
