"""Walking and map settings: documented defaults, and start-up refuses nonsense values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults():
    assert settings.WALKING_SPEED_M_PER_MIN == 60
    assert settings.WALKING_DETOUR_FACTOR == 1.25
    assert settings.MAP_TILE_COORDINATES == "wgs84"
    assert "{z}" in settings.MAP_TILE_URL and "{x}" in settings.MAP_TILE_URL and "{y}" in settings.MAP_TILE_URL
    assert settings.NEARBY_MIN_RADIUS_M < settings.NEARBY_DEFAULT_RADIUS_M <= settings.NEARBY_MAX_RADIUS_M


@pytest.mark.parametrize(
    ("variable", "value"),
    [("MAP_TILE_COORDINATES", "bd09"), ("WALKING_SPEED_M_PER_MIN", "0"), ("WALKING_DETOUR_FACTOR", "0.5")],
)
def test_bad_values_stop_start_up(variable, value):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wanli.settings.test", "PYTHONPATH": str(ROOT), variable: value}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and variable in result.stderr


def test_vendored_leaflet_and_its_licence_are_served_by_the_site():
    vendor = ROOT / "static" / "vendor" / "leaflet"
    for name in ("leaflet.js", "leaflet.css", "LICENSE", "images/marker-icon.png", "images/marker-shadow.png"):
        assert (vendor / name).is_file(), name
    assert "BSD" in (vendor / "LICENSE").read_text() or "Redistribution" in (vendor / "LICENSE").read_text()


def test_site_scripts_need_no_inline_code():
    for name in ("geolocate.js", "map.js"):
        text = (ROOT / "static" / "js" / name).read_text()
        assert "eval(" not in text and "innerHTML" not in text
