from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_level_amount = fields.Monetary(
        string="High-Level Claim Amount",
        currency_field="currency_id",
        default=50000.0,
        help="A complaint whose claimed amount reaches this amount (company currency) is high level.",
    )
    complaint_repeat_days = fields.Integer(
        string="Repeat Complaint Window (days)",
        default=90,
        help="An earlier complaint of the same customer on the same product or order within this "
        "many days makes a new complaint a repeat complaint.",
    )

    complaint_grace_hours = fields.Float(
        string="Manager Notified After (hours)",
        default=4.0,
        help="Hours after a missed deadline before the department manager is told too.",
    )
    complaint_no_solution_days = fields.Integer(
        string="High Level Without Solution After (days)",
        default=10,
        help="A complaint with no solution this many days after receipt becomes high level.",
    )

    @api.constrains("complaint_level_amount", "complaint_repeat_days")
    def _check_complaint_settings(self):
        for company in self:
            if company.complaint_level_amount < 0 or company.complaint_repeat_days < 0:
                raise ValidationError(self.env._("The repeat window and the high-level amount cannot be negative."))
