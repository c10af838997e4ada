"""Browser tests: Debian's headless Chromium, driven by Playwright, against a live Traza server.

Each test is marked `browser` (skipped where Chromium is missing) and writes the screenshots the
README shows to build/screenshots/ (`make screenshots` copies them to docs/screenshots/).
"""
