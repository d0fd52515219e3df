"""Studio editors for list fields: statements, story parts, questions, film sources, caption tracks.

Studio's form (``studio_form``, the fields of ``StudioEditableXBlockMixin``)
shows a ``List`` field as one JSON text area. A
block that lists its list fields in ``studio_lists`` gets, in the same Studio
form, one editor per list instead: an item per entry with labelled inputs,
buttons to add, remove and move items (all usable by keyboard), and messages
next to each input for the rules the server also enforces. The editor keeps
the mixin's JSON text area, hidden, as the value the mixin saves, so saving,
cancelling and resetting stay the mixin's own.

Every text the editor shows comes from here, translated by the block's i18n
service, so the script holds no user-interface strings of its own.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop as _

from .course_assets import ALLOWED_URL_PATTERN
from .package_files import package_text
from .studio_form import form_config, studio_form

#: What the editor's buttons, statuses and messages say; ``{…}`` names what the script fills in.
EDITOR_MESSAGES = {
    "move_up": _("Move up"),
    "move_down": _("Move down"),
    "remove": _("Remove"),
    "moved": _("{item} is now number {number}."),
    "removed": _("{item} was removed. The list has {count} items."),
    "added": _("{item} was added."),
    "empty": _("The list is empty."),
    "required": _("{label}: this field is required."),
    "fix_before_saving": _("Nothing was saved. Correct the fields marked below and save again."),
    "too_long": _("{label}: at most {maximum} characters; this one has {count}."),
}


@dataclass(frozen=True)
class ItemInput:
    """One input of a list item: which key of the item it edits and what the browser checks before saving.

    The checks mirror what the block refuses on the server, so a course author
    learns about a mistake next to the field instead of after saving.
    """

    key: str
    label: str
    #: "text", "textarea" or "select" edit a text; "lines" a list of texts, one a line; "checkbox" a
    #: true/false; "number" a whole number (with a ``pattern`` of digits).
    widget: str = "text"
    required: bool = True
    pattern: str = ""  # a regular expression valid in Python and JavaScript alike
    pattern_message: str = ""
    choices: tuple = ()  # (value, label) pairs for a select
    help: str = ""
    #: The longest text (each line of "lines") Studio saves, and the message it refuses a longer one with.
    max_length: int = 0
    too_long: str = ""

    def to_json(self, translate):
        """The input as the editor script reads it, in the author's language."""
        return {
            "key": self.key,
            "label": translate(self.label),
            "widget": self.widget,
            "required": self.required,
            "pattern": self.pattern,
            "patternMessage": translate(self.pattern_message) if self.pattern_message else "",
            "choices": [{"value": value, "label": translate(label)} for value, label in self.choices],
            "help": translate(self.help) if self.help else "",
            "maxLength": self.max_length,
        }


@dataclass(frozen=True)
class ListEditor:
    """How Studio edits one ``List`` field.

    ``item_name`` names one entry ("Part {number}"), unless ``item_labels``
    names each entry itself; ``plain`` lists hold strings (the single input's
    value) instead of dicts, or whole numbers with ``numbers``; a
    ``fixed_length`` list has exactly that many entries, so it cannot grow,
    shrink or move; ``kept_keys`` are carried over unchanged, never shown (a
    statement's id, which keys the group's tallies).
    """

    field: str
    item_name: str
    add_label: str
    inputs: tuple
    plain: bool = False
    numbers: bool = False
    fixed_length: int = 0
    kept_keys: tuple = field(default=())
    item_labels: tuple = field(default=())

    def to_json(self, translate):
        """The editor's description for the script, in the author's language."""
        return {
            "field": self.field,
            "itemName": translate(self.item_name),
            "addLabel": translate(self.add_label) if self.add_label else "",
            "inputs": [item_input.to_json(translate) for item_input in self.inputs],
            "plain": self.plain,
            "numbers": self.numbers,
            "fixedLength": self.fixed_length,
            "keptKeys": list(self.kept_keys),
            "itemLabels": list(self.item_labels),
        }


@dataclass(frozen=True)
class TextLimit:
    """The longest text a setting that is no list may hold, and the message Studio refuses a longer one with.

    The message names the number itself: it is translated as it stands
    (``tests/unit/test_rules.py`` checks that the two agree).
    """

    field: str
    maximum: int
    message: str


#: The longest address of a film, track or poster: far beyond any real one, short of a page's worth.
LONGEST_ADDRESS = 2000
#: Both blocks' display name: the course outline and the page's title show it.
DISPLAY_NAME_LIMIT = TextLimit("display_name", 255, _("The display name can have at most 255 characters."))


def url_input(label, help_text):
    """An address of a course file or an https page: the only addresses the blocks hand to a browser."""
    return ItemInput(
        "src", label, pattern=ALLOWED_URL_PATTERN, help=help_text,
        pattern_message=_("Use a course file (/static/name.ext) or an address that starts with https://."),
        max_length=LONGEST_ADDRESS, too_long=_("An address can have at most 2,000 characters."),
    )


class StudioListsMixin:
    """Studio's form with list editors for the fields named in ``studio_lists`` (a tuple of ``ListEditor``).

    Put it before ``StudioEditableXBlockMixin`` in the block's bases; each
    listed field must also be in ``editable_fields``.
    """

    studio_lists = ()

    def studio_view(self, context=None):
        """The package's Studio form (``studio_form``), with each listed field's JSON text area a list editor."""
        fragment = studio_form(self)
        fragment.add_css(package_text(__name__, "static/studio_lists.css"))
        fragment.add_javascript(package_text(__name__, "static/studio_lists.js"))
        translate = self.ugettext
        fragment.initialize_js("SexmotStudioLists", {
            "form": form_config(self),
            "lists": [editor.to_json(translate) for editor in self.studio_lists],
            "messages": {name: translate(text) for name, text in EDITOR_MESSAGES.items()},
        })
        return fragment


def list_shape_problems(editors, data):
    """Why the listed fields in ``data`` cannot be saved as their editors' items (messages; none if they can).

    Each item must be what the editor writes: a string for a plain list,
    otherwise an object whose keys are the editor's inputs and kept keys, all
    text. Anything else would reach a template or an OLX export malformed.
    Each block's ``structural_problems`` starts with this, so Studio's save,
    the OLX reader and the list editors keep one rule.
    """
    problems = (editor_shape_problem(editor, data[editor.field]) for editor in editors if editor.field in data)
    return [problem for problem in problems if problem]


def _fits(widget, value):
    """True when ``value`` is what an input of kind ``widget`` writes (see ``ItemInput.widget``)."""
    if widget == "checkbox":
        return isinstance(value, bool)
    if widget == "number":
        return isinstance(value, int) and not isinstance(value, bool)
    if widget == "lines":
        return isinstance(value, list) and all(isinstance(line, str) for line in value)
    return isinstance(value, str)


def editor_shape_problem(editor, value):
    """Why ``value`` is not a list of ``editor``'s items (a message), or None; see ``list_shape_problems``."""
    name = editor.field
    if not isinstance(value, list):
        return f"Invalid input: {name} must be a list."
    if editor.plain and editor.numbers:
        whole = all(isinstance(item, int) and not isinstance(item, bool) for item in value)
        return None if whole else f"Invalid input: {name} must list whole numbers."
    if editor.plain:
        return None if all(isinstance(item, str) for item in value) else f"Invalid input: {name} must list texts."
    widgets = {**dict.fromkeys(editor.kept_keys, "text"), **{item.key: item.widget for item in editor.inputs}}
    for item in value:
        if not isinstance(item, dict) or not set(item) <= set(widgets) or not all(
                _fits(widgets[key], entry) for key, entry in item.items()):
            return (f"Invalid input: each item of {name} must have only {', '.join(sorted(widgets))}, "
                    "each of the kind its input writes.")
    return None


def _item_texts(editor, item_input, item):
    """The texts ``item_input`` holds in ``item``: its value, or each line of a "lines" input."""
    value = item if editor.plain else item.get(item_input.key) if isinstance(item, dict) else None
    if isinstance(value, str):
        return [value]
    return [line for line in value if isinstance(line, str)] if isinstance(value, list) else []


def too_long_problems(editors, limits, data):
    """Why texts in ``data`` are too long to save (messages, one per setting or list input; none if all fit).

    ``limits`` are the ``TextLimit`` of settings that are no lists; list items
    are measured by their editor's inputs (``ItemInput.max_length``), as the
    editor in the browser measures them before saving.
    """
    problems = [limit.message for limit in limits
                if isinstance(data.get(limit.field), str) and len(data[limit.field]) > limit.maximum]
    for editor in editors:
        items = data.get(editor.field)
        if not isinstance(items, list):
            continue
        problems += [
            item_input.too_long for item_input in editor.inputs if item_input.max_length and any(
                len(text) > item_input.max_length
                for item in items for text in _item_texts(editor, item_input, item))
        ]
    return problems
