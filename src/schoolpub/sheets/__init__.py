"""Spreadsheets in and out: `make template`, `make import`, `make export`.

The data schools publish is born in Excel and WPS. A template is generated from
the same models as the schemas and the staff guide (layout.py), so it follows
every change to the data contract. An import (importer.py) turns a filled
template into a record file in the project's own YAML style and runs the very
checks of `make check` on it before anything is written; every problem points
at a sheet, row and column.
"""
