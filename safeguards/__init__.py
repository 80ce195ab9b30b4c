"""Limits that hold behind proxies and through a Redis outage: the client's address, shared counters with a
local fallback, and a circuit breaker for Redis; the guard that keeps exported cells from running as spreadsheet
formulas (safeguards.spreadsheets); and what every app's views share (safeguards.pages: pagination, invalid
filters, staff preview, permission pages). The lowest layer: it imports none of the portal's apps."""
