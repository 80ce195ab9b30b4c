"""The browser suite's own rules: in CI a missing browser fails the run; locally it skips."""

import subprocess

import pytest

from . import conftest


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_a_missing_browser_fails_in_ci(monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="never skip"):
        conftest._unavailable("/usr/bin/chromium is missing")


def test_a_missing_browser_skips_on_a_laptop(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        conftest._unavailable("/usr/bin/chromium is missing")


def test_ci_runs_the_suite_with_ci_set():
    script = (conftest.HERE.parent.parent / ".ci" / "run").read_text()
    assert "export CI=true" in script and "make test" in script


def test_make_test_installs_chromium_and_the_npm_tools_when_missing():
    makefile = (conftest.HERE.parent.parent / "Makefile").read_text()
    assert "command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)" in makefile
    assert "test -d node_modules || npm ci" in makefile
    assert "test: $(STAMP) browser-tools" in makefile


def test_the_browser_is_launched_with_the_agreed_flags():
    assert str(conftest.CHROMIUM) == "/usr/bin/chromium"
    assert set(conftest.CHROMIUM_ARGS) == {
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    }


def test_every_test_in_this_folder_is_marked_browser(request):
    assert request.node.get_closest_marker("browser") is not None


def test_a_chinese_font_is_installed_so_screenshots_show_the_text():
    makefile = (conftest.HERE.parent.parent / "Makefile").read_text()
    assert "apt-get install -y fonts-wqy-microhei" in makefile
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    if not listed.strip():
        conftest._unavailable("no Chinese font: apt-get install -y fonts-wqy-microhei")
