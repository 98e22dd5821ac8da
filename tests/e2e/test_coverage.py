"""Issue 15, coverage at 1280 px: the municipalities' target-group column is on screen (before:
its cells began at 1,500 px, inside a table scrolled sideways), the coverage matrices fit
without scrolling, and the languages table gives clients per entry."""

from __future__ import annotations

from typing import Any

# every cell of the last column (the region's target groups with no entry) of the table
LAST_COLUMN = """
() => Array.from(document.querySelectorAll('#municipalities-table tr')).map((tr) => {
  const r = tr.lastElementChild.getBoundingClientRect();
  return {left: r.left, right: r.right, text: tr.lastElementChild.innerText.slice(0, 30)};
})
"""
SCROLLED = """
() => Array.from(document.querySelectorAll('main .table-wrap'))
  .filter((w) => w.scrollWidth > w.clientWidth + 1)
  .map((w) => w.querySelector('caption').innerText)
"""


def test_coverage_fits_1280_px_with_the_target_group_column_on_screen(new_session: Any) -> None:
    s = new_session(1280)
    s.login("coordinator.joensuu")
    assert s.goto("/tray/coverage/").status == 200
    width = s.page.evaluate("window.innerWidth")
    assert width == 1280
    cells = s.page.evaluate(LAST_COLUMN)
    assert len(cells) > 2  # the header and the municipalities of the region
    off = [c for c in cells if c["left"] < 0 or c["right"] > width]
    assert not off, f"target-group cells off screen at 1280 px: {off}"
    assert s.page.evaluate(SCROLLED) == []
    assert s.page.evaluate("document.documentElement.scrollWidth") <= width
    # the ratio column ("Clients per entry") of the languages table
    headers = s.page.locator("table:has(#languages-caption) thead th").all_inner_texts()
    assert len(headers) == 5
    s.axe()
    s.contrast()
    s.assert_clean()
