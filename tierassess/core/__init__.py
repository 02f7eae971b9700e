"""The core: the domain model and the rules that judge a site (no files, no terminal)."""
