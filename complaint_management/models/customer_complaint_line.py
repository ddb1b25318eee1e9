from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerComplaintLine(models.Model):
    _name = "customer.complaint.line"
    _description = "Product Concerned by a Complaint"
    _order = "complaint_id, sequence, id"
    _check_company_auto = True

    complaint_id = fields.Many2one("customer.complaint", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    sale_line_id = fields.Many2one("sale.order.line", string="Order Line", index="btree_not_null", check_company=True)
    move_id = fields.Many2one("stock.move", string="Delivery Move", index="btree_not_null", check_company=True)
    picking_id = fields.Many2one(related="move_id.picking_id", string="Delivery")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", index="btree_not_null", check_company=True)
    product_id = fields.Many2one("product.product", required=True, index=True, check_company=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_delivered = fields.Float(string="Delivered", digits="Product Unit")
    quantity = fields.Float(string="Quantity Concerned", digits="Product Unit", default=1.0)

    @api.constrains("quantity", "qty_delivered", "move_id")
    def _check_quantity(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(self.env._("The quantity concerned must be positive."))
            if line.move_id and line.uom_id.compare(line.quantity, line.qty_delivered) > 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(quantity)s concerned but only %(delivered)s delivered.",
                        product=line.product_id.display_name,
                        quantity=line.quantity,
                        delivered=line.qty_delivered,
                    )
                )
