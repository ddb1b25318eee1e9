from odoo import fields, models

from .customer_complaint import COMPLAINT_USER_GROUP as COMPLAINT_GROUP


class StockPicking(models.Model):
    _inherit = "stock.picking"

    complaint_count = fields.Integer(compute="_compute_complaint_count", groups=COMPLAINT_GROUP)

    def _compute_complaint_count(self):
        counts = dict(
            self.env["customer.complaint"]._read_group([("picking_ids", "in", self.ids)], ["picking_ids"], ["__count"])
        )
        for picking in self:
            picking.complaint_count = counts.get(picking, 0)

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._complaints_action([("picking_ids", "in", self.ids)])
