"""The domain core of Borgerdesk: model, taxonomy, working-day deadlines and the shared store.

Every other part imports from here; this package imports neither textual nor flask.
"""

from store.agenda import DueItem, DueKind, Urgency
from store.calendar import OfficeCalendar
from store.errors import (
    BorgerdeskError,
    ConflictError,
    CorruptFileError,
    NotFoundError,
    StoreLockedError,
    ValidationError,
)
from store.model import (
    Callback,
    Change,
    Citizen,
    Department,
    Inquiry,
    InquiryDraft,
    JournalEntry,
    Representative,
)
from store.repository import Store, StoreSettings
from store.search import Filters
from store.taxonomy import Channel, JournalKind, Kind, Status, Taxonomy

__all__ = [
    "BorgerdeskError", "Callback", "Change", "Channel", "Citizen", "ConflictError",
    "CorruptFileError",
    "Department", "DueItem", "DueKind", "Filters", "Inquiry", "InquiryDraft", "JournalEntry",
    "JournalKind", "Kind", "NotFoundError", "OfficeCalendar", "Representative", "Status",
    "Store", "StoreLockedError", "StoreSettings", "Taxonomy", "Urgency", "ValidationError",
]
