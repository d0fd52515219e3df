"""Contract: Studio's edit modal and XBlock's form script find in the package's Studio form what they look for.

Both blocks render their Studio form themselves (``sexmot_xblocks/toolkit/studio_form.py``). Studio's modal,
``XBlockEditorView.hasCustomButtons`` in edx-platform's ``cms/static/js/views/xblock_editor.js``, looks
for ``.editor-with-buttons`` to leave saving to the block's own buttons (else it shows its own *Save*,
which calls a ``collectFieldData`` our blocks do not have); ``StudioEditableXBlockMixin``'s script
(XBlock's ``xblock/utils/public/studio_edit.js``) reads each setting from an ``li`` with
``data-field-name``, ``data-cast`` and ``data-default`` around one ``.field-data-control``, resets it
with ``button.setting-clear`` and saves and cancels with ``.save-button`` and ``.cancel-button``.
"""
import pytest
from lxml import html as lxml_html

from tests.test_story_browser import story

STAFF = "staff_forfattare"
EXERCISE = """<sexmot_reflection weight="0.5">
  <statement id="s1">Jag vet vad jag ska fråga.</statement></sexmot_reflection>"""
#: The ``data-cast`` values XBlock's script reads a setting by.
CASTS = {"boolean", "integer", "float", "string", "text", "html", "generic"}


def having_class(name):
    """An XPath test for an element with the class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@pytest.mark.swedish  # where Django's localization wrote decimal commas into the number inputs
@pytest.mark.parametrize("xml", [story(position="between"), EXERCISE], ids=["story", "exercise"])
def test_studio_s_modal_and_the_mixin_s_script_find_every_setting_of_the_form(load_scenario, xml):
    preview = load_scenario(xml)
    block = preview.block(STAFF)
    form = lxml_html.fromstring(block.render("studio_view").content)
    assert form.xpath(f"//*[{having_class('editor-with-buttons')}]")
    for button in ("save-button", "cancel-button"):
        assert len(form.xpath(f"//*[{having_class('xblock-actions')}]//a[{having_class(button)}]")) == 1
    settings = form.xpath("//li[@data-field-name]")
    assert [item.get("data-field-name") for item in settings] == list(block.editable_fields)
    for item in settings:
        assert item.get("data-cast") in CASTS and item.get("data-default") is not None
        assert len(item.xpath(f".//*[{having_class('field-data-control')}]")) == 1, item.get("data-field-name")
        assert len(item.xpath(f".//button[{having_class('setting-clear')}]")) <= 1
    numbers = {item.get("data-field-name"): item.xpath(".//input")[0].get("value")
               for item in settings if item.get("data-cast") in ("integer", "float")}
    assert all(value and "," not in value for value in numbers.values()), numbers
