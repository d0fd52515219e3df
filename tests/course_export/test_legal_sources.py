"""A sentence that states the law and cites sources must cite the statute, not only a web page or a bill."""
from pathlib import Path

import pytest

from course_export.legal_sources import check_legal_sources, statute_keys

COURSES = Path(__file__).parents[2] / "course_export" / "courses"

SOURCES = """# Källor

- **SoL 13 kap. 1 §** Socialtjänstlag (2025:400), 13 kap. 1 § – brottsofferstöd.
- **BrB 6 kap. 11 §** Brottsbalk (1962:700), 6 kap. 11 § – köp av sexuell handling.
- **prop. 2021/22:231** Regeringen. Proposition 2021/22:231 (om lag 2022:1043).
- **socialstyrelsen-brottsoffer** Socialstyrelsen. *Brottsoffer och deras närstående* (webbsida).
- **pegasus** RFSL Ungdom. *Pegasus* (webbsida).
"""


def course(tmp_path, text):
    folder = tmp_path / "kurs"
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "01-kapitel.md").write_text(f"# Kapitel\n\n{text}\n", encoding="utf-8")
    (folder / "sources.md").write_text(SOURCES, encoding="utf-8")
    return folder


def test_statutes_are_the_sources_that_name_an_act_by_its_sfs_number_bills_are_not(tmp_path):
    assert statute_keys(course(tmp_path, "")) == {"SoL 13 kap. 1 §", "BrB 6 kap. 11 §"}


def test_the_duty_of_the_board_cited_to_a_web_page_fails(tmp_path):
    errors = check_legal_sources(course(tmp_path, "Socialnämnden ska verka för att den som utsatts för brott får stöd "
                                                  "[Källa: socialstyrelsen-brottsoffer]."))
    assert errors == ["kurs/chapters/01-kapitel.md:3: a legal statement ('Socialnämnden ska') is cited only to "
                      "socialstyrelsen-brottsoffer: cite the statute (act, chapter, paragraph) it rests on, beside any "
                      "other source: 'Socialnämnden ska verka för att den som utsatts för brott får stöd .'"]


@pytest.mark.parametrize("text", [
    "Det är inte brottsligt att ta emot ersättning för sex [Källa: pegasus].",
    "Böter togs bort ur straffskalan 2022 [Källa: prop. 2021/22:231].",
])
def test_a_legal_point_cited_to_an_organization_or_a_bill_alone_fails(tmp_path, text):
    assert len(check_legal_sources(course(tmp_path, text))) == 1


@pytest.mark.parametrize("text", [
    "Det är inte brottsligt att ta emot ersättning för sex [Källa: BrB 6 kap. 11 §] [Källa: pegasus].",
    "Böter togs bort ur straffskalan 2022 [Källa: BrB 6 kap. 11 §] [Källa: prop. 2021/22:231].",
    "Socialnämnden ska erbjuda brottsofferstöd [Källa: SoL 13 kap. 1 §].",
    "Pegasus ger stöd till unga hbtq-personer [Källa: pegasus].",
    "Du har inte gjort något olagligt, säger hon.",
])
def test_the_statute_beside_other_sources_a_non_legal_sentence_and_an_uncited_line_pass(tmp_path, text):
    assert check_legal_sources(course(tmp_path, text)) == []


def test_each_sentence_of_a_line_is_judged_by_its_own_citations(tmp_path):
    text = ("Pegasus ger stöd [Källa: pegasus]. Det är inte brottsligt att ta emot ersättning för sex "
            "[Källa: pegasus].")
    errors = check_legal_sources(course(tmp_path, text))
    assert len(errors) == 1 and "('brottsligt')" in errors[0]


@pytest.mark.parametrize("slug", ["barn-och-unga", "vuxna"])
def test_both_courses_cite_the_statute_for_every_cited_legal_point(slug):
    assert check_legal_sources(COURSES / slug) == []
