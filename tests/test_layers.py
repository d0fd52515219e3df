"""The layers of the package hold: import-linter's contracts in ``.importlinter``, checked on every run."""
import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def lint_imports(config):
    """``lint-imports`` on ``config`` from the project's root; (exit code, report)."""
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter), "--config", str(config), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return done.returncode, done.stdout + done.stderr


@pytest.mark.slow  # import-linter's command line
def test_every_contract_of_the_layers_is_kept():
    code, report = lint_imports(ROOT / ".importlinter")
    assert code == 0 and "0 broken" in report, report


@pytest.mark.slow  # import-linter's command line
def test_the_linter_reports_a_broken_contract(tmp_path):
    """Self-test: an import that exists (the story block uses the shared sanitizer), forbidden, must be caught."""
    config = tmp_path / "broken.ini"
    config.write_text(
        "[importlinter]\nroot_packages =\n    story_xblock\n    sexmot_xblocks\ninclude_external_packages = False\n\n"
        "[importlinter:contract:probe]\nname = probe\ntype = forbidden\nsource_modules =\n    story_xblock\n"
        "forbidden_modules =\n    sexmot_xblocks.toolkit.sanitize\n", encoding="utf-8")
    code, report = lint_imports(config)
    assert code != 0 and "BROKEN" in report, report


def test_every_module_of_the_storage_app_but_its_api_is_private():
    """A module added to the storage app is kept from the rest of the package until it is named in its ``api``."""
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    protected = set(config["importlinter:contract:storage-behind-its-api"]["protected_modules"].split())
    storage = ROOT / "sexmot_xblocks" / "storage"
    children = {f"sexmot_xblocks.storage.{path.stem}" for path in storage.glob("*.py") if path.stem != "__init__"}
    children |= {f"sexmot_xblocks.storage.{path.parent.name}" for path in storage.glob("*/__init__.py")}
    assert protected == children - {"sexmot_xblocks.storage.api"}


def test_every_handler_of_both_blocks_declares_who_may_call_it():
    """A handler without a declared role would be open to anyone who finds its URL."""
    from reflection_xblock.block import ReflectionXBlock  # noqa: PLC0415
    from sexmot_xblocks.toolkit.handlers import ACTION_HANDLER  # noqa: PLC0415
    from story_xblock.block import StoryXBlock  # noqa: PLC0415

    for block in (ReflectionXBlock, StoryXBlock):
        # The one handler of JSON actions runs only the actions (``json_action``), each with its own role.
        handlers = {name: getattr(block, name) for name in dir(block)
                    if name != ACTION_HANDLER and (getattr(getattr(block, name, None), "_is_xblock_handler", False)
                                                   or getattr(getattr(block, name, None), "json_action", None) == name)}
        assert handlers, block
        undeclared = sorted(name for name, handler in handlers.items() if getattr(handler, "role", None) is None)
        assert not undeclared, (block.__name__, undeclared)
