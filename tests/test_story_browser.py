"""The story block in a real browser: the generated test film, captions, transcript, keyboard, axe-core."""
import time

import pytest
from axe_playwright_python.sync_playwright import Axe

STORY = """
<sexmot_story display_name="Nora, 15" film_position="{position}" {versions}>
  <intro><p>En skolsköterska träffar en elev.</p></intro>
  <film poster="/static/sexmot-testfilm-poster.png">
    <source src="/static/{film}.mp4" type="video/mp4"/>
    <source src="/static/{film}.webm" type="video/webm"/>
    <track src="/static/sexmot-testfilm.sv.vtt" srclang="sv" label="Svenska"/>
  </film>
  <part heading="Besöket"><p>Nora kommer till skolsköterskan för tredje gången.</p></part>
  <part heading="Det som inte sägs"><p>Maria lägger märke till en ny jacka.</p></part>
  <sexmot_reflection display_name="Min egen reaktion" threshold="3">
    <prompt><p>Hur hade du reagerat?</p></prompt>
    <statement id="s1">Jag hade frågat vidare.</statement>
  </sexmot_reflection>
  <part heading="Frågan"><p>Maria frågar lugnt och rakt.</p></part>
  <question>Vad lägger du märke till?<hint>Tecknen är skäl att fråga.</hint></question>
</sexmot_story>
"""
PHONE = {"width": 360, "height": 740}
NARROWEST = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
#: The film's versions (WCAG 1.2.5): a described film of its own, or the film with a descriptions track read out.
DESCRIBED_FILM = """described_film_sources='[{"src": "/static/sexmot-testfilm-described.mp4", "type": "video/mp4"}]'"""
DESCRIPTIONS_TRACK = ("""description_tracks='[{"src": "/static/sexmot-testfilm.sv.descriptions.vtt","""
                      """ "srclang": "sv", "label": "Svenska"}]'""")
SIGN_LANGUAGE_FILM = """sign_language_sources='[{"src": "/static/sexmot-testfilm.webm", "type": "video/webm"}]'"""


def story(position="before", film="sexmot-testfilm", versions=""):
    return STORY.format(position=position, film=film, versions=versions)


def open_story(browser, live_server, preview, student, viewport=PHONE, **options):
    page = browser.new_page(viewport=viewport, **options)
    page.goto(f"{live_server.url}/view/{preview.name}/?student={student}")
    page.wait_for_selector(".sexmot-story")
    return page


def tab_to(page, selector, limit=60):
    """Press Tab until the focused element matches ``selector``, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"keyboard focus never reached {selector}")


def read_to_the_end_with_the_keyboard(page, parts=3):
    """Press "Read on" with the keyboard until the last part is shown; then the button is gone."""
    for _ in range(parts - 1):
        tab_to(page, ".sexmot-story-read-on")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.tagName") == "H3"  # focus moved to the new part
    assert not page.is_visible(".sexmot-story-read-on")


def axe_violations(page, context=".sexmot-story"):
    # A part fading in is half transparent: contrast is judged on the page at rest.
    page.evaluate("() => Promise.all(document.getAnimations().map((animation) => animation.finished))")
    report = Axe().run(page, context=context)
    return report.violations_count, report.generate_report()


@pytest.mark.django_db(transaction=True)
def test_a_learner_watches_the_film_with_captions_reads_on_with_the_keyboard_and_completes(
    live_server, load_scenario, browser, published, test_film
):
    preview = load_scenario(story())
    page = open_story(browser, live_server, preview, "dana")
    page.wait_for_function("document.querySelector('.sexmot-story video').readyState >= 1")
    tracks = page.evaluate("Array.from(document.querySelector('.sexmot-story video').textTracks)"
                           ".map(track => [track.language, track.mode])")
    assert tracks == [["sv", "showing"]]

    tab_to(page, "video")
    page.keyboard.press("Space")  # the native controls play the film
    page.wait_for_function("(() => { const track = document.querySelector('.sexmot-story video').textTracks[0];"
                           " return track.activeCues && track.activeCues.length > 0; })()")
    page.wait_for_function("document.querySelector('.sexmot-story video').ended", timeout=30000)
    assert page.inner_text(".sexmot-story-progress") == "Part 1 of 3"

    read_to_the_end_with_the_keyboard(page)
    assert page.inner_text(".sexmot-story-progress") == "Part 3 of 3"
    assert page.is_visible("text=Vad lägger du märke till?")
    assert not page.is_visible("text=Tecknen är skäl att fråga.")  # hints are for staff
    page.wait_for_selector(".sexmot-story-status:has-text('You have completed this story.')")
    assert published.count(("completion", {"completion": 1.0})) == 1
    block = preview.block("dana")
    assert block.completed and block.film_watched >= 0.9 and block.furthest_part == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_learner_who_cannot_watch_opens_the_transcript_with_the_keyboard_and_completes(
    live_server, load_scenario, browser, published, test_film
):
    preview = load_scenario(story(position="after"))
    page = open_story(browser, live_server, preview, "erik")
    read_to_the_end_with_the_keyboard(page)
    page.wait_for_selector(".sexmot-story-status:has-text('watch the film or open its transcript')")
    assert published == []

    tab_to(page, ".sexmot-story-transcript summary")
    page.keyboard.press("Enter")
    transcript = page.inner_text(".sexmot-story-transcript-text")
    assert "Det här är en testfilm för förhandsvisningen." in transcript  # derived from the captions
    assert "-->" not in transcript and "WEBVTT" not in transcript
    page.wait_for_selector(".sexmot-story-status:has-text('You have completed this story.')")
    assert published == [("completion", {"completion": 1.0})]

    # Another device, the same learner: the story opens where it was left, complete.
    other_device = open_story(browser, live_server, preview, "erik", viewport=DESKTOP)
    assert other_device.is_visible("text=Maria frågar lugnt och rakt.")
    assert other_device.inner_text(".sexmot-story-status") == "You have completed this story."
    assert not other_device.is_visible(".sexmot-story-read-on")
    other_device.close()
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_film_the_browser_cannot_load_gives_way_to_a_clear_message(live_server, load_scenario, browser, settings):
    settings.SEXMOT_COURSE_ASSETS_DIR = None  # as in Open edX: only the browser can tell the file is missing
    preview = load_scenario(story(film="finns-inte"))
    page = open_story(browser, live_server, preview, "fia")
    page.wait_for_selector(".sexmot-story-film-missing", state="visible")
    assert "The film cannot be shown." in page.inner_text(".sexmot-story-film-missing")
    assert not page.is_visible(".sexmot-story-player")
    assert page.is_visible(".sexmot-story-transcript summary")
    page.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", [NARROWEST, DESKTOP], ids=["320px", "1280px"])
def test_axe_core_finds_no_violations_in_the_story(live_server, load_scenario, browser, test_film, viewport):
    preview = load_scenario(story(position="between", versions=f"{DESCRIPTIONS_TRACK} {SIGN_LANGUAGE_FILM}"))
    preview.post("progress", {"part": 3}, "gus")
    page = open_story(browser, live_server, preview, "gus", viewport=viewport)
    page.click(".sexmot-story-transcript summary")
    page.wait_for_selector(".sexmot-story-transcript-text p:has-text('testfilm')")
    count, report = axe_violations(page)
    assert count == 0, report
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    staff = open_story(browser, live_server, preview, "staff1", viewport=viewport)
    count, report = axe_violations(staff)
    assert count == 0, report
    staff.close()
    page.close()


def current_film(page):
    return page.evaluate("document.querySelector('.sexmot-story video').currentSrc.split('/').pop()")


@pytest.mark.django_db(transaction=True)
def test_a_keyboard_user_switches_to_the_described_film_where_they_were_and_the_device_remembers_it(
    live_server, load_scenario, browser, test_film
):
    preview = load_scenario(story(versions=DESCRIBED_FILM))
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/view/{preview.name}/?student=ines")
    page.wait_for_function("document.querySelector('.sexmot-story video').readyState >= 1")
    assert current_film(page) == "sexmot-testfilm.mp4"
    assert page.get_by_role("group", name="Version of the film").is_visible()
    tab_to(page, "video")
    page.keyboard.press("Space")
    page.wait_for_function("document.querySelector('.sexmot-story video').currentTime > 1.5")

    tab_to(page, "input[name$='-film-version']:checked")  # Tab enters the radio group at the checked version
    page.keyboard.press("ArrowRight")
    assert page.is_checked("input[value='described']")
    page.wait_for_function("document.querySelector('.sexmot-story video').currentSrc.endsWith('-described.mp4')")
    # The learner's place is kept (the film had reached 1.5 s) and the film plays on.
    page.wait_for_function("(() => { const video = document.querySelector('.sexmot-story video');"
                           " return video.currentTime > 1.5 && !video.paused; })()")
    tracks = page.evaluate("Array.from(document.querySelector('.sexmot-story video').textTracks)"
                           ".filter(track => track.kind === 'captions').map(track => track.mode)")
    assert tracks == ["showing"]  # the captions stay on

    again = context.new_page()  # the same device: the described version comes first
    again.goto(f"{live_server.url}/view/{preview.name}/?student=ines")
    again.wait_for_function("document.querySelector('.sexmot-story video').readyState >= 1")
    assert again.is_checked("input[value='described']") and current_film(again) == "sexmot-testfilm-described.mp4"
    context.close()
    other_device = open_story(browser, live_server, preview, "ines")
    assert other_device.is_checked("input[value='standard']")
    other_device.close()


@pytest.mark.django_db(transaction=True)
def test_a_described_film_the_browser_cannot_load_gives_way_to_the_standard_film_and_says_so(
    live_server, load_scenario, browser, test_film, settings
):
    settings.SEXMOT_COURSE_ASSETS_DIR = None  # as in Open edX: only the browser can tell the file is missing
    broken = DESCRIBED_FILM.replace("sexmot-testfilm-described.mp4", "finns-inte-described.mp4")
    preview = load_scenario(story(versions=broken))
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("window.localStorage.setItem('sexmot-story-film-version', 'described')")
    page = context.new_page()
    page.goto(f"{live_server.url}/view/{preview.name}/?student=kim")
    page.wait_for_function("document.querySelector('.sexmot-story video').currentSrc.endsWith('sexmot-testfilm.mp4')")
    page.wait_for_function("document.querySelector('.sexmot-story video').readyState >= 1")
    assert page.is_checked("input[value='standard']")
    status = page.get_by_role("status").filter(has_text="could not be loaded")
    assert status.inner_text() == "This version of the film could not be loaded, so the standard version is shown."
    assert page.is_visible(".sexmot-story-player") and not page.is_visible(".sexmot-story-film-missing")
    context.close()


@pytest.mark.django_db(transaction=True)
def test_the_descriptions_track_is_read_out_while_the_described_version_plays(
    live_server, load_scenario, browser, test_film
):
    preview = load_scenario(story(versions=DESCRIPTIONS_TRACK))
    page = open_story(browser, live_server, preview, "jon")
    region = page.locator(".sexmot-story-film-description")
    assert region.get_attribute("aria-live") == "polite" and region.inner_text() == ""
    tab_to(page, "input[name$='-film-version']:checked")
    page.keyboard.press("ArrowRight")
    assert current_film(page) == "sexmot-testfilm.mp4"  # the same film, its descriptions read out
    page.evaluate("document.querySelector('.sexmot-story video').play()")
    page.wait_for_selector(".sexmot-story-film-description:has-text('Bilden visar färgade fält')")
    page.wait_for_selector(".sexmot-story-film-description:has-text('En räknare i bilden')", timeout=10000)
    # In the accessibility tree a screen reader reads, not only on the screen.
    assert "En räknare i bilden visar sekunderna." in page.locator(".sexmot-story-film").aria_snapshot()
    tab_to(page, "input[name$='-film-version']:checked")
    page.keyboard.press("ArrowLeft")  # back to the film without descriptions: nothing more is read out
    assert region.inner_text() == ""
    page.close()


@pytest.mark.django_db(transaction=True)
def test_the_story_fits_320_pixels_and_respects_reduced_motion(live_server, load_scenario, browser, test_film):
    preview = load_scenario(story())
    page = open_story(browser, live_server, preview, "hugo", viewport={"width": 320, "height": 640},
                      reduced_motion="reduce")
    page.click(".sexmot-story-read-on")
    animation = page.evaluate("getComputedStyle(document.querySelector('.sexmot-story-group[data-part=\"2\"]'))"
                              ".animationName")
    assert animation == "none"
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_facilitator_presents_one_step_at_a_time_and_prints_a_handout(live_server, load_scenario, browser, test_film):
    preview = load_scenario(story(position="between"))
    page = browser.new_page(viewport=DESKTOP)
    page.goto(f"{live_server.url}/view/{preview.name}/?student=staff1")
    page.click("text=Open the presentation view")
    page.wait_for_selector(".sexmot-presentation")
    assert page.inner_text(".sexmot-presentation-counter") == "Step 1 of 7"
    visible = "Array.from(document.querySelectorAll('.sexmot-step')).filter(step => !step.hidden).length"
    assert page.evaluate(visible) == 1

    tab_to(page, ".sexmot-presentation-next")
    for _ in range(6):
        page.keyboard.press("Enter")
    assert page.inner_text(".sexmot-presentation-counter") == "Step 7 of 7"
    assert page.is_visible("text=Tecknen är skäl att fråga.")
    page.keyboard.press("ArrowLeft")
    assert page.inner_text(".sexmot-presentation-counter") == "Step 6 of 7"
    count, report = axe_violations(page, context=None)
    assert count == 0, report

    page.emulate_media(media="print")
    shown = "Array.from(document.querySelectorAll('.sexmot-step')).filter(s => getComputedStyle(s).display !== 'none')"
    assert page.evaluate(shown + ".length") == 7
    assert not page.is_visible(".sexmot-presentation-nav") and not page.is_visible("text=Tecknen är skäl att fråga.")
    page.emulate_media(media="screen")
    page.check(".sexmot-presentation-print-hints input")
    page.emulate_media(media="print")
    assert page.is_visible("text=Tecknen är skäl att fråga.")
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_learner_opening_the_presentation_view_is_refused(live_server, load_scenario, browser, test_film):
    preview = load_scenario(story())
    page = browser.new_page(viewport=PHONE)
    response = page.goto(f"{live_server.url}/handler/{preview.usage_id}/presentation/?student=ida")
    assert response.status == 403
    assert "Tecknen" not in page.content()
    page.close()


@pytest.mark.django_db(transaction=True)
def test_progress_reports_go_one_at_a_time_so_a_slow_server_loses_none(
    live_server, load_scenario, browser, published, test_film, monkeypatch
):
    # Two reports handled at once would each save the state they loaded, the later undoing the earlier.
    from story_xblock.block import StoryXBlock  # noqa: PLC0415

    slow_progress = StoryXBlock.progress

    def progress_after_a_pause(block, data, suffix=""):
        time.sleep(0.4)
        return slow_progress(block, data, suffix)

    progress_after_a_pause.json_action = "progress"  # the action the block's one handler runs by this name
    monkeypatch.setattr(StoryXBlock, "progress", progress_after_a_pause)
    preview = load_scenario(story(position="after"))
    page = open_story(browser, live_server, preview, "frida")
    page.wait_for_load_state("networkidle")  # the first part's report is saved
    in_flight, most_in_flight = [0], [0]

    def is_progress(request):
        return request.method == "POST" and '"action":"progress"' in (request.post_data or "")  # JSON.stringify

    def started(request):
        if is_progress(request):
            in_flight[0] += 1
            most_in_flight[0] = max(most_in_flight[0], in_flight[0])

    def ended(request):
        if is_progress(request):
            in_flight[0] -= 1

    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", ended)
    page.click(".sexmot-story-read-on")
    page.click(".sexmot-story-read-on")
    page.click(".sexmot-story-transcript summary")  # at once, while the last part is still being saved
    page.wait_for_selector(".sexmot-story-status:has-text('You have completed this story.')", timeout=15000)
    assert most_in_flight[0] == 1
    block = preview.block("frida")
    assert block.completed and block.furthest_part == 3
    page.close()
