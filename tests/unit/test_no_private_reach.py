"""No module of the runtime packages reaches into another package's private names.

An AST scan of ``reflection_xblock``, ``story_xblock`` and ``sexmot_xblocks``: every attribute
``x._name`` (and every ``getattr``/``hasattr``/``setattr`` of ``"_name"``) must name something these
packages define themselves (their own functions, classes, constants and instance attributes); a
function's ``__wrapped__`` unwraps another package's decorator and is refused too. ``ALLOWED`` lists the
few reaches no public API replaces yet, each with the reason; ``docs/upstream-proposals.md`` asks the
upstream projects for the public API that would end each of them.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_PACKAGES = ("reflection_xblock", "story_xblock", "sexmot_xblocks")
ATTRIBUTE_FUNCTIONS = {"getattr", "hasattr", "setattr", "delattr"}

#: (module, name) → why no public API serves. Keep it short; each entry is a proposal upstream.
ALLOWED = {
    ("sexmot_xblocks/toolkit/templates.py", "_active"):
        "Django activates a translation by language code only; the cached render activates the block's merged "
        "translation for this thread (upstream proposal: a cached render with the block's catalogue in xblock.utils).",
    ("sexmot_xblocks/toolkit/templates.py", "_catalog"):
        "The i18n service names no public catalogue; the merged translation is kept per catalogue (same proposal).",
    ("sexmot_xblocks/toolkit/learner_state.py", "_clear_dirty_fields"):
        "XBlock has no public way to drop unsaved changes: a failed write must leave nothing for the runtime's save "
        "after the handler (upstream proposal: XBlock.discard_unsaved_changes).",
    ("sexmot_xblocks/toolkit/handlers.py", "_clear_dirty_fields"): "As in learner_state.py.",
}
#: Django's documented model API (``Model._meta``, "Model _meta API"), public despite its underscore.
DOCUMENTED_PUBLIC = {"_meta"}


def runtime_modules():
    for package in RUNTIME_PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def is_private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def own_private_names(trees):
    """Every private name the runtime packages define: functions, classes, variables and attributes they set."""
    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.alias):
                names.add(node.asname or node.name.split(".")[-1])
    return {name for name in names if is_private(name)}


def reaches(tree):
    """``(line, name)`` of every private attribute a module reads or sets, and of every ``__wrapped__``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (is_private(node.attr) or node.attr == "__wrapped__"):
            yield node.lineno, node.attr
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ATTRIBUTE_FUNCTIONS
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
              and isinstance(node.args[1].value, str) and is_private(node.args[1].value)):
            yield node.lineno, node.args[1].value


def private_reaches(sources):
    """``{(module, name): [lines]}`` of private names of other packages that ``sources`` (path → text) reach."""
    trees = {path: ast.parse(text) for path, text in sources.items()}
    own = own_private_names(trees.values())
    found = {}
    for path, tree in trees.items():
        for line, name in reaches(tree):
            if name == "__wrapped__" or (name not in own and name not in DOCUMENTED_PUBLIC):
                found.setdefault((path, name), []).append(line)
    return found


def test_no_runtime_module_reaches_a_private_name_of_another_package():
    sources = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in runtime_modules()}
    found = private_reaches(sources)
    assert {key: lines for key, lines in found.items() if key not in ALLOWED} == {}
    assert set(ALLOWED) <= set(found), "an allowed reach is gone: take it off the list"


def test_the_scan_finds_a_reach_a_wrapped_handler_and_a_private_getattr():
    found = private_reaches({"m.py": (
        "from django.utils.translation import trans_real\n"
        "class Block:\n"
        "    def _own(self):\n"
        "        return self._own, trans_real._active, Mixin.save.__wrapped__, getattr(service, '_catalog', None)\n")})
    assert set(found) == {("m.py", "_active"), ("m.py", "__wrapped__"), ("m.py", "_catalog")}
