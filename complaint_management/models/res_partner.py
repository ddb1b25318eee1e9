from odoo import fields, models

from .customer_complaint import COMPLAINT_USER_GROUP as COMPLAINT_GROUP


class ResPartner(models.Model):
    _inherit = "res.partner"

    complaint_count = fields.Integer(compute="_compute_complaint_count", groups=COMPLAINT_GROUP)

    def _compute_complaint_count(self):
        """Complaints of the partner's commercial entity, its contacts included."""
        counts = dict(
            self.env["customer.complaint"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._complaints_action(
            [("commercial_partner_id", "=", self.commercial_partner_id.id)], {"default_partner_id": self.id}
        )
