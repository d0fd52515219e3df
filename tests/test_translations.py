"""Translations: every interface string is marked, every catalogue complete and compiled, Swedish on screen.

The catalogues live in sexmot_xblocks/toolkit/conf/locale (docs/decisions/0008-translations.md); ``make
translations`` extracts, merges and compiles them. These tests fail when a template or script shows text
that is not marked for translation, when a marked string is missing from a catalogue or has no Swedish,
and when a compiled file no longer matches its source.
"""
import gettext
import json
import re
import shutil
from html.parser import HTMLParser

import polib
import pytest

from devtools import i18n_build
from sexmot_xblocks.toolkit import i18n

REPOSITORY = i18n_build.REPOSITORY
PACKAGES = ("sexmot_xblocks/toolkit", "reflection_xblock", "story_xblock", "devtools")
TEMPLATES = sorted(
    path for package in PACKAGES for path in (REPOSITORY / package).rglob("templates/**/*.html")
)
SCRIPTS = sorted(
    path for package in PACKAGES for path in (REPOSITORY / package).glob("static/*.js")
)
#: Attributes whose value a person reads or hears.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-roledescription", "value"}


def catalogue(language, domain):
    return polib.pofile(str(i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"))


def test_the_templates_and_scripts_exist_where_this_test_looks():
    assert len(TEMPLATES) >= 8 and len(SCRIPTS) >= 7


# --- Marked for translation -------------------------------------------------------------------------

class VisibleText(HTMLParser):
    """The text of a template that reaches the reader, once Django's tags and variables are taken out."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        kinds = dict(attrs).get("type", "")
        for name, value in attrs:
            if name == "value" and kinds not in ("button", "submit", "reset"):
                continue  # a form value the server reads, not a label
            if name in READ_ATTRIBUTES and value and re.search(r"[A-Za-zÅÄÖåäö]{2}", value):
                self.found.append(f"{tag}[{name}]: {value}")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and re.search(r"[A-Za-zÅÄÖåäö]{2}", data):
            self.found.append(data.strip())


def unmarked_template_text(source):
    """Visible text left after removing comments, variables and every tag (``{% trans %}`` included)."""
    without_blocktrans = re.sub(r"{%\s*blocktrans.*?{%\s*endblocktrans\s*%}", " ", source, flags=re.S)
    parser = VisibleText()
    parser.feed(re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", without_blocktrans, flags=re.S))
    return parser.found


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_every_text_a_template_shows_is_marked_for_translation(template):
    assert unmarked_template_text(template.read_text(encoding="utf-8")) == []


def test_the_template_check_finds_unmarked_text():
    assert unmarked_template_text('<p>{% trans "Saved" %}</p><button title="Close">x</button><p>Submit now</p>') == [
        "button[title]: Close", "Submit now"]


STRING = re.compile(r"""(?P<quote>["'])(?P<text>(?:\\.|(?!(?P=quote)).)*)(?P=quote)""")


def unmarked_script_text(source):
    """String literals that read as sentences to a person but are not the argument of ``gettext``."""
    code = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", " ", source, flags=re.S)
    found = []
    for match in STRING.finditer(code):
        text = match.group("text")
        before = code[:match.start()].rstrip()
        if before.endswith("gettext("):
            continue
        # A sentence: words separated by spaces, one of them capitalised (not "use strict", "input, select").
        sentence = re.search(r"[A-Za-zÅÄÖåäö]{2,} [A-Za-zÅÄÖåäö]{2,}", text) and re.search(r"[A-ZÅÄÖ]", text)
        looks_like_code = re.search(r"[#\[\]=(){}<>/]", text)
        if sentence and not looks_like_code:
            found.append(text)
    return found


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_every_sentence_a_script_shows_goes_through_gettext(script):
    assert unmarked_script_text(script.read_text(encoding="utf-8")) == []


def test_the_script_check_finds_an_unmarked_sentence():
    source = 'say(gettext("Saved on this device")); node.textContent = "Nothing was sent"; q(".a b");'
    assert unmarked_script_text(source) == ["Nothing was sent"]


# --- Complete catalogues ------------------------------------------------------------------------------

@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_swedish_is_complete_and_english_has_every_message(domain):
    swedish, english = catalogue("sv", domain), catalogue("en", domain)
    assert swedish.untranslated_entries() == [] and swedish.fuzzy_entries() == []
    assert not swedish.metadata_is_fuzzy and swedish.metadata["Language"] == "sv"
    assert {entry.msgid for entry in swedish} == {entry.msgid for entry in english}
    for entry in swedish:
        placeholders = sorted(re.findall(r"%\(\w+\)s|\{\w+\}", entry.msgid))
        for text in [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values()):
            assert sorted(re.findall(r"%\(\w+\)s|\{\w+\}", text)) == placeholders, entry.msgid


@pytest.mark.django_db
def test_the_catalogues_hold_every_marked_string_of_the_code(tmp_path, monkeypatch):
    """Extract afresh into a copy: a string marked in the code but absent from the catalogues fails here."""
    copy = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, copy)
    monkeypatch.chdir(REPOSITORY)
    i18n_build.extract(copy)
    for domain in ("django", "djangojs"):
        fresh = {entry.msgid for entry in polib.pofile(str(copy / "sv" / "LC_MESSAGES" / f"{domain}.po"))}
        kept = {entry.msgid for entry in catalogue("sv", domain)}
        assert fresh - kept == set(), f"run `make translations` and translate: {sorted(fresh - kept)}"
        assert kept - fresh == set(), f"strings no longer in the code: run `make translations`: {sorted(kept - fresh)}"


def test_the_compiled_catalogues_match_their_sources():
    for path, content in i18n_build.outputs().items():
        assert path.read_bytes() == content, f"{path.relative_to(REPOSITORY)} is stale: run `make translations`"
    for language in i18n.LANGUAGES:
        path = i18n.PACKAGE_DIR / "static" / "js" / "translations" / language / "djangojs.js"
        assert path.read_text(encoding="utf-8") == i18n_build.javascript_catalogue(language), path


def test_open_edx_finds_each_block_s_swedish_where_its_i18n_service_looks():
    """The LMS's XBlockI18nService opens ``<block module's package>/translations`` with the domain ``text``."""
    for package in i18n.BLOCK_PACKAGES:
        swedish = gettext.translation("text", str(REPOSITORY / package / "translations"), ["sv"])
        assert swedish.gettext("Submit") == "Skicka in"
        assert swedish.ngettext("%(count)s person has answered.", "%(count)s people have answered.", 3) == (
            "%(count)s personer har svarat.")


# --- Swedish on screen ----------------------------------------------------------------------------------

EXERCISE = """<sexmot_reflection display_name="Övning" threshold="3">
  <statement id="s1">Jag vet vad jag ska fråga.</statement></sexmot_reflection>"""


@pytest.mark.swedish
def test_the_server_answers_in_swedish(load_scenario):
    preview = load_scenario(EXERCISE)
    assert "Skicka in" in preview.view()
    refused = preview.post("submit", {"answers": {}, "free_text": "", "sharing": "private"})
    assert refused.status_code == 400
    assert refused.json()["error"] == "Svara på alla påståenden innan du skickar in."
    visitor = preview.post("submit", {"answers": {"s1": 1}, "sharing": "private"}, student="none")
    assert visitor.json()["error"] == "Logga in för att delta i övningen."


@pytest.mark.swedish
@pytest.mark.django_db(transaction=True)
def test_a_learner_sees_the_scripts_messages_in_swedish(live_server, load_scenario, browser):
    preview = load_scenario(EXERCISE)
    page = browser.new_page()
    page.goto(f"{live_server.url}/view/{preview.name}/?student=sara")
    page.wait_for_selector(".sexmot-reflection")
    assert page.evaluate("typeof window.SexmotI18N.gettext") == "function"
    page.fill(".sexmot-reflection textarea", "Det här väcker tankar.")
    page.locator(".sexmot-draft-status").filter(has_text="Utkastet är sparat på den här enheten").wait_for()
    assert "Tecken kvar:" in page.locator(".sexmot-reflection").inner_text()
    page.click(".sexmot-reflection button[type=submit]")
    page.locator(".sexmot-reflection [role=alert], .sexmot-reflection [role=status]").filter(
        has_text="Svara på alla påståenden innan du skickar in.").first.wait_for()
    page.close()


def test_an_english_page_gets_no_script_catalogue_and_english_text(load_scenario):
    preview = load_scenario(EXERCISE)
    html = preview.view()
    assert "global.SexmotI18N" not in html and "Submit" in html
    assert json.dumps("Skicka in") not in html
