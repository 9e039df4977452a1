"""The documents the reporting cycle makes: the progress report as PDF, Word and text, and the office's
overview of a period as XLSX; the content model they share (content.py), the status chart (charts.py),
the typesetting in a child process (typst_process.py, parts.py), print copies of photos (photos.py), the
content-hash cache of rendered files (storage.py) and the background renders (jobs.py).

Kept free of imports so that a light module (the chart model) can be imported on its own.
"""
