"""Files -> saved, tagged, indexed articles.

pipeline.py: one page file -> cleaned, tagged, saved article (the import_pages command's path).
zips.py: uploads and zip files -> page files, with the safety limits.
jobs.py: admin import batches: the per-page report, resume and retry.
queue.py: the huey queue that runs the batches in the import worker.
uploads.py: the upload handler that stops reading an oversized request.
"""
