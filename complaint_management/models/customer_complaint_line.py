from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

WARRANTY_STATES = [
    ("in_warranty", "In Warranty"),
    ("out_of_warranty", "Out of Warranty"),
    ("outside_claim_window", "Outside the Claim Window"),
]


class CustomerComplaintLine(models.Model):
    _name = "customer.complaint.line"
    _inherit = ["complaint.child.mixin"]
    _description = "Product Concerned by a Complaint"
    _check_company_auto = True

    sale_line_id = fields.Many2one("sale.order.line", string="Order Line", index="btree_not_null", check_company=True)
    move_id = fields.Many2one("stock.move", string="Delivery Move", index="btree_not_null", check_company=True)
    picking_id = fields.Many2one(related="move_id.picking_id", string="Delivery")
    lot_id = fields.Many2one("stock.lot", string="Lot/Serial", index="btree_not_null", check_company=True)
    product_id = fields.Many2one("product.product", required=True, index=True, check_company=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    qty_delivered = fields.Float(
        string="Delivered",
        digits="Product Unit",
        compute="_compute_qty_delivered",
        store=True,
        help="Read from the delivery move (and lot), never taken from the client.",
    )
    quantity = fields.Float(string="Quantity Concerned", digits="Product Unit", default=1.0)
    vendor_id = fields.Many2one(
        "res.partner",
        string="Merchant",
        index="btree_not_null",
        help="The merchant (vendor) who sold the product in the mall (001-MALL): an advance payment (先行赔付) "
        "is recovered from them.",
    )
    brand = fields.Char(help="The brand of the product, as the mall's merchants and the group's warning list name it.")

    date_shipped = fields.Date(
        string="Shipped On", compute="_compute_date_shipped", store=True, help="When the delivery move was done."
    )
    warranty_status = fields.Selection(
        WARRANTY_STATES,
        string="Warranty",
        compute="_compute_warranty_status",
        store=True,
        help="From the shipping date and the product category's warranty and claim window, at receipt of "
        "the complaint.",
    )
    # production traceability (001-PCB, 004-ELEC): read from manufacturing where the lot was made
    # there, written by hand otherwise
    production_date = fields.Date(compute="_compute_production", store=True, readonly=False)
    production_ref = fields.Char(string="Production Order", compute="_compute_production", store=True, readonly=False)
    production_unit = fields.Char(
        compute="_compute_production", store=True, readonly=False, help="Line or work centre."
    )
    production_shift = fields.Char(string="Shift")
    production_operator = fields.Char(string="Operator", compute="_compute_production", store=True, readonly=False)

    @api.depends("move_id.state", "move_id.date")
    def _compute_date_shipped(self):
        for line in self:
            move = line.move_id.sudo()
            line.date_shipped = move.date.date() if move.state == "done" and move.date else False

    @api.depends(
        "date_shipped",
        "complaint_id.date_received",
        "product_id.categ_id.complaint_warranty_months",
        "product_id.categ_id.complaint_claim_days",
    )
    def _compute_warranty_status(self):
        terms = self.env["product.category"]._complaint_terms(self.product_id.categ_id)
        for line in self:
            received = line.complaint_id.date_received
            months, days, _proof = terms.get(line.product_id.categ_id, (0, 0, False))
            if not (line.date_shipped and received and (months or days)):
                line.warranty_status = False
            elif days and received.date() > line.date_shipped + relativedelta(days=days):
                line.warranty_status = "outside_claim_window"
            elif months:
                in_warranty = received.date() <= line.date_shipped + relativedelta(months=months)
                line.warranty_status = "in_warranty" if in_warranty else "out_of_warranty"
            else:
                line.warranty_status = "in_warranty"  # within the claim window

    @api.depends("lot_id")
    def _compute_production(self):
        """The manufacturing order that produced the lot, when manufacturing is installed: its
        date, reference, work centre and responsible; one search for the batch. Without one,
        what was written by hand stays."""
        Production = self.env.get("mrp.production")
        by_lot = {}
        if Production is not None and self.lot_id:
            domain = [("lot_producing_ids", "in", self.lot_id.ids), ("state", "=", "done")]
            for production in Production.sudo().search(domain, order="date_finished"):
                by_lot.update(dict.fromkeys(production.lot_producing_ids, production))
        for line in self:
            production = by_lot.get(line.lot_id)
            if production:
                line.production_date = production.date_finished and production.date_finished.date()
                line.production_ref = production.name
                line.production_unit = production.workorder_ids[:1].workcenter_id.name or False
                line.production_operator = production.user_id.name or False
            else:
                line.production_date = line.production_date
                line.production_ref = line.production_ref
                line.production_unit = line.production_unit
                line.production_operator = line.production_operator

    @api.depends("move_id", "lot_id")
    def _compute_qty_delivered(self):
        """Done quantities of the delivery moves, per move and lot, in one grouped query."""
        moves = self.move_id
        delivered = {}
        if moves:
            groups = (
                self.env["stock.move.line"]
                .sudo()
                ._read_group(
                    [("move_id", "in", moves.ids), ("state", "=", "done")],
                    ["move_id", "lot_id"],
                    ["quantity_product_uom:sum"],
                )
            )
            for move, lot, quantity in groups:
                delivered[move.id, lot.id] = quantity
                delivered[move.id, None] = delivered.get((move.id, None), 0.0) + quantity
        for line in self:
            key = (line.move_id.id, line.lot_id.id or None)
            line.qty_delivered = delivered.get(key, 0.0)

    # ------------------------------------------------------------------ guards
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [{k: v for k, v in vals.items() if k != "qty_delivered"} for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        return super().write({k: v for k, v in vals.items() if k != "qty_delivered"})

    @api.constrains("move_id", "lot_id", "product_id")
    def _check_delivery(self):
        """The delivery move is one of the complaint's order to the customer, of this product
        (and lot)."""
        for line in self.filtered("move_id"):
            move = line.sudo().move_id
            order = line.complaint_id.sale_order_id
            if (
                move.state != "done"
                or move.location_dest_id.usage != "customer"
                or move.product_id != line.product_id
                or (order and move.sale_line_id.order_id != order)
                or (line.lot_id and line.lot_id not in move.move_line_ids.lot_id)
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(move)s is not a delivery of this product to the customer of the order.",
                        product=line.product_id.display_name,
                        move=move.reference or move.display_name,
                    )
                )

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
