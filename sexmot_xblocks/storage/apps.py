"""Django app registration, for Open edX and for the preview."""
from django.apps import AppConfig


class SexmotXBlocksConfig(AppConfig):
    """The storage app for shared, anonymous data of the sexmot XBlocks.

    Open edX finds it through the ``lms.djangoapp`` and ``cms.djangoapp`` entry
    points, so that ``pip install`` plus ``migrate`` is all an operator does;
    the empty ``plugin_app`` says it needs no URLs or settings of its own.
    """

    name = "sexmot_xblocks.storage"
    label = "sexmot_xblocks"
    verbose_name = "Sex mot ersättning XBlocks"
    default_auto_field = "django.db.models.BigAutoField"
    plugin_app = {}

    def ready(self):
        """Register the package's deployment checks (``checks``)."""
        from . import checks  # noqa: F401, PLC0415  (registers the checks once the app is ready)
