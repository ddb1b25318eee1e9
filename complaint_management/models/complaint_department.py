import ast

from odoo import api, fields, models

from .customer_complaint import check_complaint_users, complaint_user_group, complaint_users_domain


class ComplaintDepartment(models.Model):
    _name = "complaint.department"
    _description = "Complaint Responsible Department"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    manager_id = fields.Many2one("res.users", tracking=True, domain=lambda self: complaint_users_domain(self))
    member_ids = fields.Many2many(
        "res.users",
        "complaint_department_member_rel",
        "department_id",
        "user_id",
        string="Members",
        domain=lambda self: complaint_users_domain(self),
    )
    default_user_id = fields.Many2one(
        "res.users", string="Default Handler", tracking=True, domain=lambda self: complaint_users_domain(self)
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Schedule",
        check_company=True,
        help="Deadlines of the department's complaints count its working time; empty: the company's.",
    )
    color = fields.Integer()
    note = fields.Text(translate=True)
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    @api.constrains("manager_id", "member_ids", "default_user_id")
    def _check_assignees(self):
        check_complaint_users(self, ["manager_id", "member_ids", "default_user_id"])

    def _compute_complaint_count(self):
        counts = dict(
            self.env["customer.complaint"]._read_group(
                [("department_id", "in", self.ids)], ["department_id"], ["__count"]
            )
        )
        for department in self:
            department.complaint_count = counts.get(department, 0)

    def _alias_get_creation_values(self):
        """Mail to the department's alias files a complaint for the department, channel email."""
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("customer.complaint").id
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(self.alias_defaults or "{}")
            defaults.update({"department_id": self.id, "company_id": self.company_id.id, "channel": "email"})
        return values

    def _least_loaded_member(self, load, excluded=None):
        """The member with the fewest open complaints in ``load``, but none of ``excluded``; the
        default handler first on a tie."""
        self.ensure_one()
        group = complaint_user_group(self.env)
        candidates = (self.member_ids or self.default_user_id or self.manager_id).filtered(
            lambda user: group in user.all_group_ids and user not in (excluded or ())
        )
        if not candidates:
            return candidates
        return min(candidates, key=lambda u: (load[u], u != self.default_user_id, u.id))

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._complaints_action(
            [("department_id", "=", self.id)], {"default_department_id": self.id}
        )
