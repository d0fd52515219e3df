"""The study-time estimate: the rule of courses/FORMAT.md, applied to a small course in the source format."""
from pathlib import Path

import pytest

from course_export.source import Reflection, Statement, load_course
from course_export.studytime import TARGETS, Targets, estimate, reflection_minutes, story_minutes, words

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture(scope="module")
def course():
    return load_course(MINI)


def reflection(statements=0, free_text=False, prompt="Ett två tre."):
    return Reflection(id="r", title="R", prompt=prompt,
                      statements=tuple(Statement(f"s{n}", "Ett påstående.") for n in range(statements)),
                      free_text=free_text, free_text_prompt=None, allow_sharing=False, graded=False)


def test_words_are_counted_as_read_not_as_written():
    assert words("Ett *två* **tre** [fyra](https://example.org)") == 4
    assert words("> Har det hänt att du fått något?") == 7
    assert words("| a | b |\n|---|---|\n| c | d |") == 4
    assert words("") == words(None) == 0


def test_reflection_takes_a_minute_a_quarter_per_statement_and_three_for_the_free_text():
    prompt = " ".join(["ord"] * 180)   # one minute of reading
    assert reflection_minutes(reflection(prompt=prompt)) == pytest.approx(2.0)
    assert reflection_minutes(reflection(4, prompt=prompt)) == pytest.approx(3.0)
    assert reflection_minutes(reflection(4, free_text=True, prompt=prompt)) == pytest.approx(6.0)


def test_story_adds_reading_film_questions_and_its_exercises(course):
    story = course.story("kim-15")
    reading = words(story.intro) + sum(words(part.text) for part in story.parts)
    inner = reflection_minutes(story.reflections[0][1])
    expected = reading / 180 + 90 / 60 + 2 * 1 + inner
    assert story_minutes(story, film_seconds=90) == pytest.approx(expected)
    assert story_minutes(story, film_seconds=150) - story_minutes(story, film_seconds=90) == pytest.approx(1.0)


def test_estimate_lists_every_unit_by_section(course):
    study = estimate(course, {"kim-15": 60.0}, Targets((0, 100), 60))
    assert study.chapters == ("Om utbildningen", "Webbutbildning", "Skriftligt material", "Gruppdiskussion",
                              "Stöd och vidare läsning")
    assert [unit.unit for unit in study.units if unit.chapter == "Webbutbildning"] == ["Mina föreställningar",
                                                                                        "Kim, 15"]
    assert len([unit for unit in study.units if unit.chapter == "Skriftligt material"]) == 6
    assert study.chapter_minutes("Gruppdiskussion") == 60
    assert study.problems == ()
    table = study.table()
    assert "Webbutbildning: " in table and "Kim, 15" in table and "Samtal om ansvar" in table


def test_targets_are_checked_not_guessed(course):
    study = estimate(course, {"kim-15": 60.0})
    assert TARGETS.web_minutes == (40.0, 50.0) and TARGETS.group_minutes == 60
    assert len(study.problems) == 1
    assert "web training is estimated at" in study.problems[0] and "40–50" in study.problems[0]
    short_group = estimate(course, {"kim-15": 60.0}, Targets((0, 100), 45))
    assert any("group discussion" in problem and "45" in problem for problem in short_group.problems)
