from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

APPROVAL_TIERS = [
    ("sales_supervisor", "Sales Supervisor"),
    ("department", "Department Manager"),
    ("qa_manager", "QA Manager"),
    ("general_manager", "General Manager"),
]


class ComplaintApproval(models.Model):
    """One decision on a complaint's countermeasures or on a compensation: who decided,
    when, at which tier, and why. Written by the approval steps only; never edited."""

    _name = "complaint.approval"
    _description = "Complaint Approval Decision"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one("customer.complaint", required=True, index=True, ondelete="restrict")
    compensation_id = fields.Many2one("complaint.compensation", index="btree_not_null", ondelete="restrict")
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    subject = fields.Selection(
        [("countermeasure", "Countermeasures"), ("compensation", "Compensation"), ("extension", "More Time")],
        required=True,
    )
    tier = fields.Selection(APPROVAL_TIERS, required=True)
    decision = fields.Selection([("approved", "Approved"), ("refused", "Refused")], required=True)
    user_id = fields.Many2one("res.users", string="Decided By", required=True)
    date = fields.Datetime(string="Decided On", required=True)
    reason = fields.Text()

    def write(self, vals):
        if vals:
            raise AccessError(self.env._("A decision is kept as it was made: it cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A decision is kept as it was made: it cannot be deleted."))
