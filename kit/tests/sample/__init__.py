"""A tiny service used to test the kit end to end: notes that belong to a unit, and a counter fed by events."""
