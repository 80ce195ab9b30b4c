"""Static files in production: hashed names, Brotli and gzip, cached for a year by browsers."""

import pytest
from django.templatetags.static import static
from django.test import Client


@pytest.fixture
def production_static(settings, collected_static):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
    return collected_static


def test_collectstatic_writes_hashed_brotli_and_gzip_copies(production_static):
    css = [path.name for path in production_static.joinpath("css").iterdir()]
    hashed = [name for name in css if name.startswith("site.") and name.endswith(".css") and name != "site.css"]
    assert hashed
    assert f"{hashed[0]}.br" in css
    assert f"{hashed[0]}.gz" in css


def test_hashed_static_file_is_served_compressed_with_long_cache_headers(production_static):
    url = static("css/site.css")
    assert url != "/static/css/site.css"  # the manifest gave it a content hash
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
