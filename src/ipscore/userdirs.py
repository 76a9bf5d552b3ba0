"""Where ipscore keeps files of its own: the history file and the cache of parsed rule files.

Each place is an environment variable if set, else the user's data or cache directory
(platformdirs). Kept apart from the modules that use them, so that the command line can name the
variables in its help without importing SQLite or the cache.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_ENVIRONMENT = "IPSCORE_DB"
DB_NAME = "history.sqlite"


def history_file() -> Path:
    """``IPSCORE_DB`` if set, else ``history.sqlite`` in the user's data directory."""
    configured = os.environ.get(DB_ENVIRONMENT)
    if configured:
        return Path(configured)
    import platformdirs

    return platformdirs.user_data_path("ipscore") / DB_NAME


CACHE_ENVIRONMENT = "IPSCORE_CACHE_DIR"


def cache_dir() -> Path | None:
    """``IPSCORE_CACHE_DIR`` if set (set but empty: no cache), else the user's cache directory."""
    configured = os.environ.get(CACHE_ENVIRONMENT)
    if configured is not None:
        return Path(configured) if configured else None
    import platformdirs

    return platformdirs.user_cache_path("ipscore")
