"""Benchmarks of the sexmot XBlocks against the XBlocks an organization would otherwise pick.

Run with ``make bench`` (see ``docs/performance.md``). Nothing here is part of
the test suite's pass or fail: the figures depend on the machine.
"""
