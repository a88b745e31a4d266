"""Leaders, countries and topics as the database holds them, and the tags that link them to articles.

tables.py: the gazetteer <-> the entity tables (seeding, loading for the tagger).
storage.py: tagger output -> stored mentions and article tags, discovered leaders.
retagging.py: the tagger re-applied to stored articles.
curation.py: admins' corrections: confirm, merge, reject, hand tags.
"""
