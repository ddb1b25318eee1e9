from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_complaint_workflow import TRANSITIONS


class CustomerComplaint(models.Model):
    """Asking for more time (延期): the reply is postponed to a date promised to the customer.
    Where the company says so (004-SVC), or past the deadline policy's cap, the receiving
    department's manager approves the request first; the request and its reason are reported
    in the chatter and to the manager (001-BANK)."""

    _inherit = "customer.complaint"

    extension_request_reason = fields.Text(
        string="More Time Asked Because", readonly=True, copy=False, tracking=True, step_only=True
    )
    date_extension_requested = fields.Datetime(
        string="Reply Date Asked", readonly=True, copy=False, tracking=True, step_only=True
    )
    extension_requested_by_id = fields.Many2one("res.users", readonly=True, copy=False, step_only=True)
    extension_notify = fields.Boolean(readonly=True, copy=False, step_only=True)
    can_decide_extension = fields.Boolean(compute="_compute_can_decide_extension")

    @api.depends_context("uid")
    @api.depends("date_extension_requested", "department_id.manager_id")
    def _compute_can_decide_extension(self):
        for complaint in self:
            complaint.can_decide_extension = bool(
                complaint.date_extension_requested
                and complaint._is_approver("department")
                and self.env.user != complaint.extension_requested_by_id
            )

    def _extension_needs_approval(self, date_new):
        """The company's rule, or a date past the policy's cap counted from receipt."""
        self.ensure_one()
        cap = self.sla_policy_id.extension_cap_hours
        beyond_cap = cap and fields.Datetime.to_datetime(date_new) > self.date_received + timedelta(hours=cap)
        return bool(self.company_id.complaint_extension_approval or beyond_cap)

    def _extend(self, reason, date_new, notify=False):
        """Postpone the reply, or ask the department's manager to approve it first."""
        reason = self._require_text(reason, self.env._("Tell the customer why the answer takes longer."))
        if not date_new or fields.Datetime.to_datetime(date_new) <= fields.Datetime.now():
            raise UserError(self.env._("The new reply date must be in the future."))
        if any(complaint.state not in TRANSITIONS["extend"][0] for complaint in self):
            raise UserError(self.env._("Only a complaint not yet answered can be extended."))
        self._check_step("extend")
        for complaint in self.filtered("date_extension_requested"):
            raise UserError(
                self.env._(
                    "%(complaint)s: more time is already asked for; its approver decides first.",
                    complaint=complaint.name,
                )
            )
        asked = self.filtered(lambda c: c._extension_needs_approval(date_new))
        if asked:
            asked._step_write(
                {
                    "extension_request_reason": reason,
                    "date_extension_requested": date_new,
                    "extension_requested_by_id": self.env.uid,
                    "extension_notify": bool(notify),
                }
            )
            for complaint in asked:
                for approver in complaint._approvers_to_tell("department") - self.env.user:
                    complaint._todo(approver, lambda env: env._("Approve more time for the reply"), reason)
        (self - asked)._apply_extension(reason, date_new, notify)
        return True

    def _apply_extension(self, reason, date_new, notify):
        """The reply deadline follows the promised date (and the chatter says so)."""
        if not self:
            return
        self._step_write(
            {
                "extension_reason": reason,
                "date_extension": date_new,
                "extension_request_reason": False,
                "date_extension_requested": False,
                "extension_requested_by_id": False,
                "extension_notify": False,
            }
        )
        if notify:
            template = self.env.ref("complaint_management.mail_template_complaint_extension")
            for complaint in self:
                complaint.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")

    def _check_extension_decision(self):
        self._check_step("extend")
        for complaint in self:
            if not complaint.date_extension_requested:
                raise UserError(self.env._("%(complaint)s: no more time is asked for.", complaint=complaint.name))
            complaint._check_approver("department", excluded=complaint.extension_requested_by_id)

    def _record_extension_decision(self, decision, reason=False):
        self.env["complaint.approval"].sudo().create(
            [
                {
                    "complaint_id": complaint.id,
                    "subject": "extension",
                    "tier": "department",
                    "decision": decision,
                    "user_id": self.env.uid,
                    "date": fields.Datetime.now(),
                    "reason": reason or complaint.extension_request_reason,
                }
                for complaint in self
            ]
        )

    def action_approve_extension(self):
        self._check_extension_decision()
        self._record_extension_decision("approved")
        for complaint in self:
            complaint._apply_extension(
                complaint.extension_request_reason, complaint.date_extension_requested, complaint.extension_notify
            )
        return True

    def _refuse_extension(self, reason):
        reason = self._require_text(reason, self.env._("Give the reason for the refusal."))
        self._check_extension_decision()
        self._record_extension_decision("refused", reason)
        for complaint in self:
            requester = complaint.extension_requested_by_id
            complaint._step_write(
                {
                    "extension_request_reason": False,
                    "date_extension_requested": False,
                    "extension_requested_by_id": False,
                    "extension_notify": False,
                }
            )
            complaint.message_post(
                body=Markup("<b>%s</b><br/>%s") % (self.env._("More time refused"), reason),
                subtype_xmlid="mail.mt_note",
            )
            complaint._todo(requester, lambda env: env._("More time refused: answer by the deadline"), reason)
        return True

    def action_open_refuse_extension(self):
        self.ensure_one()
        return self._open_refusal({"default_subject": "extension"})
