"""The same story syndicated: near-duplicate articles grouped into one story with its copies.

fingerprints.py turns a body into a MinHash signature and LSH band keys (no Django); grouping.py stores
them (BodyFingerprint, FingerprintBand), finds an article's near-duplicates with one indexed query on
the band keys, and keeps Article.story and Story.first up to date. Search lists a story once, by its
first copy (search/service.py, Listing); web/reading.py shows a story's copies and what each changed.
"""
