"""The tracker: tracked requests, their timelines, statuses, next-step letters, feeds and
the digest. Plain domain code (no Flask): callers pass the Session, `today` and the catalog.
"""
