"""The Tutor plugin ``sexmot``: puts the XBlocks into the Open edX image and imports the two courses.

A distribution of its own (``tutor-contrib-sexmot``), installed where Tutor
runs, as Tutor plugins are; the XBlocks' distribution, ``sexmot-xblocks``, is
what the plugin installs into the image. The import job's first step runs in
the CMS container from that distribution (``sexmot_xblocks.command_line.course_tarballs``),
because Tutor is not installed there.
"""
