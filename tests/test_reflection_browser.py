"""The reflection exercise in a real browser at phone size, with the keyboard alone."""
import pytest
from axe_playwright_python.sync_playwright import Axe

EXERCISE = """
<sexmot_reflection display_name="Mina föreställningar" threshold="3">
  <prompt><p>Fundera över dina egna föreställningar.</p></prompt>
  <statement id="s1">Den som säljer sex har gjort ett fritt val.</statement>
  <statement id="s2">Jag skulle fråga en ung person om ersättning för sex.</statement>
  <free_text_prompt>Vad väcker dina svar för tankar?</free_text_prompt>
</sexmot_reflection>
"""


def tab_until(page, predicate, limit=30):
    """Press Tab until the focused element satisfies ``predicate`` (a JS function body on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"keyboard focus never reached: {predicate}")


@pytest.mark.django_db(transaction=True)
def test_a_learner_answers_submits_and_sees_aggregates_with_the_keyboard_at_phone_size(
    live_server, load_scenario, browser
):
    preview = load_scenario(EXERCISE)
    for student in ("a", "b"):
        preview.post("submit", {"answers": {"s1": 2, "s2": 4}, "free_text": "", "sharing": "private"}, student)

    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}/view/{preview.name}/?student=dana")
    page.wait_for_selector(".sexmot-reflection")

    tab_until(page, "el.type === 'radio' && el.dataset.statement === 's1'")
    page.keyboard.press("ArrowDown")
    tab_until(page, "el.type === 'radio' && el.dataset.statement === 's2'")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    tab_until(page, "el.tagName === 'TEXTAREA'")
    page.keyboard.type("Jag <b>blev</b> förvånad.")
    tab_until(page, "el.type === 'radio' && el.name.endsWith('-sharing')")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.value") == "shared"
    tab_until(page, "el.type === 'submit'")
    page.keyboard.press("Enter")

    page.wait_for_selector(".sexmot-aggregate")
    results = page.inner_text(".sexmot-results")
    assert "3 people have answered" in results
    assert "Jag <b>blev</b> förvånad." in results  # shared text shown as typed, not as markup
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    report = Axe().run(page, context=".sexmot-reflection")
    assert report.violations_count == 0, report.generate_report()
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_text_kept_on_the_device_survives_a_reload_and_never_reaches_the_server(
    live_server, load_scenario, browser
):
    preview = load_scenario(EXERCISE)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    requests = []
    page.on("request", lambda request: requests.append(request.post_data or ""))
    page.goto(f"{live_server.url}/view/{preview.name}/?student=erik")
    page.check("input[data-statement=s1][value='3']")
    page.check("input[data-statement=s2][value='3']")
    page.fill("textarea", "Bara min telefon vet det här")
    page.check("input[value=device]")
    page.click("button[type=submit]")
    page.wait_for_selector(".sexmot-results h3")
    page.reload()
    assert page.input_value("textarea") == "Bara min telefon vet det här"
    assert not any("Bara min telefon" in body for body in requests)
    assert preview.block("erik").free_text == ""
    page.close()
