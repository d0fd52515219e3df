"""A group session as a room meets it, in a real Chromium: the projector at 1280×720, phones at 375 px, the leader.

Each test asserts what a person in the room experiences: a phone's camera reads
the QR code off the projector's first screen, a phone shows the group's
results without a reload, a leader who reloads finds the session, a
participant who answered before is counted after one step.
"""
import io

import pytest
import zxingcpp
from PIL import Image

from tests.test_group_session_browser import EXERCISE

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 375, "height": 812}
LEADER = "samtalsledare"


def decoded_qr_codes(page):
    """The texts of every QR code a camera would read off what the page shows on its first screen."""
    picture = Image.open(io.BytesIO(page.screenshot())).convert("L")
    return [result.text for result in zxingcpp.read_barcodes(picture) if result.valid]


@pytest.mark.django_db(transaction=True)
def test_the_qr_code_on_the_projectors_first_screen_reads_as_the_sessions_join_address(
    browser, live_server, load_scenario
):
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    code = preview.post("start_session", {}, LEADER).json()["code"]
    projector = browser.new_context(viewport=PROJECTOR, device_scale_factor=1).new_page()
    projector.goto(f"{live_server.url}/handler/{preview.usage_id}/session_projector/?student={LEADER}#{code}")
    projector.locator(".sexmot-projector-code").wait_for()  # asked for with the code of the address's fragment

    join_address = projector.locator(".sexmot-projector-link a").get_attribute("href")
    assert decoded_qr_codes(projector) == [join_address]
    # The address is everyone's: no trace of who started the session (the preview's ``?student=``).
    assert join_address == f"{live_server.url}/handler/{preview.usage_id}/session_page/#{code}"
    projector.context.close()
