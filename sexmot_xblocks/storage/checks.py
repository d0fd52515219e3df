"""The package's deployment checks (Django's system checks): a production site's cache must be shared.

The handlers' brakes (``sexmot_xblocks.toolkit.rate_limit``: writes per learner and block, wrong
group-session codes) count in Django's default cache, atomically. In a cache of one process
(``LocMemCache``) each of the LMS's processes counts on its own, so a guesser spread over them gets
the limit once per process; in ``DummyCache`` nothing counts at all. Where ``DEBUG`` is off such a
cache is an error: ``manage.py check`` and every start of the LMS and Studio refuse it.
"""
from django.conf import settings
from django.core import checks

#: Django's cache backends whose counts stay in one process, or are never kept.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
#: The cache the brakes count in (``django.core.cache.cache``).
RATE_LIMIT_CACHE = "default"


@checks.register(checks.Tags.caches)
def rate_limit_cache_is_shared(app_configs=None, **kwargs):
    """An error when the rate limits would count in a per-process cache on a site that does not debug."""
    backend = settings.CACHES.get(RATE_LIMIT_CACHE, {}).get("BACKEND", "")
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [checks.Error(
        f"The {RATE_LIMIT_CACHE!r} cache is {backend}: the sexmot XBlocks' rate limits would count per process.",
        hint="Set CACHES['default'] to a cache all processes share (Redis or Memcached, as Tutor configures it).",
        obj="CACHES", id="sexmot_xblocks.E001",
    )]
