"""A Fortschrittsbericht (progress report of the Ruhr-Konferenz) → ProgressReport.

The text comes out of a PDF and has no reliable page headers. It is read the way
a careful reader would:

1. Title and year; the table of contents ("Inhalt") with its project codes, the
   action-field lines that group them and the other entries ("Projektberichte 7",
   "Rückblick und Ausblick 56") that tell where the project pages start and end.
2. The overview counts ("mit 42 abgeschlossenen Projekten", "noch 16 Projekte in
   der Umsetzung") from the prose before the project pages.
3. The project pages. Every line is classified (section heading, photo caption,
   action-field heading, printed project title, text). The text is cut at photo
   captions and action-field headings, and again where a section repeats (a
   second "Verantwortlich" means a new page began) or a printed title follows a
   finished page. The pages are then aligned to the table of contents in order
   (dynamic programming on a similarity score), so a page without a printed
   title still gets its entry, and a missing or extra page costs one warning
   instead of shifting every page after it.
4. Per page: responsible ministry, milestones, funding statement, status,
   sub-projects, links and the municipalities named.

Nothing raises on odd input except `ValueError` for a text that is no progress
report at all; everything doubtful becomes a German ParseWarning with its line.
Plain Python, no Django.

The modules follow what they read: reader.py (the document and the order of the steps), toc.py (1),
overview.py (2 and the final check of the counts), pages.py (3: lines, running heads, page breaks, the
ministry), alignment.py (3: pages ↔ table of contents), milestones.py, funding.py and project.py (4), on the
shared line model and reading state of lines.py. Each step is a mixin of one parser class, because every
step reads the same lines, joins wrapped lines with the same joiner and adds to the same warnings.
"""

from .reader import GazetteerLike, parse_progress_report

__all__ = ["GazetteerLike", "parse_progress_report"]
