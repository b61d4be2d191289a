from bench.build_cost import Size, format_sizes, size_growth
from bench.harness import Runs, Sample


def _size(entries: int, site: float, plain: float) -> Size:
    return Size(
        entries,
        Runs("site", (Sample(site, site + 1, 2048), Sample(site, site, 4096))),
        Runs("plain", (Sample(plain, plain, 1024),)),
    )


def test_the_table_gives_per_entry_costs_the_ratio_and_the_growth() -> None:
    small, large = _size(1000, 30.0, 20.0), _size(10000, 360.0, 200.0)
    assert size_growth(small, large) == 1.2
    rows = format_sizes([small, large]).splitlines()
    assert rows[2] == "| 1,000 | 30.0 s | 30.0 ms | 20.0 s | 20.0 ms | 1.50 | 4 MiB / 1 MiB |"
    assert rows[3] == "| 10,000 | 360.0 s | 36.0 ms | 200.0 s | 20.0 ms | 1.80 | 4 MiB / 1 MiB |"
    assert rows[-1] == "per-entry cost at 10,000 against 1,000: 1.20 (1.00 is linear)"
