"""Studio's list editors: a course author builds both blocks from scratch, by keyboard, in a real browser.

The preview's editor page is the blocks' ``studio_view`` with what Studio's page
adds around it (save notifications, the CSRF header); saving goes through the
real handler into the real database, and the learner view shows the result.
"""
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from sexmot_xblocks.toolkit.course_assets import ALLOWED_URL_PATTERN, is_allowed_url

STAFF = "staff_editor"


def open_editor(browser, live_server, preview, viewport=None):
    page = browser.new_page(viewport=viewport or {"width": 1024, "height": 900})
    page.goto(f"{live_server.url}/view/{preview.name}/studio_view/?student={STAFF}")
    page.wait_for_selector(".sexmot-list")
    return page


def list_field(page, name):
    return page.locator(f'li[data-field-name="{name}"]')


def add_item_by_keyboard(page, name, values):
    """Focus the list's add button, press Enter, and type each value into the new item's inputs in order."""
    field = list_field(page, name)
    field.locator(".sexmot-list-add").focus()
    page.keyboard.press("Enter")
    item = field.locator(".sexmot-list-item").last
    assert page.evaluate("() => document.activeElement.closest('.sexmot-list-item') !== null")
    for key, value in values.items():
        control = item.locator(f'[data-key="{key}"]')
        if control.evaluate("node => node.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)


def headings_in(page, name, key):
    return list_field(page, name).locator(f'[data-key="{key}"]').evaluate_all("nodes => nodes.map(n => n.value)")


def no_axe_violations(page):
    report = Axe().run(page, context=".xblock-v1")
    assert report.violations_count == 0, report.generate_report()


def save(page):
    page.locator(".save-button").click()
    page.wait_for_function(
        "() => /Saved|Sparat|:/.test(document.getElementById('preview-studio-status').textContent)")
    return page.locator("#preview-studio-status").text_content()


def test_an_author_builds_a_story_from_scratch_with_the_keyboard(live_server, load_scenario, browser, test_film):
    preview = load_scenario('<sexmot_story display_name="Ny berättelse"/>')
    page = open_editor(browser, live_server, preview)
    no_axe_violations(page)
    assert list_field(page, "parts").locator("textarea.field-data-control").is_hidden()

    for heading in ("Mötet", "Det som inte sägs", "Frågan"):
        add_item_by_keyboard(page, "parts", {"heading": heading, "text": f"<p onclick='x()'>{heading} i text.</p>"})
    assert "3" in list_field(page, "parts").locator(".sexmot-list-status").text_content()

    # Move the third part up with the keyboard: focus follows the part, the change is announced.
    third = list_field(page, "parts").locator(".sexmot-list-item").nth(2)
    third.locator('[data-action="up"]').focus()
    page.keyboard.press("Enter")
    assert headings_in(page, "parts", "heading") == ["Mötet", "Frågan", "Det som inte sägs"]
    assert page.evaluate("() => document.activeElement.dataset.action") == "up"
    focused_heading = page.evaluate(
        "() => document.activeElement.closest('.sexmot-list-item').querySelector('[data-key=heading]').value")
    assert focused_heading == "Frågan"
    assert "2" in list_field(page, "parts").locator(".sexmot-list-status").text_content()

    add_item_by_keyboard(page, "questions", {"text": "Vad lägger du märke till?", "hint": "Tecken är skäl att fråga."})
    add_item_by_keyboard(page, "questions", {"text": "Tas bort"})
    list_field(page, "questions").locator(".sexmot-list-item").last.locator('[data-action="remove"]').focus()
    page.keyboard.press("Enter")
    assert headings_in(page, "questions", "text") == ["Vad lägger du märke till?"]

    # A film address the server would refuse is marked next to its field, and nothing is sent.
    add_item_by_keyboard(page, "film_sources", {"src": "ftp://example.org/film.mp4", "type": "video/mp4"})
    page.locator(".save-button").click()
    source = list_field(page, "film_sources").locator('[data-key="src"]')
    assert source.get_attribute("aria-invalid") == "true"
    assert page.evaluate("() => document.activeElement.dataset.key") == "src"
    error_id = source.get_attribute("aria-describedby").split()[-1]
    assert "https://" in page.locator(f"#{error_id}").text_content()
    assert page.locator(".sexmot-list-summary").is_visible()
    assert preview.block().parts == []
    no_axe_violations(page)

    source.fill("/static/sexmot-testfilm.mp4")
    add_item_by_keyboard(page, "caption_tracks", {
        "src": "/static/sexmot-testfilm.sv.vtt", "srclang": "sv", "label": "Svenska"})
    assert "Saved" in save(page) or "Sparat" in page.locator("#preview-studio-status").text_content()

    block = preview.block()
    assert [part["heading"] for part in block.parts] == ["Mötet", "Frågan", "Det som inte sägs"]
    assert block.parts[1]["text"] == "<p>Frågan i text.</p>"
    assert block.parts[2]["text"] == "<p>Det som inte sägs i text.</p>"
    assert block.questions == [{"text": "Vad lägger du märke till?", "hint": "Tecken är skäl att fråga."}]
    assert block.film_sources == [{"src": "/static/sexmot-testfilm.mp4", "type": "video/mp4"}]
    assert block.caption_tracks == [{"src": "/static/sexmot-testfilm.sv.vtt", "srclang": "sv", "label": "Svenska"}]

    page.reload()
    page.wait_for_selector(".sexmot-list")
    assert headings_in(page, "parts", "heading") == ["Mötet", "Frågan", "Det som inte sägs"]
    assert headings_in(page, "questions", "hint") == ["Tecken är skäl att fråga."]

    learner = browser.new_page(viewport={"width": 360, "height": 740})
    learner.goto(f"{live_server.url}/view/{preview.name}/?student=learner_1")
    learner.wait_for_selector(".sexmot-story")
    assert "Mötet" in learner.locator(".sexmot-story").inner_text()
    assert learner.locator("video track[srclang=sv]").count() == 1


def test_an_author_orders_statements_and_names_the_scale(live_server, load_scenario, browser):
    preview = load_scenario('<sexmot_reflection display_name="Mina föreställningar"/>')
    page = open_editor(browser, live_server, preview, viewport={"width": 320, "height": 800})
    labels = list_field(page, "scale_labels")
    assert labels.locator(".sexmot-list-item").count() == 5
    assert labels.locator(".sexmot-list-add, [data-action]").count() == 0

    for text in ("Jag vet vad jag ska fråga.", "Jag vet vart jag kan hänvisa."):
        add_item_by_keyboard(page, "statements", {"text": text})
    second = list_field(page, "statements").locator(".sexmot-list-item").nth(1)
    second.locator('[data-action="up"]').focus()
    page.keyboard.press("Enter")
    labels.locator('[data-key="value"]').first.fill("Fel ord")
    labels.locator("button.setting-clear").click()  # the mixin's reset: the editor shows the default again
    assert labels.locator('[data-key="value"]').first.input_value() == "Instämmer inte alls"
    labels.locator('[data-key="value"]').first.fill("Stämmer inte alls")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    no_axe_violations(page)
    save(page)

    block = preview.block()
    assert [item["text"] for item in block.statements] == [
        "Jag vet vart jag kan hänvisa.",
        "Jag vet vad jag ska fråga.",
    ]
    assert all(re.fullmatch(r"s\d+", item["id"]) for item in block.statements)
    assert block.scale_labels[0] == "Stämmer inte alls" and len(block.scale_labels) == 5

    learner = browser.new_page()
    learner.goto(f"{live_server.url}/view/{preview.name}/?student=learner_2")
    learner.wait_for_selector(".sexmot-reflection")
    text = learner.locator(".sexmot-reflection").inner_text()
    assert text.index("Jag vet vart jag kan hänvisa.") < text.index("Jag vet vad jag ska fråga.")
    assert "Stämmer inte alls" in text


def test_reordering_statements_keeps_their_ids_so_group_results_stay_with_them(load_scenario):
    preview = load_scenario("""<sexmot_reflection>
      <statement id="a">Första</statement><statement id="b">Andra</statement></sexmot_reflection>""")
    saved = preview.post("submit_studio_edits", {"values": {"statements": [
        {"id": "b", "text": "Andra"}, {"id": "a", "text": "Första"}, {"text": "Ny"}]}, "defaults": []}, student=STAFF)
    assert saved.status_code == 200
    assert preview.block().statements == [
        {"id": "b", "text": "Andra"}, {"id": "a", "text": "Första"}, {"id": "s1", "text": "Ny"}]


@pytest.mark.parametrize("value", [
    "en text",
    [{"heading": "Del", "text": {"html": "<p>x</p>"}}],
    [{"heading": "Del", "text": "x", "onclick": "x()"}],
    ["Del"],
])
def test_a_list_the_editor_could_not_have_written_gets_400_and_changes_nothing(load_scenario, value):
    preview = load_scenario('<sexmot_story><part heading="Kvar">x</part></sexmot_story>')
    refused = preview.post("submit_studio_edits", {"values": {"parts": value}, "defaults": []}, student=STAFF)
    assert refused.status_code == 400
    assert "parts" in json.dumps(refused.json())
    assert preview.block().parts == [{"heading": "Kvar", "text": "x"}]


@pytest.mark.parametrize("field, value", [
    ("statements", [{"id": "a", "text": "x", "onclick": "x()"}]),
    ("statements", [{"id": "a", "text": ["x"]}]),
    ("scale_labels", [1, 2, 3, 4, 5]),
    ("scale_labels", "a b c d e"),
])
def test_an_exercise_list_the_editor_could_not_have_written_gets_400_by_the_rule_its_olx_reader_keeps(
        load_scenario, field, value):
    """Studio's save refuses through the block's ``structural_problems``, the check the OLX reader applies."""
    from reflection_xblock import payloads  # noqa: PLC0415

    assert payloads.structural_problems({field: value})
    preview = load_scenario('<sexmot_reflection><statement id="a">Kvar</statement></sexmot_reflection>')
    refused = preview.post("submit_studio_edits", {"values": {field: value}, "defaults": []}, student=STAFF)
    assert refused.status_code == 400
    assert field in json.dumps(refused.json())
    assert preview.block().statements == [{"id": "a", "text": "Kvar"}]


def test_the_editor_gets_its_lists_and_every_text_from_the_server(load_scenario):
    preview = load_scenario("<sexmot_story/>")
    html = preview.block(STAFF).render("studio_view").content
    assert "data-init='SexmotStudioLists'" in html
    config = json.loads(re.search(r'class="xblock_json_init_args">(.*?)</script>', html, re.S).group(1))
    assert [editor["field"] for editor in config["lists"]] == [
        "parts", "questions", "film_sources", "caption_tracks", "described_film_sources", "description_tracks",
        "sign_language_sources"]
    assert all(config["messages"].values())


@pytest.mark.parametrize("url", [
    "/static/film.mp4", "/static/a", "https://example.org/film.mp4", "https://example.org", "https://x.se?a=1",
    "/static/", "/static/../x", "/static/a b.mp4", "http://example.org/film.mp4", "https://", "javascript:alert(1)",
    "https://example.org/a\"b", "//example.org/film.mp4", "/static/.hidden", "https://ex ample.org/",
])
def test_the_browser_checks_addresses_by_the_same_rule_as_the_server(url):
    assert bool(re.fullmatch(ALLOWED_URL_PATTERN, url)) == is_allowed_url(url)


def test_an_author_places_the_exercise_inside_a_story_after_another_part(live_server, load_scenario, browser):
    preview = load_scenario("""<sexmot_story display_name="Med övning">
      <part heading="Ett">Första delen.</part>
      <sexmot_reflection display_name="Min reaktion"><statement id="s1">Jag hade frågat.</statement></sexmot_reflection>
      <part heading="Två">Andra delen.</part>
      <part heading="Tre">Tredje delen.</part>
    </sexmot_story>""")
    assert preview.block().child_after_part == [1]
    page = open_editor(browser, live_server, preview)
    placement = list_field(page, "child_after_part")
    assert placement.locator(".sexmot-list-item legend").all_text_contents() == ["Min reaktion"]
    assert placement.locator("option").count() == 4  # before the first part, or after one of three
    assert placement.locator(".sexmot-list-add, [data-action]").count() == 0
    placement.locator("select").select_option("2")
    no_axe_violations(page)
    save(page)
    assert preview.block().child_after_part == [2]

    learner = browser.new_page()
    learner.goto(f"{live_server.url}/view/{preview.name}/?student=learner_3")
    learner.wait_for_selector(".sexmot-story")
    group_of_exercise = learner.locator(".sexmot-story-group", has=learner.locator(".sexmot-reflection"))
    assert group_of_exercise.get_attribute("data-part") == "2"


def test_a_story_without_exercises_has_no_placement_to_edit_and_bad_places_get_400(load_scenario):
    plain = load_scenario("<sexmot_story><part heading='Ett'>x</part></sexmot_story>")
    assert "child_after_part" not in plain.block(STAFF).render("studio_view").content
    refused = plain.post("submit_studio_edits", {"values": {"child_after_part": [1]}, "defaults": []}, student=STAFF)
    assert refused.status_code == 400

    nested = load_scenario("""<sexmot_story><part heading="Ett">x</part>
      <sexmot_reflection><statement id="s1">x</statement></sexmot_reflection></sexmot_story>""")
    for bad in (["1"], [True], "1"):
        refused = nested.post("submit_studio_edits", {"values": {"child_after_part": bad}, "defaults": []},
                              student=STAFF)
        assert refused.status_code == 400, bad
    assert nested.block().child_after_part == [1]


class FakeStudioTemplates:
    """Studio's template service as far as the container page uses it: the children's previews, listed."""

    namespace_prefix = ""

    def render_template(self, name, context):
        assert name == "studio_render_children_view.html"
        return "".join(f'<div class="studio-xblock-wrapper" data-locator="{item["id"]}">{item["content"]}</div>'
                       for item in context["items"])


def test_studio_s_container_page_lists_the_exercises_and_offers_to_add_one(load_scenario, monkeypatch):
    from workbench.runtime import WorkbenchRuntime  # noqa: PLC0415

    preview = load_scenario("""<sexmot_story display_name="Med övning"><part heading="Ett">x</part>
      <sexmot_reflection display_name="Min reaktion"><statement id="s1">Jag hade frågat.</statement>
        <statement id="s2">&lt;img src=x onerror=alert(1)&gt;</statement></sexmot_reflection>
    </sexmot_story>""")
    real_service = WorkbenchRuntime.service
    monkeypatch.setattr(WorkbenchRuntime, "service", lambda runtime, block, name: (
        FakeStudioTemplates() if name == "mako" else real_service(runtime, block, name)))
    story = preview.block(STAFF)

    container = story.render("author_view", {"root_xblock": story}).content
    assert container.count('class="studio-xblock-wrapper"') == 1 and "Jag hade frågat." in container
    assert re.findall(r'data-category="([^"]+)"', container) == ["sexmot_reflection", "html"]
    assert "<img src=x" not in container and "&lt;img src=x onerror=alert(1)&gt;" in container

    unit_page = story.render("author_view", {}).content
    assert "sexmot-story" in unit_page and "add-xblock-component" not in unit_page


# --- The reflection's group plan ------------------------------------------------------------------------------

def test_an_author_builds_the_hours_group_plan_with_the_keyboard(live_server, load_scenario, browser):
    """The plan's texts, whole minutes, a story's name, a checkbox for the reflection and questions one a line:
    typed values in the browser, the same rules as the server, the run sheet's plan after saving."""
    preview = load_scenario('<sexmot_reflection display_name="Hur gör vi hos oss?" group_sessions_enabled="true"/>')
    page = open_editor(browser, live_server, preview, viewport={"width": 320, "height": 800})
    plan = list_field(page, "group_plan")
    assert plan.locator("textarea.field-data-control").is_hidden()
    add_item_by_keyboard(page, "group_plan", {
        "title": "Övning 1: Emir, 19", "minutes": "20", "story": "emir-19",
        "instructions": "<p onclick='x()'>Visa filmen först.</p>",
        "questions": "Vad fick Maja att fråga?\n\n  Hur hade du frågat?  "})
    add_item_by_keyboard(page, "group_plan", {"title": "Reflektionen", "minutes": "0", "story": "inte ett namn"})
    last = plan.locator(".sexmot-list-item").last
    last.locator('[data-key="reflection"]').focus()
    page.keyboard.press("Space")
    assert last.locator('[data-key="reflection"]').is_checked()

    # Minutes out of range and a story name with spaces are marked next to their fields; nothing is sent.
    page.locator(".save-button").click()
    for key in ("minutes", "story"):
        control = last.locator(f'[data-key="{key}"]')
        assert control.get_attribute("aria-invalid") == "true", key
    assert page.evaluate("() => document.activeElement.dataset.key") == "minutes"
    assert preview.block().group_plan == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    no_axe_violations(page)

    last.locator('[data-key="minutes"]').fill("15")
    last.locator('[data-key="story"]').fill("")
    save(page)
    assert preview.block().group_plan == [
        {"title": "Övning 1: Emir, 19", "minutes": 20, "story": "emir-19", "reflection": False,
         "instructions": "<p>Visa filmen först.</p>", "questions": ["Vad fick Maja att fråga?", "Hur hade du frågat?"]},
        {"title": "Reflektionen", "minutes": 15, "story": "", "reflection": True, "instructions": "", "questions": []},
    ]

    page.reload()
    page.wait_for_selector(".sexmot-list")
    assert headings_in(page, "group_plan", "questions")[0] == "Vad fick Maja att fråga?\nHur hade du frågat?"
    assert list_field(page, "group_plan").locator('[data-key="reflection"]').last.is_checked()

    # The run sheet follows the saved plan: its timers and its questions.
    code = preview.post("start_session", {}, "leader").json()["code"]
    sheet = preview.post("session_document", {"code": code, "view": "run_sheet"}, "leader")
    html = sheet.json()["html"]
    assert 'data-seconds="20"' in html and "Hur hade du frågat?" in html and "onclick" not in html
    assert html.count('class="sexmot-live"') == 1


@pytest.mark.parametrize("item", [
    {"title": "Övning", "minutes": "15"},  # minutes as text
    {"title": "Övning", "minutes": 15, "questions": "En fråga"},  # questions not a list
    {"title": "Övning", "minutes": 15, "reflection": "true"},
    {"title": "Övning", "minutes": 15, "onclick": "x()"},
    {"title": ["Övning"], "minutes": 15},
])
def test_a_group_plan_the_editor_could_not_have_written_gets_400_and_changes_nothing(load_scenario, item):
    preview = load_scenario(PLANNED)
    refused = preview.post("submit_studio_edits", {"values": {"group_plan": [item]}, "defaults": []}, student=STAFF)
    assert refused.status_code == 400 and "group_plan" in json.dumps(refused.json())
    assert [step["title"] for step in preview.block().group_plan] == ["Kvar"]


@pytest.mark.parametrize("plan, message", [
    ([{"title": " ", "minutes": 15}], "needs a title"),
    ([{"title": "Övning", "minutes": 0}], "from 1 to 120"),
    ([{"title": "Övning", "minutes": 121}], "from 1 to 120"),
    ([{"title": "Övning", "minutes": 15, "story": "emir 19"}], "url_name"),
    ([{"title": "A", "minutes": 15, "reflection": True}, {"title": "B", "minutes": 15, "reflection": True}],
     "at most one"),
])
def test_the_server_refuses_a_group_plan_against_its_rules_and_changes_nothing(load_scenario, plan, message):
    preview = load_scenario(PLANNED)
    refused = preview.post("submit_studio_edits", {"values": {"group_plan": plan}, "defaults": []}, student=STAFF)
    assert refused.status_code == 400 and message in json.dumps(refused.json())
    assert [step["title"] for step in preview.block().group_plan] == ["Kvar"]


def test_a_learner_cannot_change_the_group_plan(load_scenario):
    preview = load_scenario(PLANNED)
    refused = preview.post("submit_studio_edits", {"values": {"group_plan": []}, "defaults": []}, student="learner_1")
    assert refused.status_code == 403
    assert [step["title"] for step in preview.block().group_plan] == ["Kvar"]


PLANNED = """<sexmot_reflection><statement id="s1">Ett</statement>
  <group_plan><exercise title="Kvar" minutes="15" reflection="true"/></group_plan></sexmot_reflection>"""
