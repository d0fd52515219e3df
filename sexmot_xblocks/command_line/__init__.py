"""The operator's command-line steps, run as ``python -m sexmot_xblocks.command_line.<step>`` where Open edX is
installed (the Tutor import job's first step). Standard library and lxml only: no Django, no XBlock."""
