"""Studio's save refuses a text longer than its setting's limit, with a clear message in the author's language.

Each free-text setting of both blocks, and each text of their lists, has a longest length (the blocks'
``payloads.TEXT_LIMITS`` and their list editors' inputs). A save with a longer one answers 400 with the
setting's message and changes nothing; a text at the limit saves.
"""
import json
import re

import pytest

from reflection_xblock import payloads as reflection_payloads
from reflection_xblock.studio import STUDIO_LISTS as REFLECTION_LISTS
from story_xblock import payloads as story_payloads
from story_xblock.studio import STUDIO_LISTS as STORY_LISTS

STAFF = "staff_forfattare"
STORY = """<sexmot_story display_name="Nora, 15" parts='[{"heading": "Besöket", "text": "&lt;p&gt;x&lt;/p&gt;"}]'
    questions='[{"text": "Vad lägger du märke till?", "hint": ""}]'/>"""
EXERCISE = """<sexmot_reflection display_name="Övning"><statement id="s1">Jag vet vad jag ska fråga.</statement>
</sexmot_reflection>"""


def text_of(length):
    """A text of exactly ``length`` characters, in words as an author writes, ending in a full stop."""
    return ("Ett ord till " * (length // 13 + 1))[:length - 1] + "."


def story_values(length):
    """For each of the story's limits: the values of a save whose one text has ``length`` characters."""
    return {
        "display_name": {"display_name": text_of(length)},
        "intro": {"intro": text_of(length)},
        "transcript": {"transcript": text_of(length)},
        "film_poster": {"film_poster": "https://example.org/" + text_of(length - 20).replace(" ", "-")},
        "heading": {"parts": [{"heading": text_of(length), "text": "<p>x</p>"}]},
        "text": {"parts": [{"heading": "Besöket", "text": text_of(length)}]},
        "question": {"questions": [{"text": text_of(length), "hint": ""}]},
        "hint": {"questions": [{"text": "Vad?", "hint": text_of(length)}]},
        "label": {"caption_tracks": [{"src": "https://media.example.org/a.vtt", "srclang": "sv",
                                      "label": text_of(length)}]},
        "address": {"caption_tracks": [{"src": "https://example.org/" + text_of(length - 20).replace(" ", "-"),
                                        "srclang": "sv", "label": "Svenska"}]},
    }


def exercise_values(length):
    """For each of the exercise's limits: the values of a save whose one text has ``length`` characters."""
    plan = {"title": "Samtal", "minutes": 10, "story": "", "reflection": False, "instructions": "", "questions": []}
    return {
        "display_name": {"display_name": text_of(length)},
        "prompt": {"prompt": text_of(length)},
        "free_text_prompt": {"free_text_prompt": text_of(length)},
        "statement": {"statements": [{"id": "s1", "text": text_of(length)}]},
        "label": {"scale_labels": ["Inte alls", "Lite", text_of(length), "Mycket", "Helt"]},
        "title": {"group_plan": [{**plan, "title": text_of(length)}]},
        "instructions": {"group_plan": [{**plan, "instructions": text_of(length)}]},
        "question": {"group_plan": [{**plan, "questions": ["Vad gör vi?", text_of(length)]}]},
    }


#: (block, which text, its limit, what the Swedish message says)
CASES = [
    ("story", "display_name", 255, "Visningsnamnet får vara högst 255 tecken långt."),
    ("story", "intro", 5000, "Inledningen får vara högst 5 000 tecken lång."),
    ("story", "transcript", 100000, "Transkriptionen får vara högst 100 000 tecken lång."),
    ("story", "film_poster", 2000, "Adressen till bilden före filmen får vara högst 2 000 tecken lång."),
    ("story", "heading", 200, "En dels rubrik får vara högst 200 tecken lång."),
    ("story", "text", 20000, "En dels text får vara högst 20 000 tecken lång."),
    ("story", "question", 1000, "En diskussionsfråga får vara högst 1 000 tecken lång."),
    ("story", "hint", 2000, "Ett tips till samtalsledaren får vara högst 2 000 tecken långt."),
    ("story", "label", 100, "Ett namn i spelaren får vara högst 100 tecken långt."),
    ("story", "address", 2000, "En adress får vara högst 2 000 tecken lång."),
    ("exercise", "display_name", 255, "Visningsnamnet får vara högst 255 tecken långt."),
    ("exercise", "prompt", 5000, "Instruktionen får vara högst 5 000 tecken lång."),
    ("exercise", "free_text_prompt", 500, "Frågan till fritexten får vara högst 500 tecken lång."),
    ("exercise", "statement", 500, "Ett påstående får vara högst 500 tecken långt."),
    ("exercise", "label", 100, "Ett av skalans steg får vara högst 100 tecken långt."),
    ("exercise", "title", 200, "Rubriken på en övning i planen för gruppdiskussionen får vara högst 200 tecken lång."),
    ("exercise", "instructions", 10000, "Instruktionerna till den som leder får vara högst 10 000 tecken långa."),
    ("exercise", "question", 1000, "En fråga att diskutera får vara högst 1 000 tecken lång."),
]


def saved_state(block):
    return {name: getattr(block, name) for name in block.editable_fields}


@pytest.mark.swedish
@pytest.mark.parametrize("kind, text, limit, message", CASES, ids=lambda value: str(value)[:20])
def test_a_text_over_its_limit_is_refused_in_swedish_and_nothing_changes_one_at_it_saves(load_scenario, kind, text,
                                                                                          limit, message):
    preview = load_scenario(STORY if kind == "story" else EXERCISE)
    values = story_values if kind == "story" else exercise_values
    before = saved_state(preview.block(STAFF))
    refused = preview.post("submit_studio_edits", {"values": values(limit + 1)[text], "defaults": []}, student=STAFF)
    assert refused.status_code == 400
    assert message in json.dumps(refused.json(), ensure_ascii=False)
    assert saved_state(preview.block(STAFF)) == before

    at_the_limit = values(limit)[text]
    saved = preview.post("submit_studio_edits", {"values": at_the_limit, "defaults": []}, student=STAFF)
    assert saved.status_code == 200, saved.content
    block = preview.block(STAFF)
    assert all(getattr(block, name) == value for name, value in at_the_limit.items())


def test_every_limit_is_tested_and_every_message_names_its_number():
    limits = [(limit.maximum, limit.message) for limit in story_payloads.TEXT_LIMITS + reflection_payloads.TEXT_LIMITS]
    limits += [(item.max_length, item.too_long) for editor in STORY_LISTS + REFLECTION_LISTS
               for item in editor.inputs if item.max_length]
    for maximum, message in limits:
        assert re.sub(r"(?<=\d),(?=\d{3})", "", message).count(str(maximum)) == 1, message
    assert len({message for _, message in limits}) == len(CASES) - 1  # the display name's is the blocks' one
