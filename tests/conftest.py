"""pytest fixtures and hypothesis profiles; the helpers tests import are in tests/helpers.py."""

from __future__ import annotations

import os

import pytest
from helpers import CliResult
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("IPSCORE_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def _rules_cache(tmp_path_factory):
    """The cache of parsed rule files (ipscore.rules_cache) in a fresh directory, not the user's:
    the first load of each bundled file parses it, later ones (other processes too) use it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IPSCORE_CACHE_DIR", str(tmp_path_factory.mktemp("ipscore-cache")))
        yield


@pytest.fixture
def cli(capsys):
    """Run ``ipscore ARGS`` in this process and return its exit code and output."""
    from ipscore.cli import main

    def run(*args: str) -> CliResult:
        code = main([str(arg) for arg in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
