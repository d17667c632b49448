"""What intake does when another service's event arrives."""

from tiepdan.intake.handlers.roster import calendar_changed, roster_published

HANDLERS = {
    "roster.calendar.changed": calendar_changed,
    "roster.roster.published": roster_published,
}
