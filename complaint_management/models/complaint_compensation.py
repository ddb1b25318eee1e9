from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_approval import APPROVAL_TIERS

COMPENSATION_TYPES = [
    ("replacement", "Replacement / Make-up Delivery"),
    ("repair", "Repair"),
    ("discount", "Discount / Credit"),
    ("refund", "Refund"),
    ("gift", "Gift / Coupon"),
    ("apology", "Apology Only"),
]
COMPENSATION_STATES = [
    ("draft", "Draft"),
    ("to_approve", "Waiting Department Manager"),
    ("to_approve_gm", "Waiting General Manager"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# Compensations whose value is money given back: they need an amount.
MONEY_TYPES = ("discount", "refund")
EDITABLE_FIELDS = {"comp_type", "description", "amount"}


class ComplaintCompensation(models.Model):
    """What the customer is offered (补偿 / 折让 / 赔偿). Nothing is promised to the customer
    before it is approved: by the department manager, and by the general manager too when its
    value exceeds the company's limit."""

    _name = "complaint.compensation"
    _description = "Complaint Compensation"
    _order = "complaint_id, id"
    _rec_name = "description"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "customer.complaint", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="complaint_id.currency_id")
    comp_type = fields.Selection(COMPENSATION_TYPES, string="Type", required=True, default="replacement")
    description = fields.Char(required=True)
    amount = fields.Monetary(string="Value", currency_field="currency_id")
    state = fields.Selection(COMPENSATION_STATES, required=True, default="draft", index=True, copy=False)
    tier = fields.Selection(
        APPROVAL_TIERS,
        string="Approval Needed From",
        compute="_compute_tier",
        help="The general manager approves compensations worth more than the company's limit.",
    )
    approval_ids = fields.One2many("complaint.approval", "compensation_id", string="Decisions")

    @api.depends("amount", "currency_id", "company_id.complaint_gm_amount")
    def _compute_tier(self):
        for compensation in self:
            company = compensation.company_id or self.env.company
            value = (
                compensation.currency_id._convert(
                    compensation.amount, company.currency_id, company, fields.Date.context_today(compensation)
                )
                if compensation.currency_id
                else compensation.amount
            )
            limit = company.complaint_gm_amount
            compensation.tier = "general_manager" if limit and value > limit else "department"

    # ------------------------------------------------------------------ guards
    @api.constrains("amount", "comp_type")
    def _check_amount(self):
        for compensation in self:
            if compensation.amount < 0:
                raise UserError(self.env._("A compensation cannot have a negative value."))
            if compensation.comp_type in MONEY_TYPES and not compensation.amount:
                raise UserError(self.env._("Give the amount of the refund or discount."))

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
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

    def write(self, vals):
        if EDITABLE_FIELDS & set(vals) and any(c.state != "draft" for c in self):
            raise UserError(
                self.env._("A compensation submitted for approval cannot be changed; add a new one instead.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(c.state != "draft" for c in self):
            raise UserError(self.env._("Only draft compensations can be deleted; decisions stay on record."))

    def _type_label(self):
        return dict(self._fields["comp_type"]._description_selection(self.env))[self.comp_type]

    # ------------------------------------------------------------------ steps
    def action_submit(self):
        for compensation in self:
            if compensation.state != "draft":
                raise UserError(self.env._("Only a draft compensation can be submitted for approval."))
        self.complaint_id._check_compensation_open()
        self.write({"state": "to_approve"})
        for compensation in self:
            complaint = compensation.complaint_id
            approver = complaint.department_id.manager_id
            if approver:
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Approve compensation: %(description)s", description=compensation.description),
                    user_id=approver.id,
                )
        return True

    def _current_tier(self):
        return "general_manager" if self.state == "to_approve_gm" else "department"

    def action_approve(self):
        for compensation in self:
            if compensation.state not in ("to_approve", "to_approve_gm"):
                raise UserError(self.env._("This compensation is not waiting for approval."))
            tier = compensation._current_tier()
            compensation.complaint_id._check_approver(tier)
            compensation._record_decision(tier, "approved")
            if tier == "department" and compensation.tier == "general_manager":
                compensation.state = "to_approve_gm"
                gm = compensation.company_id.complaint_gm_user_id
                if gm:
                    compensation.complaint_id.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=self.env._(
                            "Approve compensation: %(description)s", description=compensation.description
                        ),
                        user_id=gm.id,
                    )
            else:
                compensation.state = "approved"
        return True

    def _refuse(self, reason):
        reason = self.env["customer.complaint"]._require_text(reason, self.env._("Give the reason for the refusal."))
        for compensation in self:
            if compensation.state not in ("to_approve", "to_approve_gm"):
                raise UserError(self.env._("This compensation is not waiting for approval."))
            tier = compensation._current_tier()
            compensation.complaint_id._check_approver(tier)
            compensation._record_decision(tier, "refused", reason)
            compensation.state = "refused"
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
        tiers = dict(self._fields["tier"]._description_selection(self.env))
        body = Markup("<b>%s</b> %s (%s)") % (
            self.env._("Compensation %(decision)s:", decision=labels[decision]),
            self.description,
            tiers[tier],
        )
        if reason:
            body += Markup("<br/>%s") % reason
        self.complaint_id.message_post(body=body, subtype_xmlid="mail.mt_note")
