"""What the alerts service does when intake's or roster's events, or the province's reports, arrive."""
