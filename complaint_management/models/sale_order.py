from odoo import fields, models

from .customer_complaint import COMPLAINT_USER_GROUP as COMPLAINT_GROUP


class SaleOrder(models.Model):
    _inherit = "sale.order"

    complaint_ids = fields.One2many("customer.complaint", "sale_order_id", string="Complaints", groups=COMPLAINT_GROUP)
    complaint_count = fields.Integer(compute="_compute_complaint_count", groups=COMPLAINT_GROUP)

    def _compute_complaint_count(self):
        counts = dict(
            self.env["customer.complaint"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.complaint_count = counts.get(order, 0)

    def _prepare_complaint_lines(self):
        """Values of complaint lines for what was delivered on this order: one line per
        delivery move and lot, read in one query; order lines not delivered yet come after.
        The quantity concerned starts at 0: lines left at 0 are not part of the complaint."""
        self.ensure_one()
        self.check_access("read")  # an order the user may read; its deliveries whatever their stock rights
        grouped = (
            self.env["stock.move.line"]
            .sudo()
            ._read_group(
                [
                    ("move_id.sale_line_id", "in", self.order_line.ids),
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                ],
                ["move_id", "lot_id"],
                ["quantity:sum"],
            )
        )
        lines = []
        delivered_sale_lines = set()
        for move, lot, quantity in grouped:
            delivered_sale_lines.add(move.sale_line_id.id)
            lines.append(
                {
                    "sale_line_id": move.sale_line_id.id,
                    "move_id": move.id,
                    "lot_id": lot.id,
                    "product_id": move.product_id.id,
                    "qty_delivered": quantity,
                    "quantity": 0.0,  # what the customer complains about, entered by the user
                }
            )
        for sale_line in self.order_line:
            if sale_line.product_id and sale_line.id not in delivered_sale_lines and not sale_line.display_type:
                lines.append(
                    {
                        "sale_line_id": sale_line.id,
                        "product_id": sale_line.product_id.id,
                        "quantity": 0.0,
                    }
                )
        return lines

    def action_file_complaint(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("complaint_management.customer_complaint_action")
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "target": "current",
                "context": {"default_sale_order_id": self.id, "default_channel": "sales_visit"},
            }
        )
        return action

    def action_view_complaints(self):
        self.ensure_one()
        return self.env["customer.complaint"]._complaints_action(
            [("sale_order_id", "=", self.id)], {"default_sale_order_id": self.id}
        )

    def _complaint_return_action(self, context):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Goods"),
            "res_model": "complaint.return",
            "view_mode": "form",
            "target": "current",
            "context": {"default_sale_order_id": self.id, "default_company_id": self.company_id.id, **context},
        }

    def action_create_complaint_return(self):
        return self._complaint_return_action({})
