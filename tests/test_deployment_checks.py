"""A production site whose rate limits would count per process is refused at start (``storage/checks.py``)."""
import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

SHARED = "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize("backend", ["django.core.cache.backends.locmem.LocMemCache",
                                     "django.core.cache.backends.dummy.DummyCache"])
def test_manage_py_check_refuses_a_per_process_cache_for_the_rate_limits_when_not_debugging(settings, backend):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": backend}}
    with pytest.raises(SystemCheckError, match="sexmot_xblocks.E001"):
        call_command("check", tags=["caches"])
    settings.DEBUG = True  # the preview and the tests: one process, and nothing to protect
    call_command("check", tags=["caches"])


def test_a_shared_cache_passes_the_check(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": SHARED, "LOCATION": "redis://127.0.0.1:6379"}}
    call_command("check", tags=["caches"])
