"""The course's own word table, enforced: a rejected term fails the build outside the contexts the table allows."""
from pathlib import Path

import pytest
import yaml

from course_export.terminology import check_terminology

COURSES = Path(__file__).parents[2] / "course_export" / "courses"

WORD_TABLE = """# Ord

## Ord att använda – och ord att undvika

| I stället för | Säg hellre | Varför |
| --- | --- | --- |
| prostituerad, säljer sig | har fått ersättning för sex | beskriver det som händer |
| kund, torsk | köpare | lägger ansvaret där det hör hemma |
"""
TERMS = [
    {"reject": "prostitu\\w*", "row": "prostituerad, säljer sig", "instead": "utnyttjas sexuellt mot ersättning",
     "allowed": ["mention", "word-table", "sources"],
     "phrases": ["regionkoordinator mot prostitution och människohandel"]},
    {"reject": "(?:säljer|sälja|sålt|sålde) (?:sex|sig)", "row": "prostituerad, säljer sig",
     "instead": "har fått ersättning för sex", "allowed": ["mention", "word-table"]},
    {"reject": "kund|kunden|kunder|torsk\\w*", "row": "kund, torsk", "instead": "köpare",
     "allowed": ["quote", "word-table"]},
]


def course(tmp_path, text, terms=TERMS, sources=None):
    """A course folder with the word table, one chapter holding ``text`` and ``terms`` as its terms.yaml."""
    folder = tmp_path / "kurs"
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "01-ord.md").write_text(WORD_TABLE, encoding="utf-8")
    (folder / "chapters" / "02-kapitel.md").write_text(f"# Kapitel\n\n{text}\n", encoding="utf-8")
    (folder / "terms.yaml").write_text(yaml.safe_dump({"terms": terms}, allow_unicode=True), encoding="utf-8")
    if sources is not None:
        (folder / "sources.md").write_text(f"# Källor\n\n{sources}\n", encoding="utf-8")
    return folder


def test_children_exploited_in_prostitution_fails_naming_the_place_and_what_to_write(tmp_path):
    errors = check_terminology(course(tmp_path, "Personalen kan möta barn som utnyttjas i prostitution."))
    assert errors == ["kurs/chapters/02-kapitel.md:3: 'prostitution' is wording the course's word table rejects "
                      "(prostituerad, säljer sig): write 'utnyttjas sexuellt mot ersättning' instead; it may stand "
                      "only as mention, word-table, sources"]


def test_children_who_had_sold_sex_fails(tmp_path):
    errors = check_terminology(course(tmp_path, "Av pojkarna som hade sålt sex hade många utsatts för övergrepp."))
    assert [error.split(" is wording")[0] for error in errors] == ["kurs/chapters/02-kapitel.md:3: 'sålt sex'"]


def test_a_term_talked_about_in_emphasis_the_table_itself_and_a_named_function_pass(tmp_path):
    text = ("Få unga kallar det *prostitution* eller *att sälja sig*. Ring en regionkoordinator mot prostitution "
            "och människohandel.")
    assert check_terminology(course(tmp_path, text)) == []


def test_a_quote_passes_only_where_the_table_allows_it(tmp_path):
    assert check_terminology(course(tmp_path, "Han säger: ”Jag är bara en kund.”")) == []
    errors = check_terminology(course(tmp_path / "b", "Hon säger: ”Jag har sålt sex.”"))
    assert [error.split(" is wording")[0] for error in errors] == ["kurs/chapters/02-kapitel.md:3: 'sålt sex'"]


def test_publication_titles_in_sources_pass_where_allowed(tmp_path):
    folder = course(tmp_path, "Inget här.", sources="- **nmt** *Metodstöd mot prostitution*, 2018.")
    assert check_terminology(folder) == []


def test_whole_words_are_matched_whatever_their_case(tmp_path):
    assert check_terminology(course(tmp_path, "Hon kunde inte säga nej, och kundtjänsten svarade inte.")) == []
    errors = check_terminology(course(tmp_path / "b", "Kunden betalade."))
    assert [error.split(" is wording")[0] for error in errors] == ["kurs/chapters/02-kapitel.md:3: 'Kunden'"]


def test_a_term_whose_row_left_the_word_table_fails(tmp_path):
    terms = [*TERMS, {"reject": "frivilligt", "row": "frivilligt", "instead": "hen säger att hen tog kontakt"}]
    errors = check_terminology(course(tmp_path, "Inget här.", terms=terms))
    assert errors == ["kurs/terms.yaml: no row of the course's word table has the cell 'frivilligt': the table and "
                      "terms.yaml must list the same rejected terms"]


def test_a_malformed_term_is_reported(tmp_path):
    errors = check_terminology(course(tmp_path, "Inget här.", terms=[{"reject": "(", "row": "kund, torsk",
                                                                      "instead": "köpare"}]))
    assert len(errors) == 1 and errors[0].startswith("kurs/terms.yaml: term 1: 'reject' is no regular expression")


@pytest.mark.parametrize("slug", ["barn-och-unga", "vuxna"])
def test_both_courses_keep_their_own_word_table(slug):
    assert (COURSES / slug / "terms.yaml").is_file()
    assert check_terminology(COURSES / slug) == []
