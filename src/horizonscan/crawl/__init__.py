"""Discovery (feeds, sitemaps, listings), polite fetching, robots.txt."""
