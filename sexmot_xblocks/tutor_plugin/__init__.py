"""The Tutor plugin ``sexmot``: puts this package into the Open edX image and imports the two courses.

Two halves run in two places. :mod:`.plugin` runs on the operator's machine
inside Tutor (it imports ``tutor``); :mod:`.course_tarballs` runs inside the
CMS job container, where Tutor is not installed. This ``__init__`` imports
neither, so each half loads where the other's dependencies are missing.
"""
