"""How Studio edits the story's lists: parts, discussion questions, the film's files, its versions and tracks."""
from django.utils.translation import gettext_noop as _

from sexmot_xblocks.toolkit.content_language import LANGUAGE_TAG
from sexmot_xblocks.toolkit.studio_lists import ItemInput, ListEditor, url_input


def _film_files(field, item_name, add_label, help_text):
    """A list of the same film in one or two formats: the film itself, or one of its versions."""
    return ListEditor(
        field, item_name=item_name, add_label=add_label,
        inputs=(
            url_input(_("Address"), help_text),
            ItemInput(
                "type", _("Format"), widget="select", required=False,
                choices=(("", _("From the file name")), ("video/mp4", "MP4"), ("video/webm", "WebM")),
            ),
        ),
    )


def _webvtt_tracks(field, item_name, add_label, help_text):
    """A list of WebVTT files, one per language: captions, or descriptions."""
    return ListEditor(
        field, item_name=item_name, add_label=add_label,
        inputs=(
            url_input(_("Address"), help_text),
            ItemInput(
                "srclang", _("Language code"), pattern=LANGUAGE_TAG.pattern,
                pattern_message=_("Use a language code such as sv or en."),
            ),
            ItemInput("label", _("Name in the player"), help=_("For example Svenska or English."), max_length=100,
                      too_long=_("A name in the player can have at most 100 characters.")),
        ),
    )


STUDIO_LISTS = (
    ListEditor(
        "parts", item_name=_("Part {number}"), add_label=_("Add a part"),
        inputs=(
            ItemInput("heading", _("Heading"), max_length=200,
                      too_long=_("A part's heading can have at most 200 characters.")),
            ItemInput(
                "text", _("Text"), widget="textarea", required=False,
                help=_("HTML: paragraphs in <p>, emphasis in <em> or <strong>, lists in <ul> or <ol>."),
                max_length=20000, too_long=_("A part's text can have at most 20,000 characters."),
            ),
        ),
    ),
    ListEditor(
        "questions", item_name=_("Question {number}"), add_label=_("Add a question"),
        inputs=(
            ItemInput("text", _("Question"), widget="textarea", max_length=1000,
                      too_long=_("A discussion question can have at most 1,000 characters.")),
            ItemInput(
                "hint", _("Hint for the facilitator"), widget="textarea", required=False,
                help=_("Course staff and the leader of a group session see the hint; learners do not."),
                max_length=2000, too_long=_("A hint for the facilitator can have at most 2,000 characters."),
            ),
        ),
    ),
    _film_files(
        "film_sources", _("Film file {number}"), _("Add a film file"),
        _("The same film in another format: mp4 first, webm as an alternative."),
    ),
    _webvtt_tracks(
        "caption_tracks", _("Captions {number}"), _("Add captions"),
        _("A WebVTT file (.vtt). Swedish first: it is shown by default."),
    ),
    _film_files(
        "described_film_sources", _("Described film file {number}"), _("Add a described film file"),
        _("The film with audio description, in the same format order as the film."),
    ),
    _webvtt_tracks(
        "description_tracks", _("Descriptions {number}"), _("Add descriptions"),
        _("A WebVTT file (.vtt) of descriptions of what is shown, timed to the film."),
    ),
    _film_files(
        "sign_language_sources", _("Sign language film file {number}"), _("Add a sign language film file"),
        _("The film with Swedish Sign Language, in the same format order as the film."),
    ),
)


def child_placement(block, translate):
    """The list that places the story's exercises among its parts: one entry per child, named after it.

    Only a story with child blocks has it; the choices follow the parts the
    story has when the form opens.
    """
    children = [block.runtime.get_block(child_id) for child_id in block.children]
    if not children:
        return ()
    choices = (("0", _("Before the first part")),) + tuple(
        (str(number), translate(_("After part {number}")).format(number=number))
        for number in range(1, len(block.parts) + 1)
    )
    return (ListEditor(
        "child_after_part", item_name=_("Exercise {number}"), add_label="", plain=True, numbers=True,
        fixed_length=len(children), item_labels=tuple(child.display_name for child in children),
        inputs=(ItemInput("value", _("Shown"), widget="select", choices=choices),),
    ),)
