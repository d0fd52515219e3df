"""The README's screenshots, taken by a real Chromium from the live preview of a course we ship, in Swedish.

The course is built once per session (the ``courses`` fixture, shared with the
course tests) and its units are opened as the preview shows them
(``kurs-<slug>-<section>-<unit>``): the web training's first reflection, its
first story with the course's film, and that story's form as Studio opens it.
The group session's pictures come from the walk through the group discussion
(``tests/test_course_group_hour_browser.py``).

Run in every test run, so a view that stops rendering fails here as well;
the images go to a temporary folder then. ``make screenshots`` sets
SEXMOT_SCREENSHOTS=1, which writes them to docs/screenshots/ to commit. Each
image is cropped to the block, at 1x, and reduced to a small palette, so the
repository stays light.
"""
import os
from pathlib import Path

import pytest
from django.test import Client
from lxml import etree
from PIL import Image
from workbench import scenarios
from workbench.runtime import WorkbenchRuntime

from tests.conftest import Preview

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
#: The largest file each screenshot may become; the README loads all of them.
MAX_BYTES = 150_000
#: Colours kept: enough for text, the bars and the film's poster, few enough for small files.
PALETTE_COLOURS = 64
README_FOLDER = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
#: The course the README shows, and its units: the web training's first reflection and first story.
SLUG = "barn-och-unga"
REFLECTION_UNIT = f"kurs-{SLUG}-2-02"  # the web training opens with the "about your work" step
STORY_UNIT = f"kurs-{SLUG}-2-03"
#: The colleagues' answers before the pictured learner's: a spread a group might give, not every choice alike.
VARIED = [4, 5, 4, 2, 3, 4, 5]
#: The README shows the course as the preview does: in Swedish.
pytestmark = pytest.mark.swedish


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """docs/screenshots/ under ``make screenshots`` (SEXMOT_SCREENSHOTS=1), else a temporary folder."""
    if os.environ.get("SEXMOT_SCREENSHOTS") == "1":
        README_FOLDER.mkdir(parents=True, exist_ok=True)
        return README_FOLDER
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def course_units(course_preview, courses):
    """The course's units in the preview, as ``make preview`` lists them once the courses are built."""
    return course_preview(courses[SLUG].course_dir.parent.parent)


def unit_block(unit, tag):
    """A ``Preview`` of the first block ``tag`` of a course unit: its handlers called as any learner."""
    runtime = WorkbenchRuntime("staff_preview")
    children = runtime.get_block(scenarios.SCENARIOS[unit].usage_id).children
    usage_id = next(child for child in children if runtime.get_block(child).scope_ids.block_type == tag)
    return Preview(unit, usage_id, Client())


def capture(locator, path):
    """Screenshot ``locator`` only, at 1x, without animation or caret, and store it as a small palette PNG."""
    locator.screenshot(path=path, animations="disabled", caret="hide", scale="css")
    with Image.open(path) as image:
        width, height = image.size
        small = image.convert("RGB").quantize(colors=PALETTE_COLOURS, dither=Image.Dither.NONE)
    small.save(path, optimize=True)
    assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    return width, height


def open_unit(browser, live_server, unit, student, size):
    page = browser.new_page(viewport=SIZES[size], device_scale_factor=1)
    page.goto(f"{live_server.url}/view/{unit}/?student={student}")
    return page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshots_of_the_courses_first_reflection_before_and_after_submitting_and_for_the_facilitator(
    browser, live_server, course_units, folder, size
):
    exercise = unit_block(REFLECTION_UNIT, "sexmot_reflection")
    block = exercise.block()
    for number in range(block.threshold):
        answers = {statement["id"]: VARIED[(number * 3 + position) % len(VARIED)]
                   for position, statement in enumerate(block.statements)}
        assert exercise.post("submit", {"answers": answers, "free_text": "", "sharing": "private"},
                             f"kollega_{number}").status_code == 200

    page = open_unit(browser, live_server, REFLECTION_UNIT, "cleo", size)
    assert "Sex mot ersättning – barn och unga › Webbutbildning" in page.inner_text(".course-preview-trail")
    reflection = page.locator(".sexmot-reflection")
    statements = reflection.locator(".sexmot-statement")
    for position in range(statements.count()):
        statements.nth(position).locator("input[type=radio]").nth(position % 5).check()
    width, _ = capture(reflection, folder / f"reflection-before-{size}.png")
    assert width <= SIZES[size]["width"]

    page.click(".sexmot-form button[type=submit]")
    page.wait_for_selector(".sexmot-aggregate")
    assert f"{block.threshold} personer har svarat" in reflection.inner_text()  # released in steps
    capture(reflection, folder / f"reflection-after-{size}.png")
    page.close()

    staff = open_unit(browser, live_server, REFLECTION_UNIT, "staff_dan", size)
    capture(staff.locator(".sexmot-facilitator"), folder / f"reflection-facilitator-{size}.png")
    staff.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshots_of_the_courses_first_story_with_its_film_and_transcript_and_its_presentation_view(
    browser, live_server, course_units, folder, size
):
    page = open_unit(browser, live_server, STORY_UNIT, "eva", size)
    story = page.locator(".sexmot-story")
    assert story.locator("h2").first.inner_text() == "Leo, 15"
    page.wait_for_function("document.querySelector('.sexmot-story video').readyState >= 1")  # the course's film
    page.click(".sexmot-story-transcript summary")
    page.locator(".sexmot-story-transcript-text p").first.wait_for()
    width, _ = capture(story, folder / f"story-{size}.png")
    assert width <= SIZES[size]["width"]
    page.close()

    staff = open_unit(browser, live_server, STORY_UNIT, "staff_dan", size)
    staff.click(".sexmot-story-staff a")
    staff.wait_for_selector(".sexmot-presentation")
    for _ in range(20):  # on to the first question, which carries a facilitator hint
        if staff.is_visible(".sexmot-step-hint"):
            break
        staff.click(".sexmot-presentation-next")
    assert staff.is_visible(".sexmot-step-hint")
    capture(staff.locator("body"), folder / f"story-presentation-{size}.png")
    staff.close()


@pytest.mark.django_db(transaction=True)
def test_screenshot_of_the_courses_story_in_studios_form_with_its_parts_in_swedish(
    browser, live_server, courses, load_scenario, folder
):
    """The course authors' page shows the list editors as Studio opens them, for the course's own story."""
    unit = etree.parse(str(courses[SLUG].course_dir / "vertical" / "leo-15-enhet.xml")).getroot()
    story = load_scenario(etree.tostring(unit.find("sexmot_story"), encoding="unicode"))
    page = browser.new_page(viewport=DESKTOP, device_scale_factor=1)
    page.goto(f"{live_server.url}/view/{story.name}/studio_view/?student=staff_dan")
    parts = page.locator('li[data-field-name="parts"]')
    parts.locator(".sexmot-list-item").first.wait_for()
    assert parts.locator("legend").first.inner_text() == "Berättelsens delar"
    assert parts.locator("input").first.input_value() == story.block().parts[0]["heading"]
    width, _ = capture(parts, folder / "studio-story-parts-desktop.png")
    assert width <= DESKTOP["width"]
    page.close()
