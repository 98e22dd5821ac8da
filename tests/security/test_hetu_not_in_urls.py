"""A henkilötunnus never in a URL nor in a log line (issue 11 item 7): the caseload search is
POSTed and the address carries a short-lived opaque search id; the sort and page links carry
the id, never the text; the log handlers mask a henkilötunnus in request lines and errors."""

from __future__ import annotations

import copy
import io
import json
import logging
import logging.config
from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client as HttpClient

from kotopolku.clients.models import Client
from kotopolku.config import settings as product_settings
from kotopolku.core.logfilter import mask_text
from tests.clients.conftest import api

HETU = "010190-999W"


@pytest.fixture
def found(add_client: Callable[..., Client]) -> Client:
    add_client(first_name="Other")  # a second client, so that a search narrows the list
    return add_client(first_name="Hetullinen", henkilotunnus=HETU, birth_date="1990-01-01")


def _names(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_the_search_form_posts_and_the_address_has_an_opaque_id(
    found: Client, sign_in: Callable[[str], HttpClient]
) -> None:
    browser = sign_in("counsellor.joensuu")
    page = _names(browser.get("/clients/"))
    assert 'method="post"' in page and "hx-post=" in page and "hx-get=" not in page
    response = browser.post("/clients/", {"q": HETU, "sort": "name", "municipality": "167"})
    assert response.status_code == 303
    address = response["Location"]
    assert HETU not in address and "999W" not in address and "s=" in address
    assert "municipality=167" in address
    result = browser.get(address)
    text = _names(result)
    assert "Hetullinen" in text and "Other" not in text
    assert HETU not in text.replace(f'value="{HETU}"', "")  # only in the search box itself


def test_htmx_pushes_the_opaque_address(
    found: Client, sign_in: Callable[[str], HttpClient]
) -> None:
    browser = sign_in("counsellor.joensuu")
    response = browser.post("/clients/", {"q": HETU}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Hetullinen" in _names(response)
    pushed = response["HX-Push-Url"]
    assert pushed.startswith("/clients/?s=") and HETU not in pushed
    assert HETU not in _names(response)  # the fragment's sort links carry the id


def test_an_old_link_with_the_code_is_not_copied_into_the_page_links(
    found: Client, sign_in: Callable[[str], HttpClient]
) -> None:
    browser = sign_in("counsellor.joensuu")
    response = browser.get("/clients/", {"q": HETU, "sort": "name"})
    assert response.status_code == 303  # replaced by the opaque address at once
    assert HETU not in response["Location"] and "s=" in response["Location"]
    text = _names(browser.get(response["Location"]))
    assert "Hetullinen" in text and "Other" not in text
    assert f"q={HETU}" not in text and "q=010190" not in text


def test_an_unknown_or_expired_search_id_shows_no_search(
    found: Client, sign_in: Callable[[str], HttpClient]
) -> None:
    browser = sign_in("counsellor.joensuu")
    text = _names(browser.get("/clients/", {"s": "made-up"}))
    assert "Hetullinen" in text and "Other" in text


def test_a_search_id_belongs_to_its_session(
    found: Client, sign_in: Callable[[str], HttpClient]
) -> None:
    first = sign_in("counsellor.joensuu")
    address = first.post("/clients/", {"q": HETU})["Location"]
    other = sign_in("counsellor.joensuu")
    assert "Other" in _names(other.get(address))  # the other session does not know the id


@pytest.mark.parametrize(
    "line",
    [
        f'"GET /clients/?q={HETU} HTTP/1.1" 500 1234',
        "GET /clients/?q=010190y999w",
        "q=131052%2B308T&sort=name",
        f"Internal Server Error: /clients/{HETU}/",
    ],
)
def test_the_log_masks_a_henkilotunnus(line: str) -> None:
    masked = mask_text(line)
    assert "999W" not in masked.upper() and "308T" not in masked and "[henkilötunnus]" in masked


def test_the_configured_log_handlers_mask_request_lines_and_tracebacks() -> None:
    stream = io.StringIO()
    # the product's configuration (the test settings silence logging)
    config = copy.deepcopy(product_settings.LOGGING)
    for handler in config["handlers"].values():
        handler["stream"] = stream
    logging.config.dictConfig(config)
    try:
        try:
            raise ValueError(f"no client {HETU}")
        except ValueError:
            logging.getLogger("django.request").error(
                "Internal Server Error: %s", f"/clients/?q={HETU}", exc_info=True
            )
        logging.getLogger("django.server").error('"GET /clients/?q=%s HTTP/1.1" 500', HETU)
    finally:
        logging.config.dictConfig(settings.LOGGING)
    output = stream.getvalue()
    assert "Internal Server Error" in output and "ValueError" in output
    assert HETU not in output and output.count("[henkilötunnus]") == 3


def test_names_and_dates_are_not_masked() -> None:
    text = "GET /clients/?q=Koval&since=2025-01-01 id 0123456789abcdef"
    assert mask_text(text) == text


def test_the_api_refuses_a_code_in_the_url_and_searches_it_in_the_body(
    found: Client, token_for: Callable[..., str]
) -> None:
    caller = api(token_for("counsellor.joensuu"))
    response = caller.get("/api/v1/clients", {"q": HETU})
    assert response.status_code == 422
    assert "POST /api/v1/clients/search" in response.json()["error"]["fields"]["q"][0]
    assert caller.get("/api/v1/clients", {"q": "Hetullinen"}).status_code == 200
    reader = api(token_for("counsellor.joensuu", read_only=True))
    response = reader.post(
        "/api/v1/clients/search", json.dumps({"q": HETU}), content_type="application/json"
    )
    assert response.status_code == 200
    assert [r["first_name"] for r in response.json()["results"]] == ["Hetullinen"]
    # a read-only token still cannot write
    assert reader.post("/api/v1/clients", "{}", content_type="application/json").status_code == 403
