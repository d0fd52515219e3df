"""Language of parts (WCAG 2.1 3.1.2) in Chromium: what language a screen reader is told, text by text.

The interface follows the learner's language; the content (the story, the exercise, the group plan, texts
learners shared) is Swedish. With an English interface, every text of the content must sit inside an
element whose ``lang`` is ``sv``, and every button and interface sentence must keep the page's ``en``;
with a Swedish interface, nothing on the page may say English.
"""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.security_support import call, submission
from tests.test_group_session_browser import EXERCISE as PLANNED_EXERCISE
from tests.test_group_session_browser import STORY as PLANNED_STORY
from tests.test_story_browser import DESCRIPTIONS_TRACK, story

STAFF = "staff_sprak"
LEADER = "samtalsledare"
DESKTOP = {"width": 1280, "height": 800}
SHARED_TEXT = "Vi behöver prata mer om det här i arbetsgruppen."

#: Each text node of the page's body with the language it is in: the nearest ``lang`` above it.
TEXT_LANGUAGES = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text || node.parentElement.closest("script, style")) { continue; }
    const marked = node.parentElement.closest("[lang]");
    found.push([text, marked ? marked.getAttribute("lang") : ""]);
  }
  return found;
}"""
#: The language of each control: buttons, summaries, the free-text field.
CONTROL_LANGUAGES = """() => Array.from(document.querySelectorAll("button, summary, textarea")).map(
  (el) => [el.tagName.toLowerCase(), el.closest("[lang]").getAttribute("lang")])"""
#: Every language any element of the page declares.
DECLARED = """() => Array.from(document.querySelectorAll("[lang]")).map((el) => el.getAttribute("lang"))"""


def assert_in_language(page, texts, language):
    """Each of ``texts`` is on the page, and every text node holding it is in ``language``."""
    found = page.evaluate(TEXT_LANGUAGES)
    for text in texts:
        languages = {lang for node, lang in found if text in node}
        assert languages == {language}, f"{text!r} is read as {languages or 'missing'}"


def assert_controls(page):
    """Buttons and summaries are interface (English); the free-text field takes a text in the course's language."""
    for tag, language in page.evaluate(CONTROL_LANGUAGES):
        assert language == ("sv" if tag == "textarea" else "en"), tag


def open_page(browser, url, ready):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(url)
    page.wait_for_selector(ready)
    return page


def story_page(browser, live_server, preview, student):
    page = open_page(browser, f"{live_server.url}/view/{preview.name}/?student={student}", ".sexmot-story")
    page.click(".sexmot-story-transcript summary")
    page.wait_for_selector(".sexmot-story-transcript-text p:has-text('testfilm')")
    return page


def exercise_with_answers(load_scenario, texts=3):
    """The planned exercise (with its story) after enough learners answered for the group's results to show."""
    planned_story = load_scenario(PLANNED_STORY)
    preview = load_scenario(PLANNED_EXERCISE.replace("{story}", planned_story.usage_id))
    for number in range(texts):
        reply = call(preview, "submit", f"deltagare_{number}",
                     submission(2, 4, text=f"{SHARED_TEXT} ({number})", sharing="shared"))
        assert reply.status_code == 200, reply.content
    reply = call(preview, "start_session", LEADER, {})
    assert reply.status_code == 200, reply.content
    return preview, reply.json()["code"]


def session_url(live_server, preview, handler, code, student=LEADER):
    return f"{live_server.url}/handler/{preview.usage_id}/{handler}/?student={student}#{code}"


STORY_TEXTS = ["Nora, 15", "En skolsköterska träffar en elev.", "Besöket",
               "Nora kommer till skolsköterskan för tredje gången.", "Maria frågar lugnt och rakt.",
               "Vad lägger du märke till?", "Jag hade frågat vidare.", "Det här är en testfilm för förhandsvisningen."]
EXERCISE_TEXTS = ["Hur gör vi hos oss?", "Tänk på din egen arbetsplats och ta ställning till påståendena.",
                  "Vi frågar alla unga vi möter om sex mot ersättning.", "Instämmer helt",
                  "Vad vill du att vi gör annorlunda?"]


@pytest.mark.django_db(transaction=True)
def test_with_an_english_interface_the_story_is_read_as_swedish_and_its_buttons_as_english(
        browser, live_server, load_scenario, test_film):
    preview = load_scenario(story(position="between", versions=DESCRIPTIONS_TRACK))

    page = story_page(browser, live_server, preview, STAFF)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert_in_language(page, STORY_TEXTS + ["Tecknen är skäl att fråga."], "sv")
    assert_in_language(page, ["Film", "Transcript: the film as text", "Questions to think about",
                              "Facilitator hint (only course staff see this):", "Open the presentation view"], "en")
    assert_controls(page)
    assert page.get_attribute(".sexmot-story-film-description", "lang") == "sv"  # the descriptions track's
    assert Axe().run(page, options={"runOnly": ["valid-lang", "html-has-lang"]}).violations_count == 0

    page.click("text=Open the presentation view")
    page.wait_for_selector(".sexmot-presentation")
    assert page.evaluate("document.documentElement.lang") == "en"
    assert_in_language(page, ["Nora, 15", "En skolsköterska träffar en elev.", "Besöket",
                              "Vad lägger du märke till?", "Tecknen är skäl att fråga.", "Min egen reaktion"], "sv")
    assert_in_language(page, ["Previous", "Next", "Print a handout", "Hint for you as facilitator:", "Introduction",
                              "Exercise:"], "en")
    assert_controls(page)


@pytest.mark.django_db(transaction=True)
def test_with_an_english_interface_the_exercise_its_panel_and_its_session_pages_mark_the_swedish_content(
        browser, live_server, load_scenario):
    preview, code = exercise_with_answers(load_scenario)

    page = open_page(browser, f"{live_server.url}/view/{preview.name}/?student={STAFF}", ".sexmot-facilitator")
    assert_in_language(page, EXERCISE_TEXTS + [SHARED_TEXT], "sv")  # the shared texts in the facilitator panel
    assert_in_language(page, ["Who can see what?", "Who may read your text?", "Facilitator view",
                              "Only me (saved in my course record)", "Shared reflections"], "en")
    assert_controls(page)

    participant = open_page(browser, session_url(live_server, preview, "session_page", code, "deltagare_9"),
                            ".sexmot-reflection")
    assert participant.evaluate("document.documentElement.lang") == "en"
    assert_in_language(participant, EXERCISE_TEXTS, "sv")
    assert_in_language(participant, [f"Group session {code}", "Who can see what?"], "en")
    assert_controls(participant)

    projector = open_page(browser, session_url(live_server, preview, "session_projector", code), ".sexmot-live")
    assert_in_language(projector, ["Hur gör vi hos oss?"], "sv")
    assert_in_language(projector, ["Join on your phone", "The group's results"], "en")

    sheet = open_page(browser, session_url(live_server, preview, "session_run_sheet", code), ".sexmot-timer")
    assert_in_language(sheet, ["Övning 1: Leo, 15", "Styr mot att tecknen fanns tidigt.",
                               "Vilka tecken såg de vuxna runt Leo?", "Leo, 15", "Vad fick Sara att fråga?",
                               "Lyssna efter att tecknen är skäl att fråga, inte bevis.",
                               "Be alla att svara i sin telefon."], "sv")
    assert_in_language(sheet, ["Hints for the leader", "Questions to discuss", "The story:",
                               "Hint for you as facilitator:", "Start the timer"], "en")
    assert_controls(sheet)


@pytest.mark.swedish
@pytest.mark.django_db(transaction=True)
def test_with_a_swedish_interface_nothing_says_english(browser, live_server, load_scenario, test_film):
    preview = load_scenario(story(position="between", versions=DESCRIPTIONS_TRACK))
    exercise, code = exercise_with_answers(load_scenario)
    page = story_page(browser, live_server, preview, STAFF)
    pages = [page]
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}/handler/{preview.usage_id}/presentation/?student={STAFF}")
    pages.append(page)
    pages.append(open_page(browser, f"{live_server.url}/view/{exercise.name}/?student={STAFF}", ".sexmot-facilitator"))
    for handler in ("session_page", "session_projector", "session_run_sheet"):
        pages.append(open_page(browser, session_url(live_server, exercise, handler, code), "main"))
    for page in pages:
        declared = page.evaluate(DECLARED)
        assert declared and all(re.match(r"sv(-|$)", language) for language in declared), (page.url, declared)
        assert_in_language(page, [page.locator("h1, h2").first.inner_text()], "sv")
