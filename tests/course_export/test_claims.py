"""The claims register: every statute reference, percentage and phone number of a course has a current entry."""
import datetime as dt
from pathlib import Path

import pytest
import yaml

from course_export.claims import MAX_CHECK_AGE, check_claims, find_checkable, normalize

COURSES = Path(__file__).parents[2] / "course_export" / "courses"
TODAY = dt.date(2026, 12, 7)


def entry(**changes):
    """A valid register entry for ``6 kap. 9 §``, with ``changes`` applied."""
    data = {"id": "brb-6-9", "kind": "law", "matches": ["6 kap. 9 §"], "claim": "Utnyttjande av barn genom köp "
            "av sexuell handling.", "source": "Brottsbalk (1962:700) 6 kap. 9 § i lydelse enligt SFS 2025:586", "url": "https://www.riksdagen.se/",
            "applies_from": "2020-01-01", "checked": "2026-11-01", "status": "checked"}
    data.update(changes)
    return data


def course(tmp_path, text, *entries):
    """A course folder with one chapter holding ``text`` and a register of ``entries`` (None: no register)."""
    folder = tmp_path / "kurs"
    (folder / "chapters").mkdir(parents=True)
    (folder / "chapters" / "01-kapitel.md").write_text(f"# Kapitel\n\n{text}\n", encoding="utf-8")
    if entries != (None,):
        (folder / "claims.yaml").write_text(yaml.safe_dump({"claims": list(entries)}, allow_unicode=True),
                                            encoding="utf-8")
    return folder


def test_statute_references_percentages_and_phone_numbers_are_found_in_one_spelling():
    text = ("Enligt 6 kap. 9 § BrB och LVU 3 § samt 4 kap. 1 a §; 0,2 procent av kvinnorna och 36 %; ring 112, "
            "114 14, 1177, 116 111 eller 020-50 50 50, och 020-390 000.")
    assert find_checkable(text) == {"6 kap. 9 §", "3 §", "4 kap. 1 a §", "0,2 %", "36 %", "112", "114 14", "1177",
                                    "116 111", "020-50 50 50", "020-390 000"}
    assert normalize("6\u00a0kap.\u00a09\u00a0§") == "6 kap. 9 §" and normalize("12 procent") == "12 %"


def test_years_statute_numbers_and_dates_are_not_taken_for_claims():
    assert find_checkable("SFS 2025:400, prop. 2024/25:124, den 1 juli 2025, 2026-11-30, ärendena från 2019, "
                          "en 15-åring, kl. 21") == set()


def test_figures_written_in_words_are_found_in_one_spelling():
    text = (
        "Nästan var tionde man; Var fjärde elev; fyra av fem målsägande; 69 ärenden; 6 000 elever; medelåldern 15 år "
        "och en medelålder på 35 år."
    )
    assert find_checkable(text) == {"var tionde", "var fjärde", "fyra av fem", "69 ärenden", "6 000 elever",
                                    "medelåldern 15 år", "medelålder på 35 år"}


def test_a_figure_in_words_without_an_entry_fails(tmp_path):
    report = check_claims(course(tmp_path, "Nästan var tionde man har köpt sex.", entry()), TODAY)
    assert report.errors == ["kurs/chapters/01-kapitel.md:3: 'var tionde' has no entry in claims.yaml: add one with "
                             "its primary source and check date"]


def figure(**changes):
    data = entry(id="srhr2017", kind="figure", matches=["var tionde"], claim="Nästan var tionde man har köpt sex.",
                 source="Folkhälsomyndigheten, SRHR2017", year=2017,
                 newest_study="SRHR2017 är den nyaste befolkningsstudien.")
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_figure_with_its_year_and_the_newest_study_considered_passes(tmp_path):
    report = check_claims(course(tmp_path, "Nästan var tionde man har köpt sex.", figure()), TODAY)
    assert report.errors == [] and report.claims[0].year == 2017


@pytest.mark.parametrize("change, missing", [
    ({"year": None}, "'year' (the year its data were collected)"),
    ({"newest_study": None}, "'newest_study' (the newest study of the question considered, and why an older figure "
                             "is kept when there is a newer one)"),
])
def test_a_figure_without_its_year_or_the_newest_study_considered_fails(tmp_path, change, missing):
    report = check_claims(course(tmp_path, "Nästan var tionde man har köpt sex.", figure(**change)), TODAY)
    assert f"claims.yaml: entry 1 (srhr2017): a figure needs {missing}" in report.errors


@pytest.mark.parametrize("source", [
    "Kunskapsguiden (Socialstyrelsen), Vem gör vad?",
    "prop. 2018/19:157; Brottsbalk (1962:700) 6 kap. 9 § i lydelse enligt SFS 2025:586",
    "Brottsbalk (1962:700)",
])
def test_a_legal_claim_sourced_to_a_web_page_a_bill_or_a_whole_act_fails(tmp_path, source):
    report = check_claims(course(tmp_path, "Se 6 kap. 9 §.", entry(source=source)), TODAY)
    assert report.errors[0].startswith("claims.yaml: entry 1 (brb-6-9): a legal claim's source must begin with the "
                                       "statute itself, the act with its SFS number, chapter and paragraph")


def test_a_legal_claim_must_name_the_amendment_whose_wording_was_read(tmp_path):
    report = check_claims(course(tmp_path, "Se 6 kap. 9 §.", entry(source="Brottsbalk (1962:700) 6 kap. 9 §")), TODAY)
    assert report.errors[0] == ("claims.yaml: entry 1 (brb-6-9): a legal claim's source must name the amendment whose "
                                "wording was read, before any other source ('… 6 kap. 9 § i lydelse enligt SFS "
                                "2025:586')")


def test_a_reference_without_an_entry_fails_naming_file_and_line(tmp_path):
    report = check_claims(course(tmp_path, "Se 6 kap. 12 § och ring 020-390 000.", entry()), TODAY)
    assert report.errors == [
        "kurs/chapters/01-kapitel.md:3: '020-390 000' has no entry in claims.yaml: add one with its primary source "
        "and check date",
        "kurs/chapters/01-kapitel.md:3: '6 kap. 12 §' has no entry in claims.yaml: add one with its primary source "
        "and check date"]


def test_a_covered_reference_with_a_recent_check_passes(tmp_path):
    report = check_claims(course(tmp_path, "Brottet finns i 6 kap. 9 § brottsbalken.", entry()), TODAY)
    assert report.errors == [] and report.warnings == []
    assert report.claims[0].checked == dt.date(2026, 11, 1)


def test_a_check_over_a_year_old_fails(tmp_path):
    stale = (TODAY - MAX_CHECK_AGE - dt.timedelta(days=1)).isoformat()
    report = check_claims(course(tmp_path, "Se 6 kap. 9 §.", entry(checked=stale)), TODAY)
    assert report.errors == [
        f"claims.yaml: brb-6-9 was last checked {stale}, over a year ago: check it against "
        "Brottsbalk (1962:700) 6 kap. 9 § i lydelse enligt SFS 2025:586 again and update 'checked'"
    ]
    assert check_claims(course(tmp_path / "b", "Se 6 kap. 9 §.", entry(checked=(TODAY - MAX_CHECK_AGE).isoformat())),
                        TODAY).errors == []


def test_a_check_date_in_the_future_fails(tmp_path):
    report = check_claims(course(tmp_path, "Se 6 kap. 9 §.", entry(checked="2027-01-01")), TODAY)
    assert report.errors == ["claims.yaml: brb-6-9 has a check date in the future (2027-01-01)"]


def test_an_entry_still_to_verify_fails_the_check(tmp_path):
    report = check_claims(course(tmp_path, "Se 6 kap. 9 §.", entry(status="to-verify")), TODAY)
    assert report.errors == [
        "kurs: claim brb-6-9 (6 kap. 9 §) is still to-verify: read it in Brottsbalk (1962:700) 6 kap. 9 § i lydelse "
        "enligt SFS 2025:586 and mark it checked, or take it out of the course"]
    assert [claim.id for claim in report.to_verify] == ["brb-6-9"]
    assert check_claims(course(tmp_path / "b", "Se 6 kap. 9 §.", entry(status="checked")), TODAY).errors == []


def test_an_unused_entry_is_warned_about(tmp_path):
    report = check_claims(course(tmp_path, "Se 6 kap. 9 §.", entry(), entry(id="gammal", matches=["99 %"])), TODAY)
    assert report.errors == []
    assert report.warnings == ["claims.yaml: gammal matches nothing in the course any more"]


@pytest.mark.parametrize("change, problem", [
    ({"checked": "30/11/2026"}, "checked must be a date (YYYY-MM-DD), not '30/11/2026'"),
    ({"status": "klar"}, "status must be one of checked, to-verify"),
    ({"kind": "åsikt"}, "kind must be one of law, figure, service"),
])
def test_a_malformed_entry_fails(tmp_path, change, problem):
    report = check_claims(course(tmp_path, "Text.", entry(**change)), TODAY)
    assert report.errors == [f"claims.yaml: entry 1 (brb-6-9): {problem}"]


def test_an_entry_without_its_source_fails(tmp_path):
    report = check_claims(course(tmp_path, "Text.", entry(source="")), TODAY)
    assert report.errors == ["claims.yaml: entry 1 (brb-6-9) lacks source"]


def test_a_course_without_a_register_fails(tmp_path):
    report = check_claims(course(tmp_path, "Text.", None), TODAY)
    assert report.errors == ["kurs/claims.yaml is missing: every statute reference, percentage and phone number "
                             "needs an entry with its primary source"]


@pytest.mark.parametrize("slug", ["barn-och-unga", "vuxna"])
def test_the_real_courses_registers_cover_every_claim(slug):
    report = check_claims(COURSES / slug, TODAY)
    assert report.errors == []
    assert not [warning for warning in report.warnings if "matches nothing" in warning]
    assert report.to_verify == []
    covered = {token for claim in report.claims for token in claim.matches}
    assert {"19 kap. 1 §", "6 kap. 9 §", "020-390 000", "112", "114 14"} <= covered
