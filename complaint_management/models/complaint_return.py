from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formatLang

from .customer_complaint import COMPLAINT_USER_GROUP

RETURN_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("receiving", "Receiving"),
    ("received", "Goods Received"),
    ("inspected", "Inspected"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]
RETURN_OPEN_STATES = ("draft", "approved", "receiving", "received", "inspected")
APPROVER_GROUPS = ("sales_team.group_sale_manager", "complaint_management.group_complaint_manager")
QA_GROUPS = ("complaint_management.group_complaint_qa",)
# step -> (states it starts from, state it leads to, groups). Receiving follows the incoming
# transfers validated in Inventory; the warehouse never writes the return itself.
RETURN_TRANSITIONS = {
    "approve": (("draft",), "approved", APPROVER_GROUPS),
    "refuse": (("draft",), "cancel", APPROVER_GROUPS),
    "inspect": (("received",), "inspected", QA_GROUPS),
    "dispose": (("inspected",), "done", QA_GROUPS),
    "cancel": (("draft", "approved"), "cancel", (COMPLAINT_USER_GROUP, *APPROVER_GROUPS)),
    "resolve": (("received", "inspected", "done"), None, ("sales_team.group_sale_salesman", *QA_GROUPS)),
}
# Fixed once the return notice is approved.
DRAFT_FIELDS = {"complaint_id", "sale_order_id", "company_id"}


class ComplaintReturn(models.Model):
    """Goods sent back by the customer (退货): approved as a return notice, received against the
    original delivery through Odoo's return mechanism, inspected and dispositioned by QA."""

    _name = "complaint.return"
    _description = "Complaint Return"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.step.guard"]
    _order = "id desc"
    _check_company_auto = True
    _transitions = RETURN_TRANSITIONS

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    complaint_id = fields.Many2one(
        "customer.complaint", index="btree_not_null", check_company=True, tracking=True, groups=COMPLAINT_USER_GROUP
    )
    complaint_ref = fields.Char(
        string="Complaint No.", compute="_compute_complaint_ref", store=True, compute_sudo=True, step_only=True
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Sales Order", required=True, index=True, check_company=True, tracking=True
    )
    partner_id = fields.Many2one(
        related="sale_order_id.partner_id", string="Customer", store=True, index=True, step_only=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    warehouse_id = fields.Many2one(related="sale_order_id.warehouse_id")
    state = fields.Selection(
        RETURN_STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand=True,
        readonly=True,
        step_only=True,
    )
    reason = fields.Text(help="Why the goods come back, as agreed with the customer.")
    line_ids = fields.One2many("complaint.return.line", "return_id", string="Lines", copy=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True, step_only=True)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False, step_only=True)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False, step_only=True)
    date_received = fields.Datetime(string="Goods Received On", readonly=True, copy=False, step_only=True)
    inspected_by_id = fields.Many2one("res.users", readonly=True, copy=False, step_only=True)
    date_inspected = fields.Datetime(string="Inspected On", readonly=True, copy=False, step_only=True)
    picking_ids = fields.One2many("stock.picking", "complaint_return_id", string="Transfers", readonly=True)
    move_ids = fields.One2many("stock.move", "complaint_return_id", string="Disposition Moves", readonly=True)
    scrap_ids = fields.One2many("stock.scrap", "complaint_return_id", string="Scraps", readonly=True)
    credit_note_ids = fields.Many2many(
        "account.move",
        string="Credit Notes",
        readonly=True,
        copy=False,
        groups="sales_team.group_sale_salesman,account.group_account_invoice",
    )
    can_approve = fields.Boolean(compute="_compute_can_steps")
    can_inspect = fields.Boolean(compute="_compute_can_steps")
    can_dispose = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")
    can_resolve = fields.Boolean(compute="_compute_can_steps")
    date_expected = fields.Datetime(
        string="Expected On",
        compute="_compute_expected",
        compute_sudo=True,
        help="When the open receipts are scheduled.",
    )
    goods_summary = fields.Char(string="Goods", compute="_compute_goods_summary")
    receipt_count = fields.Integer(compute="_compute_counts", compute_sudo=True)
    replacement_count = fields.Integer(compute="_compute_counts", compute_sudo=True)
    scrap_count = fields.Integer(compute="_compute_counts", compute_sudo=True)

    @api.depends("complaint_id.name")
    def _compute_complaint_ref(self):
        for ret in self:
            ret.complaint_ref = ret.complaint_id.name

    @api.depends_context("uid")
    @api.depends("state")
    def _compute_can_steps(self):
        for ret in self:
            for step in ("approve", "inspect", "dispose", "cancel", "resolve"):
                ret[f"can_{step}"] = ret._can_step(step)

    @api.depends("picking_ids.scheduled_date", "picking_ids.state")
    def _compute_expected(self):
        for ret in self:
            receipts = ret.picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming" and p.state not in ("done", "cancel")
            )
            ret.date_expected = min(receipts.mapped("scheduled_date"), default=False)

    @api.depends("line_ids.product_id", "line_ids.quantity")
    def _compute_goods_summary(self):
        """Each product once with its quantity, in the reader's language (3 x Kettle, 2 x Tile)."""
        for ret in self:
            quantities = defaultdict(float)
            for line in ret.line_ids:
                quantities[line.product_id] += line.quantity
            ret.goods_summary = ", ".join(
                f"{formatLang(self.env, qty, digits=0 if qty.is_integer() else 2)} × {product.display_name}"
                for product, qty in quantities.items()
            )

    @api.depends("picking_ids.picking_type_code", "scrap_ids")
    def _compute_counts(self):
        for ret in self:
            ret.receipt_count = len(ret.picking_ids.filtered(lambda p: p.picking_type_code == "incoming"))
            ret.replacement_count = len(ret.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing"))
            ret.scrap_count = len(ret.scrap_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") != "/" and not (self._is_stepping() or self._is_server()):
                self._refuse_fields({"name"})
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = self.env["ir.sequence"].with_company(company).next_by_code("complaint.return") or "/"
        return super().create(vals_list)

    def _guard_write(self, vals):
        if "name" in vals:
            self._refuse_fields({"name"})
        if DRAFT_FIELDS & set(vals) and any(ret.state != "draft" for ret in self):
            raise UserError(self.env._("The order and the complaint of an approved return cannot be changed."))
        return super()._guard_write(vals)

    @api.constrains("complaint_id", "sale_order_id")
    def _check_complaint_order(self):
        """A return answers a complaint about the same order, or at least the same customer."""
        for ret in self.sudo():
            complaint = ret.complaint_id
            if not complaint:
                continue
            same_order = complaint.sale_order_id == ret.sale_order_id
            same_customer = not complaint.sale_order_id and (
                complaint.commercial_partner_id == ret.sale_order_id.partner_id.commercial_partner_id
            )
            if not (same_order or same_customer):
                raise ValidationError(
                    self.env._(
                        "%(return)s: complaint %(complaint)s is about another order or customer.",
                        complaint=complaint.name,
                        **{"return": ret.name},
                    )
                )

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        return self._refuse_mail_intake()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(ret.state not in ("draft", "cancel") for ret in self):
            raise UserError(self.env._("Only draft or cancelled returns can be deleted."))

    # ------------------------------------------------------------------ steps
    def action_approve(self):
        """The return notice: a sales manager approves, the incoming transfers are created from
        the original deliveries (stock.return.picking), so the order's delivered quantities and
        the lots' history stay right."""
        self._check_step("approve")
        for ret in self:
            if not ret.line_ids:
                raise UserError(self.env._("%(return)s: add the goods that come back.", **{"return": ret.name}))
        self.line_ids._check_returnable()
        for ret in self.sudo():  # approvers need no stock rights, as when an order is confirmed
            ret._create_receipts()
        self._step_write({"state": "approved", "approved_by_id": self.env.uid, "date_approved": fields.Datetime.now()})
        self._tell_return_notice()
        return True

    def _report_lang(self):
        """The return note and the analysis report print in the customer's language, as the
        complaint's forms do, else the user's."""
        return self[:1].partner_id.lang or self.env.user.lang or self.env.lang

    def _printed_customer(self):
        """The customer as the complaint's forms print it (anonymous stays anonymous); a return
        without a complaint prints its partner."""
        self.ensure_one()
        # read as the server: the warehouse prints returns of complaints it may not open
        complaint = self.sudo().complaint_id.with_context(lang=self.env.lang)
        return complaint._printed_customer() if complaint else self.partner_id.display_name

    def _qa_to_tell(self):
        """The complaint's QA owner, else its handler or department manager (read as the server:
        the manager approving the return may not read the complaint)."""
        self.ensure_one()
        complaint = self.sudo().complaint_id
        return (complaint.qa_user_id or complaint.user_id or complaint.department_id.manager_id).filtered("active")

    def _tell_return_notice(self):
        """The return notice tells QA and the warehouse at once (000-D (二)2): a to-do on the
        return for QA, and one on each receipt for who receives returns at its warehouse."""
        managers = (
            self.env.ref("stock.group_stock_manager").sudo().all_user_ids.filtered(lambda u: u.active and not u.share)
        )
        for ret in self:
            qa = ret._qa_to_tell()
            if qa:
                ret._todo(qa, lambda env, r=ret: env._("Returned goods on their way: %(return)s", **{"return": r.name}))
            for picking in ret.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel")):
                warehouse = picking.picking_type_id.warehouse_id
                receiver = (
                    warehouse.complaint_return_user_id.filtered("active")
                    or managers.filtered(lambda u, c=picking.company_id: c in u.company_ids)[:1]
                )
                if receiver:
                    env = ret._env_for(receiver)
                    picking.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=env._("Receive the complaint return %(return)s", **{"return": ret.name}),
                        user_id=receiver.id,
                    )

    def _step_role_message(self, step):
        return {
            "approve": self.env._("Only a sales manager or a complaints manager approves a return."),
            "refuse": self.env._("Only a sales manager or a complaints manager approves a return."),
            "inspect": self.env._("Only QA records the inspection of returned goods."),
            "dispose": self.env._("Only QA moves inspected goods."),
            "resolve": self.env._("Only sales or QA replace or credit returned goods."),
        }.get(step) or super()._step_role_message(step)

    def _refuse(self, reason):
        """The manager refuses the return notice: cancelled, with the reason in the chatter and
        a to-do for whoever opened it."""
        reason = self.env["customer.complaint"]._require_text(reason, self.env._("Give the reason for the refusal."))
        self._check_step("refuse")
        self._step_write({"state": "cancel"})
        for ret in self:
            ret.message_post(body=Markup("<b>%s</b><br/>%s") % (self.env._("Return refused"), reason))
            ret._todo(ret.create_uid, lambda env: env._("Return refused"), reason)
        return True

    def action_open_refuse(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Return"),
            "res_model": "complaint.return.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_return_id": self.id},
        }

    def _create_receipts(self):
        """One return transfer per original delivery, received into the quarantine location
        with the lots of the return lines."""
        self.ensure_one()
        quarantine = self.warehouse_id._complaint_quarantine_location()
        lines_by_picking = defaultdict(lambda: self.env["complaint.return.line"])
        for line in self.line_ids:
            lines_by_picking[line.origin_move_id.picking_id] |= line
        move_line_vals = []
        for origin, lines in lines_by_picking.items():
            qty_by_move = defaultdict(float)
            for line in lines:
                qty_by_move[line.origin_move_id] += line.quantity
            wizard = (
                self.env["stock.return.picking"]
                .with_context(complaint_return_location_id=quarantine.id)
                .create(
                    {
                        "picking_id": origin.id,
                        "product_return_moves": [
                            (0, 0, {"product_id": move.product_id.id, "move_id": move.id, "quantity": qty})
                            for move, qty in qty_by_move.items()
                        ],
                    }
                )
            )
            picking = wizard._create_return()
            picking.write({"complaint_return_id": self.id, "origin": f"{self.name} ({origin.name})"})
            moves = {move.origin_returned_move_id: move for move in picking.move_ids}
            tracked = lines.filtered("lot_id")
            if tracked:
                moves_with_lots = self.env["stock.move"].union(*(moves[line.origin_move_id] for line in tracked))
                moves_with_lots.move_line_ids.unlink()
                move_line_vals += [
                    {
                        "move_id": moves[line.origin_move_id].id,
                        "picking_id": picking.id,
                        "product_id": line.product_id.id,
                        "product_uom_id": line.product_id.uom_id.id,
                        "lot_id": line.lot_id.id,
                        "quantity": line.quantity,
                        "location_id": picking.location_id.id,
                        "location_dest_id": quarantine.id,
                    }
                    for line in tracked
                ]
        if move_line_vals:
            self.env["stock.move.line"].create(move_line_vals)

    def _sync_receipts(self):
        """The return follows its incoming transfers: receiving while some are open after a
        partial receipt, received when none is left open."""
        for ret in self.filtered(lambda r: r.state in ("approved", "receiving")):
            receipts = ret.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
            done = receipts.filtered(lambda p: p.state == "done")
            still_open = receipts.filtered(lambda p: p.state not in ("done", "cancel"))
            if still_open:
                if done and ret.state != "receiving":
                    ret._step_write({"state": "receiving"})
            elif done:
                ret._step_write(
                    {"state": "received", "received_by_id": self.env.uid, "date_received": fields.Datetime.now()}
                )
                qa = ret._qa_to_tell()
                if qa:  # QA is told the goods have arrived
                    ret._todo(
                        qa, lambda env, r=ret: env._("Returned goods arrived: inspect %(return)s", **{"return": r.name})
                    )
            else:
                ret._step_write({"state": "cancel"})

    def action_inspect(self):
        """QA's inspection: every received unit is conforming or not, and the nonconforming
        ones have a disposition."""
        self._check_step("inspect")
        self.line_ids._check_inspection()
        now = fields.Datetime.now()
        self.line_ids._step_write({"inspector_id": self.env.uid, "date_inspected": now})
        self._step_write({"state": "inspected", "inspected_by_id": self.env.uid, "date_inspected": now})
        return True

    def action_execute_disposition(self):
        """Move the goods as decided: conforming back to stock, the rest to quarantine, scrap,
        rework or the vendor. Each line moves once."""
        self._check_step("dispose")
        lines = self.line_ids.filtered(lambda line: not line.disposition_done)
        lines._check_inspection()  # the quantities moved are those inspected, checked just before
        lines.sudo()._execute_disposition()  # QA moves goods without stock rights
        self._step_write({"state": "done"})
        return True

    def action_cancel(self):
        self._check_step("cancel")
        receipts = self.sudo().picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        if self.sudo().picking_ids.filtered(lambda p: p.state == "done"):
            raise UserError(self.env._("Goods were already received: finish the return instead."))
        receipts.action_cancel()
        self._step_write({"state": "cancel"})
        return True

    def _report_cause(self):
        """The complaint's root cause, for the return analysis report: the warehouse prints
        it without seeing the complaint itself."""
        self.ensure_one()
        complaint = self.sudo().complaint_id
        categories = dict(complaint._fields["root_cause_category"]._description_selection(self.env))
        return ": ".join(filter(None, [categories.get(complaint.root_cause_category), complaint.root_cause]))

    # ------------------------------------------------------------------ smart buttons
    def _open(self, model, records, name):
        action = {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": [("id", "in", records.ids)],
            "view_mode": "list,form",
        }
        if len(records) == 1:
            action.update(view_mode="form", res_id=records.id)
        return action

    def action_view_receipts(self):
        self.ensure_one()
        receipts = self.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
        return self._open("stock.picking", receipts, self.env._("Return Receipts"))

    def action_view_replacements(self):
        self.ensure_one()
        deliveries = self.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        return self._open("stock.picking", deliveries, self.env._("Replacement Deliveries"))

    def action_view_scraps(self):
        self.ensure_one()
        return self._open("stock.scrap", self.scrap_ids, self.env._("Scraps"))

    def action_view_credit_notes(self):
        self.ensure_one()
        return self._open("account.move", self.credit_note_ids, self.env._("Credit Notes"))

    def action_view_complaint(self):
        self.ensure_one()
        return self._open("customer.complaint", self.complaint_id, self.env._("Complaint"))
