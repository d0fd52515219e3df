"""The two courses of the training, as sources, and the tool that builds them into importable OLX.

``python -m course_export build`` (see :mod:`course_export.build`) turns
``courses/<slug>/`` into ``dist/sexmot-<slug>.tar.gz``; ``python -m
course_export check`` (see :mod:`course_export.check`) validates those
packages; ``docs/course-export.md`` explains both.
"""
