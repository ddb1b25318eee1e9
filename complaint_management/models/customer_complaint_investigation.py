from odoo import fields, models
from odoo.exceptions import UserError

# 人机料法测环: where the cause lies.
ROOT_CAUSE_CATEGORIES = [
    ("man", "Man"),
    ("machine", "Machine"),
    ("material", "Material"),
    ("method", "Method"),
    ("measurement", "Measurement"),
    ("environment", "Environment"),
]


class CustomerComplaintWhy(models.Model):
    """One step of a complaint's 5-Why analysis."""

    _name = "customer.complaint.why"
    _inherit = ["complaint.child.mixin"]
    _description = "Complaint 5-Why Step"

    name = fields.Char(string="Why?", required=True)


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    root_cause_category = fields.Selection(ROOT_CAUSE_CATEGORIES, string="Cause Lies In", tracking=True)
    root_cause = fields.Text(tracking=True)
    why_ids = fields.One2many("customer.complaint.why", "complaint_id", string="5-Why Analysis", copy=False)
    responsible_department_id = fields.Many2one(
        "complaint.department", string="Department at Fault", tracking=True, check_company=True
    )
    is_supplier_cause = fields.Boolean(string="Caused by a Purchased Part", tracking=True)
    supplier_id = fields.Many2one("res.partner", string="Supplier at Fault", tracking=True, check_company=True)

    def action_plan_actions(self):
        """SPEC §3.3: corrective actions answer a root cause found by the investigation."""
        for complaint in self.filtered(lambda c: c.state == "investigating"):
            if not complaint.root_cause_category or not (complaint.root_cause or "").strip():
                raise UserError(
                    self.env._(
                        "%(complaint)s: record the root cause (where it lies and what it is) before planning actions.",
                        complaint=complaint.name,
                    )
                )
            if complaint.is_supplier_cause and not complaint.supplier_id:
                raise UserError(
                    self.env._("%(complaint)s: name the supplier of the faulty part.", complaint=complaint.name)
                )
        return super().action_plan_actions()
