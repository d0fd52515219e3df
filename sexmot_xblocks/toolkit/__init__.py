"""The XBlock toolkit both blocks build on: handlers, access, validation, templates, translations, Studio's
editors, OLX, sanitizing, course files and the brakes on writes. It keeps no rows of its own: what it
stores or asks of the anonymous storage goes through ``sexmot_xblocks.storage.api``."""
