"""Fills the empty English msgstr entries of a catalogue from a JSON dict {msgid: msgstr}
(plural entries: [singular, plural]). Entries without a translation are listed, never silently left.

Usage: .venv/bin/python scripts/fill_po.py <app>/locale/en/LC_MESSAGES/django.po translations.json
"""

import json
import sys

import polib


def main(po_path: str, json_path: str) -> None:
    with open(json_path, encoding="utf-8") as f:
        translations = json.load(f)
    catalogue = polib.pofile(po_path)
    for entry in catalogue:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if entry.msgid_plural:
            if not all(entry.msgstr_plural.values()) and entry.msgid in translations:
                one, many = translations[entry.msgid]
                entry.msgstr_plural = {0: one, 1: many}
        elif not entry.msgstr and entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    catalogue.save()
    for entry in catalogue.untranslated_entries():
        print("untranslated:", entry.msgid)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
