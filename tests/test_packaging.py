"""The extras install what their code imports: ``pip install ".[course]"`` is enough to build the courses.

docs/course-export.md tells a maintainer to install the ``course`` extra. Every
module the course builder and checker import (at the top of a file or inside a
function) must then come from the package's own requirements or that extra,
followed through the installed packages' own requirements.
"""
import ast
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPOSITORY = Path(__file__).resolve().parents[1]
FIRST_PARTY = {"sexmot_xblocks", "reflection_xblock", "story_xblock", "course_export", "sexmot_bench"}


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def imported_top_level_modules(folder):
    """Every top-level module ``folder``'s Python files import, first-party and standard library left out."""
    modules = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules - FIRST_PARTY - set(sys.stdlib_module_names)


def installed_closure(distribution, extras):
    """The distributions ``pip install "<distribution>[<extras>]"`` brings, as the installed metadata says."""
    seen, pending = set(), [(distribution, frozenset(extras))]
    while pending:
        name, wanted = pending.pop()
        if (canonical(name), wanted) in seen:
            continue
        seen.add((canonical(name), wanted))
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if not requirement.marker or any(requirement.marker.evaluate({"extra": extra}) for extra in {"", *wanted}):
                pending.append((requirement.name, frozenset(requirement.extras)))
    return {name for name, _extras in seen}


@pytest.mark.parametrize("folder, extras", [("course_export", {"course"})])
def test_an_extra_installs_every_module_its_code_imports(folder, extras):
    providers = metadata.packages_distributions()
    installed = installed_closure("sexmot-xblocks", extras)
    missing = {module: providers.get(module) for module in imported_top_level_modules(REPOSITORY / folder)
               if not {canonical(dist) for dist in providers.get(module, [])} & installed}
    assert missing == {}, f"modules of {folder}/ that pip install '.[{','.join(extras)}]' does not bring"
