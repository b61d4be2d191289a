import datetime as dt

import pytest

from build_tools.site.dates import shown_date

DAY = dt.date(2024, 6, 10)


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "June 10, 2024"),
        ("de", "10. Juni 2024"),
        ("de-DE", "10. Juni 2024"),
        ("pt-BR", "10 de junho de 2024"),
        ("not a language", "June 10, 2024"),
    ],
)
def test_a_day_reads_in_the_long_form_of_the_language(language: str, shown: str) -> None:
    assert shown_date(DAY, language) == shown
