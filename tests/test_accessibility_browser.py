"""WCAG 2.1 AA in a real browser, view by view: the checks docs/accessibility.md cites.

Every view of both blocks – the story as a learner and as course staff (its film with all its
versions, the transcript open, every part shown), the presentation view, the reflection exercise
before and after answering, and both Studio editors – is run through axe-core at 320 px (the
width 1280 px becomes at 400 % zoom: success criterion 1.4.10, reflow), at 640 px (200 % zoom,
1.4.4) and at 1280 px; and each must stay free of horizontal scrolling with WCAG's text spacing
applied (1.4.12), keep a visible focus indicator in forced colors (Windows high contrast), and read
in a meaningful order (1.3.2).
"""
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_reflection_browser import EXERCISE
from tests.test_story_browser import DESCRIPTIONS_TRACK, SIGN_LANGUAGE_FILM, story

STAFF = "staff_a11y"
WIDTHS = {"320px-400%-zoom": 320, "640px-200%-zoom": 640, "1280px": 1280}
#: WCAG 2.1's text spacing (success criterion 1.4.12), forced onto every element.
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }"
                " p { margin-bottom: 2em !important; }")


def view_page(browser, live_server, preview, student, width, ready, path="", **options):
    """The view at ``path`` of the scenario, as ``student``, once ``ready`` (a selector) is on it."""
    page = browser.new_page(viewport={"width": width, "height": 800}, **options)
    page.goto(f"{live_server.url}/view/{preview.name}/{path}?student={student}")
    page.wait_for_selector(ready)
    return page


def story_page(browser, live_server, preview, student, width, **options):
    page = view_page(browser, live_server, preview, student, width, ".sexmot-story", **options)
    page.click(".sexmot-story-transcript summary")
    page.wait_for_selector(".sexmot-story-transcript-text p:has-text('testfilm')")
    return page, ".sexmot-story"


def presentation_page(browser, live_server, preview, student, width, **options):
    page, _ = story_page(browser, live_server, preview, student, width, **options)
    page.click("text=Open the presentation view")
    page.wait_for_selector(".sexmot-presentation")
    return page, None


def exercise_page(browser, live_server, preview, student, width, **options):
    return view_page(browser, live_server, preview, student, width, ".sexmot-reflection textarea",
                     **options), ".sexmot-reflection"


def answered_exercise_page(browser, live_server, preview, student, width, **options):
    page, context = exercise_page(browser, live_server, preview, student, width, **options)
    page.check("input[data-statement=s1][value='2']")
    page.check("input[data-statement=s2][value='4']")
    page.click("button[type=submit]")
    page.wait_for_selector(".sexmot-results h3")
    return page, context


def studio_page(browser, live_server, preview, student, width, **options):
    return view_page(browser, live_server, preview, student, width, ".sexmot-list", path="studio_view/",
                     **options), ".xblock-v1"


STORY = story(position="between", versions=f"{DESCRIPTIONS_TRACK} {SIGN_LANGUAGE_FILM}")
#: view name -> (scenario, learner, how to open it)
VIEWS = {
    "story-learner": (STORY, "ada", story_page),
    "story-staff": (STORY, STAFF, story_page),
    "story-presentation": (STORY, STAFF, presentation_page),
    "story-studio": (STORY, STAFF, studio_page),
    "exercise-learner": (EXERCISE, "bo", exercise_page),
    "exercise-answered": (EXERCISE, "cy", answered_exercise_page),
    "exercise-studio": (EXERCISE, STAFF, studio_page),
}


def open_view(view, browser, live_server, load_scenario, width, **options):
    scenario, student, opener = VIEWS[view]
    preview = load_scenario(scenario)
    if scenario is STORY:
        preview.post("progress", {"part": 3}, student)  # every part shown
    return opener(browser, live_server, preview, student, width, **options)


def settled(page):
    """The page at rest: a part fading in is half transparent, and contrast is judged without it."""
    page.evaluate("() => Promise.all(document.getAnimations().map((animation) => animation.finished))")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_is_clean_for_axe_and_reflows_without_horizontal_scrolling(
    live_server, load_scenario, browser, test_film, view, width
):
    page, context = open_view(view, browser, live_server, load_scenario, width)
    settled(page)
    report = Axe().run(page, context=context)
    assert report.violations_count == 0, report.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.add_style_tag(content=TEXT_SPACING)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "text spacing (1.4.12) overflows"
    page.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("view", ["story-learner", "exercise-learner"])
def test_in_forced_colors_every_control_keeps_a_border_and_a_visible_focus(
    live_server, load_scenario, browser, test_film, view
):
    """Windows high contrast replaces colours and backgrounds: controls must still be outlined."""
    page, context = open_view(view, browser, live_server, load_scenario, 320, forced_colors="active")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    focused = []
    for _ in range(40):  # a keyboard walk through the view
        page.keyboard.press("Tab")
        found = page.evaluate("""context => {
            const node = document.activeElement;
            // Once per element: further Tabs inside a video move through its native controls' own rings.
            if (!node.closest(context) || node.dataset.walked) { return null; }
            node.dataset.walked = "yes";
            const style = getComputedStyle(node);
            return [node.outerHTML.slice(0, 60), style.outlineStyle, style.outlineWidth];
        }""", context)
        if found:
            focused.append(found)
    assert len(focused) >= 3
    for html, outline_style, outline_width in focused:
        assert outline_style != "none" and outline_width != "0px", html
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_screen_reader_meets_the_story_in_reading_order(live_server, load_scenario, browser, test_film):
    """The accessibility tree's order (what a screen reader reads) is the story's: title, introduction,
    first part, the film with its version switch, its transcript, the later parts, the questions."""
    page, context = open_view("story-learner", browser, live_server, load_scenario, 1280)
    tree = page.locator(context).aria_snapshot()
    landmarks = ["Nora, 15", "En skolsköterska träffar en elev.", "Besöket", "Film", "Version of the film",
                 "Without audio description", "With audio description", "With sign language",
                 "Transcript: the film as text", "Det som inte sägs", "Frågan", "Vad lägger du märke till?"]
    positions = [tree.find(text) for text in landmarks]
    assert -1 not in positions, tree
    assert positions == sorted(positions), tree
    page.close()
