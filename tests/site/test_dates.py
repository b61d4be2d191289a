import datetime as dt
from pathlib import Path

import lxml.html
import pytest

from build_tools.site.dates import shown_date
from tests.site.building import build_config, site_config_text, write_docs

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


def test_a_site_in_another_language_dates_its_entry_pages_in_that_language(
    tmp_path: Path,
) -> None:
    docs_dir, site_dir = tmp_path / "content", tmp_path / "site"
    write_docs(docs_dir)
    config = site_config_text(docs_dir, site_dir).replace("  language: en\n", "  language: de\n")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    build_config(tmp_path / "mkdocs.yml")
    page = lxml.html.parse(str(site_dir / "entries" / "2017" / "budget-vote" / "index.html"))
    published = page.getroot().cssselect(".st-byline time")[0]
    assert (published.get("datetime"), published.text) == ("2017-01-20", "20. Januar 2017")
