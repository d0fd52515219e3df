"""The text of the packages' own files (styles, scripts, script catalogues), read once per process.

``ResourceLoader.load_unicode`` reads a file again on every call, and every learner view loads four
or five of them. They belong to the installed package and do not change while a server runs: a
changed file, like a changed template (``templates``), takes a restart.
"""
import functools

from xblock.utils.resources import ResourceLoader


@functools.cache
def package_text(module_name, path):
    """The text of ``path`` beside the module ``module_name``, as ``ResourceLoader`` reads it, kept once read."""
    return ResourceLoader(module_name).load_unicode(path)
