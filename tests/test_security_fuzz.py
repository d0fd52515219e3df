"""Property-based tests: whatever reaches a handler or the OLX parser, never a 500 and never a partial write.

Hypothesis generates near-valid payloads (right keys, wrong values), arbitrary
JSON, unknown fields, huge and deeply nested bodies, invalid UTF-8 and lone
surrogates for every handler, and hostile OLX for the parser. After each
example: a refused request changed nothing at all; an accepted one left the
counters equal to a recount from the learners' own state.
"""
import json
import os
from collections import Counter
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from webob import Request
from workbench.runtime import WorkbenchRuntime

from reflection_xblock import payloads
from sexmot_xblocks.toolkit.olx import InvalidOLX
from sexmot_xblocks.toolkit.sanitize import ALLOWED_TAGS
from tests.handler_calls import action_body, action_path
from tests.security_support import EXERCISE, assert_counters_match_a_recount, call, stored_state

#: Examples run per test, reported at the end of the module (the issue's closing note quotes them).
EXAMPLES = Counter()
#: Replies by handler and status, to show that the examples reach both the accepting and the refusing paths.
STATUSES = Counter()
#: The release runs (``SEXMOT_RELEASE``, ``make test-releases``) fuzz the handlers under a release's own
#: libraries (WebOb, Django, lxml): a quarter of the examples reaches each parsing path there, while the main
#: run, under the package's own versions, searches in full for defects of our own code.
FUZZ_EXAMPLES = 30 if os.environ.get("SEXMOT_RELEASE") else 120
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES, deadline=None, report_multiple_bugs=False, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

json_leaves = (
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=40)
)
json_values = st.recursive(
    json_leaves,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
statement_keys = st.sampled_from(["s1", "s2", "s3", "", "S1", "s1 ", "s1\x00", "a" * 65, "__proto__"]) | st.text(
    max_size=8
)
answers = st.dictionaries(statement_keys, st.integers(min_value=-2, max_value=7) | json_leaves, max_size=4)
free_texts = st.text(max_size=300) | st.sampled_from(["x" * 401, "  ", "\u2028\u202e", "=1+1"]) | json_leaves
sharings = st.sampled_from(["private", "shared", "device", "public", "SHARED", ""]) | json_leaves
#: Submissions that are valid or nearly so: they reach the database, and each one that is refused must leave it
#: as it was.
near_valid_submissions = st.fixed_dictionaries(
    {
        "answers": st.fixed_dictionaries(
            {"s1": st.integers(min_value=0, max_value=6), "s2": st.integers(min_value=1, max_value=5)}
        ),
        "sharing": st.sampled_from(["private", "shared", "device"]),
    },
    optional={"free_text": st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)},
)
submit_payloads = near_valid_submissions | st.fixed_dictionaries(
    {}, optional={"answers": answers | json_values, "free_text": free_texts, "sharing": sharings, "extra": json_values}
)
page_payloads = st.fixed_dictionaries({}, optional={"page": st.integers(min_value=-5, max_value=200000) | json_leaves,
                                                    "extra": json_values}) | json_values
studio_payloads = st.fixed_dictionaries(
    {},
    optional={
        "values": st.dictionaries(st.sampled_from(sorted(
            ["display_name", "prompt", "statements", "scale_labels", "free_text_enabled", "free_text_prompt",
             "max_length", "allow_sharing", "threshold", "participation_scored", "weight", "answers", "unknown",
             "content_language", "group_plan", "session_threshold", "session_keep_days"])),
            json_values, max_size=5) | json_values,
        "defaults": st.lists(st.text(max_size=20), max_size=4) | json_values,
    },
)
#: Near-valid group plans: the list editor's keys (checkbox, number and lines inputs among them), any values.
plan_items = st.fixed_dictionaries({}, optional={
    "title": st.text(max_size=10) | json_leaves,
    "minutes": st.integers(min_value=-5, max_value=10**30) | json_leaves,
    "story": st.sampled_from(["leo", "a" * 300, "x y", ""]) | json_leaves,
    "reflection": st.booleans() | json_leaves,
    "instructions": st.sampled_from(["<p>Gör så</p>", "<script>x()</script>"]) | json_leaves,
    "questions": st.lists(st.text(max_size=10), max_size=3) | json_values,
})
plan_payloads = st.fixed_dictionaries(
    {"values": st.fixed_dictionaries({"group_plan": st.lists(plan_items, max_size=3)}), "defaults": st.just([])}
)
#: Bodies that are not the JSON of any payload: bytes, deep nesting, lone surrogates, a body larger than any form.
raw_bodies = st.one_of(
    st.binary(max_size=120),
    st.integers(min_value=1, max_value=200000).map(lambda depth: ("[" * depth + "]" * depth).encode()),
    st.integers(min_value=1, max_value=3000).map(lambda depth: ('{"answers":' * depth + "1" + "}" * depth).encode()),
    st.sampled_from([
        '{"answers": {"s1": 1, "s2": 2}, "free_text": "\\ud800", "sharing": "shared"}',
        '{"answers": {"s1": 1, "s2": 2}, "free_text": "\\udfff\\ud800", "sharing": "private"}',
        '{"answers": {"s1": NaN, "s2": Infinity}, "sharing": "private"}',
        '{"answers": {"s1": 1, "s1": 9, "s2": 2}, "sharing": "private"}',
        '{"page": 1' + "0" * 5000 + "}",
        json.dumps({"answers": {"s1": 1, "s2": 2}, "free_text": "x" * 3_000_000, "sharing": "shared"}),
        "", "null", "[]", '"text"', "\ufeff{}",
    ]).map(str.encode),
)


@pytest.fixture(scope="module", autouse=True)
def report_examples():
    """Print how many examples ran, per test, when the module is done."""
    yield
    print("\nhypothesis examples run:", dict(sorted(EXAMPLES.items())), "total", sum(EXAMPLES.values()))
    print("replies by handler and status:", dict(sorted(STATUSES.items())))


@pytest.fixture
def exercise(load_scenario, settings):
    settings.SEXMOT_WRITE_LIMIT = (
        10**9,
        600,
    )  # the rate limit has its own tests; here every example must reach the handler
    preview = load_scenario(EXERCISE)
    for student in ("fuzz_a", "fuzz_b", "staff_fuzz"):
        call(
            preview,
            "submit",
            student,
            {"answers": {"s1": 3, "s2": 4}, "free_text": f"Text {student}", "sharing": "shared"},
        )
    return preview


def check_one_request(preview, send, label):
    """Send one request; it may succeed or be refused with a 4xx, but a refusal changes nothing."""
    before = stored_state()
    reply = send()
    STATUSES[(label, reply.status_code)] += 1
    assert reply.status_code < 500, reply.content[:300]
    if reply.status_code == 200:
        assert_counters_match_a_recount(preview.usage_id)
    else:
        assert stored_state() == before, f"a {reply.status_code} changed stored state"
    return reply


def post_raw(preview, handler, student, body):
    return preview.client.post(action_path(preview.usage_id, handler, student), action_body(handler, raw=body),
                               content_type="application/json")


@pytest.mark.parametrize("handler, payloads_of, student", [
    ("submit", submit_payloads, "fuzz_a"),
    ("withdraw", json_values, "fuzz_a"),
    ("group_page", page_payloads, "fuzz_b"),
    ("facilitator_page", page_payloads, "staff_fuzz"),
    ("facilitator_page", page_payloads, "fuzz_b"),
    ("submit_studio_edits", studio_payloads, "staff_fuzz"),
])
def test_json_payloads_never_cause_a_500_or_a_partial_write(exercise, handler, payloads_of, student):
    @FUZZ
    @given(payload=payloads_of)
    def run(payload):
        EXAMPLES[f"{handler} as {student}"] += 1
        check_one_request(exercise, lambda: post_raw(exercise, handler, student, json.dumps(payload)), handler)

    run()
    assert EXAMPLES[f"{handler} as {student}"] >= FUZZ_EXAMPLES // 4


def test_a_group_plan_studio_accepts_never_breaks_the_run_sheet(exercise, settings):
    """Studio's list editor writes checkboxes, whole numbers and lists of lines: whatever plan the save accepts,
    the run sheet renders it; whatever it refuses changes nothing."""
    settings.SEXMOT_CODE_LIMIT = (10**9, 600)
    code = call(exercise, "start_session", "fuzz_a", {}).json()["code"]

    @FUZZ
    @given(payload=plan_payloads)
    def run(payload):
        EXAMPLES["group_plan in Studio"] += 1
        reply = check_one_request(
            exercise, lambda: post_raw(exercise, "submit_studio_edits", "staff_fuzz", json.dumps(payload)), "group_plan"
        )
        if reply.status_code == 200:
            sheet = call(exercise, "session_document", "fuzz_a", {"code": code, "view": "run_sheet"})
            assert sheet.status_code == 200 and "<script>x()" not in sheet.json()["html"]

    run()
    assert STATUSES[("group_plan", 200)] and STATUSES[("group_plan", 400)]


@pytest.mark.parametrize("handler", ["submit", "withdraw", "group_page", "facilitator_page", "submit_studio_edits"])
def test_raw_bodies_never_cause_a_500_or_a_partial_write(exercise, handler):
    @FUZZ
    @given(body=raw_bodies)
    def run(body):
        EXAMPLES[f"{handler} raw body"] += 1
        reply = check_one_request(exercise, lambda: post_raw(exercise, handler, "staff_fuzz", body), handler)
        assert reply.status_code != 200 or body.strip().startswith((b"{", b"\xef\xbb\xbf"))

    run()
    assert EXAMPLES[f"{handler} raw body"] >= FUZZ_EXAMPLES // 4


def test_the_csv_export_never_fails_whatever_the_path_or_method(exercise):
    @FUZZ
    # ASCII only: the workbench's own URL handling (the LMS's stand-in) fails on non-ASCII paths before any block runs.
    @given(suffix=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), max_size=20),
           method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD"]),
           student=st.sampled_from(["staff_fuzz", "fuzz_a", "none"]))
    def run(suffix, method, student):
        EXAMPLES["export_csv path and method"] += 1
        path = f"/handler/{exercise.usage_id}/export_csv/{quote(suffix)}?student={student}"
        reply = check_one_request(exercise, lambda: exercise.client.generic(method, path), "export_csv")
        if reply.status_code == 200:
            assert method in ("GET", "HEAD") and student.startswith("staff")

    run()
    assert EXAMPLES["export_csv path and method"] >= FUZZ_EXAMPLES // 4


#: What a group session's page addresses may carry: the right code or any other, and numbers of any length.
query_values = st.text(max_size=12) | st.integers(min_value=-3, max_value=10**7).map(str) | st.sampled_from(
    ["1" * 5000, "0" * 7 + "1", "²", "1.5", "1e3", " 1", "１"])


@pytest.mark.parametrize("handler", ["session_page", "session_projector", "session_run_sheet", "session_story"])
def test_a_session_page_s_address_never_causes_a_500_or_a_write(exercise, settings, handler):
    settings.SEXMOT_CODE_LIMIT = (
        10**9,
        600,
    )  # the code limit has its own tests; here every example must reach the look-up
    code = call(exercise, "start_session", "fuzz_a", {}).json()["code"]

    @FUZZ
    @given(query=st.dictionaries(st.sampled_from(["code", "page", "step", "heading"]), query_values, max_size=4),
           right_code=st.booleans(), student=st.sampled_from(["fuzz_a", "fuzz_b", "staff_fuzz"]))
    def run(query, right_code, student):
        EXAMPLES[f"{handler} address"] += 1
        if right_code:
            query["code"] = code
        address = "&".join(f"{name}={quote(value)}" for name, value in query.items())
        path = f"/handler/{exercise.usage_id}/{handler}/?student={student}&{address}"
        check_one_request(exercise, lambda: exercise.client.get(path), handler)

    run()
    assert EXAMPLES[f"{handler} address"] >= FUZZ_EXAMPLES // 4


#: What a session's page sends with the code of its fragment: its view (and step), or a poll of the results.
session_payloads = st.fixed_dictionaries(
    {},
    optional={
        "code": st.text(max_size=8) | json_leaves,
        "view": st.sampled_from(["page", "projector", "run_sheet", "story", "x"]),
        "step": st.integers(min_value=-2, max_value=10**6) | json_leaves,
        "page": st.integers(min_value=-2, max_value=10**6),
        "heading": st.sampled_from([3, 4, 5, "3"]),
        "tag": st.text(max_size=40) | json_leaves,
    },
)


@pytest.mark.parametrize("handler", ["session_document", "session_results"])
def test_a_session_page_s_requests_never_cause_a_500_or_a_write(exercise, settings, handler):
    settings.SEXMOT_CODE_LIMIT = (10**9, 600)
    code = call(exercise, "start_session", "fuzz_a", {}).json()["code"]

    @FUZZ
    @given(
        payload=session_payloads, right_code=st.booleans(), student=st.sampled_from(["fuzz_a", "fuzz_b", "staff_fuzz"])
    )
    def run(payload, right_code, student):
        EXAMPLES[f"{handler} as {student}"] += 1
        if right_code:
            payload["code"] = code
        check_one_request(exercise, lambda: post_raw(exercise, handler, student, json.dumps(payload)), handler)

    run()
    assert sum(count for label, count in EXAMPLES.items() if label.startswith(handler)) >= FUZZ_EXAMPLES // 4


# --- OLX ------------------------------------------------------------------------

xml_text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
attribute_values = st.one_of(
    xml_text, st.integers(min_value=-10, max_value=10**6).map(str),
    st.sampled_from(["true", "false", "null", "nan", "inf", "-1", "1.5", "[1]", "{}", "9" * 5000, '"', "a: b: c",
                     "!!python/object:os.system", "&anchor *anchor", "- [", "{{1}}"]),
)
attributes = st.dictionaries(
    st.sampled_from(["display_name", "threshold", "max_length", "allow_sharing", "participation_scored", "weight",
                     "free_text_enabled", "url_name", "xblock-family", "answers", "unknown"]),
    attribute_values, max_size=6,
)
rich_children = st.lists(st.tuples(
    st.sampled_from(["p", "strong", "script", "img", "a", "iframe", "svg", "style", "h3", "table", "ul"]),
    st.dictionaries(st.sampled_from(["href", "onclick", "onerror", "src", "style", "title", "lang"]),
                    st.sampled_from(["javascript:alert(1)", "https://example.org", "alert(1)", "x", "data:,x"]),
                    max_size=3),
    xml_text,
), max_size=4)
statements = st.lists(st.tuples(st.one_of(st.none(), st.sampled_from(["s1", "s2", "", "bad id", "s1"]), xml_text),
                                xml_text), max_size=5)


@st.composite
def reflection_olx(draw):
    """OLX of a reflection exercise assembled from valid and hostile parts, always well-formed XML."""
    node = etree.Element("sexmot_reflection", draw(attributes))
    prompt = etree.SubElement(node, "prompt")
    prompt.text = draw(xml_text)
    for tag, attrs, text in draw(rich_children):
        child = etree.SubElement(prompt, tag, attrs)
        child.text = text
    prompt.append(etree.Comment("kommentar"))
    for statement_id, text in draw(statements):
        element = etree.SubElement(node, "statement", {} if statement_id is None else {"id": statement_id})
        element.text = text
    if draw(st.booleans()):
        scale = etree.SubElement(node, "scale")
        for label in draw(st.lists(xml_text, max_size=7)):
            etree.SubElement(scale, "label").text = label
    if draw(st.booleans()):
        etree.SubElement(node, draw(st.sampled_from(["free_text_prompt", "unknown", "script"]))).text = draw(xml_text)
    return etree.tostring(node, encoding="unicode")


def assert_block_is_sound(block):
    """A parsed block is safe and usable: clean prompt, answerable statements, a view for learner and staff."""
    prompt = etree.fromstring(f"<div>{block.prompt}</div>", etree.HTMLParser()) if block.prompt else None
    if prompt is not None:
        for element in prompt.iter():
            assert element.tag in ALLOWED_TAGS | {"html", "body", "div"}, element.tag
            assert not any(name.startswith("on") for name in element.attrib)
            assert not element.get("href", "").lower().startswith(("javascript", "data"))
    assert payloads.structural_problems({"weight": block.weight, "statements": block.statements}) == []
    ids = [statement["id"] for statement in block.statements]
    assert all(payloads.STATEMENT_ID.match(statement_id) for statement_id in ids) and len(set(ids)) == len(ids)


def test_olx_parsing_never_crashes_nor_saves_a_broken_block(db):
    runtime = WorkbenchRuntime("staff_olx")

    @FUZZ
    @given(xml=reflection_olx())
    def run(xml):
        EXAMPLES["OLX parse"] += 1
        before = stored_state()
        try:
            usage_id = runtime.parse_xml_string(xml)
        except InvalidOLX as error:
            assert str(error).startswith("<sexmot_reflection>")
            assert stored_state() == before
            return
        block = runtime.get_block(usage_id)
        assert_block_is_sound(block)
        for student in ("olx_learner", "staff_olx"):
            WorkbenchRuntime(student).get_block(usage_id).render("student_view")
        exported = etree.Element("root")
        runtime.add_block_as_child_node(block, exported)
        again = runtime.get_block(runtime.parse_xml_string(etree.tostring(exported[0], encoding="unicode")))
        for name in ("display_name", "prompt", "statements", "scale_labels", "threshold", "max_length", "weight"):
            assert getattr(again, name) == getattr(block, name), name

    run()
    assert EXAMPLES["OLX parse"] >= FUZZ_EXAMPLES * 5 // 6


@pytest.mark.parametrize("xml", [
    '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><sexmot_reflection><statement id="s1">&x;</statement>'
    "</sexmot_reflection>",
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;'
    '&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
    '<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>'
    '<sexmot_reflection><statement id="s1">&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;</statement></sexmot_reflection>',
    "<sexmot_reflection><statement id='s1'>oavslutad",
    "<sexmot_reflection><prompt><?php echo 1; ?><p>text</p></prompt></sexmot_reflection>",
])
def test_hostile_olx_neither_reads_local_files_nor_expands_without_bound(db, xml):
    before = stored_state()
    try:
        usage_id = WorkbenchRuntime("staff_olx").parse_xml_string(xml)
    except (etree.XMLSyntaxError, InvalidOLX):
        assert stored_state() == before
        return
    block = WorkbenchRuntime("staff_olx").get_block(usage_id)
    texts = " ".join(statement["text"] for statement in block.statements) + block.prompt
    assert "root:" not in texts and len(texts) < 200_000
    assert "<?" not in block.prompt


# --- The story block ------------------------------------------------------------------------------------

FILM_STORY = """
<sexmot_story display_name="Fuzz" film_position="between" film_after_part="1">
  <film><source src="https://example.org/film.mp4" type="video/mp4"/>
    <track src="https://example.org/film.vtt" srclang="sv" label="Svenska"/></film>
  <part heading="Ett"><p>Ett</p></part><part heading="Två"><p>Två</p></part><part heading="Tre"><p>Tre</p></part>
  <question>Vad tänker du?<hint>Bara för personalen.</hint></question>
</sexmot_story>
"""
near_valid_progress = st.one_of(
    st.fixed_dictionaries({"part": st.integers(min_value=0, max_value=4)}),
    st.fixed_dictionaries({"film_watched": st.floats(min_value=-0.1, max_value=1.1),
                           "film_time": st.floats(min_value=-1, max_value=600)}),
    st.just({"transcript_opened": True}), st.just({"transcript_opened": False}),
)
progress_payloads = near_valid_progress | st.fixed_dictionaries({}, optional={
    "part": st.integers(min_value=-2, max_value=6) | json_leaves,
    "film_watched": st.floats(min_value=-1, max_value=2) | json_leaves,
    "film_time": st.floats(min_value=-10, max_value=30000) | json_leaves,
    "transcript_opened": st.booleans() | json_leaves,
    "extra": json_values,
}) | json_values
#: The story's handlers still use XBlock's own JSON decorator, which turns deep nesting into a 500 (reported):
#: that one body is tried in its own test below, every other raw body here.
raw_bodies_nesting_little = raw_bodies.filter(lambda body: body.count(b"[") + body.count(b"{") < 500)


@pytest.fixture
def story(load_scenario, published):
    preview = load_scenario(FILM_STORY)
    preview.events = published
    return preview


def assert_story_progress_is_sound(preview):
    """Every learner's progress stays within the story, and completion was published at most once each."""
    for student in ("reader",):
        block = WorkbenchRuntime(student).get_block(preview.usage_id)
        assert 0 <= block.furthest_part <= len(block.parts)
        assert 0 <= block.film_watched <= 1 and 0 <= block.film_time <= 6 * 3600
    assert len([kind for kind, _ in preview.events if kind == "completion"]) <= 1


@pytest.mark.parametrize("name, strategy", [("json", progress_payloads), ("raw", raw_bodies_nesting_little)])
def test_story_progress_never_causes_a_500_or_a_partial_write(story, name, strategy):
    @FUZZ
    @given(body=strategy)
    def run(body):
        EXAMPLES[f"story progress {name}"] += 1
        data = body if isinstance(body, bytes) else json.dumps(body)
        before = stored_state()
        reply = post_raw(story, "progress", "reader", data)
        STATUSES[("progress", reply.status_code)] += 1
        assert reply.status_code < 500
        if reply.status_code != 200:
            assert stored_state() == before
        assert_story_progress_is_sound(story)

    run()
    assert EXAMPLES[f"story progress {name}"] >= FUZZ_EXAMPLES // 4


def test_story_progress_refuses_deeply_nested_json_with_a_400(story):
    assert post_raw(story, "progress", "reader", "[" * 100000 + "]" * 100000).status_code == 400


@pytest.mark.parametrize("body", ["{}", '{"values": {"completion_share": "abc"}}'])
def test_story_studio_edits_refuse_malformed_bodies_with_a_400(story, body):
    assert post_raw(story, "submit_studio_edits", "staff_fuzz", body).status_code == 400


@pytest.mark.parametrize("attributes", ['completion_share="nan"', 'film_position="between" film_after_part=""'])
def test_story_olx_refuses_a_number_that_is_not_one(db, attributes):
    """Found by the fuzzer: an empty ``film_after_part`` read as None and broke every view of the story."""
    before = stored_state()
    with pytest.raises(InvalidOLX):
        WorkbenchRuntime("staff_olx").parse_xml_string(f'<sexmot_story {attributes}><part heading="a"/></sexmot_story>')
    assert stored_state() == before


rich_or_hostile = st.sampled_from([
    "<p>text</p>", "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '<a href="javascript:x()">a</a>',
    "<p>a</p> svans", "<svg onload=alert(1)>", "",
])
urls = st.sampled_from([
    "/static/film.mp4", "https://example.org/a.mp4", "javascript:alert(1)", "data:video/mp4,x", "//evil.example/x",
    "/static/../../etc/passwd", "http://example.org/a.mp4", "", '" onerror="alert(1)',
])


@st.composite
def story_olx(draw):
    """OLX of a story from valid and hostile parts: odd settings, hostile URLs and markup, children among parts."""
    node = etree.Element("sexmot_story", draw(st.dictionaries(
        st.sampled_from(["display_name", "film_position", "film_after_part", "unknown"]),
        st.sampled_from(["before", "between", "after", "sideways", "", "0", "1", "3", "-1", "0.5", "2", "x", '"'])
        | xml_text, max_size=4)))
    if draw(st.booleans()):  # any number but NaN and infinity, which have a test of their own (a known story bug)
        node.set("completion_share", draw(st.sampled_from(["0.5", "1", "0", "2", "-1", "x", '"', "", "1e308"])))
    if draw(st.booleans()):
        intro = etree.SubElement(node, "intro")
        for element in etree.fromstring(f"<div>{draw(rich_or_hostile)}</div>", etree.HTMLParser()).find(".//div"):
            intro.append(element)
    if draw(st.booleans()):
        film = etree.SubElement(node, "film", {"poster": draw(urls)})
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            etree.SubElement(
                film, "source", {"src": draw(urls), "type": draw(st.sampled_from(["video/mp4", "text/html", ""]))}
            )
        for _ in range(draw(st.integers(min_value=0, max_value=2))):
            etree.SubElement(
                film,
                "track",
                {"src": draw(urls), "srclang": draw(st.sampled_from(["sv", "", "x y", "en"])), "label": draw(xml_text)},
            )
        transcript = etree.SubElement(film, "transcript")
        transcript.text = draw(xml_text)
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        part = etree.SubElement(node, "part", {"heading": draw(xml_text)})
        part.text = draw(xml_text)
        etree.SubElement(part, draw(st.sampled_from(["p", "script", "img", "strong"])), draw(st.dictionaries(
            st.sampled_from(["onclick", "href", "src"]), urls, max_size=2))).text = draw(xml_text)
        if draw(st.booleans()):
            child = etree.SubElement(node, "sexmot_reflection", {"threshold": "3"})
            etree.SubElement(child, "statement", {"id": "s1"}).text = "Påstående"
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        question = etree.SubElement(node, "question")
        question.text = draw(xml_text)
        if draw(st.booleans()):
            etree.SubElement(question, "hint").text = draw(xml_text)
    return etree.tostring(node, encoding="unicode")


def test_story_olx_parsing_never_crashes_nor_saves_a_broken_story(db):
    runtime = WorkbenchRuntime("staff_olx")

    @FUZZ
    @given(xml=story_olx())
    def run(xml):
        EXAMPLES["story OLX parse"] += 1
        before = stored_state()
        try:
            usage_id = runtime.parse_xml_string(xml)
        except InvalidOLX:
            assert stored_state() == before
            return
        for student in ("olx_learner", "staff_olx"):
            block = WorkbenchRuntime(student).get_block(usage_id)
            html = block.render("student_view").content
            assert "javascript:" not in html.lower() and "<script>alert" not in html
            data = block.student_view_data()
            assert "javascript:" not in json.dumps(data).lower()
        staff_block = WorkbenchRuntime("staff_olx").get_block(usage_id)
        page = staff_block.runtime.handle(staff_block, "presentation", Request.blank("/"))
        assert page.status_code == 200 and "javascript:" not in page.text.lower()

    run()
    assert EXAMPLES["story OLX parse"] >= FUZZ_EXAMPLES * 5 // 6
