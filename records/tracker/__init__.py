"""The tracker: tracked requests, their timelines, statuses, next-step letters, feeds and
the digest. Plain domain code (no Flask): callers pass the Session, `today` and the catalog.
"""

from records.tracker.requests import (
    EventInputError,
    LetterFile,
    NotFound,
    StaleEdit,
    add_event,
    create,
    delete_event,
    entries,
    get,
    letter,
    store_letter,
    title_for,
    tracking,
    validate_event,
    visible,
    visible_to,
)
from records.tracker.status import (
    STATUS_LABELS,
    TRACK_STATUSES,
    NextStep,
    Tracking,
    TrackStatus,
    track,
)
from records.tracker.timeline import (
    KINDS,
    SEND_METHODS,
    TIMELINE_KINDS,
    Detail,
    Entry,
    TimelineKind,
    engine_events,
    kinds_for,
    tracking_numbers,
)

__all__ = ["KINDS", "SEND_METHODS", "STATUS_LABELS", "TIMELINE_KINDS", "TRACK_STATUSES",
           "Detail", "Entry", "EventInputError", "LetterFile", "NextStep", "NotFound",
           "StaleEdit", "TimelineKind", "TrackStatus", "Tracking", "add_event", "create",
           "delete_event", "engine_events", "entries", "get", "kinds_for", "letter",
           "store_letter", "title_for", "track", "tracking", "tracking_numbers",
           "validate_event", "visible", "visible_to"]
