"""Tests for the course Markdown converter shared by the OLX units and the PDFs."""

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_export.markup import markdown_to_html, plain_citations, source_keys, split_title

#: Everything the course format can produce; anything else in the output came from the author's raw HTML.
FORMAT_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code", "pre", "blockquote", "ul",
               "ol", "li", "a", "img", "hr", "br", "cite", "table", "thead", "tbody", "tr", "th", "td"}
FORMAT_ATTRIBUTES = {"href", "src", "alt", "title", "class", "style"}


def elements(html):
    """The elements of an HTML fragment, as a real HTML parser (the browser's view) sees them."""
    return [node for node in lxml.html.fragment_fromstring(html, create_parent="div").iter() if
            isinstance(node.tag, str)][1:]


def test_prose_headings_lists_and_example_questions():
    html = markdown_to_html("## Att fråga\n\nFråga *rakt* och **lugnt**:\n\n"
                            "- om pengar\n- om boende\n\n> Har någon gett dig pengar för sex?\n")
    assert "<h2>Att fråga</h2>" in html
    assert "<em>rakt</em>" in html and "<strong>lugnt</strong>" in html
    assert "<li>om pengar</li>" in html
    assert "<blockquote>\n<p>Har någon gett dig pengar för sex?</p>\n</blockquote>" in html


def test_heading_offset_nests_the_text_under_the_page_heading():
    html = markdown_to_html("## Avsnitt\n\n### Underavsnitt\n\n###### Djupast\n", heading_offset=1)
    assert [node.tag for node in elements(html)] == ["h3", "h4", "h6"]
    with pytest.raises(ValueError):
        markdown_to_html("# Rubrik", heading_offset=-1)


def test_tables():
    html = markdown_to_html("| Lag | Vad |\n|---|---|\n| SoL | Socialtjänstlagen |\n")
    assert [node.tag for node in elements(html)][:4] == ["table", "thead", "tr", "th"]
    assert "<td>Socialtjänstlagen</td>" in html


def test_citations_are_visible_and_collected():
    text = ("Köp av sexuell tjänst är brottsligt [Källa: BrB 6 kap. 11 §]. "
            "Siffrorna varierar [Källa: socialstyrelsen-2015, sou-2021]. "
            "I kod räknas det inte: `[Källa: exempel]`.")
    html = markdown_to_html(text)
    assert '<cite class="sexmot-source">(Källa: BrB 6 kap. 11 §)</cite>' in html
    assert '<cite class="sexmot-source">(Källa: socialstyrelsen-2015, sou-2021)</cite>' in html
    assert "<code>[Källa: exempel]</code>" in html
    assert source_keys(text) == {"BrB 6 kap. 11 §", "socialstyrelsen-2015", "sou-2021"}


def test_a_citation_is_never_taken_for_a_reference_link():
    text = "Påstående [Källa: x].\n\n[Källa: x]: https://example.org/\n"
    html = markdown_to_html(text)
    assert "<a" not in html and '<cite class="sexmot-source">(Källa: x)</cite>' in html


def test_an_empty_citation_stays_text():
    assert markdown_to_html("Se [Källa: ]") == "<p>Se [Källa: ]</p>"
    assert source_keys("Se [Källa: ]") == set()


@pytest.mark.parametrize("raw", [
    "<script>alert(1)</script>",
    "Text <b onmouseover=alert(1)>fet</b>",
    '<img src="x" onerror="alert(1)">',
    "<div>\n<iframe src=https://example.org></iframe>\n</div>",
    "<!-- dold kommentar -->",
])
def test_raw_html_is_shown_as_text(raw):
    html = markdown_to_html(raw)
    assert {node.tag for node in elements(html)} <= {"p"}
    assert "&lt;" in html


@pytest.mark.parametrize("text", [
    "[klicka](javascript:alert(1))",
    "[klicka](JaVaScRiPt:alert(1))",
    "[klicka](java\tscript:alert(1))",
    "[klicka](data:text/html;base64,PHNjcmlwdD4=)",
    "[klicka][ref]\n\n[ref]: vbscript:msgbox(1)",
    "![bild](javascript:alert(1))",
])
def test_unsafe_link_addresses_are_dropped(text):
    for node in elements(markdown_to_html(text)):
        assert node.get("href") is None and node.get("src") is None


def test_web_mail_and_relative_links_are_kept():
    html = markdown_to_html("[1177](https://www.1177.se/) [mejl](mailto:a@example.org) [bilaga](/static/a.pdf)")
    assert [node.get("href") for node in elements(html) if node.tag == "a"] == [
        "https://www.1177.se/", "mailto:a@example.org", "/static/a.pdf"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcscriptonerrorimg:[]()!`&#;\n-*|")), max_size=80))
def test_no_input_produces_markup_outside_the_format(text):
    for node in elements(markdown_to_html(text)):
        assert node.tag in FORMAT_TAGS, text
        assert set(node.attrib) <= FORMAT_ATTRIBUTES, text
        for attribute in ("href", "src"):
            assert ":" not in (node.get(attribute) or "").split("/")[0], text


def test_split_title():
    assert split_title("# Vem möter vi?\n\nBrödtext.\n") == ("Vem möter vi?", "Brödtext.\n")
    assert split_title("  # Att fråga ##\n## Avsnitt\n") == ("Att fråga", "## Avsnitt\n")
    assert split_title("# Bara titel") == ("Bara titel", "")


@pytest.mark.parametrize("text", ["Ingen rubrik\n", "## Nivå två\n", "#\n\nText", "#Utan mellanslag\n"])
def test_split_title_requires_a_level_one_heading(text):
    with pytest.raises(ValueError, match="# Title"):
        split_title(text)


def test_a_plain_text_reads_its_sources_by_name_as_the_html_does():
    """Questions and hints are plain text in the OLX: their citations read as in the course's pages."""
    names = {"jamy-stodtelefon": "Jämställdhetsmyndigheten: Stödtelefon"}
    text = "Ring stödtelefonen [Källa: jamy-stodtelefon, BrB 6 kap. 11 §]. Se [Källa: ]"
    assert plain_citations(text, names) == (
        "Ring stödtelefonen (Källa: Jämställdhetsmyndigheten: Stödtelefon, BrB 6 kap. 11 §). Se [Källa: ]")
    assert f"<p>{plain_citations(text, names)}</p>" == markdown_to_html(text, source_names=names).replace(
        '<cite class="sexmot-source">', "").replace("</cite>", "")
