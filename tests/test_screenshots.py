"""The README's screenshots of both blocks, taken by a real Chromium from the live preview.

Run in every test run, so a view that stops rendering fails here as well;
the images go to a temporary folder then. ``make screenshots`` sets
SEXMOT_SCREENSHOTS=1, which writes them to docs/screenshots/ to commit. Each
image is cropped to the block, at 1x, and reduced to a small palette, so the
repository stays light.
"""
import os
from pathlib import Path

import pytest
from PIL import Image

from tests.mobile_support import EXERCISE, STORY

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
SIZES = {"phone": PHONE, "desktop": DESKTOP}
#: The largest file each screenshot may become; the README loads all of them.
MAX_BYTES = 150_000
#: Colours kept: enough for text, the bars and the film's poster, few enough for small files.
PALETTE_COLOURS = 64
README_FOLDER = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
#: The README shows the blocks as the preview does: in Swedish.
pytestmark = pytest.mark.swedish


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """docs/screenshots/ under ``make screenshots`` (SEXMOT_SCREENSHOTS=1), else a temporary folder."""
    if os.environ.get("SEXMOT_SCREENSHOTS") == "1":
        README_FOLDER.mkdir(parents=True, exist_ok=True)
        return README_FOLDER
    return tmp_path_factory.mktemp("screenshots")


def capture(locator, path):
    """Screenshot ``locator`` only, at 1x, without animation or caret, and store it as a small palette PNG."""
    locator.screenshot(path=path, animations="disabled", caret="hide", scale="css")
    with Image.open(path) as image:
        width, height = image.size
        small = image.convert("RGB").quantize(colors=PALETTE_COLOURS, dither=Image.Dither.NONE)
    small.save(path, optimize=True)
    assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
    return width, height


def open_page(browser, live_server, preview, student, size):
    page = browser.new_page(viewport=SIZES[size], device_scale_factor=1)
    page.goto(f"{live_server.url}/view/{preview.name}/?student={student}")
    return page


def answer(page, text):
    page.check("input[data-statement=s1][value='2']")
    page.check("input[data-statement=s2][value='4']")
    page.fill("textarea", text)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshots_of_the_reflection_before_and_after_submitting_and_for_the_facilitator(
    browser, live_server, load_scenario, folder, size
):
    preview = load_scenario(EXERCISE)
    for student, text in (("ada", "Jag blev förvånad över hur säker jag var på mitt första svar."),
                          ("bo", "Jag vill bli bättre på att fråga rakt ut.")):
        preview.post("submit", {"answers": {"s1": 2, "s2": 5}, "free_text": text, "sharing": "shared"}, student)

    page = open_page(browser, live_server, preview, "cleo", size)
    exercise = page.locator(".sexmot-reflection")
    answer(page, "Att jag tvekar att fråga, fast jag vet att det hjälper.")
    page.locator(".sexmot-draft-status").filter(has_text="Utkastet är sparat på den här enheten").wait_for()
    width, _ = capture(exercise, folder / f"reflection-before-{size}.png")
    assert width <= SIZES[size]["width"]

    page.check("input[value=shared]")
    page.click("button[type=submit]")
    page.wait_for_selector(".sexmot-aggregate")
    capture(exercise, folder / f"reflection-after-{size}.png")
    page.close()

    staff = open_page(browser, live_server, preview, "staff_dan", size)
    capture(staff.locator(".sexmot-facilitator"), folder / f"reflection-facilitator-{size}.png")
    staff.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshots_of_the_story_with_film_and_transcript_and_its_presentation_view(
    browser, live_server, load_scenario, test_film, folder, size
):
    preview = load_scenario(STORY)
    page = open_page(browser, live_server, preview, "eva", size)
    page.wait_for_function("document.querySelector('.sexmot-story video').readyState >= 1")
    page.click(".sexmot-story-transcript summary")
    page.wait_for_selector(".sexmot-story-transcript-text p:has-text('testfilm')")
    width, _ = capture(page.locator(".sexmot-story"), folder / f"story-{size}.png")
    assert width <= SIZES[size]["width"]
    page.close()

    staff = open_page(browser, live_server, preview, "staff_dan", size)
    staff.click(".sexmot-story-staff a")
    staff.wait_for_selector(".sexmot-presentation")
    for _ in range(10):  # on to the first question, which carries a facilitator hint
        if staff.is_visible(".sexmot-step-hint"):
            break
        staff.click(".sexmot-presentation-next")
    capture(staff.locator("body"), folder / f"story-presentation-{size}.png")
    staff.close()


@pytest.mark.django_db(transaction=True)
def test_screenshot_of_the_story_s_studio_form_with_its_lists(browser, live_server, load_scenario, folder):
    """The course authors' page shows the list editors as Studio opens them (in the preview's form)."""
    preview = load_scenario("""<sexmot_story display_name="Nora, 15">
      <part heading="Besöket"><p>Nora kommer till skolsköterskan för tredje gången.</p></part>
      <part heading="Det som inte sägs"><p>Maria lägger märke till en ny jacka.</p></part>
      <question>Vad lägger du märke till?<hint>Tecknen är skäl att fråga.</hint></question>
    </sexmot_story>""")
    page = browser.new_page(viewport=DESKTOP, device_scale_factor=1)
    page.goto(f"{live_server.url}/view/{preview.name}/studio_view/?student=staff_dan")
    parts = page.locator('li[data-field-name="parts"]')
    parts.locator(".sexmot-list-item").first.wait_for()
    assert parts.locator("legend").first.inner_text() == "Berättelsens delar"
    width, _ = capture(parts, folder / "studio-story-parts-desktop.png")
    assert width <= DESKTOP["width"]
    page.close()
