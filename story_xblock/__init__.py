"""The story-with-film XBlock (``sexmot_story``)."""
