from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_complaint import SEVERITIES

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
    "classify": "date_registered",
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
CRITERIA = ("category_ids", "severity", "level", "partner_ids", "product_categ_ids")


class ComplaintSlaPolicy(models.Model):
    _name = "complaint.sla.policy"
    _description = "Complaint Deadline Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to apply to every company.")
    category_ids = fields.Many2many("complaint.category", string="Categories", help="Sub-categories included.")
    severity = fields.Selection(SEVERITIES)
    level = fields.Selection([("high", "High"), ("low", "Low")])
    partner_ids = fields.Many2many("res.partner", string="Customers", domain=[("is_company", "=", True)])
    product_categ_ids = fields.Many2many("product.category", string="Product Categories")
    target_ids = fields.One2many("complaint.sla.target", "policy_id", string="Targets", copy=True)
    specificity = fields.Integer(compute="_compute_specificity", store=True)

    @api.depends(*CRITERIA)
    def _compute_specificity(self):
        for policy in self:
            policy.specificity = sum(bool(policy[name]) for name in CRITERIA)

    def _matches(self, complaint):
        self.ensure_one()
        if self.company_id and self.company_id != complaint.company_id:
            return False
        path = complaint.category_id.parent_path or ""
        if self.category_ids and not any(path.startswith(c.parent_path) for c in self.category_ids):
            return False
        if self.severity and self.severity != complaint.severity:
            return False
        if self.level and self.level != complaint.level:
            return False
        if self.partner_ids and complaint.commercial_partner_id not in self.partner_ids:
            return False
        path = complaint.product_id.categ_id.parent_path or ""
        return not self.product_categ_ids or any(path.startswith(c.parent_path) for c in self.product_categ_ids)

    @api.model
    def _best_for(self, complaints):
        """{complaint: policy}: the most specific active policy that matches, then the first in sequence."""
        policies = self.search([("company_id", "in", [False, *complaints.company_id.ids])])
        ranked = policies.sorted(lambda p: (-p.specificity, p.sequence, p.id))
        return {c: next((p for p in ranked if p._matches(c)), self) for c in complaints}

    def _target_hours(self, step, calendar):
        """Working hours allowed for ``step``, or None when the policy sets no target for it."""
        target = self.target_ids.filtered(lambda t: t.step == step)[:1]
        if not target:
            return None
        return target.duration * (calendar.hours_per_day or 8.0) if target.unit == "days" else target.duration


class ComplaintSlaTarget(models.Model):
    _name = "complaint.sla.target"
    _description = "Complaint Deadline Target"
    _order = "policy_id, id"

    policy_id = fields.Many2one("complaint.sla.policy", required=True, ondelete="cascade", index=True)
    step = fields.Selection(SLA_STEPS, required=True)
    duration = fields.Float(required=True)
    unit = fields.Selection([("hours", "Working Hours"), ("days", "Working Days")], required=True, default="hours")

    _step_unique = models.Constraint("UNIQUE(policy_id, step)", "A policy has one target per step.")

    @api.constrains("duration")
    def _check_duration(self):
        if any(target.duration <= 0 for target in self):
            raise ValidationError(self.env._("A deadline target must be a positive duration."))
