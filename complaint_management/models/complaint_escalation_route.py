from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .customer_complaint import HIGH_LEVEL_FLAGS, check_complaint_users, complaint_users_domain


class ComplaintEscalationRoute(models.Model):
    """Who is told at once when a complaint carries a flag, besides its department's manager
    (002 4.1, 004-FOOD, 001-BANK): media to public relations, litigation to the legal office,
    suspected fraud to the inspection department, injury to the general manager."""

    _name = "complaint.escalation.route"
    _description = "Complaint Escalation Route"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    flag = fields.Selection(selection="_flag_selection", string="When the Complaint Is Flagged", required=True)
    department_id = fields.Many2one(
        "complaint.department", string="Tell the Department", check_company=True, help="Its manager."
    )
    user_id = fields.Many2one("res.users", string="Tell", domain=lambda self: complaint_users_domain(self))
    to_general_manager = fields.Boolean(string="Tell the General Manager")

    @api.model
    def _flag_selection(self):
        fields_ = self.env["customer.complaint"]._fields
        return [(flag, fields_[flag]._description_string(self.env)) for flag in HIGH_LEVEL_FLAGS]

    @api.constrains("flag", "department_id", "user_id", "to_general_manager")
    def _check_someone_told(self):
        if any(not (r.department_id or r.user_id or r.to_general_manager) for r in self):
            raise ValidationError(
                self.env._("An escalation route tells a department, a person or the general manager.")
            )

    @api.constrains("user_id")
    def _check_user_reads_complaints(self):
        check_complaint_users(self, ["user_id"])

    def _recipients(self, complaint):
        """The people this route tells about ``complaint``."""
        self.ensure_one()
        users = self.user_id | self.department_id.manager_id
        if self.to_general_manager:  # the one the company names in its settings
            users |= complaint.company_id.complaint_gm_user_id
        return users.filtered("active")
