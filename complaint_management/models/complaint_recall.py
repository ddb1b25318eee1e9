from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, split_every

from .customer_complaint_workflow import QA_GROUP

CHUNK = 1000  # lines created or told per round, the cache emptied after each
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

    name = fields.Char(string="Recall Number", readonly=True, copy=False, default="/")
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
        """Every customer and delivery that received the lot (or the product in the period):
        one grouped query over the done delivery lines, then the lines created in chunks, the
        cache emptied after each (a lot delivered 100,000 times stays within memory)."""
        self._check_step("find")
        Line = self.env["complaint.recall.line"].sudo()
        for recall in self:
            query = self.env["stock.move.line"].sudo()._search(recall._delivery_domain())
            self.env.cr.execute(
                SQL(
                    """
                    SELECT p.id, COALESCE(c.commercial_partner_id, c.id), SUM(ml.quantity_product_uom),
                           string_agg(DISTINCT lot.name, ', ' ORDER BY lot.name), MAX(ml.date)
                      FROM stock_move_line ml
                      JOIN stock_move m ON m.id = ml.move_id
                      JOIN stock_picking p ON p.id = m.picking_id
                      JOIN res_partner c ON c.id = p.partner_id
                 LEFT JOIN stock_lot lot ON lot.id = ml.lot_id
                     WHERE ml.id IN %s
                  GROUP BY p.id, c.id
                  ORDER BY p.id
                    """,
                    query.subselect(),
                )
            )
            rows = self.env.cr.fetchall()
            recall.sudo().line_ids.unlink()
            for chunk in split_every(CHUNK, rows):
                Line.create(
                    [
                        {
                            "recall_id": recall.id,
                            "picking_id": picking_id,
                            "partner_id": partner_id,
                            "quantity": quantity,
                            "lot_names": lot_names,
                            "date_delivered": date,
                        }
                        for picking_id, partner_id, quantity, lot_names, date in chunk
                    ]
                )
                self.env.flush_all()
                self.env.invalidate_all()
            recall.message_post(
                body=self.env._("%(count)s deliveries to customers found.", count=len(rows)),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_notify(self):
        """Tell every affected customer not told yet, each in their language, by mails queued
        in chunks (the cache emptied after each), with their portal link where they have one;
        those without email are for QA to call."""
        self._check_step("notify")
        template = self.env.ref("complaint_management.mail_template_recall_notice").sudo()
        for recall in self:
            Line = self.env["complaint.recall.line"].sudo()
            if not Line.search_count([("recall_id", "=", recall.id)], limit=1):  # not all the lines read
                raise UserError(self.env._("%(recall)s: find the affected customers first.", recall=recall.name))
            pending = Line.search([("recall_id", "=", recall.id), ("state", "=", "to_notify")]).ids
            mailed, to_call = 0, []
            for chunk_ids in split_every(CHUNK, pending):
                chunk = Line.browse(chunk_ids)
                with_email = chunk.filtered(lambda rl: rl.partner_id.email)
                if with_email:
                    template.send_mail_batch(with_email.ids)
                mailed += len(with_email)
                to_call += (chunk - with_email).partner_id.mapped("display_name")
                chunk.write({"state": "notified", "date_notified": fields.Datetime.now()})
                self.env.flush_all()
                self.env.invalidate_all()
            for customer in to_call:  # told by phone: a to-do for QA
                recall._todo(
                    self.env.user, lambda env, c=customer: env._("Call %(customer)s about the recall", customer=c)
                )
            recall._step_write({"state": "notified", "date_notified": fields.Datetime.now()})
            recall.message_post(
                body=self.env._(
                    "%(mail)s customers told by email, %(phone)s to call.", mail=mailed, phone=len(to_call)
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
