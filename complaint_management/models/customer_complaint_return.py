from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_return import RETURN_OPEN_STATES


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    return_ids = fields.One2many("complaint.return", "complaint_id", string="Returns")
    return_count = fields.Integer(compute="_compute_return_count")

    @api.depends("return_ids")
    def _compute_return_count(self):
        for complaint in self:
            complaint.return_count = len(complaint.return_ids)

    def action_create_return(self):
        """A new return (draft, not saved yet) with the complaint's delivered products."""
        self.ensure_one()
        self._check_step("return_goods")
        if not self.sale_order_id:
            raise UserError(self.env._("Link the complaint to its sales order before returning goods."))
        # the deliveries of the complaint's own order, also for users without stock rights
        delivered = self.sale_order_id.sudo().order_line.move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
        )
        lines = []
        for line in self.line_ids.sudo():
            move = line.move_id or delivered.filtered(lambda m, product=line.product_id: m.product_id == product)[:1]
            if move:
                lines.append((0, 0, {"origin_move_id": move.id, "lot_id": line.lot_id.id, "quantity": line.quantity}))
        return self.sale_order_id._complaint_return_action({"default_complaint_id": self.id, "default_line_ids": lines})

    def action_view_returns(self):
        self.ensure_one()
        return self.env["complaint.return"]._open("complaint.return", self.return_ids, self.env._("Returns"))

    def _check_settled(self):
        self._check_nothing_pending(
            lambda complaint: complaint.return_ids.filtered(lambda r: r.state in RETURN_OPEN_STATES),
            self.env._("%(complaint)s cannot be closed while return %(items)s is open."),
        )
        return super()._check_settled()
