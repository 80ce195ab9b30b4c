"""English is complete: every catalogue in the repository (the root one and each app's) has a real,
non-fuzzy translation for every string, and its compiled .mo says the same as its .po."""

import gettext
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent.parent
SKIPPED_DIRS = {".venv", "node_modules", ".git", "test-artifacts", "staticfiles"}


def catalogues() -> list[Path]:
    return sorted(p for p in REPO.rglob("*.po") if SKIPPED_DIRS.isdisjoint(p.relative_to(REPO).parts))


def messages(path: Path) -> list[polib.POEntry]:
    """The live entries (the header, msgid "", and obsolete #~ entries are left out)."""
    return [e for e in polib.pofile(str(path)) if e.msgid and not e.obsolete]


def problems(path: Path) -> list[str]:
    found = []
    for entry in messages(path):
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags:
            found.append(f"line {entry.linenum}: fuzzy: {entry.msgid!r}")
        elif not texts or any(not text.strip() for text in texts):
            found.append(f"line {entry.linenum}: untranslated: {entry.msgid!r}")
    return found


def test_the_root_catalogue_and_the_app_catalogues_are_found():
    found = catalogues()
    assert REPO / "locale/en/LC_MESSAGES/django.po" in found
    assert REPO / "facilities/locale/en/LC_MESSAGES/django.po" in found


def test_the_check_sees_empty_blank_fuzzy_and_half_translated_plural_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        '#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "旧"\nmsgstr "Old"\n\n'
        'msgid "空"\nmsgstr ""\n\n'
        'msgid "空格"\nmsgstr " "\n\n'
        'msgid "好"\nmsgstr "Good"\n\n'
        'msgid "一个"\nmsgid_plural "多个"\nmsgstr[0] "one"\nmsgstr[1] ""\n\n'
        '#~ msgid "废弃"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    reported = "\n".join(problems(po))
    for msgid in ("旧", "空", "空格", "一个"):
        assert repr(msgid) in reported
    assert "'好'" not in reported and "废弃" not in reported


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_string_has_a_real_translation(po):
    found = problems(po)
    assert not found, f"{po.relative_to(REPO)}:\n" + "\n".join(found)


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(REPO)))
def test_the_compiled_catalogue_matches_its_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(REPO)} is missing: run compilemessages"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages(po):
        if entry.msgid_plural:
            expected = entry.msgstr_plural[0]
            got = (
                compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if entry.msgctxt
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
            )
        else:
            expected = entry.msgstr
            got = compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)
        if got != expected:
            stale.append(entry.msgid)
    assert not stale, f"{mo.relative_to(REPO)} is older than its .po (run compilemessages): {stale[:5]}"


def test_no_app_catalogue_shares_its_name_with_a_templates_folder():
    """`make messages` skips the apps with their own catalogue by name, and makemessages matches that name at
    any depth: an app called like a folder of templates/ would silently drop that folder's strings from
    the site-wide catalogue."""
    apps_with_catalogues = {path.parent.name for path in REPO.glob("*/locale")}
    template_folders = {path.name for path in (REPO / "templates").rglob("*") if path.is_dir()}
    assert not apps_with_catalogues & template_folders
