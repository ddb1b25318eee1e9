from odoo import fields, models

ESCALATION_REASONS = [
    ("repeat_general", "Three General Complaints in a Week"),
    ("no_solution", "No Solution in Time"),
    ("high_level", "High Level"),
]


class ComplaintEscalation(models.Model):
    """An escalation (升级) of a complaint, recorded once per reason."""

    _name = "complaint.escalation"
    _description = "Complaint Escalation"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one("customer.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    reason = fields.Selection(ESCALATION_REASONS, required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    note = fields.Char()

    _complaint_reason_unique = models.Constraint(
        "UNIQUE(complaint_id, reason)", "A complaint is escalated only once for the same reason."
    )
