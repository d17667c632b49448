"""Use cases of the alerts service; each runs inside one unit of work (one transaction with its outbox rows)."""
