"""Django app registration, for Open edX and for the preview."""
from django.apps import AppConfig


class SexmotXBlocksConfig(AppConfig):
    """The storage app for shared, anonymous data of the sexmot XBlocks.

    Open edX finds it through the ``lms.djangoapp`` and ``cms.djangoapp`` entry
    points, so that ``pip install`` plus ``migrate`` is all an operator does.
    ``plugin_app`` (edx-django-utils' plugin settings, spelled out so that the
    package needs edx-django-utils only where the platform has it) asks for no
    URLs or settings, and in the LMS connects one receiver: the platform's
    ``CERTIFICATE_CREATED`` event counts a completion in the course's reach at
    once (``reach_completion.count_certified_completion``).
    """

    name = "sexmot_xblocks.storage"
    label = "sexmot_xblocks"
    verbose_name = "Sex mot ersättning XBlocks"
    default_auto_field = "django.db.models.BigAutoField"
    plugin_app = {
        "signals_config": {  # PluginSignals.CONFIG
            "lms.djangoapp": {  # ProjectType.LMS
                "relative_path": "reach_completion",
                "receivers": [{
                    "receiver_func_name": "count_certified_completion",
                    "signal_path": "openedx_events.learning.signals.CERTIFICATE_CREATED",
                }],
            },
        },
    }

    def ready(self):
        """Register the package's deployment checks (``checks``)."""
        from . import checks  # noqa: F401, PLC0415  (registers the checks once the app is ready)
