"""``docs/architecture.md`` stays true: every module of the runtime packages is named on it, every path it
names exists, and every claim it makes about who imports what is a contract of ``.importlinter``.

A newcomer finds each rule in the place the page names; a module added, moved or removed without the page
following fails here, and so does a contract added or dropped on one side only.
"""
import configparser
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
#: The packages the wheel holds: what the LMS runs.
RUNTIME_PACKAGES = ("reflection_xblock", "story_xblock", "sexmot_xblocks")
#: A migration's job is its name: the page names the folder that holds them.
MIGRATIONS = ROOT / "sexmot_xblocks" / "storage" / "migrations"
#: The repository's folders whose files the page names (``var/`` is made by the Makefile, not kept).
FOLDERS = (*RUNTIME_PACKAGES, "course_export", "devtools", "tutor-contrib-sexmot", "tests", "bench", "docs")
#: Every path in backquotes that begins with one of those folders.
NAMED_PATHS = sorted({
    match for match in re.findall(r"`([A-Za-z_][\w.-]*/[^`\s]*)`", PAGE)
    if match.split("/")[0] in FOLDERS and not re.search(r"[<>*…#]", match)
})


def runtime_modules():
    """Every module of the runtime packages a reader looks for: package docstrings and migrations aside."""
    for package in RUNTIME_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name != "__init__.py" and path.parent != MIGRATIONS:
                yield path.relative_to(ROOT).as_posix()


def contract_names(config_path):
    config = configparser.ConfigParser()
    config.read(config_path, encoding="utf-8")
    return {config[section]["name"] for section in config.sections() if section.startswith("importlinter:contract:")}


def page_contract_names(page):
    """The bullet list under the page's ``### Import contracts`` heading."""
    section = page.split("### Import contracts", 1)[1].split("\n#", 1)[0]
    return {line[2:].strip() for line in section.splitlines() if line.startswith("- ")}


@pytest.mark.parametrize("module", list(runtime_modules()))
def test_every_module_of_the_runtime_packages_is_named_on_the_page(module):
    assert f"`{module}`" in PAGE, f"docs/architecture.md does not name {module}: add it with its job"


def test_the_migrations_are_named_by_their_folder():
    assert "`sexmot_xblocks/storage/migrations/`" in PAGE and any(MIGRATIONS.glob("0*.py"))


@pytest.mark.parametrize("named", NAMED_PATHS)
def test_every_path_the_page_names_exists(named):
    assert (ROOT / named.rstrip("/")).exists(), f"docs/architecture.md names {named}, which does not exist"


def test_the_page_names_paths_at_all():
    """The two tests above look at something: the page's paths in backquotes are found."""
    assert len(NAMED_PATHS) > 50 and "sexmot_xblocks/storage/api.py" in NAMED_PATHS


def test_the_page_s_import_claims_are_the_contracts_and_every_contract_is_on_the_page():
    on_page, contracts = page_contract_names(PAGE), contract_names(ROOT / ".importlinter")
    assert on_page == contracts, {"on the page only": on_page - contracts, "in .importlinter only": contracts - on_page}


def test_a_contract_missing_from_the_page_is_reported(tmp_path):
    """Self-test: a contract in the configuration that the page does not list makes the two sides differ."""
    config = tmp_path / "extra.ini"
    config.write_text((ROOT / ".importlinter").read_text(encoding="utf-8")
                      + "\n[importlinter:contract:probe]\nname = A probe\ntype = forbidden\n", encoding="utf-8")
    assert contract_names(config) - page_contract_names(PAGE) == {"A probe"}
