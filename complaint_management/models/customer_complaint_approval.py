from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .complaint_approval import APPROVAL_TIERS
from .customer_complaint import HIGH_LEVEL_FLAGS

MANAGER_GROUP = "complaint_management.group_complaint_manager"
PENDING_COMPENSATION = ("draft", "to_approve")
# Who approves, and by which rule, rests on these: frozen while a decision waits.
APPROVER_BASIS = {"department_id", "salesperson_id", "sale_order_id", "complained_user_id"}
COUNTERMEASURE_BASIS = APPROVER_BASIS | {
    "severity",
    "level_override",
    "category_id",
    "is_complex",
    "channel",
    "partner_id",
    "product_id",
    *HIGH_LEVEL_FLAGS,
}


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    compensation_ids = fields.One2many("complaint.compensation", "complaint_id", string="Compensations")
    approval_ids = fields.One2many("complaint.approval", "complaint_id", string="Approvals", readonly=True)
    countermeasure_approval_required = fields.Boolean(
        string="Countermeasures Need Approval",
        compute="_compute_countermeasure_tiers",
        help="An approval rule names who approves the countermeasures and disposal proposal before "
        "their effectiveness is verified (as shipped: major, critical and high-level complaints).",
    )
    countermeasure_tier = fields.Selection(
        APPROVAL_TIERS,
        string="Countermeasures Wait For",
        compute="_compute_countermeasure_tiers",
        help="The approver whose decision the countermeasures wait for now.",
    )
    countermeasure_approver_id = fields.Many2one(
        "res.users", string="Countermeasures Approved By", readonly=True, copy=False, tracking=True, step_only=True
    )
    date_countermeasure_approved = fields.Datetime(
        string="Countermeasures Approved On", readonly=True, copy=False, tracking=True, step_only=True
    )

    @api.depends(
        "severity",
        "level",
        "category_id",
        "product_id.categ_id",
        "commercial_partner_id.country_id",
        "commercial_partner_id.state_id",
        "channel",
        "is_complex",
        "warranty_status",
        "approval_ids",
        "date_countermeasure_approved",
    )
    def _compute_countermeasure_tiers(self):
        tiers = self.env["complaint.approval.rule"].sudo()._countermeasure_tiers(self)
        for complaint in self:
            complaint.countermeasure_approval_required = bool(tiers[complaint])
            complaint.countermeasure_tier = complaint._next_countermeasure_tier(tiers[complaint])

    def _countermeasure_round(self):
        """The countermeasure decisions since the last refusal: a refusal starts the signatures over."""
        self.ensure_one()
        decisions = self.sudo().approval_ids.filtered(lambda a: a.subject == "countermeasure").sorted("id")
        refused = decisions.filtered(lambda a: a.decision == "refused")[-1:]
        return decisions.filtered(lambda a: a.id > refused.id) if refused else decisions

    def _next_countermeasure_tier(self, tiers):
        if self.date_countermeasure_approved:
            return False
        signed = set(self._countermeasure_round().mapped("tier"))
        return next((tier for tier in tiers if tier not in signed), False)

    # ------------------------------------------------------------------ approvers
    def _tier_approvers(self, tier):
        """The people a tier names for this complaint: the sales team leader of its order or
        salesperson, the department's manager, the company's QA manager or general manager.
        Empty when the company names nobody: the complaints managers decide then."""
        self.ensure_one()
        if tier == "sales_supervisor":
            return (self.sale_order_id.team_id or self.salesperson_id.sale_team_id).user_id
        if tier == "department":
            return self.department_id.manager_id
        if tier == "qa_manager":
            return self.company_id.complaint_qa_manager_id
        return self.company_id.complaint_gm_user_id

    def _is_approver(self, tier, user=None):
        """The tier's named approver; a complaints manager decides for a department without
        manager and for any tier the company names nobody for."""
        self.ensure_one()
        user = user or self.env.user
        named = self._tier_approvers(tier)
        if user in named:
            return True
        return (tier == "department" or not named) and user.has_group(MANAGER_GROUP)

    def _countermeasures_wait(self):
        self.ensure_one()
        return self.state == "action" and bool(self.countermeasure_tier)

    def _check_nothing_waits_for_approval(self, fields_changed=None):
        """While countermeasures or a compensation wait for a decision, what says who decides
        (and by which rule) stays as it is: otherwise a user could pick their approver."""
        for complaint in self:
            waiting = []
            if complaint._countermeasures_wait() and (fields_changed is None or fields_changed & COUNTERMEASURE_BASIS):
                waiting.append(self.env._("the countermeasures"))
            compensations = complaint.sudo().compensation_ids.filtered(lambda c: c.state == "to_approve")
            if compensations and (fields_changed is None or fields_changed & APPROVER_BASIS):
                waiting.append(self.env._("a compensation"))
            if waiting:
                raise UserError(
                    self.env._(
                        "%(complaint)s: %(what)s wait for approval; who approves cannot change until it is decided.",
                        complaint=complaint.name,
                        what=", ".join(waiting),
                    )
                )

    def _guard_write(self, vals):
        basis = (COUNTERMEASURE_BASIS | APPROVER_BASIS) & set(vals)
        for complaint in self if basis else ():
            changed = {name for name in basis if complaint._differs(name, vals[name])}
            if changed:
                complaint._check_nothing_waits_for_approval(changed)
        return super()._guard_write(vals)

    def _differs(self, name, value):
        """Whether writing ``value`` to ``name`` (a many2one id or a plain value) changes it."""
        current = self[name]
        return (current.id if self._fields[name].type == "many2one" else current) != (value or False)

    def _check_approver(self, tier, excluded=None):
        """Refuse a decision to anyone but the tier's approvers, and to ``excluded``: who
        proposed what is decided, or signed it at a tier before (separation of duties)."""
        user = self.env.user
        tiers = dict(self.env["complaint.approval"]._fields["tier"]._description_selection(self.env))
        for complaint in self:
            if user == complaint.complained_user_id:
                raise AccessError(
                    self.env._("%(complaint)s: the person complained about does not decide.", complaint=complaint.name)
                )
            if not complaint._is_approver(tier):
                raise AccessError(
                    self.env._(
                        "%(complaint)s: only %(approver)s can approve or refuse this.",
                        complaint=complaint.name,
                        approver=tiers[tier],
                    )
                )
            if excluded and user in excluded and not self._is_server():  # people, not the server's own code
                raise AccessError(
                    self.env._(
                        "%(complaint)s: you proposed or already approved this; another approver decides.",
                        complaint=complaint.name,
                    )
                )

    def _open_refusal(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse"),
            "res_model": "complaint.approval.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id, **context},
        }

    # ------------------------------------------------------------------ countermeasures
    def _countermeasure_deciders_excluded(self):
        """The handler proposed the countermeasures; who signed them in this round signs once."""
        self.ensure_one()
        return self.user_id | self._countermeasure_round().filtered(lambda a: a.decision == "approved").user_id

    def _check_countermeasure_decision(self):
        self._check_step("approve_countermeasures")
        for complaint in self:
            if not complaint.countermeasure_tier:
                raise UserError(self.env._("%(complaint)s: no approval is waited for.", complaint=complaint.name))
            complaint._check_approver(
                complaint.countermeasure_tier, excluded=complaint._countermeasure_deciders_excluded()
            )

    def _record_countermeasure_decision(self, decision, reason=False):
        now = fields.Datetime.now()
        self.env["complaint.approval"].sudo().create(
            [
                {
                    "complaint_id": complaint.id,
                    "subject": "countermeasure",
                    "tier": complaint.countermeasure_tier,
                    "decision": decision,
                    "user_id": self.env.uid,
                    "date": now,
                    "reason": reason,
                }
                for complaint in self
            ]
        )
        self.invalidate_recordset(["approval_ids", "countermeasure_tier"])

    def action_approve_countermeasures(self):
        self._check_countermeasure_decision()
        for complaint in self:
            if not complaint.sudo().corrective_action_ids:  # the approver may not own any of them
                raise UserError(
                    self.env._(
                        "%(complaint)s: plan the corrective actions before approving them.", complaint=complaint.name
                    )
                )
        self._record_countermeasure_decision("approved")
        done = self.filtered(lambda c: not c.countermeasure_tier)
        done._step_write(
            {"countermeasure_approver_id": self.env.uid, "date_countermeasure_approved": fields.Datetime.now()}
        )
        (self - done)._ask_countermeasure_approval()
        return True

    def _ask_countermeasure_approval(self):
        """A to-do for the approvers of the tier the countermeasures wait for now."""
        for complaint in self.filtered("countermeasure_tier"):
            excluded = complaint._countermeasure_deciders_excluded()
            for approver in complaint._approvers_to_tell(complaint.countermeasure_tier) - excluded:
                complaint._todo(approver, lambda env: env._("Approve the countermeasures"))

    def _refuse_countermeasures(self, reason):
        reason = self._require_text(reason, self.env._("Give the reason for the refusal."))
        self._check_countermeasure_decision()
        self._record_countermeasure_decision("refused", reason)
        self._step_write({"countermeasure_approver_id": False, "date_countermeasure_approved": False})
        self._post_reason(self.env._("Countermeasures refused"), reason)
        for complaint in self:
            complaint._todo(
                complaint.user_id or complaint.qa_user_id,
                lambda env: env._("Countermeasures refused: revise them"),
                reason,
            )
        return True

    def action_open_refuse_countermeasures(self):
        self.ensure_one()
        return self._open_refusal({"default_subject": "countermeasure"})

    def _check_countermeasures_approved(self, message):
        for complaint in self:
            if complaint.countermeasure_approval_required and not complaint.date_countermeasure_approved:
                raise UserError(message % {"complaint": complaint.name})

    def action_verify(self):
        self._check_countermeasures_approved(
            self.env._("%(complaint)s: its approvers approve the countermeasures first.")
        )
        return super().action_verify()

    # ------------------------------------------------------------------ compensation
    def _check_compensation_open(self):
        for complaint in self:
            if complaint.state not in ("registered", "investigating", "action", "verification", "replied"):
                raise UserError(
                    self.env._(
                        "%(complaint)s: compensations are proposed while the complaint is being handled.",
                        complaint=complaint.name,
                    )
                )

    def _pending_compensations(self):
        return self.compensation_ids.filtered(lambda c: c.state in PENDING_COMPENSATION)

    def _check_reply_allowed(self):
        self.filtered(
            lambda c: c.company_id.complaint_reply_after_approval and c.validity == "valid"
        )._check_countermeasures_approved(
            self.env._("%(complaint)s: the reply waits for the approved handling form (countermeasures and disposal).")
        )
        self._check_nothing_pending(
            lambda complaint: complaint._pending_compensations(),
            self.env._("%(complaint)s: nothing is promised to the customer before it is approved (%(items)s)."),
        )
        return super()._check_reply_allowed()

    def _check_settled(self):
        self._check_nothing_pending(
            lambda complaint: complaint._pending_compensations(),
            self.env._("%(complaint)s cannot be closed: compensation %(items)s is not decided yet."),
        )
        return super()._check_settled()

    def _form_approval(self):
        """Who approved the handling, for the forms' "approved by" box: the countermeasures'
        approver, else whoever last approved a compensation."""
        self.ensure_one()
        if self.countermeasure_approver_id:
            return self.countermeasure_approver_id, self.date_countermeasure_approved
        last = self.approval_ids.filtered(lambda a: a.decision == "approved").sorted("date")[-1:]
        return last.user_id, last.date

    def _approved_compensations(self):
        return self.compensation_ids.filtered(lambda c: c.state == "approved")

    def _compensation_summary(self):
        """The approved compensations as one line per item, for the reply and the forms."""
        self.ensure_one()
        return Markup("<br/>").join(
            Markup("%s: %s%s")
            % (
                c._type_label(),
                c.description,
                Markup(" (%s)") % c.currency_id.format(c.amount) if c.amount else "",
            )
            for c in self._approved_compensations()
        )
