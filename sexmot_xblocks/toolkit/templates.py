"""Our blocks' Django templates: parsed once per process, translated through the block's i18n service.

``xblock.utils``' ``ResourceLoader.render_django_template`` reads, parses and
compiles the template on every render, and its ``{% trans %}`` tag builds a
fresh Django translation and merges the block's catalogue into the process-wide
one at every single tag. For our views that was most of a render (a reflection
parses three templates with some thirty tags). Here a template is compiled once
per process, and the block's catalogue is merged once per language into a
translation of its own, made active for this thread only while the template
renders: the same strings win (the block's catalogue over Django's), nothing
changes for other threads or later requests.

A template may extend another by ``"<package>:<path>"`` (``{% extends
"sexmot_xblocks.toolkit:page_templates/page.html" %}``: the whole-page frame of the
session pages and the story's presentation), read from the package's files
as ``ResourceLoader`` reads them and kept once read.
"""
import functools
import threading
from contextlib import contextmanager

from django.template import Context, Engine, Origin, TemplateDoesNotExist
from django.template.loaders.base import Loader
from django.utils import translation
from django.utils.translation import trans_real
from xblock.utils.resources import ResourceLoader


class PackageLoader(Loader):
    """Finds a template named ``"<package>:<path>"`` among the files of that installed package."""

    def get_template_sources(self, template_name):
        if ":" in template_name:
            yield Origin(name=template_name, template_name=template_name, loader=self)

    def get_contents(self, origin):
        package, _, path = origin.name.partition(":")
        try:
            return ResourceLoader(package).load_unicode(path)
        except (ImportError, OSError) as error:
            raise TemplateDoesNotExist(origin) from error


#: Django's own tag libraries the templates load, autoescaping on, no template directories; templates they
#: extend come from the packages' files and are parsed once per process (the cached loader).
_ENGINE = Engine(
    libraries={"i18n": "django.templatetags.i18n", "l10n": "django.templatetags.l10n"},
    loaders=[("django.template.loaders.cached.Loader", [f"{__name__}.PackageLoader"])],
)
_MERGED = {}
_MERGED_LOCK = threading.Lock()
_MERGED_LIMIT = 64


@functools.cache
def _compiled(module_name, path):
    return _ENGINE.from_string(ResourceLoader(module_name).load_unicode(path))


def _merged_translation(language, catalog, service):
    """Django's translation for ``language`` with the block's catalogue over it, made once per catalogue."""
    base = trans_real.translation(language)  # Django's cached one; new after a change of LOCALE_PATHS
    key = (language, id(base), id(catalog))
    with _MERGED_LOCK:
        found = _MERGED.get(key)
        if found and found[0] is base and found[1] is catalog:
            return found[2]
    merged = trans_real.DjangoTranslation(language)
    merged.merge(service)
    with _MERGED_LOCK:
        if len(_MERGED) >= _MERGED_LIMIT:
            _MERGED.clear()
        _MERGED[key] = (base, catalog, merged)  # base and catalog kept alive, so their ids stay theirs
    return merged


@contextmanager
def _block_catalog(i18n_service):
    """Translate with the block's catalogue (the LMS's ``XBlockI18nService``) in this thread while rendering."""
    catalog = getattr(i18n_service, "_catalog", None) if i18n_service is not None else None
    language = translation.get_language()
    if not catalog or not language:
        yield  # the workbench's service is Django's own translation: nothing to merge
        return
    had_active = hasattr(trans_real._active, "value")  # noqa: SLF001
    previous = getattr(trans_real._active, "value", None)  # noqa: SLF001
    trans_real._active.value = _merged_translation(language, catalog, i18n_service)  # noqa: SLF001
    try:
        yield
    finally:
        if had_active:
            trans_real._active.value = previous  # noqa: SLF001
        else:
            del trans_real._active.value  # noqa: SLF001


def render_template(module_name, path, context, i18n_service):
    """The template at ``path`` beside ``module_name``, rendered with ``context`` in the learner's language."""
    with _block_catalog(i18n_service):
        return _compiled(module_name, path).render(Context(context))
