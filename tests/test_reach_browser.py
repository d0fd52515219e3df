"""The "about your work" step in a real browser at 375 px, in Swedish and English: axe-clean, answered by keyboard,
and the staff's report tables readable at phone width."""
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_accessibility_browser import TEXT_SPACING, view_page
from tests.test_reach import SCENARIO, STAFF, answer

WIDTH = 375
LANGUAGES = [pytest.param("en", id="en"), pytest.param("sv", id="sv", marks=pytest.mark.swedish)]
SAVED = {"en": "Thank you. Your answer is saved", "sv": "Tack. Ditt svar är sparat"}


def assert_clean(page):
    report = Axe().run(page, context=".sexmot-about-work")
    assert report.violations_count == 0, report.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.add_style_tag(content=TEXT_SPACING)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, "text spacing (1.4.12) overflows"


@pytest.fixture(autouse=True)
def reach_threshold(settings):
    settings.SEXMOT_REACH_THRESHOLD = 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_learner_answers_the_step_by_keyboard_at_phone_width(live_server, load_scenario, browser, language):
    preview = load_scenario(SCENARIO)
    page = view_page(browser, live_server, preview, "ada", WIDTH, ".sexmot-about-work form")
    assert_clean(page)
    page.focus("input[value=skola]")
    page.keyboard.press("Space")
    page.select_option("select", "M")
    page.focus("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(f".sexmot-status:has-text('{SAVED[language]}')")
    assert preview.block("ada").answered
    page.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_course_staff_read_the_report_at_phone_width(live_server, load_scenario, browser, language):
    preview = load_scenario(SCENARIO)
    for student, group in (("b1", "skola"), ("b2", "skola"), ("b3", "skola"), ("b4", "hvb"), ("b5", "hvb"),
                           ("b6", "hvb")):
        answer(preview, student, group=group)
    page = view_page(browser, live_server, preview, STAFF, WIDTH, ".sexmot-reach-report table")
    assert_clean(page)
    assert page.locator(".sexmot-reach-report tfoot td").first.inner_text() == "6"
    page.close()
