"""The documents the reporting cycle makes. One generator class per document, on base.ReportGenerator:
pdf.ProgressReportPdf (Typst), word.ProgressReportDocx (python-docx), text.ProgressReportTextFile, and the
office's overview of a period, overview_xlsx.PeriodOverviewXlsx; generators.GENERATORS names them by file
extension. Around them: the content model they all read (content.py), the status chart (charts.py, in the
portal's palette), the typesetting in a child process (typst_process.py, parts.py, typst/), print copies
of photos (photos.py), the content-hash cache of rendered files (storage.py) and background renders (jobs.py).

Kept free of imports, so that the portal can import the chart model without loading the generators.
"""
