"""Headless Chromium for the review page tests and the docs screenshot: Playwright driving the
system's Chromium (Debian's ``chromium`` package; Playwright downloads no browser of its own)."""

from __future__ import annotations

import os
import shutil

__all__ = ["chromium_path", "why_no_browser", "INK_SHARE"]

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_path() -> str | None:
    """The browser to drive: $NEWSCLEAN_CHROMIUM, else the first of the usual names on PATH."""
    env = os.environ.get("NEWSCLEAN_CHROMIUM")
    if env:
        return env if os.path.isfile(env) else None
    return next((path for path in map(shutil.which, _NAMES) if path), None)


def why_no_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    if chromium_path() is None:
        return ("no Chromium found (apt-get install chromium, or set NEWSCLEAN_CHROMIUM to the "
                "browser's path; .ci/run installs it)")
    return None


# A screenshot drawn on a canvas: the share of its pixels that differ from its top-left one
# (the page background). Computed in the browser itself: no image library needed.
INK_SHARE = """async (b64) => {
  const img = new Image();
  img.src = "data:image/png;base64," + b64;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width; canvas.height = img.height;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i] !== px[0] || px[i + 1] !== px[1] || px[i + 2] !== px[2]) ink += 1;
  }
  return ink / (px.length / 4);
}"""
