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

from sexmot_xblocks.storage import api, sessions
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


def phone_on_session_page(browser, live_server, preview, student, code):
    """A participant's phone with the session's page open, as the join link opens it for a signed-in learner."""
    page = browser.new_context(viewport=PHONE, device_scale_factor=1).new_page()
    page.goto(f"{live_server.url}/handler/{preview.usage_id}/session_page/?student={student}#{code}")
    page.locator(".sexmot-form").wait_for()  # asked for with the code of the address's fragment
    return page


def answer(page, s1, s2):
    page.check(f"input[data-statement=s1][value='{s1}']")
    page.check(f"input[data-statement=s2][value='{s2}']")
    page.click(".sexmot-form button[type=submit]")
    page.locator(".sexmot-status").filter(has_text="Your answers are saved.").wait_for()


@pytest.mark.django_db(transaction=True)
def test_six_phones_show_the_groups_results_without_a_reload_once_the_session_releases_them(
    browser, live_server, load_scenario
):
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    code = preview.post("start_session", {}, LEADER).json()["code"]
    phones = [phone_on_session_page(browser, live_server, preview, f"deltagare_{number}", code) for number in range(6)]
    for phone in phones:
        phone.evaluate("window.notReloaded = true")
    for number, phone in enumerate(phones):
        answer(phone, 1 + number % 2, 4)
        if number < 5:
            assert "at least 6 people" in phone.inner_text(".sexmot-results")

    for phone in phones:  # each phone by itself, within a few polls
        phone.locator(".sexmot-results").get_by_text("6 people have answered").wait_for(timeout=15000)
        assert "50 %" in phone.inner_text(".sexmot-results")
        assert phone.evaluate("window.notReloaded === true")
    for phone in phones:
        phone.context.close()


@pytest.mark.django_db(transaction=True)
def test_a_leader_who_reloads_the_exercise_finds_the_open_session_and_starting_again_keeps_its_code(
    browser, live_server, load_scenario
):
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    leader = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
    course, older_tab = leader.new_page(), leader.new_page()
    for tab in (course, older_tab):
        tab.goto(f"{live_server.url}/view/{preview.name}/?student={LEADER}")
    course.get_by_role("button", name="Start a group session").click()
    started = course.locator(".sexmot-session-started")
    started.get_by_role("link", name="Open the projector view").wait_for()
    code = started.inner_text().split("Its code is ")[1][:6]

    course.reload()
    found = course.locator(".sexmot-session-started")
    assert f"You lead an open group session of this exercise. Its code is {code}." in found.inner_text()
    projector_link = found.get_by_role("link", name="Open the projector view")
    with course.context.expect_page() as opened:
        projector_link.click()
    projector = opened.value
    projector.locator(".sexmot-projector-code").wait_for()
    assert projector.inner_text(".sexmot-projector-code") == code
    projector.close()
    run_sheet = found.get_by_role("link", name="Open the run sheet").get_attribute("href")
    assert run_sheet.endswith(f"#{code}")

    # Starting again, in a tab opened before the session that still shows the button: the same session, one code.
    older_tab.get_by_role("button", name="Start a group session").click()
    older_tab.locator(".sexmot-session-started a").first.wait_for()
    assert f"Its code is {code}." in older_tab.inner_text(".sexmot-session-started")
    leader.close()


@pytest.mark.django_db(transaction=True)
def test_a_participant_who_answered_in_the_course_before_is_counted_in_the_session_after_one_step(
    browser, live_server, load_scenario
):
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    earlier = {"answers": {"s1": 2, "s2": 5}, "free_text": "Min text i kursen", "sharing": "shared"}
    assert preview.post("submit", earlier, "deltagare_1").status_code == 200
    code = preview.post("start_session", {}, LEADER).json()["code"]

    phone = phone_on_session_page(browser, live_server, preview, "deltagare_1", code)
    notice = phone.locator(".sexmot-earlier")
    assert "You have answered this exercise before, in the course or" in notice.inner_text()
    assert notice.bounding_box()["y"] < PHONE["height"]  # on the first screen
    notice.get_by_role("button", name="Count my answers in this session").click()
    notice.get_by_text("Your answers now count in this group session.").wait_for()
    assert "at least 6 people in this session" in phone.inner_text(".sexmot-results")
    assert api.participant_count(sessions.scope_key(code)) == 1
    assert api.statement_tallies(sessions.scope_key(code)) == {"s1": {2: 1}, "s2": {5: 1}}
    assert api.own_shared_text(preview.usage_id, "deltagare_1", sessions.scope_key(code)) == ""  # not carried over
    assert api.own_shared_text(preview.usage_id, "deltagare_1") == "Min text i kursen"  # still shared in the course

    phone.reload()  # counted: nothing more to do
    phone.locator(".sexmot-form").wait_for()
    assert phone.locator(".sexmot-earlier").count() == 0
    phone.context.close()


@pytest.mark.swedish
@pytest.mark.django_db(transaction=True)
def test_a_participant_who_answered_in_an_earlier_session_is_not_told_they_answered_in_the_course(
    browser, live_server, load_scenario
):
    """The notice of earlier answers is true also when those answers went to last week's session, not the course."""
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    last_week = preview.post("start_session", {}, LEADER).json()["code"]
    reply = preview.post("submit", {"answers": {"s1": 2, "s2": 5}, "free_text": "", "sharing": "private",
                                    "session": last_week}, "deltagare_1")
    assert reply.status_code == 200, reply.content
    assert api.participant_count(preview.usage_id) == 0  # nothing of it reached the course
    assert preview.post("close_session", {"code": last_week}, LEADER).status_code == 200
    code = preview.post("start_session", {}, LEADER).json()["code"]

    phone = phone_on_session_page(browser, live_server, preview, "deltagare_1", code)
    notice = phone.locator(".sexmot-earlier").inner_text()
    assert notice.startswith("Du har svarat på övningen tidigare, i kursen eller i en tidigare gruppsession.")
    phone.context.close()


@pytest.mark.django_db(transaction=True)
def test_joining_by_the_code_opens_the_session_in_the_same_tab(browser, live_server, load_scenario):
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    code = preview.post("start_session", {}, LEADER).json()["code"]
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/view/{preview.name}/?student=deltagare_1")
    phone.get_by_label("Joining a group session? Enter the code you were given:").fill(code.lower())
    phone.get_by_role("button", name="Join", exact=True).click()
    phone.get_by_role("heading", name=f"Group session {code}").wait_for()
    assert context.pages == [phone]  # no second tab where earlier answers could still be sent to the course
    assert phone.url.endswith(f"#{code}") and "/session_page/" in phone.url
    context.close()


#: Every element the page shows that reaches beyond the screen: what the room would not see.
BEYOND_THE_SCREEN = """() => [...document.body.querySelectorAll('*')].filter(element => {
  const box = element.getBoundingClientRect();
  return element.getClientRects().length && box.width && box.height
    && (box.bottom > window.innerHeight + 1 || box.right > window.innerWidth + 1);
}).map(element => element.tagName + '.' + element.className + ': ' + (element.textContent || '').slice(0, 40))"""


def fits_the_screen(page):
    assert page.evaluate(BEYOND_THE_SCREEN) == []
    assert page.evaluate("document.documentElement.scrollHeight") <= page.viewport_size["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.django_db(transaction=True)
def test_the_projector_fits_a_16_9_screen_from_joining_to_results_to_closed_paged_by_keyboard_or_clicker(
    browser, live_server, load_scenario
):
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    code = preview.post("start_session", {}, LEADER).json()["code"]
    projector = browser.new_context(viewport=PROJECTOR, device_scale_factor=1).new_page()
    projector.goto(f"{live_server.url}/handler/{preview.usage_id}/session_projector/?student={LEADER}#{code}")
    qr = projector.locator(".sexmot-projector-qr svg")
    qr.wait_for()

    # While people join: the QR code and the code large, on one screen.
    assert qr.bounding_box()["height"] >= PROJECTOR["height"] / 2
    assert float(projector.locator(".sexmot-projector-code").evaluate("e => getComputedStyle(e).fontSize")[:-2]) >= 56
    fits_the_screen(projector)

    for number in range(6):
        shared = {"free_text": f"Text nummer {number} om vad vi vill göra annorlunda på vår arbetsplats.",
                  "sharing": "shared"} if number % 2 else {}
        reply = preview.post("submit", {"answers": {"s1": 1 + number % 3, "s2": 4}, "free_text": "",
                                        "sharing": "private", **shared, "session": code}, f"deltagare_{number}")
        assert reply.status_code == 200, reply.content
    first, second = (projector.get_by_text(text) for text in (
        "Vi frågar alla unga vi möter om sex mot ersättning.",
        "Jag vet vem jag ska kontakta om jag blir orolig för ett barn."))
    first.wait_for(timeout=10000)

    # The results: one statement per screen, the join information a line; nothing beyond the screen.
    assert not qr.is_visible() and code in projector.inner_text("header")
    assert not second.is_visible()
    fits_the_screen(projector)
    projector.keyboard.press("PageDown")  # a clicker's "next"
    assert second.is_visible() and not first.is_visible()
    fits_the_screen(projector)
    projector.keyboard.press("ArrowRight")
    shared_texts = projector.locator(".sexmot-shared-list blockquote")
    assert shared_texts.count() == 3 and shared_texts.first.is_visible() and not second.is_visible()
    fits_the_screen(projector)
    projector.keyboard.press("PageUp")
    projector.keyboard.press("ArrowLeft")
    assert first.is_visible()

    # Closed: the join information is gone, the results stay.
    assert preview.post("close_session", {"code": code}, LEADER).status_code == 200
    projector.locator(".sexmot-session-state").get_by_text("The session is closed.").wait_for(timeout=10000)
    assert qr.count() == 0 and code not in projector.inner_text("body")
    assert first.is_visible()
    fits_the_screen(projector)
    projector.reload()
    projector.locator(".sexmot-aggregate").first.wait_for()
    assert projector.locator(".sexmot-projector-qr").count() == 0 and code not in projector.inner_text("body")
    projector.context.close()


@pytest.mark.django_db(transaction=True)
def test_a_phone_starts_the_session_exercise_on_its_first_screen(browser, live_server, load_scenario):
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    code = preview.post("start_session", {}, LEADER).json()["code"]
    phone = phone_on_session_page(browser, live_server, preview, "deltagare_1", code)
    first_statement = phone.locator(".sexmot-statement").first
    assert first_statement.bounding_box()["y"] + first_statement.bounding_box()["height"] <= PHONE["height"]
    phone.get_by_text("Who can see what?").click()  # the note opens with one tap
    assert "at least 6 people in the session" in phone.inner_text(".sexmot-privacy")
    assert "count in this session's results only" in phone.inner_text(".sexmot-privacy")
    phone.context.close()


SELF_STUDY = """
<sexmot_reflection display_name="Mina föreställningar" threshold="3">
  <statement id="s1">Jag vet vem jag ska kontakta om jag blir orolig för ett barn.</statement>
</sexmot_reflection>
"""


@pytest.mark.swedish
@pytest.mark.django_db(transaction=True)
def test_a_self_study_reflection_offers_no_group_session_and_the_group_discussions_does(
    browser, live_server, load_scenario
):
    self_study, group = load_scenario(SELF_STUDY), load_scenario(EXERCISE.replace("{story}", ""))
    page = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="sv-SE").new_page()
    page.goto(f"{live_server.url}/view/{self_study.name}/?student=deltagare_1")
    page.locator(".sexmot-form").wait_for()
    assert page.get_by_role("button", name="Starta en gruppsession").count() == 0
    assert "gruppsession" not in page.inner_text("body").lower()
    page.goto(f"{live_server.url}/view/{group.name}/?student=deltagare_1")
    assert page.get_by_role("button", name="Starta en gruppsession").is_visible()
    page.context.close()


@pytest.mark.django_db(transaction=True)
def test_equal_counts_read_as_equal_percentages_on_the_projector(browser, live_server, load_scenario):
    """One answer each on four choices and two on the fifth: 17 % four times and 33 %, never 17 % beside 16 %."""
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    code = preview.post("start_session", {}, LEADER).json()["code"]
    for number, choice in enumerate([1, 2, 3, 4, 5, 5]):
        reply = preview.post("submit", {"answers": {"s1": choice, "s2": 4}, "free_text": "", "sharing": "private",
                                        "session": code}, f"deltagare_{number}")
        assert reply.status_code == 200, reply.content
    projector = browser.new_context(viewport=PROJECTOR, device_scale_factor=1).new_page()
    projector.goto(f"{live_server.url}/handler/{preview.usage_id}/session_projector/?student={LEADER}#{code}")
    first = projector.locator(".sexmot-aggregate").first
    first.wait_for()
    assert first.locator(".sexmot-bar-value").all_inner_texts() == ["17 %", "17 %", "17 %", "17 %", "33 %"]
    widths = first.locator(".sexmot-bar").evaluate_all("bars => bars.map(bar => bar.getBoundingClientRect().width)")
    assert len(set(widths[:4])) == 1 and widths[4] > widths[0]  # equal bars for equal counts
    projector.context.close()


@pytest.mark.swedish
@pytest.mark.django_db(transaction=True)
def test_the_room_reads_correct_swedish_on_the_phone_and_the_run_sheet(browser, live_server, load_scenario):
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    code = preview.post("start_session", {}, LEADER).json()["code"]
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="sv-SE")
    phone = context.new_page()
    phone.goto(f"{live_server.url}/handler/{preview.usage_id}/session_page/?student=deltagare_1#{code}")
    phone.locator(".sexmot-form").wait_for()  # asked for with the code of the address's fragment
    scale = phone.locator(".sexmot-statement").first.locator(".sexmot-choice").all_inner_texts()
    assert scale == ["Instämmer inte alls", "Tar delvis avstånd", "Varken eller", "Instämmer delvis", "Instämmer helt"]
    sheet = context.new_page()
    sheet.goto(f"{live_server.url}/handler/{preview.usage_id}/session_run_sheet/?student={LEADER}#{code}")
    sheet.locator(".sexmot-run-sheet-step").first.wait_for()
    assert f"Deltagarna ansluter med koden {code} eller via QR-koden i projektorvyn." in sheet.inner_text("body")
    context.close()
