"""No page asks a host other than the site's own: Google Fonts, unpkg and other CDNs
are blocked or slow in mainland China, and a page waiting on them never finishes loading."""
import pytest

from .support import DATA, HOST, PAGES, RECORD_EXAMPLES

pytestmark = pytest.mark.browser


def test_the_example_records_exist_in_the_data():
    missing = [f"data/{kind}/{rid}.yml" for kind, rid in RECORD_EXAMPLES.items()
               if not (DATA / kind / f"{rid}.yml").is_file()]
    assert missing == []


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_everything_from_the_site_itself(shared_page, path):
    page, response, traffic = shared_page(path)
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    page.wait_for_load_state("networkidle")
    # The page really loaded its styles and scripts (so the check below saw them).
    assert any("/assets/stylesheets/" in url for url in traffic.requests)
    assert any("/assets/javascripts/" in url for url in traffic.requests)
    assert [url for url in traffic.requests if not url.startswith(f"http://{HOST}:")] == []
    assert not traffic.problems(), "\n".join(traffic.problems())
