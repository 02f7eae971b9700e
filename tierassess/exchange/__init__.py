"""Exchange: what goes to and comes back from the outside world (bundles, spreadsheets, signatures)."""
