"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright.

The tests that use it are marked ``browser`` and skipped when Chromium or Playwright is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="headless Chromium (/usr/bin/chromium) is absent"),
]


def watch(page: Any, base_url: str) -> list[str]:
    """Problems seen on ``page``, as they come: script errors, console errors, dialogs (a
    dialog opened is script that ran), and requests leaving ``base_url``."""
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on(
        "request",
        lambda r: (
            problems.append(f"remote request: {r.url}") if not r.url.startswith((base_url, "data:")) else None
        ),
    )
    return problems
