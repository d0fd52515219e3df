"""The empty XBlock: the floor that the workbench runtime itself sets for a render and a handler call."""
from web_fragments.fragment import Fragment
from xblock.core import XBlock

EMPTY_INIT_JS = "function SexmotBenchEmpty(runtime, element) {}"


class EmptyXBlock(XBlock):
    """A block that renders nothing and whose handler does nothing.

    Every figure of the other blocks is divided by this block's, measured in
    the same run, runtime and database, so that a ratio says what a block adds
    on top of the runtime rather than how fast this machine is. It loads the
    same workbench JavaScript runtime as any block with a JS initializer, so
    that the browser figures subtract the page chrome exactly.
    """

    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        """Nothing but the JavaScript initializer every interactive block has."""
        fragment = Fragment("")
        fragment.add_javascript(EMPTY_INIT_JS)
        fragment.initialize_js("SexmotBenchEmpty")
        return fragment

    @XBlock.json_handler
    def noop(self, data, suffix=""):
        """A JSON handler that stores nothing: the floor of a handler call over HTTP."""
        return {}
