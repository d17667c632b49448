"""Use cases of the alerts service. Each takes an `AlertsWork` (`service/unit_of_work.py`) and the moment it acts
at; the caller opens the unit of work and commits it (a request, a message or a consumer's batch, a timer's tick
is one transaction), so a use case run by a handler commits with the message id that caused it."""
