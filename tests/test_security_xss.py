"""Hostile text in a real browser: learner text and staff text never run, and learner text reads as typed.

Every payload of ``tests/xss_payloads.txt`` is entered as a learner's shared
text and as staff-authored content (display name, rich-text prompt stored
without Studio's cleaning, statement, scale label, free-text question), then
every view is rendered in headless Chromium: the learner's own form, the
group results (with paging), the facilitator panel (with paging and
presentation mode), the anonymous visitor's page and the CSV export.
"""
import csv
import io
import re
from pathlib import Path

import lxml.html
import pytest
from workbench.runtime import WorkbenchRuntime

from reflection_xblock.block import ReflectionXBlock
from sexmot_xblocks.storage import api
from sexmot_xblocks.toolkit.csv_cells import csv_safe
from sexmot_xblocks.toolkit.sanitize import ALLOWED_TAGS
from story_xblock.block import StoryXBlock
from tests.handler_calls import action_body, action_path
from tests.security_support import submission

PAYLOADS = [
    line for line in (Path(__file__).parent / "xss_payloads.txt").read_text(encoding="utf-8").split("\n")
    if line and not line.startswith("# ")
]
KINDS = {
    "script tag": lambda p: "script" in p.lower(),
    "event handler": lambda p: " on" in p.lower() or "/on" in p.lower(),
    "javascript: URL": lambda p: "javascript:" in p.lower(),
    "data: URL": lambda p: "data:" in p.lower(),
    "SVG": lambda p: "<svg" in p.lower(),
    "broken markup": lambda p: p.count("<") != p.count(">"),
    "unicode trick": lambda p: any(ord(char) > 0x2000 for char in p),
}
#: Tags our templates write, plus the staff rich text the sanitizer lets through: anything else was injected.
TEMPLATE_TAGS = {
    "section", "h2", "h3", "h4", "div", "aside", "ul", "li", "form", "fieldset", "legend", "label", "input",
    "span", "textarea", "p", "button", "a", "figure", "figcaption", "blockquote", "br", "nav",
}
def markup_scan(roots, tags):
    """A page script listing what in ``roots`` (CSS selectors) could run: unknown elements, handlers, script URLs."""
    return """() => {
  const allowed = new Set(%s);
  const problems = [];
  document.querySelectorAll("%s").forEach((el) => {
    const tag = el.tagName.toLowerCase();
    if (!allowed.has(tag)) { problems.push("element " + tag); }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) { problems.push(tag + " has " + name); }
      if (["href", "src", "action", "formaction", "xlink:href", "srcdoc", "data", "poster"].includes(name)
          && /^(javascript|data|vbscript):/.test(value)) { problems.push(tag + " " + name + "=" + value); }
      if (name === "style" && !/^width:\\d+%%;?$/.test(value)) { problems.push(tag + " style=" + value); }
    }
  });
  return problems;
}""" % (sorted(tags), ", ".join(f"{root}, {root} *" for root in roots))  # noqa: UP031  (the script's braces as written)


SCAN_BLOCKS = markup_scan([".sexmot-reflection"], TEMPLATE_TAGS | ALLOWED_TAGS)


#: Studio's editor is rendered by ``xblock.utils``, not by our templates: there, nothing may carry a handler or run.
# The runtime's own JSON carrier of a block's init arguments is data, never run; anything else counts.
SCAN_EDITOR = """() => Array.from(document.querySelectorAll(
    "main *:not(script.xblock_json_init_args[type='json/xblock-args'])")).flatMap((el) => {
  const tag = el.tagName.toLowerCase();
  const found = ["script", "iframe", "object", "embed", "svg", "math", "img", "video", "audio", "style", "link",
                 "meta", "base", "details", "marquee", "template", "noscript", "xmp", "title"].includes(tag)
    ? [tag] : [];
  return found.concat(Array.from(el.attributes).filter((a) => a.name.startsWith("on")).map((a) => tag + " " + a.name));
})"""


class Watched:
    """A browser page whose dialogs and new globals are recorded, so a payload that runs cannot go unseen."""

    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.page = browser.new_page(viewport={"width": 1024, "height": 900})
        self.dialogs = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.baseline = None

    def open(self, path, wait_until="load"):
        self.page.goto(self.base_url + path, wait_until=wait_until)

    def remember_globals(self):
        """The globals of a page with harmless content: the reference every hostile page is compared with.

        The workbench's runtime script (the LMS's stand-in) leaks ``baseUrl`` as a
        global on its first handler call: that one is the harness's, not a payload's.
        """
        self.baseline = set(self.page.evaluate("Object.keys(window)")) | {"baseUrl"}

    def assert_nothing_ran(self, where, scan=SCAN_BLOCKS):
        """No dialog, no ``__xss``, no global that the harmless page lacks, no markup our templates never write."""
        assert self.dialogs == [], f"{where}: a dialog opened: {self.dialogs}"
        assert self.page.evaluate("typeof window.__xss") == "undefined", f"{where}: a payload set window.__xss"
        if self.baseline is not None:
            injected = set(self.page.evaluate("Object.keys(window)")) - self.baseline
            assert not injected, f"{where}: new globals {injected}"
        assert self.page.evaluate(scan) == [], where

    def texts(self, selector):
        return self.page.eval_on_selector_all(selector, "els => els.map(el => el.textContent)")

    def all_pages_of_texts(self, container, where):
        """The shared texts of every page of a paged list, following the "next" button as a reader would."""
        seen = self.texts(f"{container} .sexmot-shared-list blockquote")
        while self.page.locator(f"{container} .sexmot-pager button").last.text_content() == "Next":
            page_label = self.page.locator(f"{container} .sexmot-pager span").text_content()
            self.page.locator(f"{container} .sexmot-pager button").last.click()
            self.page.wait_for_function(
                "([sel, old]) => document.querySelector(sel).textContent !== old",
                arg=[f"{container} .sexmot-pager span", page_label],
            )
            self.assert_nothing_ran(where)
            seen += self.texts(f"{container} .sexmot-shared-list blockquote")
        return seen


def markup_problems(rich_text):
    """What in a piece of rich text could run: elements outside the allow-list, handlers, script URLs."""
    problems = []
    for element in lxml.html.fragment_fromstring(rich_text or "<p></p>", create_parent="div").iter():
        if element.tag not in ALLOWED_TAGS | {"div"}:
            problems.append(str(element.tag))
        for name, value in element.attrib.items():
            if name.startswith("on") or re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                problems.append(f"{name}={value}")
    return problems


def test_the_corpus_has_at_least_fifty_payloads_of_every_kind():
    assert len(PAYLOADS) >= 50
    assert len(set(PAYLOADS)) == len(PAYLOADS)
    for kind, matches in KINDS.items():
        assert sum(map(matches, PAYLOADS)) >= 3, kind


class CsvReply:
    """A Django test reply read like a browser's: headers by lower-case name, the body as text."""

    def __init__(self, response):
        self.headers = {name.lower(): value for name, value in response.headers.items()}
        self._text = response.content.decode("utf-8")

    def text(self):
        return self._text


def csv_rows(response):
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"
    return list(csv.reader(io.StringIO(response.text())))


def as_spreadsheet_cell(text):
    """How the CSV writes a text: formulas are neutralised wherever a cell could begin, nothing else changes."""
    return csv_safe(text)


@pytest.mark.django_db(transaction=True)
def test_learner_payloads_never_run_and_read_as_typed_in_every_view(live_server, load_scenario, browser):
    preview = load_scenario("""
      <sexmot_reflection display_name="Reflektion" threshold="3">
        <statement id="s1">Påstående ett</statement><statement id="s2">Påstående två</statement>
        <free_text_prompt>Vad tänker du?</free_text_prompt>
      </sexmot_reflection>""")
    writers = {f"writer{number}": payload for number, payload in enumerate(PAYLOADS)}
    for writer, payload in writers.items():
        assert preview.post("submit", submission(text=payload, sharing="shared"), writer).status_code == 200
    for filler in range(-len(writers) % 3):  # complete the last release of three
        assert preview.post("submit", submission(), f"filler{filler}").status_code == 200
    watched = Watched(browser, live_server.url)
    watched.open(f"/view/{preview.name}/?student=none")
    watched.remember_globals()
    watched.assert_nothing_ran("anonymous visitor")

    for writer, payload in writers.items():  # the learner's own form holds their text as typed
        watched.open(f"/view/{preview.name}/?student={writer}", wait_until="domcontentloaded")
        watched.assert_nothing_ran(f"own view of {writer}")
        assert watched.page.input_value("textarea") == payload

    shown = watched.all_pages_of_texts(".sexmot-results", "learner results")
    assert sorted(shown) == sorted(PAYLOADS)

    watched.open(f"/view/{preview.name}/?student=staff")
    watched.assert_nothing_ran("facilitator view")
    watched.page.click(".sexmot-present")
    watched.assert_nothing_ran("presentation mode")
    watched.page.emulate_media(media="print")
    watched.assert_nothing_ran("printed facilitator view")
    watched.page.emulate_media(media="screen")
    assert sorted(watched.all_pages_of_texts(".sexmot-facilitator-body", "facilitator pages")) == sorted(PAYLOADS)

    csv_url = watched.page.get_attribute(".sexmot-facilitator a[download]", "href")
    rows = csv_rows(watched.page.request.get(live_server.url + csv_url if csv_url.startswith("/") else csv_url))
    assert sorted(row[0] for row in rows if len(row) == 2 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[1])) == sorted(
        as_spreadsheet_cell(payload) for payload in PAYLOADS)
    watched.assert_nothing_ran("after the CSV")
    watched.page.close()


def two_more_answers(usage_id):
    """Two more learners' answers straight through the storage API: enough for a release of three."""
    for learner in ("extra-1", "extra-2"):
        api.submit(usage_id, learner, api.Submission(answers={"s1": 4}, text="", sharing="private"),
                   statement_ids=["s1"], release_size=3, keep=lambda record: None)


def hostile_content(payload):
    """Every staff-authored field of the block set to ``payload``, the prompt stored without Studio's cleaning."""
    return {
        "display_name": payload, "prompt": payload, "statements": [{"id": "s1", "text": payload}],
        "scale_labels": [payload, "Två", "Tre", "Fyra", "Fem"], "free_text_prompt": payload,
    }


@pytest.mark.django_db(transaction=True)
def test_staff_payloads_never_run_in_any_view_nor_in_the_studio_editor(live_server, load_scenario, browser):
    children = "".join(
        '<sexmot_reflection threshold="3"><statement id="s1">x</statement></sexmot_reflection>' for _ in PAYLOADS)
    preview = load_scenario(f"<vertical_demo>{children}</vertical_demo>")
    runtime = WorkbenchRuntime("staff")
    blocks = runtime.get_block(preview.usage_id).children
    for usage_id, payload in zip(blocks, PAYLOADS):
        block = runtime.get_block(usage_id)
        for name, value in hostile_content(payload).items():
            setattr(block, name, value)
        block.save()
        reply = preview.client.post(
            action_path(usage_id, "submit", "l0"),
            action_body("submit", raw='{"answers": {"s1": 2}, "free_text": "", "sharing": "private"}'),
            content_type="application/json",
        )
        assert reply.status_code == 200
        two_more_answers(usage_id)
        assert markup_problems(runtime.get_block(usage_id).student_view_data()["prompt"]) == [], payload

    watched = Watched(browser, live_server.url)
    watched.open(f"/view/{preview.name}/?student=none")
    watched.assert_nothing_ran("anonymous visitor")
    for student in ("l0", "staff"):
        watched.open(f"/view/{preview.name}/?student={student}")
        watched.assert_nothing_ran(f"view of {student}")
        assert watched.texts(".sexmot-title") == PAYLOADS  # plain staff text reads as typed
        assert watched.texts(".sexmot-statement legend") == PAYLOADS
        assert watched.texts(".sexmot-aggregate figcaption") == PAYLOADS
        assert watched.texts(".sexmot-aggregate .sexmot-bar-label")[::5] == PAYLOADS
        assert watched.texts(".sexmot-free-text label") == PAYLOADS
    presenting = watched.page.evaluate("""() => {
      document.querySelectorAll(".sexmot-present").forEach((button) => button.click());
      return document.querySelectorAll(".sexmot-presenting").length;
    }""")
    assert presenting == len(PAYLOADS)
    watched.assert_nothing_ran("presentation mode")

    watched.open(f"/view/{preview.name}/studio_view/?student=staff")
    assert watched.dialogs == [] and watched.page.evaluate("typeof window.__xss") == "undefined"
    assert watched.page.evaluate(SCAN_EDITOR) == []
    assert watched.page.eval_on_selector_all("#xb-field-edit-prompt", "els => els.map(el => el.value)") == PAYLOADS

    for usage_id, payload in zip(blocks, PAYLOADS):
        rows = csv_rows(CsvReply(preview.client.get(f"/handler/{usage_id}/export_csv/?student=staff")))
        assert rows[0][1] == as_spreadsheet_cell(payload)
        assert [row[0] for row in rows if len(row) == 6][1:] == [as_spreadsheet_cell(payload)]
    watched.assert_nothing_ran("after the CSV exports")
    watched.page.close()


def test_every_view_of_the_blocks_is_covered_here():
    """A new view must be added to the tests above (HTML handlers are listed in the role matrix)."""
    for block_class in (ReflectionXBlock, StoryXBlock):
        views = {name for name in dir(block_class) if name.endswith("_view") and callable(getattr(block_class, name))}
        # The story's author views are Studio's container page: its children's own student views plus
        # add buttons (tests/test_studio_lists.py renders them with hostile child content).
        author_views = (
            {"author_view", "author_edit_view", "author_preview_view"} if block_class is StoryXBlock else set()
        )
        assert views == {"student_view", "studio_view"} | author_views, block_class


# --- The story block: staff-authored content in the learner view, the staff view and the presentation page ----

STORY_TAGS = {
    "section", "h2", "h3", "div", "p", "a", "button", "ol", "li", "strong", "aside", "video", "source", "track",
    "details", "summary", "span",
}
PRESENTATION_TAGS = STORY_TAGS | {"header", "h1", "nav", "label", "input", "main"}
SCAN_STORIES = markup_scan([".sexmot-story"], STORY_TAGS | ALLOWED_TAGS)
SCAN_PRESENTATION = markup_scan(["header", "main"], PRESENTATION_TAGS | ALLOWED_TAGS)


def hostile_story(payload):
    """Every staff-authored field of a story set to ``payload``; rich texts stored without Studio's cleaning."""
    return {
        "display_name": payload, "intro": payload, "transcript": payload, "film_poster": payload,
        "parts": [{"heading": payload, "text": payload}, {"heading": "Två", "text": "<p>två</p>"}],
        "questions": [{"text": payload, "hint": payload}],
        "film_sources": [{"src": "https://example.org/film.mp4", "type": "video/mp4"}],
        "caption_tracks": [{"src": "https://example.org/film.vtt", "srclang": "sv", "label": payload}],
    }


@pytest.mark.django_db(transaction=True)
def test_staff_payloads_in_stories_never_run_in_any_view_nor_in_the_studio_editor(live_server, load_scenario, browser):
    stories = "".join('<sexmot_story><part heading="x"><p>x</p></part></sexmot_story>' for _ in PAYLOADS)
    preview = load_scenario(f"<vertical_demo>{stories}</vertical_demo>")
    runtime = WorkbenchRuntime("staff")
    blocks = runtime.get_block(preview.usage_id).children
    for usage_id, payload in zip(blocks, PAYLOADS):
        block = runtime.get_block(usage_id)
        for name, value in hostile_story(payload).items():
            setattr(block, name, value)
        block.save()
        data = runtime.get_block(usage_id).student_view_data()
        for rich in (data["intro"], data["parts"][0]["html"], data["film"]["transcript_html"]):
            assert markup_problems(rich) == [], payload
        assert payload not in str(data["questions"]) or data["questions"] == [{"text": payload}]  # no hint
        reply = preview.client.post(action_path(usage_id, "progress", "reader"), action_body("progress", {"part": 2}),
                                    content_type="application/json")
        assert reply.status_code == 200  # the reader reaches the end: questions are shown

    watched = Watched(browser, live_server.url)
    for student in ("reader", "staff"):
        watched.open(f"/view/{preview.name}/?student={student}")
        watched.assert_nothing_ran(f"stories for {student}", scan=SCAN_STORIES)
        assert watched.texts(".sexmot-story-title") == PAYLOADS
        assert watched.texts(".sexmot-story-part h3")[::2] == PAYLOADS
        assert watched.texts(".sexmot-story-questions li > p:first-child") == PAYLOADS
        assert watched.page.eval_on_selector_all("track", "els => els.map(el => el.label)") == PAYLOADS
        hints = watched.texts(".sexmot-story-hint")
        assert hints == ([f"Facilitator hint (only course staff see this): {p}" for p in PAYLOADS]
                         if student == "staff" else [])

    watched.open(f"/view/{preview.name}/studio_view/?student=staff")
    assert watched.dialogs == [] and watched.page.evaluate("typeof window.__xss") == "undefined"
    assert watched.page.evaluate(SCAN_EDITOR) == []
    assert watched.page.eval_on_selector_all("#xb-field-edit-intro", "els => els.map(el => el.value)") == PAYLOADS

    for usage_id, payload in zip(blocks, PAYLOADS):
        watched.open(f"/handler/{usage_id}/presentation/?student=staff", wait_until="domcontentloaded")
        watched.assert_nothing_ran("presentation page", scan=SCAN_PRESENTATION)
        shown = watched.page.evaluate("""() => [document.scripts.length, document.querySelector("h1").textContent,
                                                document.querySelector(".sexmot-step-question").textContent]""")
        assert shown == [2, payload, payload]  # the page's own two scripts, nothing injected; text as typed

    handout = load_scenario("<sexmot_story/>")  # every payload at once, printed with the hints
    block = runtime.get_block(handout.usage_id)
    block.parts = [{"heading": payload, "text": payload} for payload in PAYLOADS]
    block.questions = [{"text": payload, "hint": payload} for payload in PAYLOADS]
    block.save()
    watched.open(f"/handler/{handout.usage_id}/presentation/?student=staff")
    watched.page.check(".sexmot-presentation-print-hints input")
    watched.page.emulate_media(media="print")
    watched.assert_nothing_ran("printed handout with hints", scan=SCAN_PRESENTATION)
    assert watched.texts(".sexmot-step h2")[:len(PAYLOADS)] == PAYLOADS
    assert [text.split(": ", 1)[1] for text in watched.texts(".sexmot-step-hint")] == PAYLOADS
    watched.page.close()
