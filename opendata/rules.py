"""Permissions of the opendata app: only the programme office may upload edited spreadsheets into the registry."""

from __future__ import annotations

import rules

from accounts.rules import is_programme_office

rules.add_perm("opendata.round_trip", is_programme_office)
