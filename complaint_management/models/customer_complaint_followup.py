from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.service.model import retrying

from .customer_complaint import check_complaint_users, complaint_users_domain

SATISFACTION = [("satisfied", "Satisfied"), ("neutral", "Neutral"), ("unsatisfied", "Unsatisfied")]
# The three faces of Odoo's rating page, and the level each one means.
SATISFACTION_RATES = {"satisfied": 5, "neutral": 3, "unsatisfied": 1}


def satisfaction_of(rate):
    if rate >= 4:
        return "satisfied"
    return "neutral" if rate >= 2 else "unsatisfied"


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    team_user_ids = fields.Many2many(
        "res.users",
        "customer_complaint_team_rel",
        "complaint_id",
        "user_id",
        string="Team",
        domain=lambda self: complaint_users_domain(self),
        help="8D D1: the people who work on the complaint.",
    )
    lessons_learned = fields.Text(tracking=True, help="8D D8: what the company keeps from this complaint.")
    date_rating_requested = fields.Datetime(string="Satisfaction Asked On", readonly=True, copy=False, step_only=True)
    satisfaction = fields.Selection(SATISFACTION, readonly=True, copy=False, tracking=True, index=True, step_only=True)
    satisfaction_comment = fields.Text(string="Customer's Comment", readonly=True, copy=False, step_only=True)

    # ------------------------------------------------------------------ rating
    @api.constrains("team_user_ids")
    def _check_team(self):
        check_complaint_users(self, ["team_user_ids"])

    def _rating_get_operator(self):
        return self.user_id.partner_id

    def rating_apply(self, rate, token=None, rating=None, feedback=None, subtype_xmlid=None, notify_delay_send=False):
        """The customer's answer is the follow-up (回访): it reaches the follow-up deadline, and
        an unsatisfied customer reopens a closed complaint and QA is told. A survey answers
        once, for the complaint it was sent for, after closing."""
        self.ensure_one()
        if token:
            rating = self.env["rating.rating"].sudo().search([("access_token", "=", token)], limit=1)
        if not rating or rating.res_model != self._name or rating.res_id != self.id:
            raise UserError(self.env._("This satisfaction survey is not the one of this complaint."))
        if rating.consumed:
            raise UserError(self.env._("This satisfaction survey was already answered."))
        if self.satisfaction:
            raise UserError(
                self.env._("%(complaint)s: the customer's satisfaction is already recorded.", complaint=self.name)
            )
        self._check_step("followup")
        rating = super().rating_apply(
            rate,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        complaint = self
        level = satisfaction_of(rate)
        complaint._step_write(
            {
                "satisfaction": level,
                "satisfaction_comment": feedback or False,
                "date_followed_up": complaint.date_followed_up or fields.Datetime.now(),
            }
        )
        if level == "unsatisfied":
            complaint.sudo()._reopen_unsatisfied(feedback)  # the customer reopens; QA is told
        return rating

    def _reopen_unsatisfied(self, feedback):
        self.ensure_one()
        reason = self.env._("The customer is not satisfied with the handling.")
        if feedback:
            reason = f"{reason}\n{feedback}"
        if self.state in ("closed", "provisional"):
            self._action_reopen(reason)
        self._todo_reviewer(lambda env: env._("Customer unsatisfied: re-examine the complaint"), reason)

    def _todo_reviewer(self, summary, note):
        """Tell who re-examines a complaint the customer is not happy with: its QA owner, else
        the department's manager, else its handler."""
        reviewer = self.qa_user_id or self.department_id.manager_id or self.user_id
        if reviewer:
            self._todo(reviewer, summary, note)

    def _record_satisfaction(self, level, comment):
        """A follow-up done by phone or visit, recorded by the handler."""
        if level not in SATISFACTION_RATES:
            raise UserError(self.env._("Choose whether the customer is satisfied, neutral or unsatisfied."))
        for complaint in self:
            if complaint.state not in ("closed", "provisional"):
                raise UserError(
                    self.env._("%(complaint)s: the follow-up comes after closing.", complaint=complaint.name)
                )
            if complaint.satisfaction:
                raise UserError(
                    self.env._(
                        "%(complaint)s: the customer's satisfaction is already recorded.", complaint=complaint.name
                    )
                )
            rating = (
                self.env["rating.rating"]
                .sudo()
                .create(
                    {
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": complaint.id,
                        "partner_id": complaint._rating_get_partner().id,
                        "rated_partner_id": complaint._rating_get_operator().id,
                        "is_internal": False,
                    }
                )
            )
            complaint.rating_apply(SATISFACTION_RATES[level], rating=rating, feedback=comment)
        return True

    # ------------------------------------------------------------------ cron
    @api.model
    def _satisfaction_due_domain(self):
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([])
        # N days after closing, but never after the follow-up deadline: the survey is the
        # follow-up (回访), so it goes out before the next run would be too late.
        before_deadline = Domain(
            "deadline_ids",
            "any",
            [("step", "=", "followup"), ("date_reached", "=", False), ("date_deadline", "<=", now + timedelta(days=1))],
        )
        return (
            Domain("state", "=", "closed")
            & Domain("date_rating_requested", "=", False)
            & (
                before_deadline
                | Domain.OR(
                    Domain("company_id", "=", company.id)
                    & Domain("date_closed", "<=", now - timedelta(days=company.complaint_followup_days))
                    for company in companies
                )
            )
        )

    @api.model
    def _cron_request_satisfaction(self, batch_size=200):
        """SPEC §3.10: N days after closing (company setting, 3 by default) ask the customer
        how satisfied they are; without an email address, ask the handler to call."""
        template = self.env.ref("complaint_management.mail_template_complaint_rating")
        retrying(
            lambda: self._in_batches(
                "customer.complaint",
                self._satisfaction_due_domain(),
                lambda complaints: complaints._request_satisfaction(template),
                batch_size,
            ),
            self.env,
        )
        return True

    def _request_satisfaction(self, template):
        by_mail = self.filtered(lambda c: c.partner_id.email and not c.is_anonymous)
        for complaint in by_mail:
            complaint.rating_send_request(template, force_send=False)
        by_phone = (self - by_mail).filtered(lambda c: not c.is_anonymous)
        if by_phone:
            todo = self.env.ref("mail.mail_activity_data_call")
            model_id = self.env["ir.model"]._get_id(self._name)
            self.env["mail.activity"].sudo().create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": complaint.id,
                        "activity_type_id": todo.id,
                        "summary": self._env_for(caller)._("Call the customer: satisfaction follow-up"),
                        "user_id": caller.id,
                    }
                    for complaint in by_phone
                    for caller in [complaint.user_id or complaint.qa_user_id or self.env.user]
                ]
            )
        now = fields.Datetime.now()
        # the customer asked by mail is followed up (the deadline is met); a call still has to be made
        (by_mail - by_mail.filtered("date_followed_up"))._step_write({"date_followed_up": now})
        self._step_write({"date_rating_requested": now})
