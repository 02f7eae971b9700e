"""The site session: the one way to change a site, all or nothing, with its audit entry.

- ``site_session``: ``SiteSession`` (the lock, the data, ``commit``), ``open_site``,
  ``create_site``, and who acts (``acting_name``);
- ``journal``: the commit journal that survives a kill, and the checks that the audit log still
  ends where it was last left (its ``fault_hook`` lets tests stop a commit at an exact step);
- ``writer``: the assessment's fast re-save, and the validation again of whatever is written.

The names below are the package's public face; modules inside the package import from each other,
never from here.
"""

from __future__ import annotations

from tierassess.storage.session.journal import JOURNAL_FILE
from tierassess.storage.session.site_session import (
    Event,
    SiteSession,
    acting_name,
    create_site,
    open_site,
)
from tierassess.storage.session.writer import AssessmentWriter

__all__ = [
    "JOURNAL_FILE",
    "AssessmentWriter",
    "Event",
    "SiteSession",
    "acting_name",
    "create_site",
    "open_site",
]
