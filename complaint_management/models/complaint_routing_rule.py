from odoo import api, fields, models

from .customer_complaint import check_complaint_users, complaint_users_domain


class ComplaintRoutingRule(models.Model):
    """Which department, handler and QA owner a complaint is routed to (转办)."""

    _name = "complaint.routing.rule"
    _inherit = ["complaint.criteria.mixin"]
    _description = "Complaint Routing Rule"
    _check_company_auto = True

    company_id = fields.Many2one(required=True, default=lambda self: self.env.company, help=False)
    department_id = fields.Many2one(
        "complaint.department", string="Responsible Department", required=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        domain=lambda self: complaint_users_domain(self),
        help="Leave empty to give the complaint to the department member with the fewest open complaints.",
    )
    qa_user_id = fields.Many2one("res.users", string="QA Owner", domain=lambda self: complaint_users_domain(self))

    @api.constrains("user_id", "qa_user_id")
    def _check_assignees(self):
        check_complaint_users(self, ["user_id", "qa_user_id"])
