"""What intake does when another service's event arrives."""

from tiepdan.intake.handlers.roster import calendar_changed, roster_published
from tiepdan.kit.inbox import Handler

HANDLERS: dict[str, Handler] = {
    "roster.calendar.changed": calendar_changed,
    "roster.roster.published": roster_published,
}
