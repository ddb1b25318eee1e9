from odoo import api, fields, models
from odoo.exceptions import ValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class ResourceCalendarMakeupDay(models.Model):
    """A make-up working day (调休): a date that is worked although the calendar does not
    work on that weekday, with the hours of another weekday."""

    _name = "resource.calendar.makeup.day"
    _description = "Make-up Working Day"
    _order = "date desc, id"

    name = fields.Char(required=True, translate=True, help="e.g. National Day make-up day")
    date = fields.Date(required=True, index=True)
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Schedule",
        index=True,
        ondelete="cascade",
        help="Leave empty to apply to every working schedule of the company.",
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    worked_like = fields.Selection(
        WEEKDAYS,
        required=True,
        default="0",
        help="The day is worked with the hours this weekday has in the schedule.",
    )

    _date_calendar_unique = models.Constraint(
        "UNIQUE(date, calendar_id, company_id)", "This make-up working day is already recorded."
    )

    @api.constrains("calendar_id", "company_id")
    def _check_calendar_company(self):
        for day in self:
            if day.calendar_id.company_id and day.calendar_id.company_id != day.company_id:
                raise ValidationError(self.env._("The working schedule belongs to another company."))
