"""What every sexmot block does the same way: its own OLX, preview scenarios, translation, element ids,
the language of its content.

A block names its own OLX reader and writer (``read_olx``, ``write_olx``); the runtime's
``parse_xml`` / ``add_xml_to_node`` and the workbench's ``workbench_scenarios`` come from here, so
the two blocks cannot drift apart in how they are imported, exported or previewed.
"""
import re

from xblock.utils.resources import ResourceLoader

from .content_language import ContentLanguageMixin
from .i18n import add_javascript_catalog
from .package_files import package_text
from .templates import render_template


class SexmotBlockBasics(ContentLanguageMixin):
    """Mixin for XBlocks of this package; each sets ``read_olx(block, node)`` and ``write_olx(block, node)``.

    Every block has the ``content_language`` setting (``content_language``), and every template gets
    it as ``content_lang`` for the ``lang`` attribute of the elements holding content.
    """

    read_olx = None
    write_olx = None

    @classmethod
    def parse_xml(cls, node, runtime, keys):
        """Read the block's OLX with its own reader (the block's ``olx`` module)."""
        block = runtime.construct_xblock_from_class(cls, keys)
        cls.read_olx(block, node)
        return block

    def add_xml_to_node(self, node):
        """Write the OLX that ``parse_xml`` reads back into the same block."""
        node.tag = self.xml_element_name()
        type(self).write_olx(self, node)

    @classmethod
    def workbench_scenarios(cls):
        """The block's preview examples: the OLX files in its package's ``scenarios/`` folder."""
        return ResourceLoader(cls.__module__).load_scenarios_from_path("scenarios")

    def render_html(self, template, context):
        """One of the block's own Django templates (its package's ``templates/``), in the learner's language,
        with ``content_lang``, the language of the block's content.

        Public: the parts a block is built from (its group sessions) render through it.

        A runtime with mixins renders an instance of a mixed class; its ``unmixed_class`` is the block's own.
        """
        block_class = getattr(type(self), "unmixed_class", type(self))
        return render_template(block_class.__module__, template, {"content_lang": self.content_lang, **context},
                               self.runtime.service(self, "i18n"))

    def _add_learner_resources(self, fragment, css, scripts, init_function):
        """A learner view's CSS and scripts, in the order they need: translations, shared code, the block's."""
        own = getattr(self, "unmixed_class", type(self)).__module__  # runtimes mix classes in
        fragment.add_css(package_text(own, css))
        add_javascript_catalog(self, fragment)
        fragment.add_javascript(package_text(__name__, "static/sexmot.js"))
        for script in scripts:
            fragment.add_javascript(package_text(own, script))
        fragment.initialize_js(init_function)
        return fragment

    def ugettext(self, text):
        """``text`` in the user's language, through the runtime's i18n service.

        XBlock's own ``ugettext`` reads the service's ``ugettext``, which the
        SDK workbench leaves as a no-op; ``gettext`` is the one both the LMS's
        service and the workbench's translate with.
        """
        return self.runtime.service(self, "i18n").gettext(text)

    def _dom_id(self):
        """An id for HTML elements, unique per block on the page."""
        return re.sub(r"[^A-Za-z0-9_-]", "-", str(self.scope_ids.usage_id))
