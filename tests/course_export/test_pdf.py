"""Tests for the printable course PDFs, read back with poppler's pdftotext and pdfinfo."""

import os
import re
import shutil
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest

from course_export.pdf import PdfError, pdf_file_names, render_course_pdfs, render_written_material
from course_export.source import readable_source_names

# The slow tier: it prints PDFs with WeasyPrint
pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="reading the PDFs back needs the Debian package poppler-utils")]

COURSES = Path(__file__).resolve().parents[2] / "course_export" / "courses"

SYNTHETIC = {
    "course.yaml": """\
        title: "Sex mot ersättning – provkurs"
        number: SMEPROV
        run: "2026"
        short_description: "En liten kurs som bara finns i testerna."
        """,
    "about.md": """\
        # Om utbildningen

        Utbildningen tar cirka 45 minuter.

        <script>alert("inte här")</script>
        """,
    "chapters/01-omfattning-och-arenor.md": """\
        # Omfattning och arenor

        Köp av sexuell tjänst är brottsligt i Sverige [Källa: BrB 6 kap. 11 §].

        ## Var kontakterna tas

        | Arena | Exempel |
        |---|---|
        | Nätet | Annonssajter |
        """,
    "chapters/02-att-fraga.md": """\
        # Att fråga

        ## Exempel på frågor

        > Har det hänt att någon gett dig pengar eller saker för sex?
        """,
    "support.md": "# Stöd och vidare läsning\n\nRing den lokala socialtjänsten.\n",
    "sources.md": "# Källor\n\n- **BrB 6 kap. 11 §** – Brottsbalken, köp av sexuell tjänst.\n",
    "group/facilitator.md": """\
        # Till dig som leder samtalet

        ## Förberedelser

        Läs berättelsen före träffen.
        """,
    "group/exercises.yaml": """\
        minutes_total: 60
        exercises:
          - id: discussion-1
            kind: discussion
            title: "Att lägga märke till"
            story: provberattelse
            minutes: 25
            instructions: "Låt gruppen läsa **första delen** tyst."
            questions: ["Vad lägger ni märke till?", "Vad skulle *ni* fråga?"]
          - id: reflection-1
            kind: reflection
            title: "Egna reaktioner"
            minutes: 35
            instructions: "Var och en skriver för sig själv."
            questions: []
        """,
    "stories/provberattelse.yaml": """\
        title: "Provberättelse, 16"
        intro: "Om en ung person som testerna hittar på."
        parts:
          - heading: "Första mötet"
            text: "Kuratorn ser att Alex har en ny dyr telefon."
          - heading: "Samtalet"
            text: "Kuratorn frågar lugnt hur Alex har fått den."
        """,
}


def make_course(root, files=SYNTHETIC):
    course = root / "provkurs"
    for name, text in files.items():
        path = course / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return course


def pdf_text(path):
    """The PDF's text in reading order, with lines joined so hyphenation and wrapping do not matter."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True, text=True).stdout
    return " ".join(text.replace("-\n", "").split())


def pdf_info(path):
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return {key: value.strip() for key, value in (line.split(":", 1) for line in result.splitlines())}


def pdf_objects(path):
    """The PDF's objects with their compressed streams inflated, to look for catalog entries."""
    data = path.read_bytes()
    inflated = [zlib.decompress(stream) for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S)
                if stream[:1] == b"x"]
    return b"\n".join([data, *inflated])


def assert_in_order(text, parts):
    """Each part appears after the one before it (running headers may repeat a heading earlier)."""
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after {text[max(0, position - 80):position]!r} in:\n{text}"
        position = found + len(part)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("pdf")
    return render_course_pdfs(make_course(root), root / "out")


def test_file_names_follow_the_course_slug(rendered):
    assert [path.name for path in rendered] == ["sexmot-provkurs-skriftligt-material.pdf",
                                                "sexmot-provkurs-gruppdiskussion.pdf"]
    assert list(pdf_file_names("provkurs")) == [path.name for path in rendered]
    assert sorted(p.name for p in rendered[0].parent.iterdir()) == sorted(p.name for p in rendered), \
        "temporary files left behind"


def test_written_material_has_every_section_with_headings_and_citations(rendered):
    text = pdf_text(rendered[0])
    assert_in_order(text, [
        "Sex mot ersättning – provkurs", "Skriftligt material", "En liten kurs som bara finns i testerna.",
        "Innehåll", "Om utbildningen Utbildningen tar cirka 45 minuter.", "Kapitel 1 Omfattning och arenor",
        "Var kontakterna tas", "Kapitel 2 Att fråga", "Exempel på frågor",
        "Stöd och vidare läsning Ring den lokala socialtjänsten.", "Källor • BrB 6 kap. 11 § – Brottsbalken"])
    assert "Köp av sexuell tjänst är brottsligt i Sverige (Källa: BrB 6 kap. 11 §)" in text
    assert "Har det hänt att någon gett dig pengar eller saker för sex?" in text
    assert "Arena Exempel Nätet Annonssajter" in text


def test_citations_of_a_source_key_print_the_sources_name_as_the_web_course_shows_it(tmp_path):
    """A key written as a slug is the author's handle: on paper, as on screen, the reader gets the source's name."""
    cited = "Ring stödtelefonen för yrkesverksamma [Källa: jamy-stodtelefon]."
    course = make_course(tmp_path, {
        **SYNTHETIC,
        "chapters/02-att-fraga.md": f"# Att fråga\n\n{cited}\n",
        "sources.md": ("# Källor\n\n- **jamy-stodtelefon** Jämställdhetsmyndigheten. *Stödtelefon för "
                       "yrkesverksamma*. https://jamstalldhetsmyndigheten.se/\n"),
        "group/exercises.yaml": SYNTHETIC["group/exercises.yaml"].replace(
            "Låt gruppen läsa **första delen** tyst.", cited),
    })
    name = "Jämställdhetsmyndigheten: Stödtelefon för yrkesverksamma"
    # The web course's rule (``Course.source_names``) gives this name.
    assert readable_source_names((course / "sources.md").read_text(encoding="utf-8")) == {"jamy-stodtelefon": name}
    for path in render_course_pdfs(course, tmp_path / "out"):
        text = pdf_text(path)
        assert f"Ring stödtelefonen för yrkesverksamma (Källa: {name})." in text, path.name
        assert "Källa: jamy-stodtelefon" not in text, path.name


def test_raw_html_in_a_source_is_printed_as_text(rendered):
    assert '<script>alert("inte här")</script>' in pdf_text(rendered[0])


def test_contents_give_page_numbers_and_pages_are_numbered(rendered):
    text = pdf_text(rendered[0])
    contents = text[text.index("Innehåll"):text.index("Om utbildningen Utbildningen")]
    assert re.search(r"Om utbildningen \.+ 3 Omfattning och arenor \.+ 4 Att fråga \.+ 5 "
                     r"Stöd och vidare läsning \.+ 6 Källor \.+ 7", contents), contents
    pages = int(pdf_info(rendered[0])["Pages"])
    assert pages == 7  # title, contents, about, two chapters, support, sources: each from a new page
    assert f"Sida 3 av {pages}" in text and f"Sida {pages} av {pages}" in text
    assert "Sida 1 av" not in text, "the title page has no page number"


def test_discussion_guide_has_instructions_exercises_and_the_story(rendered):
    assert_in_order(pdf_text(rendered[1]), [
        "Gruppdiskussion – handledning", "cirka 60 minuter med 2 övningar", "Innehåll",
        "Till dig som leder samtalet Förberedelser Läs berättelsen före träffen.",
        "Övningarna Tidsplan Övning Slag Tid", "Att lägga märke till Diskussionsövning 25 minuter",
        "Egna reaktioner Reflektionsövning 35 minuter", "Sammanlagt 60 minuter",
        "Att lägga märke till Diskussionsövning · 25 minuter · bygger på berättelsen Provberättelse, 16",
        "Låt gruppen läsa första delen tyst.", "Frågor till gruppen",
        "1. Vad lägger ni märke till? 2. Vad skulle ni fråga?",
        "Egna reaktioner Reflektionsövning · 35 minuter", "Berättelserna",
        "Provberättelse, 16 Om en ung person som testerna hittar på.",
        "Första mötet Kuratorn ser att Alex har en ny dyr telefon.", "Samtalet"])


@pytest.mark.parametrize("index, title", [(0, "Sex mot ersättning – provkurs: Skriftligt material"),
                                          (1, "Sex mot ersättning – provkurs: Gruppdiskussion – handledning")])
def test_metadata_title_language_tags_and_no_dates(rendered, index, title):
    info = pdf_info(rendered[index])
    assert info["Title"] == title
    assert info["Tagged"] == "yes"
    assert "CreationDate" not in info and "ModDate" not in info
    objects = pdf_objects(rendered[index])
    assert b"/Lang (sv)" in objects
    assert b'pdfuaid:part="1"' in objects, "PDF/UA-1 identification in the XMP metadata"
    assert b"/DisplayDocTitle true" in objects, "viewers show the title, not the file name"


def test_the_same_sources_give_the_same_bytes(rendered, tmp_path):
    again = render_course_pdfs(make_course(tmp_path), tmp_path / "out")
    for first, second in zip(rendered, again):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_renders_without_django_settings(tmp_path):
    """The builder's command line runs without a Django project; the templates must not need one."""
    course = make_course(tmp_path)
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(COURSES.parents[1])
    subprocess.run([sys.executable, "-c", "import sys; from course_export.pdf import render_course_pdfs; "
                    "render_course_pdfs(sys.argv[1], sys.argv[2])", str(course), str(tmp_path / "out")],
                   env=env, check=True, capture_output=True)
    assert "Sammanlagt 60 minuter" in pdf_text(tmp_path / "out" / "sexmot-provkurs-gruppdiskussion.pdf")


@pytest.mark.parametrize("missing, message", [
    ("sources.md", "sources.md: the file is missing"),
    ("chapters/01-omfattning-och-arenor.md", None),
])
def test_a_missing_source_is_named(tmp_path, missing, message):
    files = {name: text for name, text in SYNTHETIC.items() if name != missing}
    course = make_course(tmp_path, files)
    if message:
        with pytest.raises(PdfError, match=message):
            render_written_material(course, tmp_path / "out")
    else:
        render_written_material(course, tmp_path / "out")  # one chapter fewer is still a document
        assert "Omfattning och arenor" not in pdf_text(tmp_path / "out" / pdf_file_names("provkurs")[0])
    assert not list((tmp_path / "out").glob(".*")), "no half-written file"


@pytest.mark.parametrize("name, text, message", [
    ("about.md", "Ingen rubrik\n", r"about\.md: course Markdown must start with a '# Title' line"),
    ("group/exercises.yaml", "exercises: [{kind: quiz, title: T, minutes: 5}]", "'kind' must be one of"),
    ("group/exercises.yaml", "exercises: [{kind: discussion, title: T, minutes: 0}]", "'minutes'"),
    ("group/exercises.yaml", "exercises: [{kind: discussion, title: T, minutes: 5, story: saknas}]",
     r"saknas\.yaml: the file is missing"),
    ("group/exercises.yaml", "exercises: [{kind: discussion, title: T, minutes: 5, story: ../about}]",
     "is not a story id"),
    ("course.yaml", "title: [", "course.yaml: not valid YAML"),
])
def test_unusable_sources_are_named(tmp_path, name, text, message):
    course = make_course(tmp_path, {**SYNTHETIC, name: text})
    with pytest.raises(PdfError, match=message):
        render_course_pdfs(course, tmp_path / "out")


REQUIRED = ["course.yaml", "about.md", "support.md", "sources.md", "group/facilitator.md", "group/exercises.yaml"]


@pytest.mark.parametrize("slug", ["barn-och-unga", "vuxna"])
def test_the_real_courses_print(slug, tmp_path):
    course = COURSES / slug
    missing = [name for name in REQUIRED if not (course / name).is_file()]
    if len(list((course / "chapters").glob("*.md"))) < 6:
        missing.append("chapters/ (six chapters)")
    assert not missing, f"course {slug} is missing {', '.join(missing)}"
    written, guide = render_course_pdfs(course, tmp_path)
    text = pdf_text(written)
    for chapter in sorted((course / "chapters").glob("*.md")):
        assert chapter.read_text(encoding="utf-8").splitlines()[0].removeprefix("# ").strip() in text
    assert "(Källa: " in text
    guide_text = pdf_text(guide)
    citations = " ".join(re.findall(r"\(Källa: [^)]*\)", text + guide_text))
    keys = readable_source_names((course / "sources.md").read_text(encoding="utf-8"))
    assert [key for key in keys if re.search(rf"\b{re.escape(key)}\b", citations)] == []
    assert "Övningarna" in guide_text and "Tidsplan" in guide_text
    for path in (written, guide):
        assert path.stat().st_size < 2_000_000
