"""The Swedish spell check: a word hunspell's Swedish dictionary does not know fails the build, in every text a
learner or facilitator reads, unless the course's word list names it; without hunspell the check refuses to pass."""
from pathlib import Path

import pytest

from course_export.spelling import check_spelling, words_of

COURSES = Path(__file__).parents[2] / "course_export" / "courses"
# The slow tier: each check runs hunspell's command line
pytestmark = pytest.mark.slow


def course(tmp_path, chapter="", story=None, words=None):
    """A course folder with one chapter, optionally a story file and a word list."""
    folder = tmp_path / "kurs"
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "01-kapitel.md").write_text(f"# Kapitel\n\n{chapter}\n", encoding="utf-8")
    if story is not None:
        (folder / "stories").mkdir()
        (folder / "stories" / "elin-14.yaml").write_text(story, encoding="utf-8")
    if words is not None:
        (folder / "words.txt").write_text(words, encoding="utf-8")
    return folder


def test_a_misspelt_word_fails_naming_file_line_and_word(tmp_path):
    errors = check_spelling(course(tmp_path, "Birgitta känner hur det kalnar i magen [Källa: kg-prata]."))
    assert errors == ["kurs/chapters/01-kapitel.md:3: 'kalnar' is not a Swedish word to hunspell's sv_SE dictionary: "
                      "correct it, or add it to kurs/words.txt if it is a name or a term"]


def test_correct_swedish_with_abbreviations_numbers_and_suspended_compounds_passes(tmp_path):
    text = ("Hälso- och sjukvården, socialtjänsten m.fl. ska enligt prop. 2021/22:231 ge en 15-åring stöd, "
            "t.ex. via e-post.")
    assert check_spelling(course(tmp_path, text)) == []


def test_every_text_of_a_story_is_read_and_its_identifiers_are_not(tmp_path):
    story = ("title: \"Elin, 14\"\nintro: \"Elin möter Dennis.\"\nfilm:\n  scenes:\n    - background: \"#23395b\"\n"
             "      heading: \"Fredag\"\n      narration: \"Han köper skor och sprit.\"\nparts:\n"
             "  - heading: \"Första mötet\"\n    text: |\n      Elin kommer till mottagningen.\n\n"
             "      Hon är ledsn och tyst.\nquestions:\n  - text: \"Vad ser du?\"\n    hint: \"Lyft tolkvalet.\"\n")
    errors = check_spelling(course(tmp_path, story=story, words="Elin\nDennis\n"))
    assert [error.split(" is not")[0] for error in errors] == ["kurs/stories/elin-14.yaml:13: 'ledsn'",
                                                               "kurs/stories/elin-14.yaml:16: 'tolkvalet'"]


def test_the_word_list_admits_names_and_terms_with_their_genitive_and_a_capital(tmp_path):
    text = "Sugardejting förekommer. Zorbeks kontakt med Pegasus hjälpte; Pegasus."
    assert {error.split(" is not")[0] for error in check_spelling(course(tmp_path, text))} == {
        "kurs/chapters/01-kapitel.md:3: 'Sugardejting'", "kurs/chapters/01-kapitel.md:3: 'Zorbeks'",
        "kurs/chapters/01-kapitel.md:3: 'Pegasus'"}
    assert check_spelling(course(tmp_path / "b", text, words="# namn\nZorbek\nPegasus  # Stockholms stad\n"
                                                             "sugardejting\n")) == []


def test_citations_source_keys_and_addresses_are_not_words(tmp_path):
    text = "- **kg-vad-ar** Socialstyrelsen, se https://kunskapsguiden.se/xyz och 1177.se [Källa: kg-vnr-ansvar]."
    assert check_spelling(course(tmp_path, text, words="")) == []


def test_without_hunspell_the_check_fails_and_says_what_to_install(tmp_path):
    errors = check_spelling(course(tmp_path, "Allt är rätt stavat."), command="hunspell-som-saknas")
    assert len(errors) == 1
    assert errors[0].startswith("kurs: the Swedish spell check cannot run: 'hunspell-som-saknas' cannot be run")
    assert errors[0].endswith("Install the Debian packages hunspell and hunspell-sv (scripts/system-deps.sh does)")


def test_words_of_keeps_words_whole_and_leaves_out_parts_of_suspended_compounds():
    assert words_of("barn- och ungdomspsykiatri, sms:a, 15-åringar, m.fl. och HVB-hem.") == [
        "och", "ungdomspsykiatri", "sms:a", "15-åringar", "m.fl.", "och", "HVB-hem."]


@pytest.mark.parametrize("slug", ["barn-och-unga", "vuxna"])
def test_both_courses_are_spelt_right(slug):
    assert check_spelling(COURSES / slug) == []

