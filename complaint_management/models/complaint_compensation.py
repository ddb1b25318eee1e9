from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .complaint_approval import APPROVAL_TIERS
from .customer_complaint import COMPLAINT_USER_GROUP

COMPENSATION_TYPES = [
    ("replacement", "Replacement / Make-up Delivery"),
    ("repair", "Repair"),
    ("discount", "Discount / Credit"),
    ("refund", "Refund"),
    ("gift", "Gift / Coupon"),
    ("apology", "Apology Only"),
    ("advance", "Advance Payment (先行赔付)"),
]
COMPENSATION_STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting Approval"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# Compensations whose value is money given back: they need an amount.
MONEY_TYPES = ("discount", "refund", "advance")
EDITABLE_FIELDS = {"comp_type", "description", "amount", "vendor_id"}


class ComplaintCompensation(models.Model):
    """What the customer is offered (补偿 / 折让 / 赔偿). Nothing is promised to the customer
    before it is approved, by the approvers the approval rules name in order (as shipped: the
    department manager, and the general manager too above 10,000)."""

    _name = "complaint.compensation"
    _description = "Complaint Compensation"
    _order = "complaint_id, id"
    _rec_name = "description"
    _check_company_auto = True
    _inherit = ["complaint.step.guard"]
    _transitions = {
        "submit": (("draft",), "to_approve", (COMPLAINT_USER_GROUP,)),
        "approve": (("to_approve",), None, (COMPLAINT_USER_GROUP,)),  # and _check_approver
    }

    complaint_id = fields.Many2one(
        "customer.complaint", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(
        "res.currency", readonly=True, help="The complaint's currency when the compensation was proposed."
    )
    comp_type = fields.Selection(COMPENSATION_TYPES, string="Type", required=True, default="replacement")
    description = fields.Char(required=True)
    amount = fields.Monetary(string="Value", currency_field="currency_id")
    vendor_id = fields.Many2one(
        "res.partner",
        string="Recover From",
        compute="_compute_vendor_id",
        store=True,
        readonly=False,
        help="Advance payment (先行赔付): the company pays the customer first and claims the amount from this "
        "merchant with a vendor credit note.",
    )
    vendor_credit_id = fields.Many2one(
        "account.move", string="Claim on the Merchant", readonly=True, copy=False, step_only=True
    )
    state = fields.Selection(
        COMPENSATION_STATES, required=True, default="draft", index=True, copy=False, readonly=True, step_only=True
    )
    tiers_display = fields.Char(
        string="Approved By",
        compute="_compute_tiers_display",
        help="The approvers in order, by the approval rules: fixed when the compensation is submitted.",
    )
    required_tiers = fields.Char(readonly=True, copy=False, step_only=True)
    current_tier = fields.Selection(APPROVAL_TIERS, string="Waiting For", readonly=True, copy=False, step_only=True)
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False, step_only=True)
    date_submitted = fields.Datetime(string="Submitted On", readonly=True, copy=False, step_only=True)
    approval_ids = fields.One2many("complaint.approval", "compensation_id", string="Decisions")
    can_submit = fields.Boolean(compute="_compute_can_steps")
    can_approve = fields.Boolean(compute="_compute_can_steps")

    @api.depends("comp_type")
    def _compute_vendor_id(self):
        """The merchant of the complaint's products, proposed for an advance payment."""
        for compensation in self:
            advance = compensation.comp_type == "advance"
            lines = compensation.complaint_id.sudo().line_ids
            compensation.vendor_id = (compensation.vendor_id or lines.vendor_id[:1]) if advance else False

    @api.depends("amount", "currency_id", "comp_type", "required_tiers")
    def _compute_tiers_display(self):
        labels = dict(self._fields["current_tier"]._description_selection(self.env))
        tiers = self._tiers_of()
        for compensation in self:
            compensation.tiers_display = " → ".join(labels[tier] for tier in tiers[compensation])

    def _tiers_of(self):
        """{compensation: approvers in order}: those fixed at submission, else those the rules
        name now (the rules read once for all)."""
        open_ = self.filtered(lambda c: not c.required_tiers)
        tiers = self.env["complaint.approval.rule"].sudo()._compensation_tiers(open_) if open_ else {}
        return {c: c.required_tiers.split(",") if c.required_tiers else tiers[c] for c in self}

    def _tiers(self):
        self.ensure_one()
        return self._tiers_of()[self]

    def _company_value(self):
        """The value in the company's currency, for the rules' amounts."""
        self.ensure_one()
        company = self.company_id or self.env.company
        if not self.currency_id:
            return self.amount
        return self.currency_id._convert(self.amount, company.currency_id, company, fields.Date.context_today(self))

    @api.depends_context("uid")
    @api.depends("state", "complaint_id.state")
    def _compute_can_steps(self):
        for compensation in self:
            compensation.can_submit = compensation._can_step("submit")
            compensation.can_approve = compensation._can_step("approve") and compensation._may_decide()

    # ------------------------------------------------------------------ guards
    @api.constrains("amount", "comp_type", "vendor_id")
    def _check_amount(self):
        for compensation in self:
            if compensation.amount < 0:
                raise UserError(self.env._("A compensation cannot have a negative value."))
            if compensation.comp_type in MONEY_TYPES and not compensation.amount:
                raise UserError(self.env._("Give the amount of the refund or discount."))
            if compensation.comp_type == "advance" and not compensation.vendor_id:
                raise UserError(self.env._("Say which merchant the advance payment is recovered from."))

    @api.model_create_multi
    def create(self, vals_list):
        Complaint = self.env["customer.complaint"]
        Complaint.browse({vals.get("complaint_id") for vals in vals_list} - {None}).check_access("write")
        for vals in vals_list:  # the currency is fixed from the proposal on
            vals["currency_id"] = Complaint.browse(vals.get("complaint_id")).currency_id.id
        records = super().create(vals_list)
        records.complaint_id.check_access("write")  # also when the context gave the complaint
        records.complaint_id._check_compensation_open()
        for compensation in records:
            compensation.complaint_id.message_post(
                body=self.env._(
                    "Compensation proposed: %(type)s, %(description)s",
                    type=compensation._type_label(),
                    description=compensation.description,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return records

    def _guard_write(self, vals):
        if "currency_id" in vals:
            self._refuse_fields({"currency_id"})
        if (EDITABLE_FIELDS | {"complaint_id"}) & set(vals) and any(c.state != "draft" for c in self):
            raise UserError(
                self.env._("A compensation submitted for approval cannot be changed; add a new one instead.")
            )
        return super()._guard_write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(c.state != "draft" or c.sudo().approval_ids for c in self):
            raise UserError(self.env._("Only draft compensations can be deleted; decisions stay on record."))

    def _type_label(self):
        return dict(self._fields["comp_type"]._description_selection(self.env))[self.comp_type]

    # ------------------------------------------------------------------ steps
    def _may_decide(self):
        """The user may decide at the compensation's current tier: an approver of that tier who
        neither proposed it nor approved it at the tier before."""
        self.ensure_one()
        user = self.env.user
        return self.complaint_id._is_approver(self.current_tier) and user not in self._excluded_deciders()

    def _excluded_deciders(self):
        self.ensure_one()
        earlier = self.sudo().approval_ids.filtered(lambda a: a.decision == "approved").user_id
        return self.submitted_by_id | self.create_uid | earlier

    def action_submit(self):
        self._check_step("submit")
        self.complaint_id._check_compensation_open()
        tiers = self.env["complaint.approval.rule"].sudo()._compensation_tiers(self)
        for compensation in self:
            compensation._step_write(
                {
                    "state": "to_approve",
                    "required_tiers": ",".join(tiers[compensation]),
                    "current_tier": tiers[compensation][0],
                    "submitted_by_id": self.env.uid,
                    "date_submitted": fields.Datetime.now(),
                }
            )
        self._ask_approval()
        return True

    def _ask_approval(self):
        """A to-do for the approvers of the tier the compensation waits for now."""
        for compensation in self:
            complaint = compensation.complaint_id
            for approver in complaint._approvers_to_tell(compensation.current_tier) - compensation._excluded_deciders():
                complaint._todo(
                    approver,
                    lambda env, c=compensation: env._(
                        "Approve compensation: %(description)s", description=c.description
                    ),
                )

    def _check_decision(self):
        """Who may approve or refuse, on a complaint still being handled."""
        self._check_step("approve")
        self.complaint_id._check_compensation_open()
        for compensation in self:
            compensation.complaint_id._check_approver(
                compensation.current_tier, excluded=compensation._excluded_deciders()
            )

    def action_approve(self):
        self._check_decision()
        for compensation in self:
            tiers = compensation._tiers()
            compensation._record_decision(compensation.current_tier, "approved")
            following = tiers[tiers.index(compensation.current_tier) + 1 :]
            if following:
                compensation._step_write({"current_tier": following[0]})
                compensation._ask_approval()
            else:
                compensation._step_write({"state": "approved", "current_tier": False})
        self.filtered(lambda c: c.state == "approved" and c.comp_type == "advance")._claim_from_merchant()
        return True

    def _claim_from_merchant(self):
        """先行赔付: the amount paid to the customer is claimed from the merchant, with a draft
        vendor credit note accounting posts."""
        Move = self.env["account.move"].sudo()
        for compensation in self.filtered(lambda c: not c.vendor_credit_id):
            company = compensation.company_id
            journal = (
                self.env["account.journal"]
                .sudo()
                .search([("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1)
            )
            if not journal.default_account_id:
                raise UserError(
                    self.env._("%(company)s has no purchase journal: set up accounting first.", company=company.name)
                )
            complaint = compensation.complaint_id
            credit = Move.with_company(company).create(
                {
                    "move_type": "in_refund",
                    "partner_id": compensation.vendor_id.id,
                    "company_id": company.id,
                    "journal_id": journal.id,
                    "currency_id": compensation.currency_id.id or company.currency_id.id,
                    "invoice_origin": complaint.name,
                    "ref": self.env._("Advance payment on complaint %(complaint)s", complaint=complaint.name),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": compensation.description,
                                "quantity": 1,
                                "price_unit": compensation.amount,
                                "account_id": journal.default_account_id.id,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            compensation._step_write({"vendor_credit_id": credit.id})
            complaint.message_post(
                body=self.env._(
                    "Advance payment claimed from %(merchant)s: %(credit)s",
                    merchant=compensation.vendor_id.display_name,
                    credit=credit.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _refuse(self, reason):
        reason = self.env["customer.complaint"]._require_text(reason, self.env._("Give the reason for the refusal."))
        self._check_decision()
        for compensation in self:
            compensation._record_decision(compensation.current_tier, "refused", reason)
            compensation._step_write({"state": "refused", "current_tier": False})
        return True

    def action_open_refuse(self):
        self.ensure_one()
        return self.complaint_id._open_refusal({"default_compensation_id": self.id})

    def _record_decision(self, tier, decision, reason=False):
        self.ensure_one()
        self.env["complaint.approval"].sudo().create(
            {
                "complaint_id": self.complaint_id.id,
                "compensation_id": self.id,
                "subject": "compensation",
                "tier": tier,
                "decision": decision,
                "user_id": self.env.uid,
                "date": fields.Datetime.now(),
                "reason": reason,
            }
        )
        labels = dict(self.env["complaint.approval"]._fields["decision"]._description_selection(self.env))
        tiers = dict(self._fields["current_tier"]._description_selection(self.env))
        body = Markup("<b>%s</b> %s (%s)") % (
            self.env._("Compensation %(decision)s:", decision=labels[decision]),
            self.description,
            tiers[tier],
        )
        if reason:
            body += Markup("<br/>%s") % reason
        self.complaint_id.message_post(body=body, subtype_xmlid="mail.mt_note")
