"""The industries view of a Chinese graph in real headless Chromium: Chinese labels, no tofu boxes.

`make test` installs fonts-noto-cjk with chromium; without a CJK font every Chinese label would be
drawn as the same empty box, which the canvas comparison below catches.
"""

from __future__ import annotations

import pytest
from test_view_browser import ViewPage, browser  # noqa: F401  (the module-scoped browser fixture)
from test_zh_entities import extraction

from policykg.graph import build_graph
from policykg.view import write_view

pytestmark = pytest.mark.browser

SAME_AS_TOFU = """() => {
  const draw = (text) => {
    const canvas = document.createElement('canvas');
    canvas.width = 200; canvas.height = 40;
    const context = canvas.getContext('2d');
    context.font = '24px arial';
    context.fillText(text, 4, 30);
    return Array.from(context.getImageData(0, 0, 200, 40).data).join(',');
  };
  return draw('长春汽车') === draw('\\u0378\\u0379\\u037f\\u0380');
}"""


def test_chinese_industries_view_shows_chinese_labels_without_tofu(browser):  # noqa: F811
    html = write_view(build_graph([extraction()]), "industries")
    view = ViewPage(browser, html)
    labels = set(view.js("() => window.pkView.nodes.get().map(n => n.label)"))
    assert {"长春", "“2+5”产业体系", "汽车", "国际汽车城"} <= labels
    assert view.js(SAME_AS_TOFU) is False, (
        "Chinese text is drawn as missing-glyph boxes: install fonts-noto-cjk"
    )
    assert view.screenshot("view-industries-zh.png").stat().st_size > 10_000
    view.check_clean()
