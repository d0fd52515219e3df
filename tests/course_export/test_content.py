"""Regressions of the content review (docs/content-review.md): what a reviewer found must not come back."""
import re
from pathlib import Path

import pytest

COURSES = Path(__file__).parents[2] / "course_export" / "courses"
SLUGS = ("barn-och-unga", "vuxna")


def texts(slug):
    """Every Markdown and YAML file of a course, as (name, text)."""
    folder = COURSES / slug
    return [(path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8"))
            for path in sorted([*folder.rglob("*.md"), *folder.rglob("*.yaml")])]


@pytest.mark.parametrize("slug", SLUGS)
def test_no_professional_in_a_story_promises_silence(slug):
    promise = re.compile(r"stannar (?:i rummet|där|mellan oss)|det enda undantaget|ingen annan får veta", re.I)
    found = [f"{name}: {match.group(0)}" for name, text in texts(slug) if name.startswith("stories/")
             for match in promise.finditer(text)
             if "kan inte lova" not in text[max(0, match.start() - 40):match.start()]]
    assert found == []


def test_the_adult_course_names_the_exceptions_to_secrecy():
    chapter = (COURSES / "vuxna" / "chapters" / "05-att-samtala.md").read_text(encoding="utf-8")
    assert "Lova alltså aldrig fullständig tystnad" in chapter
    for source in ("OSL 12 kap. 2 §", "OSL 10 kap. 23 §", "SoL (2025:400)", "BrB 24 kap. 4 §"):
        assert f"[Källa: {source}]" in chapter


@pytest.mark.parametrize("slug", SLUGS)
def test_the_duty_to_report_is_cited_to_the_act_in_force_not_to_a_bill(slug):
    cited = [name for name, text in texts(slug) if "[Källa: prop. 2025/26:12]" in text]
    assert cited == []
    assert any("19 kap. 1 § socialtjänstlagen (2025:400)" in text for _, text in texts(slug))
    assert not any("15 kap. 1 § socialtjänstlagen" in text for _, text in texts(slug))



def test_the_adult_course_gives_the_secrecy_threshold_for_crimes_as_in_force_since_april_2025():
    """OSL 10 kap. 23 § (SFS 2025:179): a lowest penalty of six months, no longer a year."""
    chapter = (COURSES / "vuxna" / "chapters" / "05-att-samtala.md").read_text(encoding="utf-8")
    line = next(line for line in chapter.splitlines() if "[Källa: OSL 10 kap. 23 §]" in line)
    assert "lägst sex månaders fängelse" in line
    assert "ett års fängelse" not in line


@pytest.mark.parametrize("slug", SLUGS)
def test_buying_a_sexual_act_from_a_child_carries_its_minimum_penalty(slug):
    """BrB 6 kap. 9 § as worded by SFS 2025:586: at least six months' imprisonment."""
    stated = [name for name, text in texts(slug) if "6 kap. 9 §" in text and "högst fyra år" in text]
    assert stated
    for name, text in texts(slug):
        for sentence in re.split(r"(?<=[.|])\s", text):
            if "högst fyra år" in sentence and "koppleri" not in sentence.lower():
                assert "lägst sex månader" in sentence, f"{name}: {sentence}"

def test_the_adult_course_cites_kunskapsguidens_adult_pages():
    sources = (COURSES / "vuxna" / "sources.md").read_text(encoding="utf-8")
    for key in ("kg-vad-ar", "kg-uppmarksamma", "kg-prata", "kg-vem-gor-vad"):
        line = next(line for line in sources.splitlines() if line.startswith(f"- **{key}**"))
        assert "sex-mot-ersattning-vuxna/" in line, line


@pytest.mark.parametrize("slug", SLUGS)
def test_no_source_is_an_editorial_a_blog_or_a_mail_server(slug):
    sources = (COURSES / slug / "sources.md").read_text(encoding="utf-8")
    assert not re.search(r"://mail\.|/opinion/ledare/|/natprat/", sources)


def test_the_2025_change_for_15_to_17_year_olds_is_taught():
    chapter = (COURSES / "barn-och-unga" / "chapters" / "03-de-som-koper-sex.md").read_text(encoding="utf-8")
    assert (
        "15–17 år" in chapter
        and "nedsatt förmåga att värna sin sexuella integritet" in chapter
        and "[Källa: prop. 2024/25:124]" in chapter
    )


@pytest.mark.parametrize("story", ["ana-33", "lena-54"])
def test_the_victims_safety_is_planned_before_she_goes_home(story):
    text = (COURSES / "vuxna" / "stories" / f"{story}.yaml").read_text(encoding="utf-8")
    assert "skyddat boende" in text and "112" in text
    assert not re.search(r"(?:numret|numren|nummer)[^.]*på en lapp", text)


def test_elins_first_report_reaches_the_police_the_same_day():
    text = (COURSES / "barn-och-unga" / "stories" / "elin-14.yaml").read_text(encoding="utf-8")
    first_part = text[text.index('heading: "Anmälan"'):text.index('heading: "Han är inte som ni tror"')]
    assert "samma eftermiddag med polisen och gör en polisanmälan" in first_part
