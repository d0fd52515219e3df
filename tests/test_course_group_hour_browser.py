"""The group discussion of each course we ship, walked as ``docs/facilitators.md`` tells a unit leader to run it.

The courses are built once per session (``courses``) and opened in the preview,
in Swedish, unit by unit as ``make preview`` shows them. A leader without any
staff role starts the session from the group discussion's reflection and finds
it again after a reload; the run sheet lists the course's exercises with the
stories' questions and hints, presents each story, and keeps its timer over a
reload; the projector (1280×720) shows a QR code a phone's camera reads; six
phones (375 px) join by that link, by the code and with earlier answers, answer
and see the group's results without a reload, as the projector and the run sheet
do; closing takes the join information away and the printed summary is a record
to file. ``make screenshots`` (SEXMOT_SCREENSHOTS=1) stores the pictures of
docs/facilitators.md and the README from the first course.
"""
import re
import subprocess
from datetime import date

import pytest

from tests.test_group_session_room_browser import decoded_qr_codes
from tests.test_screenshots import capture, folder, unit_block  # noqa: F401  (the fixture is used by name)

PROJECTOR = {"width": 1280, "height": 720}
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
LEADER = "samtalsledare"
#: The group discussion's reflection: the last unit of the fourth section (Gruppdiskussion).
REFLECTION_UNIT = "kurs-{slug}-4-05"
#: The course whose pictures docs/facilitators.md and the README show.
PICTURED = "barn-och-unga"
SWEDISH_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
                  "november", "december"]
pytestmark = pytest.mark.swedish


def pictures(slug, folder):  # noqa: F811  (the fixture imported above)
    """Where this walk stores a picture: the first course's go to the docs, the other's are taken and dropped."""
    return (lambda locator, name: capture(locator, folder / name)) if slug == PICTURED else (lambda *_: None)


def answer(page, choices, text=""):
    statements = page.locator(".sexmot-form .sexmot-statement")
    for position in range(statements.count()):
        statements.nth(position).locator("input[type=radio]").nth(choices[position % len(choices)] - 1).check()
    if text:
        page.fill(".sexmot-form textarea", text)
        page.check(".sexmot-form input[value=shared]")
    page.click(".sexmot-form button[type=submit]")
    page.locator(".sexmot-status").filter(has_text="Dina svar är sparade.").wait_for()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("slug", [PICTURED, "vuxna"])
def test_a_unit_leader_runs_the_courses_group_discussion_from_the_facilitators_guide(
    browser, live_server, course_preview, courses, folder, slug, tmp_path  # noqa: F811
):
    course_preview(courses[slug].course_dir.parent.parent)
    take = pictures(slug, folder)
    course = courses[slug].course
    unit = REFLECTION_UNIT.format(slug=slug)
    exercise = unit_block(unit, "sexmot_reflection")
    base = live_server.url
    # One participant did the exercise in the course before the meeting.
    block = exercise.block()
    earlier = {statement["id"]: 4 for statement in block.statements}
    assert exercise.post("submit", {"answers": earlier, "free_text": "", "sharing": "private"},
                         "deltagare_6").status_code == 200

    # 1. The leader starts the session from the group discussion's reflection, and finds it after a reload.
    leader = browser.new_context(viewport=DESKTOP, device_scale_factor=1, locale="sv-SE")
    page = leader.new_page()
    page.goto(f"{base}/view/{unit}/?student={LEADER}")
    page.get_by_role("button", name="Starta en gruppsession").click()
    started = page.locator(".sexmot-session-started")
    started.get_by_role("link", name="Öppna projektorvyn").wait_for()
    code = re.search(r"Koden är ([A-Z0-9]{6})", started.inner_text()).group(1)
    page.reload()
    assert f"Du leder en öppen gruppsession i den här övningen. Koden är {code}." in started.inner_text()
    take(page.locator(".sexmot-session-start"), "session-start-desktop.png")
    run_sheet_url = started.get_by_role("link", name="Öppna körschemat").get_attribute("href")
    projector_url = started.get_by_role("link", name="Öppna projektorvyn").get_attribute("href")

    # 2. The run sheet: the course's hour in order, each story exercise with the story's questions and hints.
    sheet = leader.new_page()
    sheet.goto(base + run_sheet_url)
    steps = sheet.locator(".sexmot-run-sheet-step")
    steps.first.locator("h2").wait_for()
    assert steps.locator("h2").all_inner_texts() == [exercise.title for exercise in course.group_exercises]
    for position, group_exercise in enumerate(course.group_exercises):
        if not group_exercise.story:
            continue
        story = course.story(group_exercise.story)
        section = steps.nth(position).locator(".sexmot-run-sheet-story")
        assert f"Berättelsen: {story.title}" in section.inner_text()
        present = section.locator(".sexmot-present-story")
        assert present.inner_text() == f"Visa berättelsen {story.title} (nytt fönster)"
        questions = section.locator(".sexmot-run-sheet-story-questions > li").all_inner_texts()
        assert len(questions) == len(story.questions)
        assert all(question.text.split("[Källa:")[0].strip() in shown for question, shown in zip(story.questions,
                                                                                               questions))
        assert not [shown for shown in questions if "[Källa:" in shown]  # sources by name, as everywhere else
    # The first timer runs, and a reload keeps it running.
    first_timer = steps.first.locator(".sexmot-timer")
    first_timer.get_by_role("button", name="Starta tidtagningen").click()
    sheet.wait_for_function("!document.querySelector('.sexmot-timer-time').textContent.endsWith(':00')",
                            timeout=5000)
    sheet.reload()
    steps.first.locator("h2").wait_for()
    sheet.wait_for_function("!document.querySelector('.sexmot-timer-time').textContent.endsWith(':00')",
                            timeout=5000)
    # One timer at a time: starting the next exercise's pauses the first.
    second_timer = steps.nth(1).locator(".sexmot-timer")
    second_timer.get_by_role("button", name="Starta tidtagningen").click()
    assert "pausad" in first_timer.locator(".sexmot-timer-news").inner_text().lower()
    assert first_timer.locator(".sexmot-timer-start").inner_text() == "Starta tidtagningen"
    for timer in (first_timer, second_timer):
        timer.get_by_role("button", name="Börja om").click()
    take(steps.first, "session-run-sheet-desktop.png")

    # 3. Each story is presented from the run sheet: its film, parts and questions with the hint.
    for position, group_exercise in enumerate(course.group_exercises):
        if not group_exercise.story:
            continue
        with leader.expect_page() as opened:
            steps.nth(position).locator(".sexmot-present-story").click()
        presentation = opened.value
        presentation.locator("h1").wait_for()
        assert presentation.locator("h1").inner_text() == course.story(group_exercise.story).title
        hint = presentation.locator(".sexmot-step-hint:visible")
        for _ in range(20):  # on by keyboard to the first question, with its hint
            if hint.count():
                break
            presentation.keyboard.press("ArrowRight")
        assert hint.count() == 1
        if position == 0:
            take(presentation.locator("body"), "session-story-desktop.png")
        presentation.close()

    # 4. The projector while people join: a QR code that reads as the session's join address.
    projector = browser.new_context(viewport=PROJECTOR, device_scale_factor=1, locale="sv-SE").new_page()
    projector.goto(base + projector_url)
    projector.locator(".sexmot-projector-code").wait_for()
    join_address = projector.locator(".sexmot-projector-link a").get_attribute("href")
    assert decoded_qr_codes(projector) == [join_address]
    take(projector.locator("body"), "session-projector-join-desktop.png")

    # 5. Six phones: four by the QR code's link, one by typing the code in the course, one with earlier answers.
    phones = {}
    for number in range(1, 7):
        student = f"deltagare_{number}"
        phone = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="sv-SE").new_page()
        phone.goto(f"{base}/view/{unit}/?student={student}")  # signed in to the course, as in the LMS
        if number == 5:
            phone.get_by_label("Ska du vara med i en gruppsession? Skriv koden du har fått:").fill(code.lower())
            phone.get_by_role("button", name="Gå med", exact=True).click()
        else:  # the preview names the learner in the address; the QR code's address is everyone's
            phone.goto(join_address.replace("/#", f"/?student={student}#"))
        phone.get_by_role("heading", name=f"Gruppsession {code}").wait_for()
        phone.locator(".sexmot-form").wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phones[student] = phone
    take(phones["deltagare_1"].locator("body"), "session-phone.png")

    notice = phones["deltagare_6"].locator(".sexmot-earlier")
    notice.get_by_role("button", name="Räkna mina svar i den här sessionen").click()
    notice.get_by_text("Nu räknas dina svar i den här gruppsessionen.").wait_for()
    for number in range(1, 6):
        answer(phones[f"deltagare_{number}"], [1 + number % 5, 4, 2],
               "Vi behöver en rutin för vem som ringer socialtjänsten." if number == 2 else "")

    # 6. The results appear by themselves on every phone, the projector and the run sheet.
    for phone in phones.values():
        phone.locator(".sexmot-results").get_by_text("6 personer har svarat.", exact=True).wait_for(timeout=15000)
    projector.locator(".sexmot-aggregate").first.wait_for(timeout=15000)
    assert "6 personer har svarat" in projector.inner_text(".sexmot-live")
    assert not projector.locator(".sexmot-projector-qr").is_visible()
    take(projector.locator("body"), "session-projector-desktop.png")
    sheet.locator(".sexmot-run-sheet-reflection .sexmot-aggregate").first.wait_for(timeout=15000)

    # 7. Closing takes the join information away; the printed summary is a record to file.
    sheet.get_by_role("button", name="Stäng sessionen").click()
    sheet.locator(".sexmot-session-state").get_by_text("Sessionen är stängd.").wait_for()
    projector.locator(".sexmot-session-state").get_by_text("Sessionen är stängd.").wait_for(timeout=10000)
    assert code not in projector.inner_text("body")
    printed = tmp_path / "sammanfattning.pdf"
    sheet.pdf(path=str(printed))
    summary = " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(printed), "-"], capture_output=True,
                                      check=True, text=True).stdout.split())
    reflection_title = course.group_exercises[-1].title
    today = f"{date.today().day} {SWEDISH_MONTHS[date.today().month - 1]} {date.today().year}"
    assert summary.startswith(f"Sammanfattning av gruppsession {code} {reflection_title}, {today} Gruppens anonyma "
                              "resultat, utan namn. Resultaten visades först när tillräckligt många hade svarat. "
                              "Sessionen är stängd.")
    assert f"{reflection_title} Sessionens resultat 6 personer har svarat." in summary  # the step, not "1. …"
    assert summary.count("Sessionen är stängd.") == 1
    assert "Starta tidtagningen" not in summary and course.group_exercises[0].title not in summary
    assert "samtalsledare" not in summary  # neither the hints for the leader nor anyone's name
    for context in [leader, projector.context, *(phone.context for phone in phones.values())]:
        context.close()
