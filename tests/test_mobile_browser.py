"""Both blocks on phones and tablets in a real Chromium: no sideways scrolling, taps of at least 44 x 44 px.

Every test runs at 320, 375 and 768 CSS pixels wide, each with the browser's
default text size and with it doubled (see ``mobile_support.enlarge_text``:
the browser's font-size setting, the honest stand-in for a phone's larger
text). Each view is measured before and after the learner acts: submitting
the exercise, reading the story to the end.
"""
import pytest

from tests.mobile_support import (
    DEFAULT_FONT_PX,
    EXERCISE,
    STORY,
    enlarge_text,
    horizontal_overflow,
    small_targets,
)

WIDTHS = [320, 375, 768]
TEXT_SIZES = [1, 2]
#: The smallest text in either block is .95rem; doubled, nothing may be below this.
SMALLEST_ENLARGED_TEXT_PX = 0.9 * DEFAULT_FONT_PX * 2


@pytest.fixture(params=[(width, size) for width in WIDTHS for size in TEXT_SIZES],
                ids=[f"{width}px-text{size * 100}%" for width in WIDTHS for size in TEXT_SIZES])
def phone(request, browser, live_server):
    """A new page at one width and text size; ``phone.open(preview, student)`` shows the learner page."""
    width, text_size = request.param
    page = browser.new_page(viewport={"width": width, "height": 720})
    if text_size != 1:
        enlarge_text(page, text_size)

    def open_page(preview, student, selector):
        page.goto(f"{live_server.url}/view/{preview.name}/?student={student}")
        page.wait_for_selector(selector)
        return page

    page.open = open_page
    page.text_size = text_size
    yield page
    page.close()


def assert_fits(page, root_selector, moment):
    """No sideways scrolling, every tap target at least 44 x 44 px, and the text really enlarged when asked."""
    assert horizontal_overflow(page) <= 0, f"{moment}: the page scrolls sideways by {horizontal_overflow(page)} px"
    assert small_targets(page, root_selector) == [], f"{moment}: tap targets below 44 x 44 px"
    if page.text_size != 1:
        smallest = page.eval_on_selector(
            root_selector,
            """root => Math.min(...Array.from(root.querySelectorAll('*'))
            .filter(el => el.getClientRects().length
                          && Array.from(el.childNodes).some(n => n.nodeType === 3 && n.data.trim()))
            .map(el => parseFloat(getComputedStyle(el).fontSize)))""",
        )
        assert smallest >= SMALLEST_ENLARGED_TEXT_PX, f"{moment}: text of {smallest} px did not grow with the setting"


@pytest.mark.django_db(transaction=True)
def test_the_reflection_fits_before_and_after_submitting_and_in_the_facilitator_view(load_scenario, phone):
    preview = load_scenario(EXERCISE)
    for number, student in enumerate(("ada", "bo")):
        preview.post("submit", {"answers": {"s1": 2, "s2": 4}, "sharing": "shared",
                                "free_text": f"En delad tanke nummer {number} med ett långtord: {'x' * 60}"}, student)
    page = phone.open(preview, "cleo", ".sexmot-reflection")
    assert_fits(page, ".sexmot-reflection", "before submitting")

    page.click("input[data-statement=s1][value='1']")
    page.click("input[data-statement=s2][value='5']")
    page.fill("textarea", "Jag vill fundera vidare på det första påståendet.")
    page.click("input[value=shared]")
    page.click("button[type=submit]")
    page.wait_for_selector(".sexmot-aggregate")
    page.wait_for_selector(".sexmot-withdraw")
    assert_fits(page, ".sexmot-reflection", "after submitting, with the group's answers")

    page = phone.open(preview, "staff_fia", ".sexmot-facilitator .sexmot-aggregate")
    assert_fits(page, ".sexmot-reflection", "facilitator view")


@pytest.mark.django_db(transaction=True)
def test_the_story_fits_before_and_after_reading_to_the_end_and_for_staff(load_scenario, test_film, phone):
    preview = load_scenario(STORY)
    page = phone.open(preview, "dana", ".sexmot-story")
    page.wait_for_function("document.querySelector('.sexmot-story video') === null ||"
                           " document.querySelector('.sexmot-story video').readyState >= 1")
    assert_fits(page, ".sexmot-story", "before reading")

    for _ in range(3):
        if page.is_visible(".sexmot-story-read-on"):
            page.click(".sexmot-story-read-on")
    assert not page.is_visible(".sexmot-story-read-on")
    page.click(".sexmot-story-transcript summary")
    page.wait_for_selector(".sexmot-story-questions:not([hidden])")
    assert page.is_visible(".sexmot-reflection")
    assert_fits(page, ".sexmot-story", "after reading to the end, transcript open")

    page = phone.open(preview, "dana", ".sexmot-story-resume")
    assert_fits(page, ".sexmot-story", "coming back (the resume link)")

    page = phone.open(preview, "staff_gus", ".sexmot-story-staff")
    assert_fits(page, ".sexmot-story", "course staff")
    page.click("text=Open the presentation view")
    page.wait_for_selector(".sexmot-presentation")
    assert horizontal_overflow(page) <= 0, "presentation view scrolls sideways"
    assert small_targets(page, "body") == [], "presentation view: tap targets below 44 x 44 px"
