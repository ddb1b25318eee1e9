from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_complaint_workflow import QA_GROUP

RECALL_STATES = [("draft", "Draft"), ("notified", "Customers Notified"), ("closed", "Closed")]
LINE_STATES = [
    ("to_notify", "To Notify"),
    ("notified", "Notified"),
    ("answered", "Answered"),
    ("returned", "Goods Returned"),
]


class ComplaintRecall(models.Model):
    """A recall (召回, 002 4.2, 004-FOOD): every customer who received the lot, or the product
    in a period, found from the done deliveries; told in their language; who was reached,
    what they answered and what came back, kept per customer and delivery."""

    _name = "complaint.recall"
    _description = "Product Recall"
    _inherit = ["complaint.step.guard", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _transitions = {
        "find": (("draft",), None, (QA_GROUP,)),
        "notify": (("draft", "notified"), "notified", (QA_GROUP,)),
        "close": (("notified",), "closed", (QA_GROUP,)),
    }

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    complaint_id = fields.Many2one(
        "customer.complaint", string="From Complaint", index="btree_not_null", check_company=True
    )
    reason = fields.Text(required=True, tracking=True)
    product_id = fields.Many2one("product.product", required=True, check_company=True, tracking=True)
    lot_ids = fields.Many2many("stock.lot", string="Lots", check_company=True, help="Empty: the product in the period.")
    date_from = fields.Date(string="Delivered From")
    date_to = fields.Date(string="Delivered Until")
    state = fields.Selection(
        RECALL_STATES, default="draft", required=True, readonly=True, tracking=True, step_only=True
    )
    line_ids = fields.One2many("complaint.recall.line", "recall_id", string="Affected Customers", readonly=True)
    line_count = fields.Integer(compute="_compute_counts")
    notified_count = fields.Integer(compute="_compute_counts")
    answered_count = fields.Integer(compute="_compute_counts")
    quantity_delivered = fields.Float(compute="_compute_counts", digits="Product Unit")
    date_notified = fields.Datetime(readonly=True, copy=False, step_only=True)

    @api.depends("line_ids.state", "line_ids.quantity")
    def _compute_counts(self):
        groups = self.env["complaint.recall.line"]._read_group(
            [("recall_id", "in", self.ids)], ["recall_id", "state"], ["__count", "quantity:sum"]
        )
        counts = {}
        for recall, state, count, quantity in groups:
            counts.setdefault(recall, {})[state] = (count, quantity)
        for recall in self:
            by_state = counts.get(recall, {})
            recall.line_count = sum(c for c, _q in by_state.values())
            recall.quantity_delivered = sum(q for _c, q in by_state.values())
            recall.notified_count = recall.line_count - by_state.get("to_notify", (0, 0))[0]
            recall.answered_count = sum(by_state.get(s, (0, 0))[0] for s in ("answered", "returned"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("complaint.recall") or "/"
        return super().create(vals_list)

    @api.constrains("date_from", "date_to", "lot_ids")
    def _check_scope(self):
        for recall in self:
            if recall.date_from and recall.date_to and recall.date_from > recall.date_to:
                raise UserError(self.env._("The period of the recall ends before it starts."))
            if recall.lot_ids.product_id - recall.product_id:
                raise UserError(self.env._("The lots of a recall are lots of its product."))

    # ------------------------------------------------------------------ scope
    def _delivery_domain(self):
        self.ensure_one()
        domain = [
            ("company_id", "=", self.company_id.id),
            ("product_id", "=", self.product_id.id),
            ("state", "=", "done"),
            ("location_dest_id.usage", "=", "customer"),
        ]
        if self.lot_ids:
            domain.append(("lot_id", "in", self.lot_ids.ids))
        if self.date_from:
            domain.append(("date", ">=", fields.Datetime.to_datetime(self.date_from)))
        if self.date_to:
            domain.append(("date", "<", fields.Datetime.to_datetime(self.date_to) + timedelta(days=1)))
        return domain

    def action_find_customers(self):
        """Every customer and delivery that received the lot (or the product in the period),
        grouped in one query over the done delivery lines; found again from scratch."""
        self._check_step("find")
        Line = self.env["complaint.recall.line"].sudo()
        for recall in self:
            groups = (
                self.env["stock.move.line"]
                .sudo()
                ._read_group(
                    recall._delivery_domain(),
                    ["move_id"],
                    ["quantity_product_uom:sum", "lot_id:array_agg", "date:max"],
                )
            )
            # per delivery (the move's transfer): its customer, quantity, lots and last date
            per_picking = {}
            for move, quantity, lot_ids, date in groups:
                picking = move.picking_id
                if not picking:
                    continue
                found = per_picking.setdefault(picking, [0.0, set(), date])
                found[0] += quantity
                found[1].update(lot_id for lot_id in lot_ids if lot_id)
                found[2] = max(found[2], date)
            lots = self.env["stock.lot"].sudo().browse({i for _q, ids, _d in per_picking.values() for i in ids})
            lot_name = {lot.id: lot.name for lot in lots}
            recall.sudo().line_ids.unlink()
            Line.create(
                [
                    {
                        "recall_id": recall.id,
                        "partner_id": picking.partner_id.commercial_partner_id.id,
                        "picking_id": picking.id,
                        "quantity": quantity,
                        "lot_names": ", ".join(sorted(lot_name[i] for i in lot_ids)),
                        "date_delivered": date,
                    }
                    for picking, (quantity, lot_ids, date) in per_picking.items()
                    if picking.partner_id
                ]
            )
            recall.message_post(
                body=self.env._("%(count)s deliveries to customers found.", count=len(recall.line_ids)),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_notify(self):
        """Tell every affected customer not told yet, each in their language (queued mails,
        rendered in batches), with their portal link where they have one."""
        self._check_step("notify")
        template = self.env.ref("complaint_management.mail_template_recall_notice")
        for recall in self:
            lines = recall.sudo().line_ids.filtered(lambda rl: rl.state == "to_notify")
            if not recall.line_ids:
                raise UserError(self.env._("%(recall)s: find the affected customers first.", recall=recall.name))
            without_email = lines.filtered(lambda rl: not rl.partner_id.email)
            with_email = lines - without_email
            if with_email:
                template.sudo().send_mail_batch(with_email.ids)
            for line in without_email:  # told by phone: a to-do for QA
                recall._todo(
                    self.env.user,
                    lambda env, rl=line: env._(
                        "Call %(customer)s about the recall", customer=rl.partner_id.display_name
                    ),
                )
            lines.write({"state": "notified", "date_notified": fields.Datetime.now()})
            recall._step_write({"state": "notified", "date_notified": fields.Datetime.now()})
            recall.message_post(
                body=self.env._(
                    "%(mail)s customers told by email, %(phone)s to call.",
                    mail=len(with_email),
                    phone=len(without_email),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_close(self):
        self._check_step("close")
        return self._step_write({"state": "closed"})

    def action_view_returns(self):
        self.ensure_one()
        return self.env["complaint.return"]._open("complaint.return", self.line_ids.return_id, self.env._("Returns"))

    def _guard_write(self, vals):
        scope = {"product_id", "lot_ids", "date_from", "date_to", "company_id"} & set(vals)
        if scope and self.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("The scope of a recall is fixed once its customers are told."))
        return super()._guard_write(vals)


class ComplaintRecallLine(models.Model):
    """One delivery of the recalled goods to a customer, and what came of it."""

    _name = "complaint.recall.line"
    _description = "Customer Affected by a Recall"
    _order = "recall_id, partner_id, id"

    recall_id = fields.Many2one("complaint.recall", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="recall_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True)
    picking_id = fields.Many2one("stock.picking", string="Delivery", required=True)
    date_delivered = fields.Datetime(string="Delivered On")
    lot_names = fields.Char(string="Lots")
    quantity = fields.Float(digits="Product Unit")
    state = fields.Selection(LINE_STATES, default="to_notify", required=True)
    date_notified = fields.Datetime(string="Told On")
    answer = fields.Text(string="Customer's Answer")
    return_id = fields.Many2one("complaint.return", index="btree_not_null")

    def write(self, vals):
        """QA records what the customer answered and the return that brought the goods back;
        the rest is the recall's own."""
        if not self.env.su:
            if set(vals) - {"answer", "return_id"}:
                raise UserError(
                    self.env._("A customer found by a recall stays as found; record the answer or the return.")
                )
            ret = self.env["complaint.return"].browse(vals.get("return_id") or [])
            for line in self:
                if ret and (
                    ret.partner_id.commercial_partner_id != line.partner_id
                    or line.recall_id.product_id not in ret.line_ids.product_id
                ):
                    raise UserError(
                        self.env._(
                            "%(return)s is not a return of the recalled product by %(customer)s.",
                            customer=line.partner_id.display_name,
                            **{"return": ret.name},
                        )
                    )
            if vals.get("return_id"):
                vals = {**vals, "state": "returned"}
            elif vals.get("answer"):
                vals = {**vals, "state": "answered"}
        return super().write(vals)

    def _portal_url(self):
        """The customer's portal (their complaints and documents) where they have access."""
        self.ensure_one()
        users = self.partner_id.sudo().with_context(active_test=False).user_ids
        return f"{self.recall_id.get_base_url()}/my" if users.filtered(lambda u: u.active and u.share) else False


class ComplaintReturn(models.Model):
    _inherit = "complaint.return"

    recall_line_ids = fields.One2many("complaint.recall.line", "return_id", string="Recall")


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    recall_ids = fields.One2many("complaint.recall", "complaint_id", string="Recalls")

    def action_new_recall(self):
        """A recall of the complaint's product and lots, for QA to complete."""
        self.ensure_one()
        product = self.line_ids.product_id[:1] or self.product_id
        if not product:
            raise UserError(self.env._("%(complaint)s names no product to recall.", complaint=self.name))
        lots = self.line_ids.filtered(lambda line: line.product_id == product).lot_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recall"),
            "res_model": "complaint.recall",
            "view_mode": "form",
            "context": {
                "default_complaint_id": self.id,
                "default_product_id": product.id,
                "default_lot_ids": lots.ids,
                "default_company_id": self.company_id.id,
            },
        }
