"""One story per event: near-duplicates and the same release across sources and languages."""
