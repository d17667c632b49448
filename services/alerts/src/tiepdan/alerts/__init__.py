"""Tiếp Dân alerts: crowd, hotspot, repeat, over-level, Party-personnel, overdue and coverage alerts."""
