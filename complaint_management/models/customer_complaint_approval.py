from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "complaint_management.group_complaint_manager"
PENDING_COMPENSATION = ("draft", "to_approve", "to_approve_gm")


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    compensation_ids = fields.One2many("complaint.compensation", "complaint_id", string="Compensations")
    approval_ids = fields.One2many("complaint.approval", "complaint_id", string="Approvals", readonly=True)
    countermeasure_approval_required = fields.Boolean(
        string="Countermeasures Need Approval",
        compute="_compute_countermeasure_approval_required",
        help="Major, critical and high-level complaints: a manager approves the countermeasures "
        "before their effectiveness is verified.",
    )
    countermeasure_approver_id = fields.Many2one(
        "res.users", string="Countermeasures Approved By", readonly=True, copy=False, tracking=True, step_only=True
    )
    date_countermeasure_approved = fields.Datetime(
        string="Countermeasures Approved On", readonly=True, copy=False, tracking=True, step_only=True
    )

    @api.depends("severity", "level")
    def _compute_countermeasure_approval_required(self):
        for complaint in self:
            complaint.countermeasure_approval_required = (
                complaint.severity in ("major", "critical") or complaint.level == "high"
            )

    # ------------------------------------------------------------------ approvers
    def _is_approver(self, tier, user=None):
        """Department tier: the responsible department's manager or a complaints manager.
        General-manager tier: the company's general manager (a complaints manager when the
        company names none)."""
        self.ensure_one()
        user = user or self.env.user
        if tier == "general_manager":
            gm = self.company_id.complaint_gm_user_id
            return user == gm if gm else user.has_group(MANAGER_GROUP)
        return user == self.department_id.manager_id or user.has_group(MANAGER_GROUP)

    def _check_approver(self, tier, excluded=None):
        """Refuse a decision to anyone but the tier's approvers, and to ``excluded``: who
        proposed what is decided, or decided it at the tier before (separation of duties)."""
        user = self.env.user
        tiers = dict(self.env["complaint.approval"]._fields["tier"]._description_selection(self.env))
        for complaint in self:
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
    def _record_countermeasure_decision(self, decision, reason=False):
        now = fields.Datetime.now()
        self.env["complaint.approval"].sudo().create(
            [
                {
                    "complaint_id": complaint.id,
                    "subject": "countermeasure",
                    "tier": "department",
                    "decision": decision,
                    "user_id": self.env.uid,
                    "date": now,
                    "reason": reason,
                }
                for complaint in self
            ]
        )

    def action_approve_countermeasures(self):
        self._check_step("approve_countermeasures")
        for complaint in self:
            complaint._check_approver("department", excluded=complaint.user_id)
        for complaint in self:
            if not complaint.sudo().corrective_action_ids:  # the approver may not own any of them
                raise UserError(
                    self.env._(
                        "%(complaint)s: plan the corrective actions before approving them.", complaint=complaint.name
                    )
                )
        self._record_countermeasure_decision("approved")
        self._step_write(
            {"countermeasure_approver_id": self.env.uid, "date_countermeasure_approved": fields.Datetime.now()}
        )
        return True

    def _refuse_countermeasures(self, reason):
        reason = self._require_text(reason, self.env._("Give the reason for the refusal."))
        self._check_step("approve_countermeasures")
        for complaint in self:
            complaint._check_approver("department", excluded=complaint.user_id)
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

    def action_verify(self):
        for complaint in self:
            if complaint.countermeasure_approval_required and not complaint.date_countermeasure_approved:
                raise UserError(
                    self.env._(
                        "%(complaint)s is major or high level: a manager approves its countermeasures first.",
                        complaint=complaint.name,
                    )
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
