"""How Studio edits the exercise's lists: the statements, and the five labels of the answer scale."""
from django.utils.translation import gettext_noop as _

from sexmot_xblocks.studio_lists import ItemInput, ListEditor

STUDIO_LISTS = (
    ListEditor(
        "statements", item_name=_("Statement {number}"), add_label=_("Add a statement"),
        inputs=(ItemInput("text", _("Statement"), widget="textarea"),),
        kept_keys=("id",),
    ),
    ListEditor(
        "scale_labels", item_name=_("Step {number}"), add_label="", plain=True, fixed_length=5,
        inputs=(ItemInput("value", _("Label")),),
    ),
)
