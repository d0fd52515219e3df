"""Blocks on a plain XBlock runtime: no workbench, no HTTP, no database; for the unit tier.

Like ``make_block`` in xblock-drag-and-drop-v2's tests: the block's fields in a dict, XBlock's own
``TestRuntime`` around them, so a rule of the block is tested in microseconds.
"""
from xblock.field_data import DictFieldData
from xblock.fields import ScopeIds
from xblock.test.tools import TestRuntime


def make_block(block_class, **fields):
    """An instance of ``block_class`` with ``fields`` set, for the learner ``learner``."""
    runtime = TestRuntime(services={"field-data": DictFieldData(fields)})
    block_type = block_class.__name__.lower()
    return runtime.construct_xblock_from_class(
        block_class, ScopeIds("learner", block_type, f"{block_type}-def", f"{block_type}-usage"))
