from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.building import build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture entries built once with the real configuration."""
    return build_site(tmp_path_factory.mktemp("site"))
