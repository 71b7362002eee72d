"""A file-based cache for meter records, for deployments without Redis.

Django's file-based cache lists its whole directory on every write to decide
whether to cull; with one file per anonymous reader that makes each new read
cost a directory scan. This one culls on one write in ``CULL_EVERY`` instead:
the directory may briefly hold a few hundred records over ``MAX_ENTRIES``.
"""

from __future__ import annotations

import random

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 500


class MeterFileCache(FileBasedCache):
    def _cull(self):
        if random.randrange(CULL_EVERY) == 0:
            super()._cull()
