from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from .customer_complaint_workflow import QA_GROUP

# What QA alone sets: who is complained about, how sensitive it is, the level by hand.
QA_FIELDS = {"complained_user_id", "is_sensitive", "level_override", "level_override_reason"}
# What the person complained about may still do on the complaint.
STEPS_OF_THE_PERSON_COMPLAINED_ABOUT = {"register", "acknowledge", "return_goods", "followup"}


class CustomerComplaint(models.Model):
    """The bank's rules (001-BANK): the person complained about never handles the complaint
    (非当事人); VIP, sensitive and large complaints have their call recording reviewed before
    they end (录音复核); malicious or repeated anonymous complaints are closed with a reason."""

    _inherit = "customer.complaint"

    complained_user_id = fields.Many2one(
        "res.users",
        string="Employee Complained About",
        tracking=True,
        domain=lambda self: [("share", "=", False)],
        help="The staff member the customer complains about: never the handler, the QA owner or a "
        "reviewer of this complaint.",
    )
    is_sensitive = fields.Boolean(
        string="Sensitive", tracking=True, help="A sensitive complaint has its call recording reviewed before it ends."
    )
    is_vip = fields.Boolean(related="commercial_partner_id.complaint_vip", string="VIP Customer")
    recording_review_required = fields.Boolean(
        compute="_compute_recording_review_required",
        store=True,
        help="VIP customer, sensitive complaint, or a claim from the company's amount: the call recording "
        "is reviewed before the complaint ends.",
    )
    recording_reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True, step_only=True)
    date_recording_reviewed = fields.Datetime(
        string="Recording Reviewed On", readonly=True, copy=False, tracking=True, step_only=True
    )
    recording_review_note = fields.Text(string="Recording Review", readonly=True, copy=False, step_only=True)
    slip_ids = fields.One2many("complaint.slip", "complaint_id", string="Transfer and Supervision Slips")
    is_malicious = fields.Boolean(
        string="Closed as Malicious or Repeated", readonly=True, copy=False, tracking=True, step_only=True
    )
    malicious_reason = fields.Text(
        string="Why Closed as Malicious or Repeated", readonly=True, copy=False, step_only=True
    )

    @api.depends("commercial_partner_id.complaint_vip", "is_sensitive", "claimed_amount", "currency_id")
    def _compute_recording_review_required(self):
        for complaint in self:
            company = complaint.company_id or self.env.company
            limit = company.complaint_recording_amount
            amount = (
                complaint.currency_id._convert(
                    complaint.claimed_amount, company.currency_id, company, fields.Date.context_today(complaint)
                )
                if complaint.currency_id
                else complaint.claimed_amount
            )
            # once required, it stays so: unmarking the complaint does not skip the review
            complaint.recording_review_required = bool(
                complaint.recording_review_required
                or complaint.is_vip
                or complaint.is_sensitive
                or (limit and amount >= limit)
            )

    @api.constrains("complained_user_id", "user_id", "qa_user_id")
    def _check_not_handled_by_the_person_complained_about(self):
        for complaint in self.filtered("complained_user_id"):
            if complaint.complained_user_id in (complaint.user_id | complaint.qa_user_id):
                raise ValidationError(
                    self.env._(
                        "%(complaint)s: %(person)s is complained about and cannot handle it (非当事人).",
                        complaint=complaint.name,
                        person=complaint.complained_user_id.name,
                    )
                )

    def _guard_write(self, vals):
        touched = QA_FIELDS & set(vals)
        if touched and not self.env.su and not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only QA sets %(fields)s.", fields=self._field_labels(touched)))
        if touched and self.env.user in self.complained_user_id:
            raise AccessError(self.env._("The person complained about does not change how the complaint is judged."))
        return super()._guard_write(vals)

    def _check_step(self, step):
        """The person complained about files or acknowledges a complaint, never judges it."""
        if step not in STEPS_OF_THE_PERSON_COMPLAINED_ABOUT and not self.env.su:
            for complaint in self:
                if self.env.user == complaint.complained_user_id:
                    raise AccessError(
                        self.env._(
                            "%(complaint)s: the person complained about does not handle it.", complaint=complaint.name
                        )
                    )
        return super()._check_step(step)

    def _routing_excluded_users(self):
        return super()._routing_excluded_users() | self.complained_user_id

    # ------------------------------------------------------------------ recording review (录音复核)
    def _review_recording(self, note):
        note = self._require_text(note, self.env._("Say what the recording shows and where it is kept."))
        self._check_step("review_recording")
        for complaint in self:
            if not complaint.recording_review_required:
                raise UserError(self.env._("%(complaint)s needs no recording review.", complaint=complaint.name))
            if complaint.date_recording_reviewed:
                raise UserError(
                    self.env._("%(complaint)s: its recording is reviewed already.", complaint=complaint.name)
                )
            if self.env.user in (complaint.user_id | complaint.complained_user_id):
                raise UserError(
                    self.env._(
                        "%(complaint)s: the handler and the person complained about do not review its recording.",
                        complaint=complaint.name,
                    )
                )
        self._step_write(
            {
                "recording_reviewed_by_id": self.env.uid,
                "date_recording_reviewed": fields.Datetime.now(),
                "recording_review_note": note,
            }
        )
        self._post_reason(self.env._("Recording reviewed"), note)
        return True

    def _check_settled(self):
        for complaint in self:
            if complaint.recording_review_required and not complaint.date_recording_reviewed:
                raise UserError(
                    self.env._(
                        "%(complaint)s cannot end before its call recording is reviewed (VIP, sensitive or large).",
                        complaint=complaint.name,
                    )
                )
        return super()._check_settled()

    # ------------------------------------------------------------------ malicious or repeated
    def _close_malicious(self, reason):
        """Closed without customer confirmation or survey: the follow-up is done with it."""
        reason = self._require_text(reason, self.env._("Give the reason for closing it as malicious or repeated."))
        self._check_step("close_malicious")
        for complaint in self:
            if not complaint._may_close_as_malicious():
                raise UserError(
                    self.env._(
                        "%(complaint)s is neither anonymous nor a repeat: it is answered like any other.",
                        complaint=complaint.name,
                    )
                )
        self._check_settled()
        now = fields.Datetime.now()
        self._move(
            "close_malicious",
            {"is_malicious": True, "malicious_reason": reason, "date_closed": now, "date_followed_up": now},
        )
        self._post_reason(self.env._("Closed as malicious or repeated"), reason)
        return True

    def _may_close_as_malicious(self):
        """Malicious or repeated anonymous complaints (001-BANK): anonymous ones, or repeats."""
        self.ensure_one()
        return self.is_anonymous or self.is_repeat

    def _satisfaction_due_domain(self):
        return super()._satisfaction_due_domain() & Domain("is_malicious", "=", False)

    def action_new_slip(self):
        """The dialog that issues a transfer or supervision slip (``default_kind`` in the context)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Issue a Slip"),
            "res_model": "complaint.slip",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id, "default_kind": self.env.context.get("default_kind")},
        }
