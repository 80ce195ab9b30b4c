"""Limits that hold behind proxies and through a Redis outage: the client's address, shared counters with a
local fallback, and a circuit breaker for Redis; and the guard that keeps exported cells from running as
spreadsheet formulas. The lowest layer: it imports none of the portal's apps."""
