"""Storage: how a site is kept on disk, changed through one session, and audited."""
