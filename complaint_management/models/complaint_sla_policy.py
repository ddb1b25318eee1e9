from collections import namedtuple

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The steps of SPEC §4 that have a deadline, with the complaint date each starts from
# and the complaint date that marks it reached.
SLA_STEPS = [
    ("register", "Register"),
    ("acknowledge", "Acknowledge"),
    ("classify", "Classify"),
    ("respond", "Department Response"),
    ("investigation", "Investigation"),
    ("solution", "Solution Proposed"),
    ("reply", "Reply to Customer"),
    ("followup", "Follow-up"),
]
STEP_START = {
    "register": "date_received",
    "acknowledge": "date_received",
    "classify": "date_received",  # 003: classified within 2 h of receipt
    "respond": "date_registered",
    "investigation": "date_registered",
    "solution": "date_received",
    "reply": "date_received",
    "followup": "date_closed",
}
STEP_REACHED = {
    "register": "date_registered",
    "acknowledge": "date_acknowledged",
    "classify": "date_classified",
    "respond": "date_responded",
    "investigation": "date_investigated",
    "solution": "date_solution",
    "reply": "date_replied",
    "followup": "date_followed_up",
}
# How long a step may take: hours of the working calendar, or round the clock (the sources'
# "24 h", "48 h", "one week" are calendar time; 工作日 are working days).
Target = namedtuple("Target", "hours round_the_clock")
UNITS = [
    ("hours", "Working Hours"),
    ("days", "Working Days"),
    ("calendar_hours", "Calendar Hours"),
    ("calendar_days", "Calendar Days"),
]


class ComplaintSlaPolicy(models.Model):
    _name = "complaint.sla.policy"
    _inherit = ["complaint.criteria.mixin"]
    _description = "Complaint Deadline Policy"

    target_ids = fields.One2many("complaint.sla.target", "policy_id", string="Targets", copy=True)
    extension_cap_hours = fields.Float(
        string="More Time Without Approval Up To (hours)",
        help="The latest reply an extension may promise without the department manager's approval, in "
        "calendar hours from receipt (e.g. 48). Zero: no cap.",
    )

    def _target(self, step, calendar):
        """The time allowed for ``step`` (a Target), or None when the policy sets none."""
        target = self.target_ids.filtered(lambda t: t.step == step)[:1]
        if not target:
            return None
        days = target.unit in ("days", "calendar_days")
        per_day = 24.0 if target.unit == "calendar_days" else calendar.hours_per_day or 8.0
        return Target(target.duration * per_day if days else target.duration, target.unit.startswith("calendar"))


class ComplaintSlaTarget(models.Model):
    _name = "complaint.sla.target"
    _description = "Complaint Deadline Target"
    _order = "policy_id, id"

    policy_id = fields.Many2one("complaint.sla.policy", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    step = fields.Selection(SLA_STEPS, required=True)
    duration = fields.Float(required=True)
    unit = fields.Selection(UNITS, required=True, default="hours")

    _step_unique = models.Constraint("UNIQUE(policy_id, step)", "A policy has one target per step.")

    @api.constrains("duration")
    def _check_duration(self):
        if any(target.duration <= 0 for target in self):
            raise ValidationError(self.env._("A deadline target must be a positive duration."))
