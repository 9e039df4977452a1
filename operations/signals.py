"""Signals of the whole-site jobs, for the apps above that own what a job touches.

operations sits below every domain app, so a job here cannot call into them; an app that keeps derived data
connects to the signal instead (in its AppConfig.ready), and the job needs to know nobody.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by `backup.restore_backup` after an archive is loaded and its files are copied. Data that is derived and
# therefore not in the archive (the portal's search index) is rebuilt by its owner on this signal.
database_restored = Signal()
