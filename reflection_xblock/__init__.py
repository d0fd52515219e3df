"""The anonymous reflection exercise XBlock (``sexmot_reflection``)."""
