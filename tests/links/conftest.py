from __future__ import annotations

from collections.abc import Iterator

import pytest

from .servers import Servers


@pytest.fixture
def servers() -> Iterator[Servers]:
    pool = Servers(lifetime=120)
    yield pool
    pool.stop()
