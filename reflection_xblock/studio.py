"""How Studio edits the exercise's lists: the statements, the five labels of the answer scale, the group plan."""
from django.utils.translation import gettext_noop as _

from sexmot_xblocks.toolkit.studio_lists import ItemInput, ListEditor

#: A story's ``url_name`` as the group plan names it: the block id of its usage key in the course.
STORY_NAME = r"^[A-Za-z0-9_.:~-]{1,255}$"

STUDIO_LISTS = (
    ListEditor(
        "statements", item_name=_("Statement {number}"), add_label=_("Add a statement"),
        inputs=(ItemInput("text", _("Statement"), widget="textarea", max_length=500,
                          too_long=_("A statement can have at most 500 characters.")),),
        kept_keys=("id",),
    ),
    ListEditor(
        "scale_labels", item_name=_("Step {number}"), add_label="", plain=True, fixed_length=5,
        inputs=(ItemInput("value", _("Label"), max_length=100,
                          too_long=_("A label of the scale can have at most 100 characters.")),),
    ),
    ListEditor(
        "group_plan", item_name=_("Exercise {number} of the hour"), add_label=_("Add an exercise to the hour"),
        inputs=(
            ItemInput("title", _("Title"), max_length=200,
                      too_long=_("The title of an exercise of the group plan can have at most 200 characters.")),
            ItemInput("minutes", _("Minutes"), widget="number", pattern=r"^(?:[1-9][0-9]?|1[01][0-9]|120)$",
                      pattern_message=_("Give the minutes as a whole number from 1 to 120."),
                      help=_("The run sheet's timer for this exercise.")),
            ItemInput("story", _("Story (its url_name)"), required=False, pattern=STORY_NAME,
                      pattern_message=_("Use the story's url_name: letters, digits and _ - . : ~ only."),
                      help=_("For a story exercise: the session's leader gets the story's questions with hints "
                             "and can present it. Leave empty for an exercise without a story.")),
            ItemInput("reflection", _("The reflection itself (shows the session's results)"), widget="checkbox",
                      required=False, help=_("Mark the one exercise the group answers in the session. Without a "
                                             "mark, the run sheet ends with this exercise.")),
            ItemInput("instructions", _("Instructions for the leader"), widget="textarea", required=False,
                      help=_("HTML: paragraphs in <p>, emphasis in <em> or <strong>, lists in <ul> or <ol>."),
                      max_length=10000,
                      too_long=_("The instructions for the leader can have at most 10,000 characters.")),
            ItemInput("questions", _("Questions to discuss"), widget="lines", required=False,
                      help=_("One question a line."), max_length=1000,
                      too_long=_("A question to discuss can have at most 1,000 characters.")),
        ),
    ),
)
