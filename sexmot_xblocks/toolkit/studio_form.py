"""Studio's form for both blocks, rendered by the package: in the author's language, numbers as a browser reads them.

``StudioEditableXBlockMixin.studio_view`` renders its form through Django's
localization, so a Swedish author's page gets ``value="0,9"`` in a number
input, which the browser drops: the value is empty, the mixin's script sends
``null``, and the save is refused (a story's share of the film), or a setting
shows empty (an exercise's weight). Its form also says "True", "False",
"(Default)", "Clear Value", "Save" and "Cancel" in English, and its script's
"Saving", "Unable to update settings" and what it says when the server gives
no answer come from whatever the page's ``gettext`` knows.

Here the same form is rendered from the package's template, with every text
from the package's catalogue and numbers written as a browser's number input
reads them (a point, never a comma), whatever the author's language. The
mixin's script still runs the form (casting, TinyMCE in Studio, reset, save,
cancel): the template keeps the classes and data attributes it reads, and the
script it is given a runtime whose notifications carry the package's texts.
"""
import json

from django.utils.translation import gettext_noop as _
from web_fragments.fragment import Fragment
from xblock.fields import Boolean, Float, Integer, Scope, String

from .package_files import package_text
from .templates import render_template

#: What the form's script says around a save, in the author's language.
FORM_MESSAGES = {
    "saving": _("Saving…"),
    "unable_to_update": _("Unable to update settings"),
    "no_answer": _("The server did not save the settings. Check that you are online, reload the page and try again."),
}
#: What XBlock's form script says, through the page's ``gettext``, when the server gives no answer: the form's
#: script recognises it, and a page of markup the script would show instead, and says ``no_answer``.
MIXIN_NO_ANSWER = ("This may be happening because of an error with our server or your internet connection. "
                   "Try refreshing the page or making sure you are online.")


def _number_text(value):
    """A number as an HTML number input reads it (``0.9``, ``5``), or empty for none."""
    if value is None or isinstance(value, bool):
        return ""
    return json.dumps(value)


def _kind(field):
    """The mixin script's name for the field's type (``data-cast``), which decides how it reads the input."""
    if isinstance(field, Boolean):
        return "boolean"
    if isinstance(field, Integer):
        return "integer"
    if isinstance(field, Float):
        return "float"
    if isinstance(field, String):
        editor = field.runtime_options.get("multiline_editor")
        return ("html" if editor == "html" else "text") if editor else "string"
    return "generic"  # List, Dict: a JSON text area (a list editor takes its place, see ``studio_lists``)


def _shown(kind, value):
    """``value`` as the form's input holds it."""
    if kind in ("integer", "float"):
        return _number_text(value)
    if kind == "generic":
        return json.dumps(value)
    return value


def _number_limits(field, kind):
    """A number input's ``min``, ``max`` and ``step`` from the field's ``values`` (``{"min": 0, "step": 0.05}``)."""
    declared = field.values if isinstance(field.values, dict) else {}
    limits = {key: _number_text(declared[key]) for key in ("min", "max", "step") if key in declared}
    limits.setdefault("step", "1" if kind == "integer" else "any")
    return limits


def _choices(field, current, translate):
    """A select's options: yes and no for a Boolean, else the field's ``values``, each label translated."""
    if isinstance(field, Boolean):
        offered = [{"display_name": _("Yes"), "value": True}, {"display_name": _("No"), "value": False}]
        shown = {True: "1", False: "0"}
        return [{"value": shown[choice["value"]], "label": translate(choice["display_name"]),
                 "selected": choice["value"] == bool(current), "default": choice["value"] == bool(field.default)}
                for choice in offered]
    return [{"value": choice["value"], "label": translate(choice["display_name"]),
             "selected": choice["value"] == current, "default": choice["value"] == field.default}
            for choice in field.values or ()]


def field_entry(block, name, translate):
    """One setting of the form: its label, help, value, default and, for a choice or a number, its options."""
    field = block.fields[name]
    if field.scope not in (Scope.content, Scope.settings):
        raise ValueError(f"{name} is learner data, not a setting Studio edits")
    kind = _kind(field)
    current = field.read_from(block)
    numeric = kind in ("integer", "float")
    return {
        "name": name,
        "kind": kind,
        "label": translate(field.display_name) if field.display_name else name,
        "help": translate(field.help) if field.help else "",
        "is_set": field.is_set_on(block),
        "value": _shown(kind, current),
        "default": ("1" if field.default else "0") if kind == "boolean" else _shown(kind, field.default),
        "resettable": field.runtime_options.get("resettable_editor", True),
        "choices": [] if numeric else _choices(field, current, translate),
        "limits": _number_limits(field, kind) if numeric else {},
    }


def studio_form(block):
    """The block's Studio form for ``block.editable_fields``, in the author's language, with the mixin's script.

    The caller initialises it: its own script calls ``SexmotStudioForm(runtime, element, config)``
    with ``form_config(block)`` in ``config.form``.
    """
    translate = block.ugettext
    html = render_template(__name__, "templates/studio_form.html", {
        "fields": [field_entry(block, name, translate) for name in block.editable_fields],
    }, block.runtime.service(block, "i18n"))
    fragment = Fragment(html)
    fragment.add_javascript(package_text("xblock.utils.studio_editable", "public/studio_edit.js"))
    fragment.add_javascript(package_text(__name__, "static/studio_form.js"))
    return fragment


def form_config(block):
    """What ``SexmotStudioForm`` says around a save, in the author's language, and what it replaces."""
    return {"messages": {name: block.ugettext(text) for name, text in FORM_MESSAGES.items()},
            "mixinNoAnswer": MIXIN_NO_ANSWER}
