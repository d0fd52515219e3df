"""Studio as a Swedish course author meets it: the blocks' form in Chromium with the interface in Swedish.

The preview's editor page is the blocks' ``studio_view`` with what Studio's page adds around it (save
notifications, the CSRF header); saving goes through the real handler into the real database.
"""
import re

import pytest

from tests.test_story_browser import story
from tests.test_studio_lists import list_field

pytestmark = pytest.mark.swedish

STAFF = "staff_forfattare"
#: A story whose decimal and whole-number settings are not their defaults, the film between parts 2 and 3.
STORY_SETTINGS = 'completion_share="0.75" film_after_part="2"'
EXERCISE = """<sexmot_reflection display_name="Mina föreställningar" weight="0.5" threshold="6" max_length="1200"
    session_threshold="4" session_keep_days="14">
  <statement id="s1">Jag vet vad jag ska fråga.</statement>
</sexmot_reflection>"""


def open_editor(browser, live_server, preview):
    """The form in a Swedish browser (its number inputs show decimal commas), the interface in Swedish."""
    page = browser.new_page(viewport={"width": 1024, "height": 900}, locale="sv-SE")
    page.goto(f"{live_server.url}/view/{preview.name}/studio_view/?student={STAFF}")
    page.wait_for_selector(".sexmot-list")
    return page


def save(page):
    """Press the form's save button; the status the page shows once the server has answered."""
    page.locator(".save-button").click()
    status = page.locator("#preview-studio-status")
    page.wait_for_function(
        "() => /Sparat|:/.test(document.getElementById('preview-studio-status').textContent)")
    return status.text_content()


def number_shown(page, name):
    return page.locator(f'li[data-field-name="{name}"] input').input_value()


@pytest.mark.django_db(transaction=True)
def test_a_swedish_author_changes_a_heading_and_the_story_s_decimals_stay(live_server, load_scenario, browser,
                                                                           test_film):
    preview = load_scenario(story(position="between").replace('film_position="between"',
                                                               f'film_position="between" {STORY_SETTINGS}'))
    page = open_editor(browser, live_server, preview)
    assert float(number_shown(page, "completion_share")) == 0.75
    assert number_shown(page, "film_after_part") == "2"

    list_field(page, "parts").locator('[data-key="heading"]').first.fill("Första besöket")
    assert "Sparat" in save(page)

    block = preview.block()
    assert block.parts[0]["heading"] == "Första besöket"
    assert block.completion_share == 0.75 and block.film_after_part == 2
    assert block.film_position == "between"


@pytest.mark.django_db(transaction=True)
def test_a_swedish_author_sees_the_exercise_s_weight_and_saves_it_unchanged(live_server, load_scenario, browser):
    preview = load_scenario(EXERCISE)
    page = open_editor(browser, live_server, preview)
    shown = {name: number_shown(page, name) for name in (
        "weight", "threshold", "max_length", "session_threshold", "session_keep_days")}
    assert float(shown.pop("weight")) == 0.5
    assert shown == {"threshold": "6", "max_length": "1200", "session_threshold": "4", "session_keep_days": "14"}

    page.locator('li[data-field-name="display_name"] input').fill("Hur gör vi hos oss?")
    assert "Sparat" in save(page)
    block = preview.block()
    assert block.display_name == "Hur gör vi hos oss?"
    assert (block.weight, block.threshold, block.max_length) == (0.5, 6, 1200)
    assert (block.session_threshold, block.session_keep_days) == (4, 14)

    # The mixin's reset puts the default back into the number input, where the browser must keep it.
    page.reload()
    page.wait_for_selector(".sexmot-list")
    page.locator('li[data-field-name="weight"] button.setting-clear').click()
    assert float(number_shown(page, "weight")) == 1.0


#: Every text the form shows or reads out: text nodes (labels, help, options, buttons, texts for screen
#: readers), and the attributes a person reads, but not the values being edited (inputs, text areas).
FORM_TEXTS = """() => {
  const form = document.querySelector(".xblock-v1");
  const found = [];
  const walker = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (text && !node.parentElement.closest("script, style, textarea")) { found.push(text); }
  }
  form.querySelectorAll("[aria-label], [title], [placeholder], [data-tooltip]").forEach((el) => {
    ["aria-label", "title", "placeholder", "data-tooltip"].forEach((name) => {
      if (el.getAttribute(name)) { found.push(el.getAttribute(name)); }
    });
  });
  return found;
}"""
#: Texts that are the same in both languages: names of formats, Swedish words spelt as the English ones, and
#: the content being edited (an exercise inside the story, named in the list that places it).
SAME_IN_BOTH = {"MP4", "WebM", "Format", "Text", "Min egen reaktion"}


def form_texts(browser, live_server, preview):
    page = open_editor(browser, live_server, preview)
    texts = set(page.evaluate(FORM_TEXTS))
    page.close()
    return texts


@pytest.mark.django_db(transaction=True)
def test_every_text_of_both_forms_is_swedish_for_a_swedish_author(live_server, load_scenario, browser, settings,
                                                                  test_film):
    for xml in (story(position="between"), EXERCISE):
        preview = load_scenario(xml)
        swedish = form_texts(browser, live_server, preview)
        settings.LANGUAGE_CODE = "en"
        english = form_texts(browser, live_server, preview)
        settings.LANGUAGE_CODE = "sv"
        assert {"Save", "Cancel"} <= english and {"Spara", "Avbryt"} <= swedish
        assert swedish & english <= SAME_IN_BOTH, sorted(swedish & english)


@pytest.mark.django_db(transaction=True)
def test_a_refused_save_tells_the_swedish_author_why_in_swedish(live_server, load_scenario, browser):
    preview = load_scenario(EXERCISE)
    page = open_editor(browser, live_server, preview)
    page.locator('li[data-field-name="threshold"] input').fill("2")
    status = save(page)
    assert re.match(r"Inställningarna kunde inte sparas: .*Minsta antal svar", status), status
    assert preview.block().threshold == 6


@pytest.mark.django_db(transaction=True)
def test_a_swedish_author_learns_which_text_is_too_long_and_nothing_is_saved(live_server, load_scenario, browser):
    preview = load_scenario(EXERCISE)
    page = open_editor(browser, live_server, preview)
    statement = list_field(page, "statements").locator('[data-key="text"]').first
    statement.fill("Jag vet vad jag ska fråga. " * 370)  # some 10,000 characters
    page.locator(".save-button").click()
    assert statement.get_attribute("aria-invalid") == "true"
    error = page.locator(f"#{statement.get_attribute('aria-describedby').split()[-1]}")
    assert re.fullmatch(r"Påstående: högst 500 tecken; här finns \d{4,5}\.", error.text_content())
    assert page.evaluate("() => document.activeElement.dataset.key") == "text"

    statement.fill("Jag vet vad jag ska fråga.")
    page.locator('li[data-field-name="display_name"] input').fill("Hur gör vi hos oss? " * 20)
    assert save(page) == "Inställningarna kunde inte sparas: Visningsnamnet får vara högst 255 tecken långt."
    assert preview.block().display_name == "Mina föreställningar"


@pytest.mark.django_db(transaction=True)
def test_a_film_version_whose_file_the_course_lacks_is_refused_not_saved(live_server, load_scenario, browser,
                                                                        test_film):
    preview = load_scenario(story())
    page = open_editor(browser, live_server, preview)
    versions = list_field(page, "sign_language_sources")
    versions.locator(".sexmot-list-add").click()
    versions.locator('[data-key="src"]').last.fill("/static/nora-15-teckensprak.mp4")
    status = save(page)
    assert status.startswith("Inställningarna kunde inte sparas: En fil till filmen med teckenspråk finns inte bland "
                             "kursens filer"), status
    assert preview.block().sign_language_sources == []

    versions.locator('[data-key="src"]').last.fill("/static/sexmot-testfilm.webm")
    assert "Sparat" in save(page)
    assert preview.block().sign_language_sources == [{"src": "/static/sexmot-testfilm.webm", "type": ""}]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("server", ["unreachable", "error page"])
def test_a_save_the_server_never_answers_is_explained_in_swedish(live_server, load_scenario, browser, server):
    preview = load_scenario(EXERCISE)
    page = open_editor(browser, live_server, preview)
    if server == "unreachable":
        page.route("**/submit_studio_edits/**", lambda route: route.abort())
    else:
        page.route("**/submit_studio_edits/**", lambda route: route.fulfill(
            status=500, content_type="text/html", body="<!DOCTYPE html><html><body><h1>Server Error (500)</h1>"))
    page.locator('li[data-field-name="display_name"] input').fill("Hur gör vi hos oss?")
    assert save(page) == ("Inställningarna kunde inte sparas: Servern sparade inte inställningarna. Kontrollera att "
                          "du är uppkopplad, ladda om sidan och försök igen.")
    assert preview.block().display_name == "Mina föreställningar"
