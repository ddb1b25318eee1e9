from odoo import fields, models

from .complaint_approval import APPROVAL_TIERS
from .complaint_criteria_mixin import own_or_shared

ESCALATION_REASONS = [
    ("repeat_general", "Three General Complaints in a Week"),
    ("no_solution", "No Solution in Time"),
    ("high_level", "High Level"),
    ("overdue", "Overdue"),
    ("manual", "Escalated by Hand"),
]


class ComplaintEscalation(models.Model):
    """An escalation (升级) of a complaint: once per reason, or once per tier of the overdue
    chain, whether the scheduled action or a user took the complaint there."""

    _name = "complaint.escalation"
    _description = "Complaint Escalation"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one("customer.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    reason = fields.Selection(ESCALATION_REASONS, required=True)
    tier = fields.Selection(APPROVAL_TIERS, string="Escalated To", help="The tier of the overdue chain reached.")
    user_id = fields.Many2one("res.users", string="Escalated By", help="Who escalated it by hand.")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    note = fields.Char()

    _complaint_reason_once = models.UniqueIndex(
        "(complaint_id, reason) WHERE tier IS NULL", "A complaint is escalated only once for the same reason."
    )
    _complaint_tier_once = models.UniqueIndex(
        "(complaint_id, tier) WHERE tier IS NOT NULL", "A complaint reaches each tier of the overdue chain once."
    )


class ComplaintOverdueStep(models.Model):
    """A step of the overdue chain (逾期升级): the tier told when a complaint's deadline has
    been missed for so many hours. The department manager is told first, after the grace
    period of the settings; the chain goes on from there (002, 004: department → sales → QA →
    general manager). A company's own steps replace the shared ones."""

    _name = "complaint.overdue.step"
    _description = "Complaint Overdue Chain Step"
    _order = "hours, sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to apply to every company.")
    tier = fields.Selection(APPROVAL_TIERS, string="Tell", required=True)
    hours = fields.Float(string="Hours After the Deadline Missed", required=True, default=24.0)

    _hours_positive = models.Constraint("CHECK(hours >= 0)", "The hours of an overdue step cannot be negative.")

    def _chain_for(self, companies):
        """{company: [(tier, hours), ...]} in the order they come."""
        steps = self.sudo().search([("company_id", "in", [False, *companies.ids])])
        return {
            company: [(step.tier, step.hours) for step in chain]
            for company, chain in own_or_shared(steps, companies).items()
        }
