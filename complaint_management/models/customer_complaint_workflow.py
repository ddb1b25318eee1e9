from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from .complaint_stage import DONE_STATES, OPEN_STATES
from .customer_complaint import CONFIRMATION_METHODS

# action -> (states it may start from, state it leads to)
TRANSITIONS = {
    "register": (("new",), "registered"),
    "investigate": (("registered",), "investigating"),
    "set_valid": (("registered", "investigating"), None),
    "mark_invalid": (("registered", "investigating"), None),
    "plan_actions": (("investigating",), "action"),
    "verify": (("action",), "verification"),
    "reply": (("investigating", "verification"), "replied"),
    "close": (("replied",), "closed"),
    "provisional": (("registered", "investigating", "action", "verification", "replied"), "provisional"),
    "withdraw": (OPEN_STATES, "withdrawn"),
    "cancel": (("new", "registered"), "cancelled"),
    "reopen": (DONE_STATES, "investigating"),
    "reset": (("cancelled",), "new"),
}


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    date_replied = fields.Datetime(string="Replied On", readonly=True, copy=False, tracking=True)

    # ------------------------------------------------------------------ guards
    def write(self, vals):
        if "stage_id" in vals and not self.env.context.get("complaint_transition"):
            stage = self.env["complaint.stage"].browse(vals["stage_id"])
            if any(complaint.state != stage.state for complaint in self):
                raise UserError(
                    self.env._(
                        "A complaint changes status only through its buttons (Register, Investigate, Close…). "
                        "It can only be moved between stages of the same status."
                    )
                )
        return super().write(vals)

    def _check_transition(self, action):
        self._check_state(TRANSITIONS[action][0])

    def _move(self, action, vals=None):
        """Check the source states, then write the target stage and ``vals`` on the whole batch."""
        self._check_transition(action)
        vals = dict(vals or {})
        target = TRANSITIONS[action][1]
        if target:
            stage = self.env["complaint.stage"]._stage_for_state(target)
            if not stage:
                raise UserError(
                    self.env._(
                        "No stage is configured for the status %(state)s.",
                        state=self._state_labels()[target],
                    )
                )
            vals["stage_id"] = stage.id
        if vals:
            self.with_context(complaint_transition=True).write(vals)
        return True

    def _check_nothing_pending(self, pending_of, message):
        """Refuse a step while something of a complaint is still pending: ``pending_of(complaint)``
        gives those records; ``message``, translated, names them with %(complaint)s and %(items)s."""
        for complaint in self:
            pending = pending_of(complaint)
            if pending:
                raise UserError(
                    message % {"complaint": complaint.name, "items": ", ".join(pending.mapped("display_name"))}
                )

    def _post_reason(self, title, reason):
        for complaint in self:
            complaint.message_post(body=Markup("<b>%s</b><br/>%s") % (title, reason), subtype_xmlid="mail.mt_note")

    @staticmethod
    def _require_text(value, message):
        if not (value or "").strip():
            raise UserError(message)
        return value.strip()

    # ------------------------------------------------------------------ buttons
    def action_register(self):
        self._check_transition("register")
        for complaint in self:
            if not (complaint.partner_id or complaint.is_anonymous or complaint.complainant_type == "interested_party"):
                raise UserError(
                    self.env._(
                        "%(complaint)s: choose the customer, or mark the complaint anonymous.",
                        complaint=complaint.name,
                    )
                )
            if not complaint.description or not complaint.description.striptags().strip():  # Markup
                raise UserError(
                    self.env._("%(complaint)s: describe the complaint before registering it.", complaint=complaint.name)
                )
        return self._move("register", {"date_registered": fields.Datetime.now(), "registered_by_id": self.env.uid})

    def action_investigate(self):
        self._check_transition("investigate")
        for complaint in self:
            if not complaint.category_id or not complaint.severity:
                raise UserError(
                    self.env._(
                        "%(complaint)s: set the category and the severity before the investigation starts.",
                        complaint=complaint.name,
                    )
                )
        return self._move("investigate")

    def action_set_valid(self):
        return self._move("set_valid", {"validity": "valid", "invalid_reason": False})

    def _action_mark_invalid(self, reason):
        reason = self._require_text(reason, self.env._("Explain why the complaint is invalid."))
        self._move("mark_invalid", {"validity": "invalid", "invalid_reason": reason})
        for complaint in self:
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Explain to the customer why the complaint is invalid"),
                note=reason,
                user_id=(complaint.salesperson_id or complaint.user_id or self.env.user).id,
            )
        return True

    def action_plan_actions(self):
        self._check_transition("plan_actions")
        for complaint in self:
            if complaint.validity != "valid":
                raise UserError(
                    self.env._(
                        "%(complaint)s: only a valid complaint gets corrective actions; decide its validity first.",
                        complaint=complaint.name,
                    )
                )
        return self._move("plan_actions")

    def action_verify(self):
        return self._move("verify")

    def action_reply(self):
        self._check_transition("reply")
        self._check_reply_allowed()
        return self._move("reply", {"date_replied": fields.Datetime.now()})

    def _check_reply_allowed(self):
        """Checks of the reply step besides the source status; extended by later steps."""
        for complaint in self:
            if complaint.state == "investigating" and complaint.validity != "invalid":
                raise UserError(
                    self.env._(
                        "%(complaint)s: a valid complaint is answered after its actions are verified.",
                        complaint=complaint.name,
                    )
                )

    def _action_close(self, method, date):
        if method not in dict(CONFIRMATION_METHODS):
            raise UserError(
                self.env._("Say how the customer confirmed the closing (signature, call, email or portal).")
            )
        if not date:
            raise UserError(self.env._("Give the date the customer confirmed the closing."))
        date = fields.Date.to_date(date)
        if date > fields.Date.context_today(self):
            raise UserError(self.env._("The confirmation date cannot be in the future."))
        for complaint in self:
            if date < fields.Date.context_today(complaint, complaint.date_received):
                raise UserError(
                    self.env._("%(complaint)s: the confirmation cannot precede receipt.", complaint=complaint.name)
                )
        return self._move(
            "close",
            {"date_closed": fields.Datetime.now(), "confirmation_method": method, "date_confirmation": date},
        )

    def _action_provisional_close(self, reason, solution):
        reason = self._require_text(reason, self.env._("Give the reason for closing provisionally."))
        solution = self._require_text(solution, self.env._("Record the solution proposed to the customer."))
        self._move(
            "provisional",
            {"date_closed": fields.Datetime.now(), "provisional_reason": reason, "proposed_solution": solution},
        )
        self._post_reason(self.env._("Provisionally closed"), reason)
        return True

    def _action_withdraw(self, reason, voluntary):
        reason = self._require_text(reason, self.env._("Give the reason for the withdrawal."))
        self._move(
            "withdraw",
            {"date_closed": fields.Datetime.now(), "withdraw_reason": reason, "is_withdraw_voluntary": bool(voluntary)},
        )
        self._post_reason(self.env._("Withdrawn"), reason)
        for complaint in self.filtered(lambda c: not c.is_withdraw_voluntary):
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Withdrawal not voluntary: investigate"),
                note=reason,
                user_id=(complaint.qa_user_id or complaint.department_id.manager_id or self.env.user).id,
            )
        return True

    def action_cancel(self):
        return self._move("cancel")

    def _action_reopen(self, reason):
        reason = self._require_text(reason, self.env._("Give the reason for reopening."))
        self._move(
            "reopen",
            {"reopen_reason": reason, "date_closed": False, "confirmation_method": False, "date_confirmation": False},
        )
        self._post_reason(self.env._("Reopened"), reason)
        return True

    def action_reset(self):
        return self._move("reset")

    def action_open_transition(self):
        """Open the dialog that asks what a step needs (reason, confirmation…)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.customer_complaint_transition_action"
        )
        action["context"] = {
            "default_complaint_ids": self.ids,
            "default_transition": self.env.context.get("complaint_step"),
        }
        return action
