"""Steps the browser stories share: the server's day, submitting a form, no error summary,
a path out of a URL, and paths by pattern. Browser-side only (no ORM)."""

from __future__ import annotations

import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

CLIENT_PATH = re.compile(r"/clients/[0-9a-f-]{36}/(?=[#?]|$)")
ASSESSMENT_PATH = re.compile(r"/clients/[0-9a-f-]{36}/assessments/[0-9a-f-]{36}/")
PLAN_PATH = re.compile(r"/clients/[0-9a-f-]{36}/plans/[0-9a-f-]{36}/")


def today() -> datetime.date:
    """The server's day (it runs on Helsinki time, whatever the test machine's zone)."""
    return datetime.datetime.now(ZoneInfo("Europe/Helsinki")).date()


def submit(s: Any, form: str = "main form[method=post]") -> None:
    """Submit a form with its submit button and wait for the next page."""
    with s.page.expect_navigation():
        s.page.locator(f"{form} button[type=submit]").first.click()
    s.page.wait_for_load_state()


def assert_no_errors(s: Any) -> None:
    summary = s.page.locator(".error-summary")
    assert summary.count() == 0, f"{s.page.url}: {summary.first.inner_text()}"


def path_of(url: str, pattern: re.Pattern[str]) -> str:
    found = pattern.search(url)
    assert found, f"{url} does not match {pattern.pattern}"
    return found.group(0)
