"""The story block through the real workbench runtime and Django HTTP."""
import json
import re
from html import unescape

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import translation
from lxml import etree
from workbench.runtime import WorkbenchRuntime

from devtools.preview.testfilm import make_test_film

FILM = """
  <film poster="/static/sexmot-testfilm-poster.png">
    <source src="/static/sexmot-testfilm.mp4" type="video/mp4"/>
    <source src="/static/sexmot-testfilm.webm" type="video/webm"/>
    <track src="/static/sexmot-testfilm.sv.vtt" srclang="sv" label="Svenska"/>
  </film>"""
REFLECTION = """
  <sexmot_reflection display_name="Barnreflektion" threshold="3">
    <prompt><p>Vad tänker du?</p></prompt>
    <free_text_prompt>Skriv några rader.</free_text_prompt>
  </sexmot_reflection>"""


def story(film=FILM, attributes='film_position="before"', child_after=2, questions=None):
    """A three-part story with an optional film and a child reflection after part ``child_after``."""
    parts = [f'<part heading="Del nummer {n}"><p>Text i del {n}.</p></part>' for n in (1, 2, 3)]
    parts.insert(child_after, REFLECTION)
    questions = questions if questions is not None else (
        '<question>Vad lägger du märke till?<hint>Lyssna efter tecknen.</hint></question>'
        '<question>Vad skulle du fråga?</question>'
    )
    return (f'<sexmot_story display_name="Elin, 14" {attributes}>'
            f'<intro><p>Om Elin.</p></intro>{film or ""}{"".join(parts)}{questions}</sexmot_story>')


@pytest.fixture(scope="session")
def test_film():
    """The generated few-second film in the preview's course-files folder."""
    if not make_test_film(settings.SEXMOT_COURSE_ASSETS_DIR):
        pytest.skip("ffmpeg is not installed (apt-get install ffmpeg)")


@pytest.fixture
def film_story(load_scenario, test_film):
    return load_scenario(story())


@pytest.fixture
def text_story(load_scenario):
    return load_scenario(story(film=None))


def markup(preview, student="student_1"):
    """The learner page without its inline scripts and styles: what a reader of the page meets."""
    return re.sub(r"<(script|style)\b.*?</\1>", "", preview.view(student), flags=re.S)


def positions(html, markers):
    """Where each marker first appears in ``html`` (the page's reading order)."""
    found = {marker: html.find(marker) for marker in markers}
    assert all(index >= 0 for index in found.values()), found
    return sorted(markers, key=found.get)


def completions(published):
    return [data for kind, data in published if kind == "completion"]


# --- Order --------------------------------------------------------------------------

MARKERS = {"film": "<video", "child": "Barnreflektion", 1: "Del nummer 1", 2: "Del nummer 2", 3: "Del nummer 3"}


@pytest.mark.parametrize("attributes, expected", [
    ('film_position="before"', ["film", 1, 2, "child", 3]),
    ('film_position="between" film_after_part="2"', [1, 2, "film", "child", 3]),
    ('film_position="after"', [1, 2, "child", 3, "film"]),
])
def test_film_parts_and_child_blocks_stand_in_the_configured_order(load_scenario, test_film, attributes, expected):
    preview = load_scenario(story(attributes=attributes))
    markers = [MARKERS[token] for token in expected]
    assert positions(markup(preview), markers) == markers
    order = preview.block().student_view_data()["order"]
    assert [entry.get("number", entry["kind"]) for entry in order] == expected


def test_a_child_before_the_first_part_comes_first_and_the_film_between_out_of_range_goes_last(
    load_scenario, test_film
):
    preview = load_scenario(story(attributes='film_position="between" film_after_part="9"', child_after=0))
    expected = ["Barnreflektion", "Del nummer 1", "Del nummer 3", "<video"]
    assert positions(markup(preview), expected) == expected


def test_only_the_first_part_is_shown_to_a_new_learner_and_questions_wait_for_the_end(text_story):
    html = markup(text_story, "a")
    shown = re.findall(r'class="sexmot-story-group" data-part="(\d)"(\s+hidden)?', html)
    assert shown == [("1", ""), ("2", " hidden"), ("3", " hidden")]
    assert "Part 1 of 3" in html and "Read on" in html
    assert re.search(r'class="sexmot-story-questions"[^>]*hidden', html)


# --- Completion --------------------------------------------------------------------

def test_a_text_story_is_complete_when_the_last_part_is_reached(text_story, published):
    assert text_story.post("progress", {"part": 2}, "a").json() == {"furthest_part": 2, "complete": False}
    assert completions(published) == []
    assert text_story.post("progress", {"part": 3}, "a").json() == {"furthest_part": 3, "complete": True}
    assert published == [("completion", {"completion": 1.0})]


def test_a_film_story_needs_the_last_part_and_the_film_watched_to_the_share(film_story, published):
    assert film_story.post("progress", {"film_watched": 0.95}, "a").json()["complete"] is False
    assert film_story.post("progress", {"part": 3}, "a").json()["complete"] is True
    other = film_story.post("progress", {"part": 3}, "b").json()
    assert other["complete"] is False
    assert film_story.post("progress", {"film_watched": 0.85, "film_time": 3.4}, "b").json()["complete"] is False
    assert film_story.post("progress", {"film_watched": 0.9}, "b").json()["complete"] is True
    assert completions(published) == [{"completion": 1.0}, {"completion": 1.0}]


def test_opening_the_transcript_counts_as_much_as_watching_the_film(film_story, published):
    film_story.post("progress", {"part": 3}, "a")
    assert film_story.post("progress", {"transcript_opened": True}, "a").json()["complete"] is True
    assert completions(published) == [{"completion": 1.0}]


def test_the_share_to_watch_is_configurable(load_scenario, test_film):
    preview = load_scenario(story(attributes='film_position="before" completion_share="0.5"'))
    preview.post("progress", {"part": 3}, "a")
    assert preview.post("progress", {"film_watched": 0.5}, "a").json()["complete"] is True


def test_completion_is_published_once_and_events_carry_no_learner_identifier(film_story, published):
    for payload in ({"part": 3}, {"transcript_opened": True}, {"film_watched": 1.0}, {"part": 2}):
        film_story.post("progress", payload, "learner-anna")
    assert published == [("completion", {"completion": 1.0})]
    assert "anna" not in json.dumps(published)


def test_progress_only_moves_forward(film_story):
    film_story.post("progress", {"part": 3, "film_watched": 0.6, "film_time": 2.5}, "a")
    film_story.post("progress", {"part": 1, "film_watched": 0.2, "film_time": 0.8}, "a")
    block = film_story.block("a")
    assert (block.furthest_part, block.film_watched, block.film_time) == (3, 0.6, 0.8)


def test_a_learner_resumes_where_they_left_off_and_others_start_at_the_beginning(film_story):
    film_story.post("progress", {"part": 2, "film_watched": 0.5, "film_time": 2.25}, "a")
    html = markup(film_story, "a")
    shown = re.findall(r'class="sexmot-story-group" data-part="(\d)"(\s+hidden)?', html)
    assert shown == [("1", ""), ("2", ""), ("3", " hidden")]
    assert "Continue where you left off: part 2" in html and "Part 2 of 3" in html
    assert 'data-resume-time="2.25"' in html
    fresh = markup(film_story, "b")
    assert "Continue where you left off" not in fresh and 'data-resume-time="0.0"' in fresh


# --- Film ---------------------------------------------------------------------------

def test_the_film_plays_with_native_controls_and_captions_on_in_the_page_language(film_story):
    html = markup(film_story)
    video = re.search(r"<video[^>]*>", html).group(0)
    assert " controls" in video and "autoplay" not in video
    assert re.search(
        r'<track kind="captions" src="[^"]+sexmot-testfilm\.sv\.vtt" srclang="sv" label="Svenska" default>', html
    )
    assert "<details class=\"sexmot-story-transcript\">" in html


def test_course_file_urls_go_through_the_runtimes_replace_urls_service(film_story):
    html = markup(film_story)
    assert 'src="/static/course-assets/sexmot-testfilm.mp4"' in html
    assert 'poster="/static/course-assets/sexmot-testfilm-poster.png"' in html
    assert '"/static/sexmot-testfilm' not in html
    film = film_story.block().student_view_data()["film"]
    assert [source["src"] for source in film["sources"]] == [
        "/static/course-assets/sexmot-testfilm.mp4", "/static/course-assets/sexmot-testfilm.webm"]
    # The preview serves that address from its course-files folder (the browser tests fetch it for real).
    assert finders.find("course-assets/sexmot-testfilm.mp4").endswith("sexmot-testfilm.mp4")


@pytest.mark.parametrize("language, default", [("sv", "sv"), ("en", "en"), ("de", "sv")])
def test_the_default_captions_follow_the_page_language_else_swedish(load_scenario, test_film, language, default):
    film = FILM.replace("</film>", '<track src="/static/sexmot-testfilm.sv.vtt" srclang="en" label="English"/></film>')
    preview = load_scenario(story(film=film))
    with translation.override(language):
        captions = preview.block().student_view_data()["film"]["captions"]
    assert [track["srclang"] for track in captions if track["default"]] == [default]


def test_a_missing_film_file_shows_a_clear_message_and_no_player(load_scenario, published):
    film = FILM.replace("sexmot-testfilm.mp4", "finns-inte.mp4").replace("sexmot-testfilm.webm", "finns-inte.webm")
    film = film.replace("</film>", "<transcript><p>Elin berättar.</p></transcript></film>")
    preview = load_scenario(story(film=film))
    html = markup(preview)
    assert "<video" not in html
    assert re.search(r'<p class="sexmot-story-film-missing">The film cannot be shown', html)
    assert "Elin berättar." in html
    assert preview.block().student_view_data()["film"]["available"] is False
    # The film cannot be watched, so reading the story to the end completes it.
    assert preview.post("progress", {"part": 3}, "a").json()["complete"] is True


def test_where_the_server_cannot_check_files_the_browser_reports_a_missing_film(load_scenario, settings):
    settings.SEXMOT_COURSE_ASSETS_DIR = None
    preview = load_scenario(story(film=FILM.replace("sexmot-testfilm", "finns-inte")))
    html = markup(preview)
    assert "<video" in html and 'preload="none"' in html
    assert re.search(r'<p class="sexmot-story-film-missing" hidden>', html)


def test_a_story_without_film_is_a_text_story_and_refuses_film_progress(text_story):
    html = markup(text_story)
    assert "<video" not in html and "sexmot-story-film" not in html
    assert text_story.block().student_view_data()["film"] is None
    assert text_story.post("progress", {"film_watched": 1.0}, "a").status_code == 400


def test_film_urls_that_are_neither_course_files_nor_https_never_reach_the_page(load_scenario, test_film):
    film = FILM.replace("/static/sexmot-testfilm.webm", "javascript:alert(1)").replace(
        "/static/sexmot-testfilm-poster.png", "http://example.org/p.png")
    html = markup(load_scenario(story(film=film)))
    assert "javascript:" not in html and "example.org" not in html
    assert "sexmot-testfilm.mp4" in html


# --- Film versions (WCAG 1.2.5 audio description, sign language) ---------------------------------

DESCRIBED = """described_film_sources='[{"src": "/static/sexmot-testfilm-described.mp4", "type": ""}]'"""
DESCRIPTIONS = ("""description_tracks='[{"src": "/static/sexmot-testfilm.sv.descriptions.vtt", "srclang": "sv","""
                """ "label": "Svenska"}]'""")
SIGNED = """sign_language_sources='[{"src": "/static/sexmot-testfilm.webm", "type": "video/webm"}]'"""


def versions_in(html):
    """The film versions the page offers: (value, label, sources) per radio button of the switch."""
    radio = r'<input type="radio" name="[^"]+-film-version" value="(\w+)" data-sources="([^"]*)"[^>]*> ([^<]+)</label>'
    return [(value, label.strip(), [item["src"].rsplit("/", 1)[-1] for item in json.loads(unescape(sources))])
            for value, sources, label in re.findall(radio, html)]


def test_a_film_without_versions_has_no_switch(film_story):
    assert "sexmot-story-film-versions" not in markup(film_story)
    film = film_story.block().student_view_data()["film"]
    assert (film["described_sources"], film["descriptions"], film["sign_language_sources"]) == ([], [], [])


def test_the_described_and_signed_versions_are_offered_in_one_labelled_switch(load_scenario, test_film):
    preview = load_scenario(story(attributes=f'film_position="before" {DESCRIBED} {SIGNED}'))
    html = markup(preview)
    assert re.search(r'<fieldset class="sexmot-story-film-versions"[^>]*>\s*<legend>Version of the film</legend>', html)
    assert versions_in(html) == [
        ("standard", "Without audio description", ["sexmot-testfilm.mp4", "sexmot-testfilm.webm"]),
        ("described", "With audio description", ["sexmot-testfilm-described.mp4"]),
        ("sign", "With sign language", ["sexmot-testfilm.webm"]),
    ]
    assert re.search(r'value="standard"[^>]* checked>', html) and "data-reads-descriptions" not in html
    film = preview.block().student_view_data()["film"]
    assert film["described_sources"] == [
        {"src": "/static/course-assets/sexmot-testfilm-described.mp4", "type": "video/mp4"}]
    assert film["sign_language_sources"] == [
        {"src": "/static/course-assets/sexmot-testfilm.webm", "type": "video/webm"}]


def test_without_a_described_film_the_described_version_reads_the_descriptions_track(load_scenario, test_film):
    preview = load_scenario(story(attributes=f'film_position="before" {DESCRIPTIONS}'))
    html = markup(preview)
    assert re.search(r'<track kind="descriptions" src="/static/course-assets/sexmot-testfilm\.sv\.descriptions\.vtt" '
                     r'srclang="sv" label="Svenska" data-default>', html)
    assert versions_in(html)[1] == ("described", "With audio description",
                                    ["sexmot-testfilm.mp4", "sexmot-testfilm.webm"])
    assert re.search(r'value="described"[^>]* data-reads-descriptions>', html)
    assert '<p class="sexmot-story-film-description" aria-live="polite" lang="sv"></p>' in html
    assert preview.block().student_view_data()["film"]["descriptions"] == [
        {"src": "/static/course-assets/sexmot-testfilm.sv.descriptions.vtt", "srclang": "sv", "label": "Svenska"}]


def test_the_switch_speaks_the_learners_language(load_scenario, test_film):
    preview = load_scenario(story(attributes=f'film_position="before" {DESCRIBED}'))
    with translation.override("sv"):
        html = markup(preview)
    assert "<legend>Filmens version</legend>" in html and "> Med syntolkning</label>" in html


def test_a_version_whose_file_is_missing_is_not_offered(load_scenario, test_film):
    missing = DESCRIBED.replace("testfilm-described", "finns-inte")
    preview = load_scenario(story(attributes=f'film_position="before" {missing}'))
    assert "sexmot-story-film-versions" not in markup(preview)
    assert preview.block().student_view_data()["film"]["described_sources"] == []


# --- Staff ----------------------------------------------------------------------------

def test_facilitator_hints_are_for_course_staff_only(film_story):
    hint = "Lyssna efter tecknen."
    learner = markup(film_story, "a")
    assert hint not in learner and "presentation" not in learner
    assert hint not in json.dumps(film_story.block("a").student_view_data())
    staff = markup(film_story, "staff")
    assert hint in staff and "Open the presentation view" in staff
    assert hint in film_story.get("presentation", "staff").content.decode()


def test_the_presentation_view_is_refused_to_learners(film_story):
    refused = film_story.get("presentation", "a")
    assert refused.status_code == 403 and "Lyssna" not in refused.content.decode()
    assert film_story.post("presentation", {}, "staff").status_code == 405


def test_the_presentation_shows_one_step_per_piece_with_hints_and_a_print_stylesheet(film_story):
    html = film_story.get("presentation", "staff").content.decode()
    steps = re.findall(r'<section class="sexmot-step"( hidden)?>', html)
    # Introduction, film, three parts, the exercise, two questions; only the first is shown.
    assert len(steps) == 8 and steps[0] == "" and all(steps[1:])
    expected = [
        "Om Elin.",
        "<video",
        "Del nummer 1",
        "Del nummer 2",
        'Exercise: <span lang="sv">Barnreflektion</span>',
        "Del nummer 3",
        "Vad lägger du märke till?",
        "Lyssna efter tecknen.",
        "Vad skulle du fråga?",
    ]
    assert positions(html, expected) == expected
    assert "@media print" in html and "Step 1 of 8" in html
    assert '<html lang="en">' in html  # the interface language (the tests read English)


# --- Content, escaping, input ------------------------------------------------------------

def test_staff_text_is_sanitized_and_plain_text_is_escaped(load_scenario):
    xml = story(film=None).replace(
        "<p>Om Elin.</p>", '<p onclick="x()">Om <strong>Elin</strong>.</p><script>alert(1)</script>'
    )
    xml = xml.replace('heading="Del nummer 1"', 'heading="&lt;img src=x onerror=alert(2)&gt;"')
    xml = xml.replace("Vad skulle du fråga?", "&lt;script&gt;alert(3)&lt;/script&gt;")
    html = markup(load_scenario(xml), "staff")
    assert "<p>Om <strong>Elin</strong>.</p>" in html
    assert "alert(1)" not in html and "onclick" not in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "<script>alert(3)" not in html and "&lt;script&gt;alert(3)&lt;/script&gt;" in html


@pytest.mark.parametrize("body", [
    "not json",
    json.dumps([1]),
    json.dumps({}),
    json.dumps({"part": 0}),
    json.dumps({"part": 4}),
    json.dumps({"part": "2"}),
    json.dumps({"part": True}),
    json.dumps({"film_watched": 1.5}),
    json.dumps({"film_watched": -0.1}),
    '{"film_watched": NaN}',
    '{"film_time": Infinity}',
    json.dumps({"film_time": -1}),
    json.dumps({"transcript_opened": False}),
    json.dumps({"part": 2, "user": "x"}),
])
def test_bad_progress_gets_400_with_a_message_and_changes_nothing(film_story, published, body):
    film_story.post("progress", {"part": 2, "film_watched": 0.3, "film_time": 1.0}, "a")
    before = film_story.block("a")
    reply = film_story.post("progress", None, "a", raw=body)
    assert reply.status_code == 400 and reply.json()["error"]
    after = film_story.block("a")
    for name in ("furthest_part", "film_watched", "film_time", "transcript_opened", "completed"):
        assert getattr(after, name) == getattr(before, name), name
    assert published == []


def test_student_view_data_is_content_only_for_the_mobile_apps(film_story):
    film_story.post("progress", {"part": 3, "transcript_opened": True}, "a")
    block = film_story.block("a")
    data = block.student_view_data()
    assert block.has_support(block.student_view, "multi_device")
    assert data["parts"][0] == {"heading": "Del nummer 1", "html": "<p>Text i del 1.</p>"}
    assert data["questions"] == [{"text": "Vad lägger du märke till?"}, {"text": "Vad skulle du fråga?"}]
    assert data["film"]["captions"][0]["srclang"] == "sv" and data["completion_share"] == 0.9
    assert not {"furthest_part", "transcript_opened", "completed", "film_time"} & set(json.dumps(data).split('"'))
    json.dumps(data)


# --- OLX ---------------------------------------------------------------------------------

def export(runtime, block):
    root = etree.Element("root")
    runtime.add_block_as_child_node(block, root)
    return etree.tostring(root[0], encoding="unicode")


@pytest.mark.parametrize("child_after", [0, 2, 3])
def test_olx_round_trip_gives_back_the_same_xml_with_only_child_blocks_as_elements(load_scenario, child_after):
    xml = story(attributes=f'film_position="between" film_after_part="2" completion_share="0.8" {DESCRIBED} '
                           f'{DESCRIPTIONS} {SIGNED}', child_after=child_after)
    xml = xml.replace("</film>", "<transcript><p>Det som sägs i filmen.</p></transcript></film>")
    runtime = WorkbenchRuntime("a")
    block = runtime.get_block(load_scenario(xml).usage_id)
    exported = export(runtime, block)
    assert [child.tag for child in etree.fromstring(exported)] == ["sexmot_reflection"]  # ADR 0012
    assert json.loads(etree.fromstring(exported).get("parts"))[1] == {"heading": "Del nummer 2",
                                                                       "text": "<p>Text i del 2.</p>"}
    again = runtime.get_block(runtime.parse_xml_string(exported))
    assert export(runtime, again) == exported
    for name in ("display_name", "intro", "parts", "film_sources", "caption_tracks", "film_poster", "transcript",
                 "film_position", "film_after_part", "completion_share", "questions", "child_after_part",
                 "described_film_sources", "description_tracks", "sign_language_sources"):
        assert getattr(again, name) == getattr(block, name), name
    assert again.described_film_sources == [{"src": "/static/sexmot-testfilm-described.mp4", "type": ""}]
    assert again.description_tracks[0]["srclang"] == "sv" and again.sign_language_sources[0]["type"] == "video/webm"
    assert again.child_after_part == [child_after]
    assert runtime.get_block(again.children[0]).display_name == "Barnreflektion"


def test_olx_with_the_content_in_elements_still_imports_as_described(db):
    """The form the course tarballs had before ADR 0012: content elements, child blocks among the parts."""
    runtime = WorkbenchRuntime("a")
    xml = """<sexmot_story url_name="elin-14" display_name="Elin, 14" film_position="between" film_after_part="1"
                  completion_share="0.9">
      <intro><p>Vad du möter.</p></intro>
      <film poster="/static/elin-14-poster.png">
        <source src="/static/elin-14.mp4" type="video/mp4"/>
        <source src="/static/elin-14.webm" type="video/webm"/>   <!-- optional -->
        <track src="/static/elin-14.sv.vtt" srclang="sv" label="Svenska"/>
      </film>
      <part heading="Första mötet"><p>Ett.</p></part>
      <part heading="Veckan efter"><p>Två.</p></part>
      <sexmot_reflection url_name="elin-egna-reaktioner" display_name="Egna reaktioner"/>
      <part heading="Samtalet"><p>Tre.</p></part>
      <question>Vad lägger du märke till?<hint>Bara för personalen.</hint></question>
      <question>Vad skulle du fråga?</question>
    </sexmot_story>"""
    block = runtime.get_block(runtime.parse_xml_string(xml))
    assert [part["heading"] for part in block.parts] == ["Första mötet", "Veckan efter", "Samtalet"]
    assert block.child_after_part == [2] and len(block.children) == 1
    assert block.film_sources[1] == {"src": "/static/elin-14.webm", "type": "video/webm"}
    assert block.caption_tracks == [{"src": "/static/elin-14.sv.vtt", "srclang": "sv", "label": "Svenska"}]
    assert block.questions == [{"text": "Vad lägger du märke till?", "hint": "Bara för personalen."},
                               {"text": "Vad skulle du fråga?", "hint": ""}]
    assert (block.film_position, block.film_after_part, block.completion_share) == ("between", 1, 0.9)


def story_with_attributes(**attributes):
    """A ``sexmot_story`` element holding ``attributes``, lists as JSON, as OLX text."""
    values = {name: value if isinstance(value, str) else json.dumps(value) for name, value in attributes.items()}
    return etree.tostring(etree.Element("sexmot_story", values), encoding="unicode")


def test_content_in_attributes_is_checked_and_sanitized_like_a_studio_save(db):
    runtime = WorkbenchRuntime("a")
    block = runtime.get_block(runtime.parse_xml_string(story_with_attributes(
        intro="<img src=x onerror=alert(1)>",
        parts=[{"heading": "Ett", "text": "<p onclick='x()'>Ett.</p><script>alert(1)</script>"}],
    )))
    assert block.parts == [{"heading": "Ett", "text": "<p>Ett.</p>"}]
    assert "onerror" not in block.intro
    for bad in ({"parts": {"heading": "Ett"}}, {"questions": [{"text": 1}]}, {"child_after_part": ["ett"]},
                {"film_sources": [{"src": "/static/a.mp4", "onclick": "x"}]}, {"completion_share": "0"}):
        with pytest.raises(Exception, match="sexmot_story"):
            runtime.parse_xml_string(story_with_attributes(**bad))


# --- Studio ------------------------------------------------------------------------------

def test_studio_edits_the_settings_and_refuses_bad_values_with_400_changing_nothing(film_story):
    studio = film_story.block("staff").render("studio_view").content
    for name in ("display_name", "intro", "transcript", "film_position", "film_after_part", "completion_share"):
        assert f'data-field-name="{name}"' in studio, name
    refused = film_story.post("submit_studio_edits", {
        "values": {"film_position": "sideways", "completion_share": 0, "display_name": "Inte sparat"}, "defaults": []},
        student="staff")
    assert refused.status_code == 400
    messages = json.dumps(refused.json())
    assert "before, between or after" in messages and "above 0 and at most 1" in messages
    assert film_story.block().display_name == "Elin, 14"
    saved = film_story.post("submit_studio_edits", {"values": {
        "display_name": "Elin", "completion_share": 0.5, "intro": "<p onclick='x()'>Hej</p>",
        "transcript": "<script>x</script><p>Text</p>"}, "defaults": []}, student="staff")
    assert saved.status_code == 200
    block = film_story.block()
    assert (block.display_name, block.completion_share, block.intro, block.transcript) == (
        "Elin", 0.5, "<p>Hej</p>", "<p>Text</p>")


def test_studio_saves_the_films_versions_and_refuses_one_it_cannot_play_with_400(film_story):
    versions = {"described_film_sources": [{"src": "/static/sexmot-testfilm-described.mp4", "type": "video/mp4"}],
                "description_tracks": [{"src": "/static/sexmot-testfilm.sv.descriptions.vtt", "srclang": "sv",
                                        "label": "Svenska"}],
                "sign_language_sources": [{"src": "https://media.example.org/elin-14-teckensprak.mp4", "type": ""}]}
    saved = film_story.post("submit_studio_edits", {"values": versions, "defaults": []}, student="staff")
    assert saved.status_code == 200
    block = film_story.block()
    assert {name: getattr(block, name) for name in versions} == versions
    refused = film_story.post("submit_studio_edits", {"values": {
        "sign_language_sources": [{"src": "/static/teckensprak.avi", "type": ""}]}, "defaults": []}, student="staff")
    assert refused.status_code == 400 and "mp4 or webm" in json.dumps(refused.json())
    assert film_story.block().sign_language_sources == versions["sign_language_sources"]


def test_content_rules_refuse_lists_that_cannot_make_a_story(settings):
    from story_xblock.payloads import content_problems  # noqa: PLC0415

    settings.SEXMOT_COURSE_ASSETS_DIR = None  # as in Open edX: whether a course file exists is unknown here

    messages = " ".join(content_problems({
        "parts": [{"heading": "", "text": "x"}], "questions": [{"text": " "}],
        "film_sources": [{"src": "ftp://x/film.avi"}], "caption_tracks": [], "film_poster": "javascript:x",
    }))
    for expected in ("needs a heading", "needs a text", "https addresses", "mp4 or webm", "needs captions"):
        assert expected in messages
    versions = {"described_film_sources": [{"src": "ftp://x/described.avi", "type": ""}],
                "description_tracks": [{"src": "/static/d.vtt", "srclang": "svenska", "label": "Svenska"}]}
    messages = " ".join(content_problems(versions))
    for expected in ("https addresses", "mp4 or webm", "language code", "need the film itself"):
        assert expected in messages
    assert content_problems({**versions, "film_sources": [{"src": "/static/f.mp4", "type": ""}],
                             "caption_tracks": [{"src": "/static/f.vtt", "srclang": "sv", "label": "Svenska"}],
                             "described_film_sources": [{"src": "/static/described.mp4", "type": ""}],
                             "description_tracks": [{"src": "/static/d.vtt", "srclang": "sv",
                                                     "label": "Svenska"}]}) == []
    assert content_problems({"film_position": "between", "film_after_part": 2, "parts": [{"heading": "a"}] * 3}) == []
    assert content_problems({"film_position": "between", "film_after_part": 3, "parts": [{"heading": "a"}] * 3})


# --- Preview -------------------------------------------------------------------------------

def test_the_preview_scenarios_show_a_film_story_a_text_story_and_a_missing_film(load_scenario, test_film):
    from story_xblock.block import StoryXBlock  # noqa: PLC0415

    scenarios = dict(StoryXBlock.workbench_scenarios())
    assert set(scenarios) == {"Film And Reflection", "Text Only", "Missing Film"}
    film_html = markup(load_scenario(scenarios["Film And Reflection"]))
    assert "<video" in film_html and "sexmot-reflection" in film_html
    text_html = markup(load_scenario(scenarios["Text Only"]))
    assert "<video" not in text_html and "sexmot-reflection" in text_html
    missing_html = markup(load_scenario(scenarios["Missing Film"]))
    assert "<video" not in missing_html and "The film cannot be shown" in missing_html
