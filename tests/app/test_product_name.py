"""One product name in every place and language: the pages' title, brand and footer say
what the mails say, Hållbarhetsnätverket."""

import re

import pytest


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_pages_and_the_mails_name_the_product_alike(client, world, language):
    client.set_cookie("lang", language)
    page = client.get("/login", headers={"Accept-Language": language}).get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Hållbarhetsnätverket" in title
    assert '<span class="brand__name">Hållbarhetsnätverket</span>' in page
    assert "Hållbarhetsnätverken" not in page and "Sustainability networks" not in page
