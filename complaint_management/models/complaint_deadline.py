from collections import defaultdict

from odoo import api, fields, models

from .complaint_sla_policy import SLA_STEPS


class ComplaintDeadline(models.Model):
    """One deadline of a complaint: a step of the procedure, when it must be reached, when it was."""

    _name = "complaint.deadline"
    _description = "Complaint Deadline"
    _order = "date_deadline, id"

    complaint_id = fields.Many2one("customer.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="complaint_id.user_id", string="Handler", store=True)
    step = fields.Selection(SLA_STEPS, required=True)
    policy_id = fields.Many2one("complaint.sla.policy", ondelete="set null")
    target_hours = fields.Float(string="Target (hours)")
    round_the_clock = fields.Boolean(
        string="Round the Clock",
        help="Counted in calendar hours, nights and holidays included; otherwise in working hours.",
    )
    date_start = fields.Datetime(string="Counted From", required=True)
    date_deadline = fields.Datetime(string="Deadline", required=True, index=True)
    date_reached = fields.Datetime(string="Reached On")
    paused_hours = fields.Float(string="Paused (hours)")
    hours_consumed = fields.Float(string="Hours Taken", compute="_compute_hours_consumed", store=True)
    status = fields.Selection(
        [("ongoing", "Ongoing"), ("met", "Met"), ("missed", "Missed")],
        compute="_compute_status",
        store=True,
        index=True,
    )
    date_missed = fields.Datetime(string="Found Missed On", readonly=True)
    date_manager_notified = fields.Datetime(string="Manager Told On", readonly=True)

    _complaint_step_unique = models.Constraint("UNIQUE(complaint_id, step)", "A complaint has one deadline per step.")
    _open_index = models.Index("(date_deadline) WHERE date_reached IS NULL")
    # the deadlines calendar opens on the user's running deadlines
    _handler_open_index = models.Index("(user_id, date_deadline) WHERE date_reached IS NULL")

    @api.depends("date_reached", "date_deadline", "date_missed")
    def _compute_status(self):
        for deadline in self:
            if deadline.date_reached:
                deadline.status = "met" if deadline.date_reached <= deadline.date_deadline else "missed"
            else:
                deadline.status = "missed" if deadline.date_missed else "ongoing"

    @api.depends("date_reached", "date_start", "paused_hours", "round_the_clock")
    def _compute_hours_consumed(self):
        by_calendar = defaultdict(lambda: self.browse())
        for deadline in self:
            deadline.hours_consumed = 0.0
            if deadline.date_reached and deadline.round_the_clock:
                hours = (deadline.date_reached - deadline.date_start).total_seconds() / 3600
                deadline.hours_consumed = max(hours - deadline.paused_hours, 0.0)
            elif deadline.date_reached:
                by_calendar[deadline.complaint_id._working_calendar()] |= deadline
        for calendar, deadlines in by_calendar.items():  # working time read once per calendar
            spans = [(d.date_start, d.date_reached) for d in deadlines]
            for deadline, hours in zip(deadlines, calendar._complaint_work_hours_batch(spans), strict=True):
                deadline.hours_consumed = max(hours - deadline.paused_hours, 0.0)

    @api.depends("complaint_id.name", "step")
    def _compute_display_name(self):
        steps = dict(self._fields["step"]._description_selection(self.env))
        for deadline in self:
            deadline.display_name = f"{deadline.complaint_id.name} – {steps.get(deadline.step, '')}"
