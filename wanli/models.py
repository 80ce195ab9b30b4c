"""The portal app has no tables of its own; this module exists so Django sends it post_migrate (see apps.py)."""
