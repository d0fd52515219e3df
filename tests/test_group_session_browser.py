"""A whole group session in real browsers: one leader with the run sheet, one projector, six phones.

Each participant is a browser context of its own (cookies, storage), as six
phones are. The leader starts the session from the exercise, a phone joins
by typing the code with the keyboard, the others open the link as the QR
code gives it; the projector shows nothing of the group until the sixth
answer and then updates by itself, without a reload. Every new page is
checked with axe-core. The pictures of docs/facilitators.md come from the same
hour with the courses we ship (``tests/test_course_group_hour_browser.py``).
"""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

EXERCISE = """
<sexmot_reflection display_name="Hur gör vi hos oss?" threshold="3" group_sessions_enabled="true">
  <prompt><p>Tänk på din egen arbetsplats och ta ställning till påståendena.</p></prompt>
  <statement id="s1">Vi frågar alla unga vi möter om sex mot ersättning.</statement>
  <statement id="s2">Jag vet vem jag ska kontakta om jag blir orolig för ett barn.</statement>
  <free_text_prompt>Vad vill du att vi gör annorlunda?</free_text_prompt>
  <group_plan>
    <exercise title="Övning 1: Leo, 15" minutes="15" story="{story}">
      <instructions><p>Styr mot att tecknen fanns tidigt.</p></instructions>
      <question>Vilka tecken såg de vuxna runt Leo?</question></exercise>
    <exercise title="Övning 2: Sam, 17" minutes="15">
      <question>Vad gjorde Lena som fick Sam att berätta?</question></exercise>
    <exercise title="Övning 3: Reza, 16" minutes="15"><question>Vem gör vad hos er?</question></exercise>
    <exercise title="Reflektionsövning: Hur gör vi hos oss?" minutes="15" reflection="true">
      <instructions><p>Be alla att svara i sin telefon.</p></instructions></exercise>
  </group_plan>
</sexmot_reflection>
"""
STORY = """
<sexmot_story display_name="Leo, 15">
  <part heading="Kvällen"><p>Leo stannar på fritidsgården tills den stänger och vill inte gå hem.</p></part>
  <part heading="Frågan"><p>Fritidsledaren Sara frågar Leo om någon ger honom saker.</p></part>
  <question>Vad fick Sara att fråga?<hint>Lyssna efter att tecknen är skäl att fråga, inte bevis.</hint></question>
</sexmot_story>
"""
PHONE = {"width": 320, "height": 700}
DESKTOP = {"width": 1280, "height": 800}
PHONES = [f"deltagare_{number}" for number in range(1, 7)]
TEXTS = {"deltagare_1": "Vi behöver en rutin för vem som ringer socialtjänsten.",
         "deltagare_4": "Jag vill våga fråga rakt ut."}


def no_axe_violations(page):
    report = Axe().run(page)
    assert report.violations_count == 0, report.generate_report()


def answer_on_phone(page, student, s1, s2):
    page.check(f"input[data-statement=s1][value='{s1}']")
    page.check(f"input[data-statement=s2][value='{s2}']")
    if student in TEXTS:
        page.fill("textarea", TEXTS[student])
        page.check("input[value=shared]")
    page.click(".sexmot-form button[type=submit]")
    page.locator(".sexmot-status").filter(has_text="Your answers are saved.").wait_for()


@pytest.mark.django_db(transaction=True)
def test_a_whole_group_session_with_one_projector_and_six_phones(
    browser, live_server, load_scenario
):
    story = load_scenario(STORY)
    preview = load_scenario(EXERCISE.replace("{story}", story.usage_id))
    base = live_server.url

    # The leader, a learner without any staff role, starts the session from the exercise.
    leader = browser.new_context(viewport=DESKTOP, device_scale_factor=1)
    course = leader.new_page()
    course.goto(f"{base}/view/{preview.name}/?student=samtalsledare")
    course.click(".sexmot-start-session")
    started = course.locator(".sexmot-session-started")
    started.locator("a").first.wait_for()
    code = re.search(r"code is ([A-Z0-9]{6})", started.inner_text()).group(1)
    run_sheet_url, projector_url = (started.locator("a").nth(n).get_attribute("href") for n in (0, 1))

    projector = browser.new_context(viewport={"width": 1280, "height": 720}, device_scale_factor=1).new_page()
    projector.goto(base + projector_url)
    assert code in projector.inner_text(".sexmot-projector-join")
    assert projector.locator(".sexmot-projector-qr svg").is_visible()
    no_axe_violations(projector)

    sheet = leader.new_page()
    sheet.goto(base + run_sheet_url)
    sheet.locator(".sexmot-run-sheet-step h2").first.wait_for()  # asked for with the code of the address's fragment
    steps = sheet.locator(".sexmot-run-sheet-step h2").all_inner_texts()
    assert steps == ["Övning 1: Leo, 15", "Övning 2: Sam, 17", "Övning 3: Reza, 16",
                     "Reflektionsövning: Hur gör vi hos oss?"]
    no_axe_violations(sheet)
    # The first exercise's timer, by keyboard: it runs, pauses, and resets.
    first_timer = sheet.locator(".sexmot-timer").first
    first_timer.locator(".sexmot-timer-start").focus()
    sheet.keyboard.press("Enter")
    sheet.wait_for_function("document.querySelector('.sexmot-timer-time').textContent !== '15:00'", timeout=5000)
    sheet.keyboard.press("Enter")
    assert "paused" in first_timer.locator(".sexmot-timer-news").inner_text()
    first_timer.locator(".sexmot-timer-reset").click()
    assert first_timer.locator(".sexmot-timer-time").inner_text() == "15:00"

    # The first exercise's story, with the hints, for this leader who is no course staff; presented by keyboard.
    story_section = sheet.locator(".sexmot-run-sheet-story")
    assert "Vad fick Sara att fråga?" in story_section.inner_text()
    assert "Lyssna efter att tecknen är skäl att fråga, inte bevis." in story_section.inner_text()
    story_section.locator(".sexmot-present-story").focus()
    with leader.expect_page() as opened:
        sheet.keyboard.press("Enter")
    presentation = opened.value
    presentation.wait_for_load_state()
    assert presentation.locator("h1").inner_text() == "Leo, 15"
    presentation.keyboard.press("ArrowRight")
    presentation.keyboard.press("ArrowRight")
    hint = presentation.locator(".sexmot-step-hint")
    hint.wait_for()
    assert "tecknen är skäl att fråga" in hint.inner_text()
    no_axe_violations(presentation)
    presentation.close()

    # Six phones. The first types the code on the exercise's page with the keyboard; the others open the link.
    phones = {}
    for number, student in enumerate(PHONES):
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        page = context.new_page()
        page.goto(f"{base}/view/{preview.name}/?student={student}")  # signed in to the course, as in the LMS
        if number == 0:
            page.locator(".sexmot-join-code").focus()
            page.keyboard.type(code.lower())
            page.keyboard.press("Enter")  # the session opens in the same tab
            page.locator(".sexmot-session-code").wait_for()
        else:
            page.goto(f"{base}/handler/{preview.usage_id}/session_page/?student={student}#{code}")
        assert f"Group session {code}" in page.inner_text("h1")
        page.get_by_text("Who can see what?").click()  # the note is one line to open, so the exercise starts on screen
        assert "at least 6 people in the session" in page.inner_text(".sexmot-privacy")
        phones[student] = page

    no_axe_violations(phones[PHONES[0]])
    assert phones[PHONES[0]].evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    for number, student in enumerate(PHONES[:5]):
        answer_on_phone(phones[student], student, 1 + number % 2, 4)
    projector.wait_for_timeout(2000)  # more than one poll: still nothing of the group shows
    assert "%" not in projector.inner_text(".sexmot-live")
    assert "at least 6 people" in projector.inner_text(".sexmot-live")

    answer_on_phone(phones[PHONES[5]], PHONES[5], 2, 5)
    # The projector updates by itself, without a reload (one poll interval, 1.5 s, plus the reply).
    projector.locator(".sexmot-aggregate").first.wait_for(timeout=10000)
    shown = projector.inner_text(".sexmot-live")
    projector.keyboard.press("PageDown")  # one statement per screen, then the shared texts
    projector.keyboard.press("PageDown")
    shown += projector.inner_text(".sexmot-live")
    assert "6 people have answered" in shown
    assert all(text in shown for text in TEXTS.values())
    assert "The group's results were updated." in projector.inner_text(".sexmot-live-news")
    no_axe_violations(projector)
    projector.keyboard.press("PageUp")
    projector.keyboard.press("PageUp")

    # Each phone sees the session's results after answering; the run sheet shows them at the reflection.
    assert "6 people have answered" in phones[PHONES[5]].inner_text(".sexmot-results")
    sheet.locator(".sexmot-run-sheet-reflection .sexmot-aggregate").first.wait_for(timeout=10000)

    # The leader closes the session: a phone that opens the link now is told it has ended.
    sheet.click(".sexmot-close-session")
    sheet.locator(".sexmot-status").filter(has_text="The session is closed.").wait_for()
    late = phones[PHONES[2]]
    late.reload()
    late.locator(".sexmot-waiting").wait_for()  # asked for with the code of the address's fragment
    assert "has ended" in late.inner_text("main")
    no_axe_violations(late)

    # The printable summary: the reflection's results, without timers or the other exercises.
    sheet.emulate_media(media="print")
    assert not sheet.locator(".sexmot-timer").first.is_visible()
    assert not sheet.get_by_role("heading", name="Övning 1: Leo, 15").is_visible()
    assert sheet.locator(".sexmot-run-sheet-reflection .sexmot-aggregate").first.is_visible()
    assert sheet.get_by_role("heading", name="Summary of group session").is_visible()
    sheet.emulate_media(media="screen")

    for context in [leader, projector.context, *(page.context for page in phones.values())]:
        context.close()


@pytest.mark.django_db(transaction=True)
def test_the_projector_and_a_phone_page_through_the_sessions_shared_texts_past_fifty(
    browser, live_server, load_scenario
):
    """The pager of shared texts asks for the session's next page at once and later polls keep to it;
    a participant's page pages through the session's texts, never the course's."""
    preview = load_scenario(EXERCISE.replace("{story}", ""))
    base = live_server.url
    for number in range(3):
        preview.post("submit", {"answers": {"s1": 1, "s2": 1}, "free_text": f"Kursens text {number}",
                                "sharing": "shared"}, f"kurs_{number}")
    code = preview.post("start_session", {}, "samtalsledare").json()["code"]

    def answer(number):
        reply = preview.post("submit", {"answers": {"s1": 2, "s2": 4}, "free_text": f"Sessionens text {number:02}",
                                        "sharing": "shared", "session": code}, f"deltagare_{number:02}")
        assert reply.status_code == 200, reply.content

    for number in range(54):  # nine releases of six
        answer(number)

    projector = browser.new_context(viewport=DESKTOP, device_scale_factor=1).new_page()
    projector.goto(f"{base}/handler/{preview.usage_id}/session_projector/?student=samtalsledare#{code}")
    live = projector.locator(".sexmot-live")
    live.locator(".sexmot-aggregate").first.wait_for()  # asked for with the code of the address's fragment
    projector.keyboard.press("PageDown")  # one statement per screen, then the shared texts
    projector.keyboard.press("PageDown")
    assert live.locator("blockquote").count() == 50 and "Page 1 of 2" in live.inner_text()
    live.locator("button[data-page='2']").focus()
    projector.keyboard.press("Enter")
    live.get_by_text("Page 2 of 2").wait_for()
    assert live.locator("blockquote").count() == 4
    assert projector.evaluate("document.activeElement.getAttribute('data-page')") == "1"
    no_axe_violations(projector)
    for number in range(54, 60):  # one more release: the projector shows it on the page it is on
        answer(number)
    live.locator("blockquote").nth(9).wait_for(timeout=10000)
    assert live.locator("blockquote").count() == 10 and "Page 2 of 2" in live.inner_text()
    assert "Kursens text" not in live.inner_text()

    phone = browser.new_context(viewport=PHONE, device_scale_factor=1).new_page()
    phone.goto(f"{base}/view/{preview.name}/?student=deltagare_00")  # signed in to the course, as in the LMS
    phone.goto(f"{base}/handler/{preview.usage_id}/session_page/?student=deltagare_00#{code}")
    results = phone.locator(".sexmot-results")
    results.locator("blockquote").first.wait_for()  # asked for with the code of the address's fragment
    first_page = results.locator("blockquote").all_inner_texts()
    assert len(first_page) == 50
    results.locator("button[data-page='2']").click()
    results.get_by_text("Page 2 of 2").wait_for()
    second_page = results.locator("blockquote").all_inner_texts()
    assert sorted(first_page + second_page) == [f"Sessionens text {number:02}" for number in range(60)]
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for context in (projector.context, phone.context):
        context.close()
