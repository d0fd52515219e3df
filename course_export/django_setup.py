"""The course tools load our blocks, whose storage app is a Django app: Django is set up once, on first need.

The blocks' modules ask Django's translation machinery for their field labels as they are imported, so
the settings must be chosen before any of them is imported, not only before Django is set up: the
command line calls :func:`choose_settings` first of all (``make`` exports the same module, the tests'
configuration names it too).
"""
import os

#: The preview's settings: the XBlock SDK workbench plus our storage app; a caller may choose others.
PREVIEW_SETTINGS = "devtools.preview.settings"


def choose_settings():
    """Use the preview's settings unless the environment already names a settings module."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", PREVIEW_SETTINGS)


def ensure_django():
    """Set Django up with the chosen settings (the preview's unless a caller chose others), once."""
    choose_settings()
    import django  # noqa: PLC0415
    from django.apps import apps  # noqa: PLC0415

    if not apps.ready:
        django.setup()
