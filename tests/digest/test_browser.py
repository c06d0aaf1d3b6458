"""The HTML digest in a real browser: headless Chromium renders it, fits a narrow window, is not blank."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from markupsafe import escape
from PIL import Image

from exportwatch.digest.content import build_content
from exportwatch.digest.period import iso_week
from exportwatch.digest.render import Rendered, render
from graph.connect import open_store

WIDTH = 480


def chromium() -> str:
    """The Chromium binary; missing fails the test in CI (CI=true) and skips it elsewhere."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is not installed; CI must install the Debian package 'chromium' (.ci/run)")
    pytest.skip("chromium is not installed (apt-get install chromium) - the browser test needs it")


def browse(tmp: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
        f"--window-size={WIDTH},1200",
        *args,
        url,
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr[-2000:]
    return res


@pytest.fixture(scope="module")
def rendered(graph_url: str) -> Iterator[Rendered]:
    with open_store(graph_url, read_only=True) as store:
        yield render(build_content(store, iso_week("2023-W09")), recipient="analyst@example.org")


def test_html_renders_in_chromium(rendered: Rendered, tmp_path: Path) -> None:
    page = tmp_path / "digest.html"
    page.write_text(rendered.html, encoding="utf-8")
    dom = browse(tmp_path, page.as_uri(), "--dump-dom").stdout
    for title in ("Additions of Entities to the Entity List", "CPUNTO Inc.", "Entity List changes"):
        assert str(escape(title)) in dom
    assert "2023-W09" in dom

    png = tmp_path / "digest.png"
    browse(tmp_path, page.as_uri(), f"--screenshot={png}")
    with Image.open(png) as img:
        rgb = img.convert("RGB")
        assert rgb.width == WIDTH
        colours = rgb.getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 50, "the screenshot is (nearly) a single colour"
        header = rgb.getpixel((WIDTH // 2, 40))  # the dark header band
        assert isinstance(header, tuple) and sum(header[:3]) < 200
        # text was drawn in the body: the second quarter of the page is not uniform
        body = rgb.crop((0, 300, WIDTH, 600)).getcolors(maxcolors=1 << 16)
        assert body is None or len(body) > 20


def test_html_fits_a_narrow_window(rendered: Rendered, tmp_path: Path) -> None:
    """No horizontal scrolling in a 480 px window (measured on a copy that reports its widths)."""
    assert "<script" not in rendered.html  # the email itself carries no script
    probe = rendered.html.replace(
        "</body>",
        "<script>var d = document.documentElement; document.body.setAttribute('data-widths', "
        "d.scrollWidth + ' ' + d.clientWidth);</script></body>",
    )
    page = tmp_path / "probe.html"
    page.write_text(probe, encoding="utf-8")
    dom = browse(tmp_path, page.as_uri(), "--dump-dom").stdout
    marker = 'data-widths="'
    assert marker in dom
    scroll, client = (int(x) for x in dom.split(marker, 1)[1].split('"', 1)[0].split())
    assert client <= WIDTH + 16  # the viewport is the narrow window (give or take a scrollbar)
    assert scroll <= client, f"the page is {scroll}px wide in a {client}px viewport"
