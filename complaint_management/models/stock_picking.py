from odoo import fields, models

from .customer_complaint import COMPLAINT_USER_GROUP as COMPLAINT_GROUP


class StockPicking(models.Model):
    _inherit = "stock.picking"

    complaint_count = fields.Integer(compute="_compute_complaint_count", groups=COMPLAINT_GROUP)
    complaint_return_id = fields.Many2one("complaint.return", index="btree_not_null", readonly=True, check_company=True)

    def _compute_complaint_count(self):
        counts = dict(
            self.env["customer.complaint"]._read_group([("picking_ids", "in", self.ids)], ["picking_ids"], ["__count"])
        )
        for picking in self:
            picking.complaint_count = counts.get(picking, 0)

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._complaints_action([("picking_ids", "in", self.ids)])

    def action_view_complaint_return(self):
        """From a receipt or replacement back to the complaint return it belongs to."""
        self.ensure_one()
        return self.complaint_return_id._get_records_action()

    def _action_done(self):
        result = super()._action_done()
        self.complaint_return_id.sudo()._sync_receipts()
        return result

    def action_cancel(self):
        result = super().action_cancel()
        self.complaint_return_id.sudo()._sync_receipts()
        return result
