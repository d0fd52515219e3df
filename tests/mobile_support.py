"""What the mobile, draft and screenshot tests share: the example blocks and the page measurements.

Both blocks are measured the same way at every width, so the measuring code
lives here once: the page's overflow, and the touch target of every control
a finger can reach.
"""

EXERCISE = """
<sexmot_reflection display_name="Mina föreställningar om sex mot ersättning" threshold="3">
  <prompt><p>Fundera över dina egna föreställningar. Det finns inga rätta svar, och
    <a href="https://www.kunskapsguiden.se/">Kunskapsguiden</a> har mer att läsa.</p></prompt>
  <statement id="s1">Den som säljer sex har gjort ett fritt val.</statement>
  <statement id="s2">Jag skulle känna mig bekväm med att fråga en ung person om hen fått något för sex.</statement>
  <free_text_prompt>Vilket av dina svar vill du fundera vidare på, och varför?</free_text_prompt>
</sexmot_reflection>
"""

STORY = """
<sexmot_story display_name="Nora, 15" film_position="between" film_after_part="1">
  <intro><p>En skolsköterska träffar en elev som söker för huvudvärk. Berättelsen är påhittad.</p></intro>
  <film poster="/static/sexmot-testfilm-poster.png">
    <source src="/static/sexmot-testfilm.mp4" type="video/mp4"/>
    <source src="/static/sexmot-testfilm.webm" type="video/webm"/>
    <track src="/static/sexmot-testfilm.sv.vtt" srclang="sv" label="Svenska"/>
  </film>
  <part heading="Besöket"><p>Nora kommer till skolsköterskan Maria för tredje gången den här månaden.</p></part>
  <part heading="Det som inte sägs"><p>Maria lägger märke till en ny, dyr jacka och blir osäker.</p></part>
  <sexmot_reflection display_name="Min egen reaktion" threshold="3">
    <prompt><p>Hur hade du själv reagerat i Marias ställe?</p></prompt>
    <statement id="s1">Jag hade känt mig trygg med att fråga vidare.</statement>
    <free_text_prompt>Vad skulle hjälpa dig att fråga?</free_text_prompt>
  </sexmot_reflection>
  <part heading="Frågan"><p>Maria frågar lugnt och rakt om Nora har fått pengar eller saker för sex.</p></part>
  <question>Vilka tecken lade du märke till?<hint>Tecknen är skäl att fråga, inte bevis.</hint></question>
  <question>Hur skulle du själv formulera frågan?</question>
</sexmot_story>
"""

#: Chromium's default font size; the enlarged text is twice this (see ``enlarge_text``).
DEFAULT_FONT_PX = 16

def enlarge_text(page, factor=2):
    """Set the browser's own default font size to ``factor`` times Chromium's default, before the page loads.

    This is what a learner does with Chrome's font size setting (Settings,
    Appearance, Font size) and what the phone's text-size setting does to web
    text: text sized relative to the default grows, the layout width stays.
    Page zoom is not this: at 200 % it halves the width in CSS pixels, which
    the 320 px runs already cover.
    """
    session = page.context.new_cdp_session(page)
    session.send("Page.enable")
    session.send("Page.setFontSizes", {"fontSizes": {"standard": DEFAULT_FONT_PX * factor,
                                                      "fixed": round(13 * factor)}})

#: Every control a finger can reach, with the box that takes the tap (a radio's or checkbox's label), and
#: whether it is a link inside running text (WCAG 2.5.5's inline exception).
MEASURE_TARGETS = """root => {
  const selector = 'a[href], button, input, select, textarea, summary, video[controls], '
    + '[tabindex]:not([tabindex="-1"])';
  const visible = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  function inRunningText(link) {
    const block = link.closest('p, li, dd, td, blockquote, figcaption');
    return Boolean(block) && block.textContent.trim().length > link.textContent.trim().length + 1;
  }
  return Array.from(root.querySelectorAll(selector)).filter(visible).map(el => {
    const tapped = (el.type === 'radio' || el.type === 'checkbox') && el.closest('label') ? el.closest('label') : el;
    const box = tapped.getBoundingClientRect();
    return {
      what: el.tagName.toLowerCase() + (el.type ? '[' + el.type + ']' : '') + ' "' +
            (tapped.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"',
      width: box.width, height: box.height, inline: el.tagName === 'A' && inRunningText(el),
    };
  });
}"""

def small_targets(page, root_selector):
    """The controls under ``root_selector`` whose tap target is below 44 x 44 CSS pixels (inline links excepted)."""
    targets = page.eval_on_selector(root_selector, MEASURE_TARGETS)
    assert targets, f"no controls found under {root_selector}"
    return [t for t in targets if not t["inline"] and (t["width"] < 43.99 or t["height"] < 43.99)]

def horizontal_overflow(page):
    """How many CSS pixels the page is wider than its viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
