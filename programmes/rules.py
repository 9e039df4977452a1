"""Who may do what in the registry (django-rules)."""

from __future__ import annotations

import rules

from accounts.rules import is_programme_office

# Suggestions found in documents become indicator values only by a decision of the office.
rules.add_perm("programmes.decide_indicator_suggestion", is_programme_office)
# The list of indicators behind their targets is an internal steering view.
rules.add_perm("programmes.view_indicators_at_risk", is_programme_office)
# Programme indicators (what the programme as a whole reports) are defined by the office alone.
rules.add_perm("programmes.change_programme_indicator", is_programme_office)
# A ministry renamed after an election keeps its row (and its projects and editors); the office renames it.
rules.add_perm("programmes.rename_ministry", is_programme_office)
# A published statement is never changed; the office alone records a correction beside it.
rules.add_perm("programmes.correct_statement", is_programme_office)
