#!/usr/bin/env python
"""Back up or restore the portal: `make backup`, `make restore BACKUP=backups/wanli-…`.

    python scripts/backup.py backup [--to DIR]     # writes DIR/wanli-<timestamp>/ (default DIR: backups/)
    python scripts/backup.py restore FOLDER        # replaces the database content and the media folder
                                                   # (checks the backup first; a failed restore changes nothing)

Uses the settings in DJANGO_SETTINGS_MODULE (default wanli.settings.local), so production runs it with
DJANGO_SETTINGS_MODULE=wanli.settings.production and the same environment as the app.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _confirmed(question: str) -> bool:
    try:
        return input(question).strip() == "yes"
    except EOFError:  # no terminal to answer (a script, CI): never restore unasked
        return False


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wanli.settings.local")
    import django

    django.setup()
    from wanli.recovery import RecoveryError, backup, restore

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    backup_parser = commands.add_parser("backup")
    backup_parser.add_argument("--to", type=Path, default=ROOT / "backups")
    restore_parser = commands.add_parser("restore")
    restore_parser.add_argument("folder", type=Path)
    restore_parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")
    args = parser.parse_args()
    try:
        if args.command == "backup":
            print(f"Backup written to {backup(destination=args.to)}")
        else:
            if not args.yes and not _confirmed(f"Replace ALL data with {args.folder}? Type yes: "):
                print("Nothing changed.")
                return 1
            manifest = restore(source=args.folder)
            print(f"Restored the backup made at {manifest['created_at']} ({manifest['media_files']} media files).")
    except RecoveryError as error:
        print(f"error: {error}", file=sys.stderr)
        if args.command == "restore":
            print("Nothing was changed: the database and the media folder are as they were.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
