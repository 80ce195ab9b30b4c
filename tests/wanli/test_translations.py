"""English is complete: every catalogue in the repository (the root one and each app's) has a real,
non-fuzzy translation for every string, and its compiled .mo says the same as the .po."""
import gettext
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
SKIPPED_DIRS = {".venv", "node_modules", ".git", "test-artifacts", "staticfiles"}


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    context: str = ""
    line: int = 0
    obsolete: bool = False


def parse_po(path: Path) -> list[Entry]:
    """A small reader for the .po files makemessages writes (enough for what the checks need)."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if not line:
            if entry.line:
                entries.append(entry)
            entry, target = Entry(), None
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            entry.context, target = json.loads(line[8:]), "context"
        elif line.startswith("msgid_plural "):
            entry.msgid_plural, target = json.loads(line[13:]), "msgid_plural"
        elif line.startswith("msgid "):
            entry.msgid, entry.line, target = json.loads(line[6:]), number, "msgid"
        elif line.startswith("msgstr"):
            entry.msgstrs.append(json.loads(line.split(" ", 1)[1]))
            target = "msgstr"
        elif line.startswith('"'):
            text = json.loads(line)
            if target == "msgstr":
                entry.msgstrs[-1] += text
            else:
                setattr(entry, target, getattr(entry, target) + text)
    if entry.line:
        entries.append(entry)
    return [e for e in entries if not e.obsolete]


def catalogues() -> list[Path]:
    found = []
    for path in REPO.rglob("*.po"):
        if SKIPPED_DIRS.isdisjoint(path.relative_to(REPO).parts):
            found.append(path)
    return sorted(found)


def messages(path: Path) -> list[Entry]:
    return [e for e in parse_po(path) if e.msgid]  # the msgid "" entry is the header


def test_the_root_catalogue_exists_and_is_found():
    assert REPO / "locale/en/LC_MESSAGES/django.po" in catalogues()


def test_the_reader_sees_empty_fuzzy_and_plural_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy\nmsgid "旧"\nmsgstr "Old"\n\n'
        'msgid "空"\nmsgstr ""\n\n'
        'msgid ""\n"长"\n"句"\nmsgstr ""\n"Long "\n"sentence"\n\n'
        'msgctxt "动词"\nmsgid "一个"\nmsgid_plural "多个"\nmsgstr[0] "one"\nmsgstr[1] ""\n\n'
        '#~ msgid "废弃"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    entries = {e.msgid: e for e in messages(po)}
    assert set(entries) == {"旧", "空", "长句", "一个"}
    assert "fuzzy" in entries["旧"].flags
    assert entries["空"].msgstrs == [""]
    assert entries["长句"].msgstrs == ["Long sentence"]
    assert entries["一个"].msgstrs == ["one", ""] and entries["一个"].context == "动词"


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_string_has_a_real_translation(po):
    problems = []
    for entry in messages(po):
        if "fuzzy" in entry.flags:
            problems.append(f"line {entry.line}: fuzzy: {entry.msgid!r}")
        elif not entry.msgstrs or any(not text.strip() for text in entry.msgstrs):
            problems.append(f"line {entry.line}: untranslated: {entry.msgid!r}")
    assert not problems, f"{po.relative_to(REPO)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("po", catalogues(), ids=lambda p: str(p.relative_to(REPO)))
def test_the_compiled_catalogue_matches_its_source(po):
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(REPO)} is missing: run compilemessages"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages(po):
        if entry.msgid_plural:
            got = compiled.npgettext(entry.context, entry.msgid, entry.msgid_plural, 1) if entry.context else \
                compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
        else:
            got = compiled.pgettext(entry.context, entry.msgid) if entry.context else compiled.gettext(entry.msgid)
        if got != entry.msgstrs[0]:
            stale.append(entry.msgid)
    assert not stale, f"{mo.relative_to(REPO)} is older than its .po (run compilemessages): {stale[:5]}"
