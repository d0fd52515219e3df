"""The course tools load our blocks, whose storage app is a Django app: Django is set up once, on first need."""
import os


def ensure_django():
    """Set Django up with the preview's settings (unless a caller chose others), once."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "devtools.preview.settings")
    import django  # pylint: disable=import-outside-toplevel
    from django.apps import apps  # pylint: disable=import-outside-toplevel

    if not apps.ready:
        django.setup()
