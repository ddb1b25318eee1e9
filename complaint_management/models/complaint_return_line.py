from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

DISPOSITIONS = [
    ("quarantine", "Keep in Quarantine"),
    ("scrap", "Scrap"),
    ("rework", "Rework"),
    ("vendor", "Return to Vendor"),
]


# What QA records when the goods are inspected, while the return is "Goods Received".
INSPECTION_FIELDS = {"qty_conforming", "qty_nonconforming", "defect_description", "disposition"}
# What comes back, fixed once the return notice is approved.
GOODS_FIELDS = {"return_id", "origin_move_id", "lot_id", "quantity"}


class ComplaintReturnLine(models.Model):
    _name = "complaint.return.line"
    _inherit = ["complaint.step.guard"]
    _description = "Returned Product"
    _order = "return_id, id"
    _check_company_auto = True

    return_id = fields.Many2one("complaint.return", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    state = fields.Selection(related="return_id.state")
    origin_move_id = fields.Many2one(
        "stock.move",
        string="Delivery Move",
        required=True,
        index=True,
        check_company=True,
        domain="[('sale_line_id.order_id', '=', parent.sale_order_id), ('state', '=', 'done'),"
        " ('location_dest_id.usage', '=', 'customer')]",
    )
    # what was delivered, kept as it was when the line was made: a later change of the stock
    # move (by anyone with stock rights) does not change what comes back
    sale_line_id = fields.Many2one(
        "sale.order.line", string="Order Line", compute="_compute_delivered", store=True, step_only=True
    )
    product_id = fields.Many2one(
        "product.product", compute="_compute_delivered", store=True, index=True, step_only=True
    )
    tracking = fields.Selection(related="product_id.tracking")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(digits="Product Unit", default=1.0, required=True)
    reason = fields.Char()
    qty_received = fields.Float(digits="Product Unit", compute="_compute_qty_received", compute_sudo=True)
    qty_conforming = fields.Float(string="Conforming", digits="Product Unit")
    qty_nonconforming = fields.Float(string="Nonconforming", digits="Product Unit")
    defect_description = fields.Text(string="Defect")
    disposition = fields.Selection(DISPOSITIONS, help="What happens to the nonconforming quantity.")
    inspector_id = fields.Many2one("res.users", readonly=True, step_only=True)
    date_inspected = fields.Datetime(string="Inspected On", readonly=True, step_only=True)
    disposition_done = fields.Boolean(string="Moved", readonly=True, copy=False, step_only=True)

    @api.depends("origin_move_id")
    def _compute_delivered(self):
        for line in self:
            move = line.sudo().origin_move_id
            line.sale_line_id = move.sale_line_id
            line.product_id = move.product_id

    # ------------------------------------------------------------------ guards
    def _guard_create(self, vals_list):
        returns = self.env["complaint.return"].browse({vals.get("return_id") for vals in vals_list} - {None})
        if any(ret.state != "draft" for ret in returns):
            raise UserError(self.env._("The goods of an approved return cannot be changed."))
        inspected = {name for vals in vals_list for name in INSPECTION_FIELDS if vals.get(name)}
        if inspected:
            self._refuse_fields(inspected)
        return super()._guard_create(vals_list)

    def _guard_created(self):
        """Lines join draft returns only, without inspection results (whatever the context's
        defaults say)."""
        if any(line.return_id.state != "draft" for line in self):
            raise UserError(self.env._("The goods of an approved return cannot be changed."))
        if any(line[name] for line in self for name in INSPECTION_FIELDS):
            self._refuse_fields({name for line in self for name in INSPECTION_FIELDS if line[name]})
        return super()._guard_created()

    def _guard_write(self, vals):
        if GOODS_FIELDS & set(vals) and any(line.return_id.state != "draft" for line in self):
            raise UserError(self.env._("The goods of an approved return cannot be changed."))
        if vals.get("return_id") and self.env["complaint.return"].browse(vals["return_id"]).state != "draft":
            raise UserError(self.env._("The goods of an approved return cannot be changed."))
        if INSPECTION_FIELDS & set(vals):
            if any(line.return_id.state != "received" for line in self):
                raise UserError(self.env._("Inspection results are recorded while the goods are received."))
            if not self.env.su and not self.env.user.has_group("complaint_management.group_complaint_qa"):
                raise AccessError(self.env._("Only QA records the inspection of returned goods."))
        return super()._guard_write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(line.return_id.state not in ("draft", "cancel") for line in self):
            raise UserError(self.env._("The goods of an approved return cannot be changed."))

    # ------------------------------------------------------------------ quantities
    def _lot_quantity(self, move_lines):
        """Quantity of ``move_lines`` in the product's unit, for this line's lot if it has one."""
        return sum(ml.quantity_product_uom for ml in move_lines if not self.lot_id or ml.lot_id == self.lot_id)

    @api.depends("return_id.picking_ids.state", "origin_move_id", "lot_id")
    def _compute_qty_received(self):
        for line in self:
            moves = line.return_id.picking_ids.move_ids.filtered(
                lambda m, origin=line.origin_move_id: m.state == "done" and m.origin_returned_move_id == origin
            )
            line.qty_received = line._lot_quantity(moves.move_line_ids)

    def _returnable_quantity(self, drafts):
        """Delivered on the move (for the lot) less what came or is coming back already,
        by this addon or by Odoo's own return wizard, and less the other draft returns
        (``drafts``: draft return lines on the same deliveries)."""
        self.ensure_one()
        move = self.origin_move_id
        returnable = self._lot_quantity(move.move_line_ids)
        for returned in move.returned_move_ids.filtered(lambda m: m.state != "cancel"):
            lot_lines = (
                returned.move_line_ids.filtered("lot_id") if returned.state != "done" else returned.move_line_ids
            )
            if returned.state == "done" or (self.lot_id and lot_lines):
                returnable -= self._lot_quantity(lot_lines)
            else:
                returnable -= returned.product_qty
        returnable -= sum(
            draft.quantity
            for draft in drafts
            if draft != self and draft.origin_move_id == move and (not self.lot_id or draft.lot_id == self.lot_id)
        )
        return returnable

    @api.constrains("quantity", "lot_id", "origin_move_id")
    def _check_returnable(self):
        # every draft return counts, also those the user cannot read
        drafts = self.sudo().search(
            [("origin_move_id", "in", self.origin_move_id.ids), ("return_id.state", "=", "draft")]
        )
        for line in self.sudo():  # the deliveries are read whatever the user's stock rights
            if line.state not in ("draft", False):
                continue
            move = line.origin_move_id
            if (
                move.state != "done"
                or move.location_dest_id.usage != "customer"
                or move.sale_line_id.order_id != line.return_id.sale_order_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(move)s is not a delivery of order %(order)s to the customer.",
                        move=move.reference or move.display_name,
                        order=line.return_id.sale_order_id.name,
                    )
                )
            if line.uom_id.compare(line.quantity, 0) <= 0:
                raise ValidationError(self.env._("The returned quantity must be positive."))
            if line.tracking != "none" and not line.lot_id:
                raise ValidationError(
                    self.env._("%(product)s is tracked: give the lot or serial number.", product=line.product_id.name)
                )
            if line.lot_id and not line.origin_move_id.move_line_ids.filtered(
                lambda ml, lot=line.lot_id: ml.lot_id == lot
            ):
                raise ValidationError(
                    self.env._(
                        "Lot %(lot)s was not delivered with %(move)s.",
                        lot=line.lot_id.name,
                        move=line.origin_move_id.reference or line.origin_move_id.display_name,
                    )
                )
            returnable = line._returnable_quantity(drafts)
            if line.uom_id.compare(line.quantity, returnable) > 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(quantity)s cannot come back, only %(returnable)s delivered and not yet "
                        "returned.",
                        product=line.product_id.display_name,
                        quantity=line.quantity,
                        returnable=max(returnable, 0.0),
                    )
                )

    # ------------------------------------------------------------------ inspection
    def _check_inspection(self):
        for line in self:
            if line.uom_id.compare(line.qty_conforming, 0) < 0 or line.uom_id.compare(line.qty_nonconforming, 0) < 0:
                raise UserError(self.env._("Inspected quantities cannot be negative."))
            if line.uom_id.compare(line.qty_conforming + line.qty_nonconforming, line.qty_received):
                raise UserError(
                    self.env._(
                        "%(product)s: conforming %(ok)s + nonconforming %(nok)s must equal the %(received)s received.",
                        product=line.product_id.display_name,
                        ok=line.qty_conforming,
                        nok=line.qty_nonconforming,
                        received=line.qty_received,
                    )
                )
            if line.uom_id.compare(line.qty_nonconforming, 0) > 0:
                if not line.disposition:
                    raise UserError(
                        self.env._(
                            "%(product)s: decide what happens to the nonconforming goods.",
                            product=line.product_id.display_name,
                        )
                    )
                if not (line.defect_description or "").strip():
                    raise UserError(
                        self.env._("%(product)s: describe the defect.", product=line.product_id.display_name)
                    )

    def _execute_disposition(self):
        """Create the stock moves of the inspection's outcome, in one batch: conforming goods
        go from quarantine back to stock, nonconforming ones stay in quarantine, are scrapped,
        go to rework (stay in quarantine, with a to-do) or back to the vendor."""
        move_vals, scrap_vals = [], []
        vendor_location = self.env.ref("stock.stock_location_suppliers")
        for line in self:
            ret = line.return_id
            quarantine = ret.warehouse_id._complaint_quarantine_location()
            common = {
                "product_id": line.product_id.id,
                "product_uom": line.uom_id.id,
                "company_id": ret.company_id.id,
                "complaint_return_id": ret.id,
                "origin": ret.name,
                "location_id": quarantine.id,
            }
            targets = []
            if line.uom_id.compare(line.qty_conforming, 0) > 0:
                targets.append((ret.warehouse_id.lot_stock_id, line.qty_conforming))
            nonconforming = line.uom_id.compare(line.qty_nonconforming, 0) > 0
            if nonconforming and line.disposition == "vendor":
                targets.append((vendor_location, line.qty_nonconforming))
            if nonconforming and line.disposition == "scrap":
                scrap_vals.append(
                    {
                        "product_id": line.product_id.id,
                        "product_uom_id": line.uom_id.id,
                        "lot_id": line.lot_id.id,
                        "scrap_qty": line.qty_nonconforming,
                        "location_id": quarantine.id,
                        "company_id": ret.company_id.id,
                        "origin": ret.name,
                        "complaint_return_id": ret.id,
                    }
                )
            for destination, qty in targets:
                move_vals.append(
                    {
                        **common,
                        "product_uom_qty": qty,
                        "location_dest_id": destination.id,
                        "picked": True,
                        "move_line_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": line.product_id.id,
                                    "product_uom_id": line.uom_id.id,
                                    "lot_id": line.lot_id.id,
                                    "quantity": qty,
                                    "location_id": quarantine.id,
                                    "location_dest_id": destination.id,
                                },
                            )
                        ],
                    }
                )
        if move_vals:
            moves = self.env["stock.move"].create(move_vals)
            moves._action_confirm(merge=False)
            moves._action_done()
        if scrap_vals:
            self.env["stock.scrap"].create(scrap_vals).do_scrap()
        self._step_write({"disposition_done": True})
        for line in self.filtered(lambda line: line.disposition == "rework" and line.qty_nonconforming):
            line.return_id._todo(
                line.inspector_id,
                lambda env, product=line.product_id: env._("Rework %(product)s", product=product.display_name),
                line.defect_description,
            )
