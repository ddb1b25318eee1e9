from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .complaint_stage import DONE_STATES, OPEN_STATES
from .customer_complaint import COMPLAINT_USER_GROUP, CONFIRMATION_METHODS, HIGH_LEVEL_FLAGS

QA_GROUP = "complaint_management.group_complaint_qa"
MANAGER_GROUP = "complaint_management.group_complaint_manager"
USERS, QA = (COMPLAINT_USER_GROUP,), (QA_GROUP,)
HANDLED_STATES = ("registered", "investigating", "action", "verification", "replied")
# Read-only once reached: only reopening, the follow-up and resetting a cancelled one change them.
LOCKED_STATES = (*DONE_STATES, "cancelled")
# What may still be written on them: the lessons learned (8D D8) and archiving (managers).
FOLLOW_UP_FIELDS = {"lessons_learned", "active"}

# step -> (states it may start from, state it leads to, groups that may run it). Record rules
# apply on top: the step writes with the user's own rights.
TRANSITIONS = {
    "register": (("new",), "registered", USERS),
    "acknowledge": (HANDLED_STATES, None, USERS),
    "investigate": (("registered",), "investigating", QA),
    "set_valid": (("registered", "investigating"), None, QA),
    "mark_invalid": (("registered", "investigating"), None, QA),
    "plan_actions": (("investigating",), "action", QA),
    "approve_countermeasures": (("action",), None, USERS),  # and an approver: _check_approver
    "verify": (("action",), "verification", QA),
    "extend": (("registered", "investigating", "action", "verification"), None, USERS),
    "reply": (("investigating", "verification"), "replied", USERS),
    "close": (("replied",), "closed", USERS),
    # the light path (001-SOP, 001-PCB, 004-QCM): a minor complaint without loss, solved at once
    "solve_directly": (("registered",), "closed", USERS),
    "provisional": (HANDLED_STATES, "provisional", QA),
    "withdraw": (OPEN_STATES, "withdrawn", USERS),
    "cancel": (("new", "registered"), "cancelled", USERS),
    "reopen": (DONE_STATES, "investigating", QA),
    "followup": (("closed", "provisional"), None, USERS),
    "reset": (("cancelled",), "new", USERS),
    "return_goods": (HANDLED_STATES, None, USERS),
    "file": (DONE_STATES, None, QA),
    "escalate": (HANDLED_STATES, None, USERS),  # to the next tier of the overdue chain
    "review_recording": (HANDLED_STATES, None, QA),  # 录音复核 (001-BANK)
    "close_malicious": (HANDLED_STATES, "closed", QA),  # malicious or repeated, with the reason
}


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"
    _transitions = TRANSITIONS

    date_replied = fields.Datetime(string="Replied On", readonly=True, copy=False, tracking=True, step_only=True)
    agreed_solution = fields.Text(string="Solution Agreed", readonly=True, copy=False, tracking=True, step_only=True)
    date_solution_implemented = fields.Date(
        string="Solution Carried Out On", readonly=True, copy=False, tracking=True, step_only=True
    )
    direct_solution = fields.Text(
        string="Solved Directly With",
        readonly=True,
        copy=False,
        tracking=True,
        step_only=True,
        help="A minor complaint solved by customer service at once, without investigation: the solution given.",
    )
    date_filed = fields.Datetime(string="Filed On", readonly=True, copy=False, tracking=True, step_only=True)
    filed_by_id = fields.Many2one("res.users", readonly=True, copy=False, step_only=True)

    # What the user may do now: the header's buttons follow these flags, the steps check the same.
    can_register = fields.Boolean(compute="_compute_can_steps")
    can_acknowledge = fields.Boolean(compute="_compute_can_steps")
    can_investigate = fields.Boolean(compute="_compute_can_steps")
    can_set_valid = fields.Boolean(compute="_compute_can_steps")
    can_mark_invalid = fields.Boolean(compute="_compute_can_steps")
    can_plan_actions = fields.Boolean(compute="_compute_can_steps")
    can_approve_countermeasures = fields.Boolean(compute="_compute_can_steps")
    can_verify = fields.Boolean(compute="_compute_can_steps")
    can_extend = fields.Boolean(compute="_compute_can_steps")
    can_reply = fields.Boolean(compute="_compute_can_steps")
    can_close = fields.Boolean(compute="_compute_can_steps")
    can_solve_directly = fields.Boolean(compute="_compute_can_steps")
    can_escalate = fields.Boolean(compute="_compute_can_steps")
    can_review_recording = fields.Boolean(compute="_compute_can_steps")
    can_close_malicious = fields.Boolean(compute="_compute_can_steps")
    can_provisional = fields.Boolean(compute="_compute_can_steps")
    can_withdraw = fields.Boolean(compute="_compute_can_steps")
    can_cancel = fields.Boolean(compute="_compute_can_steps")
    can_reopen = fields.Boolean(compute="_compute_can_steps")
    can_followup = fields.Boolean(compute="_compute_can_steps")
    can_reset = fields.Boolean(compute="_compute_can_steps")
    can_return_goods = fields.Boolean(compute="_compute_can_steps")
    can_file = fields.Boolean(compute="_compute_can_steps")
    is_locked = fields.Boolean(compute="_compute_can_steps", help="Closed, withdrawn or cancelled: read-only.")
    statusbar_stage_ids = fields.Many2many(
        "complaint.stage",
        compute="_compute_statusbar_stage_ids",
        help="The path shown above the form: one stage per status from New to Closed, and the current stage.",
    )

    @api.depends("stage_id")
    def _compute_statusbar_stage_ids(self):
        first_of_state = {}
        for stage in self.env["complaint.stage"].search([("state", "in", (*OPEN_STATES, "closed"))]):  # in order
            first_of_state.setdefault(stage.state, stage)
        path = self.env["complaint.stage"].union(*first_of_state.values())
        for complaint in self:
            complaint.statusbar_stage_ids = path | complaint.stage_id

    @api.depends_context("uid")
    @api.depends(
        "state",
        "validity",
        "date_acknowledged",
        "satisfaction",
        "sale_order_id",
        "user_id",
        "department_id.manager_id",
        "countermeasure_approval_required",
        "date_countermeasure_approved",
        "severity",
        "level",
        "claimed_amount",
        "compensation_ids.state",
        "escalation_ids.tier",
        "recording_review_required",
        "date_recording_reviewed",
        "is_anonymous",
        "is_repeat",
        "date_deadline_next",
    )
    def _compute_can_steps(self):
        for complaint in self:
            for step in TRANSITIONS:
                if f"can_{step}" in self._fields:
                    complaint[f"can_{step}"] = complaint._can_step(step)
            complaint.is_locked = complaint.state in LOCKED_STATES

    def _can_step(self, step):
        """The source state and role of the table, and what else the step needs to be offered."""
        if not super()._can_step(step):
            return False
        needs = {
            "acknowledge": lambda: not self.date_acknowledged,
            "set_valid": lambda: self.validity != "valid",
            "mark_invalid": lambda: self.validity != "invalid",
            "plan_actions": lambda: self.validity == "valid",
            "approve_countermeasures": lambda: (
                bool(self.countermeasure_tier)
                and self._is_approver(self.countermeasure_tier)
                and self.env.user not in self._countermeasure_deciders_excluded()
            ),
            "verify": lambda: not self.countermeasure_approval_required or self.date_countermeasure_approved,
            "reply": lambda: self.state == "verification" or self.validity == "invalid",
            "followup": lambda: not self.satisfaction,
            "return_goods": lambda: bool(self.sale_order_id),
            "solve_directly": lambda: self._is_light(),
            "file": lambda: not self.date_filed,
            "escalate": lambda: bool(self.next_escalation_tier) and self._calls_for_escalation(),
            "close_malicious": lambda: self._may_close_as_malicious(),
            "review_recording": lambda: self.recording_review_required and not self.date_recording_reviewed,
        }
        return bool(needs.get(step, lambda: True)())

    def _step_role_message(self, step):
        if TRANSITIONS[step][2] == QA:
            return self.env._("Only QA does this step of the complaint procedure.")
        return self.env._("Only complaint users do this step of the complaint procedure.")

    # ------------------------------------------------------------------ guards
    def _guard_create(self, vals_list):
        stages = self.env["complaint.stage"]
        for vals in vals_list:
            if vals.get("stage_id") and stages.browse(vals["stage_id"]).state != "new":
                raise UserError(self.env._("A new complaint starts in a New stage; use the buttons to move it."))
        return super()._guard_create(vals_list)

    def _guard_created(self):
        if any(complaint.state not in ("new", False) for complaint in self):
            raise UserError(self.env._("A new complaint starts in a New stage; use the buttons to move it."))
        return super()._guard_created()

    def _guard_write(self, vals):
        """Outside the steps: stages move only between stages of the same status, closed ones
        stay as they are, and what a decision rests on freezes with it."""
        if "name" in vals:
            raise UserError(self.env._("Complaint numbers are given by the company's numbering."))
        if set(vals) - self._mail_fields() - FOLLOW_UP_FIELDS:
            self._check_editable()
        if "stage_id" in vals:
            stage = self.env["complaint.stage"].browse(vals["stage_id"])
            if any(complaint.state != stage.state for complaint in self):
                raise UserError(
                    self.env._(
                        "A complaint changes status only through its buttons (Register, Investigate, Close…). "
                        "It can only be moved between stages of the same status."
                    )
                )
        if "date_received" in vals and self.filtered(lambda c: c.state != "new"):
            raise UserError(self.env._("The date of receipt is fixed once the complaint is registered."))
        if "active" in vals and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a complaints manager archives or restores complaints."))
        if "user_id" in vals and self.filtered(
            lambda c: c.state == "action" and not c.date_countermeasure_approved and c.user_id.id != vals["user_id"]
        ):
            raise UserError(
                self.env._(
                    "The handler is fixed while the countermeasures wait for approval: the handler does not approve."
                )
            )
        if "currency_id" in vals:
            self._check_currency_unchanged(vals["currency_id"])
        return super()._guard_write(vals)

    def _check_currency_unchanged(self, currency_id):
        """The currency of a compensation is that of its submission: fixed once one is submitted
        (who approves is fixed while one waits: ``_check_nothing_waits_for_approval``)."""
        for complaint in self:
            submitted = complaint.sudo().compensation_ids.filtered(lambda c: c.state != "draft")
            if submitted and complaint.currency_id.id != (currency_id or False):
                raise UserError(
                    self.env._(
                        "%(complaint)s: %(fields)s cannot change while compensations are submitted or decided.",
                        complaint=complaint.name,
                        fields=self._field_labels({"currency_id"}),
                    )
                )

    def write(self, vals):
        """Corrective actions leave a complaint only while they are drafts: a started action
        stays until it is verified (closing checks it)."""
        if self._is_stepping():
            return super().write(vals)
        required = self.filtered(lambda c: c.state == "action" and c.countermeasure_approval_required)
        if "corrective_action_ids" not in vals:
            result = super().write(vals)
            required._check_approval_still_required()
            return result
        before = {complaint.id: complaint.sudo().corrective_action_ids for complaint in self}
        result = super().write(vals)
        required._check_approval_still_required()
        for complaint in self:
            removed = before[complaint.id] - complaint.sudo().corrective_action_ids
            removed.filtered(lambda a: a.state != "draft" or a.date_started)._refuse_unlink_from_complaints()
        return result

    def _get_view(self, view_id=None, view_type="form", **options):
        """Closed means closed on screen too: every field of the form is read-only on a
        locked complaint (the server refuses the writes anyway), but the follow-up ones."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if view_type != "form":
            return arch, view
        for node in arch.iter("field"):
            name = node.get("name")
            nested = any(ancestor.tag == "field" for ancestor in node.iterancestors())
            field = self._fields.get(name)
            if nested or not field or field.readonly or name in FOLLOW_UP_FIELDS or name.startswith("can_"):
                continue  # read-only fields (computed ones, stamps) stay so: never turn them editable
            readonly = node.get("readonly")
            if readonly in ("1", "True", "true"):
                continue
            node.set(
                "readonly", f"({readonly}) or is_locked" if readonly and readonly not in ("0", "False") else "is_locked"
            )
        return arch, view

    def _check_approval_still_required(self):
        """Once countermeasures are planned, lowering the severity or the level does not spare
        them the manager's approval."""
        for complaint in self.filtered(lambda c: not c.countermeasure_approval_required):
            raise UserError(
                self.env._(
                    "%(complaint)s: its countermeasures wait for a manager's approval; the classification "
                    "cannot be lowered to avoid it.",
                    complaint=complaint.name,
                )
            )

    def _check_editable(self):
        """What hangs under a complaint (products, 5-Why steps) changes with it: not once it is
        closed, withdrawn or cancelled."""
        if self._is_stepping():
            return
        for complaint in self:
            if complaint.state in LOCKED_STATES:
                raise UserError(
                    self.env._(
                        "%(complaint)s is %(state)s: it is read-only. Reopen it to change it.",
                        complaint=complaint.name,
                        state=self._state_labels()[complaint.state],
                    )
                )

    @api.model
    def _mail_fields(self):
        """Followers, activities, messages, ratings and the portal token: they stay open on a
        closed complaint."""
        return (
            set(self.env["mail.activity.mixin"]._fields)
            | set(self.env["rating.mixin"]._fields)
            | set(self.env["portal.mixin"]._fields)
        )

    def _move(self, action, vals=None):
        """Check role and source states, then write the target stage and ``vals`` on the whole
        batch through the steps' private path."""
        self._check_step(action)
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
            self._step_write(vals)
        return True

    def _check_nothing_pending(self, pending_of, message):
        """Refuse a step while something of a complaint is still pending: ``pending_of(complaint)``
        gives those records; ``message``, translated, names them with %(complaint)s and %(items)s."""
        for complaint in self:
            pending = pending_of(complaint.sudo())  # also what the user may not read
            if pending:
                raise UserError(
                    message % {"complaint": complaint.name, "items": ", ".join(pending.mapped("display_name"))}
                )

    def _check_settled(self):
        """What must be settled before a complaint ends (closed, provisionally closed or
        withdrawn); each part of the procedure adds its own check."""
        return True

    def _post_reason(self, title, reason):
        for complaint in self:
            complaint.message_post(body=Markup("<b>%s</b><br/>%s") % (title, reason), subtype_xmlid="mail.mt_note")

    @staticmethod
    def _require_text(value, message):
        if not (value or "").strip():
            raise UserError(message)
        return value.strip()

    def _is_complainant_known(self):
        """A customer, an interested party, or an anonymous complaint. Filed online, the name and
        the email or phone the complainant gave stand for the customer: a visitor of the public
        form is never matched to a contact."""
        self.ensure_one()
        if self.partner_id or self.is_anonymous or self.complainant_type == "interested_party":
            return True
        contact = self.sudo()
        return self.channel == "web" and bool(contact.contact_name and (contact.contact_email or contact.contact_phone))

    # ------------------------------------------------------------------ buttons
    def action_register(self):
        self._check_step("register")
        for complaint in self:
            if not complaint._is_complainant_known():
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
        self._check_step("investigate")
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
            complaint._todo(
                complaint.salesperson_id or complaint.user_id,
                lambda env: env._("Explain to the customer why the complaint is invalid"),
                reason,
            )
        return True

    def action_plan_actions(self):
        self._check_step("plan_actions")
        for complaint in self:
            if complaint.validity != "valid":
                raise UserError(
                    self.env._(
                        "%(complaint)s: only a valid complaint gets corrective actions; decide its validity first.",
                        complaint=complaint.name,
                    )
                )
        self._move("plan_actions")
        # the next thing to do: the corrective actions themselves
        return self.action_view_corrective_actions() if len(self) == 1 else True

    def action_verify(self):
        self._check_step("verify")
        for complaint in self:
            if (
                complaint.company_id.complaint_require_corrective_action
                and complaint.validity == "valid"
                and not complaint.sudo().corrective_action_ids
            ):
                raise UserError(
                    self.env._(
                        "%(complaint)s: a valid complaint needs at least one corrective action before it is verified.",
                        complaint=complaint.name,
                    )
                )
        return self._move("verify")

    def action_reply(self):
        self._check_step("reply")
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

    def _action_close(self, method, date, solution=False, date_implemented=False):
        """Closed on the customer's confirmation, with the solution agreed and when it was
        carried out (落实时间, 001-MALL) where they are given."""
        self._check_confirmation(method, date)
        date_implemented = fields.Date.to_date(date_implemented) if date_implemented else False
        if date_implemented and date_implemented > fields.Date.context_today(self):
            raise UserError(self.env._("The solution cannot be carried out in the future."))
        for complaint in self:
            if date_implemented and date_implemented < fields.Date.context_today(complaint, complaint.date_received):
                raise UserError(
                    self.env._("%(complaint)s: the solution cannot precede receipt.", complaint=complaint.name)
                )
        self._check_settled()
        return self._move(
            "close",
            {
                "date_closed": fields.Datetime.now(),
                "confirmation_method": method,
                "date_confirmation": fields.Date.to_date(date),
                "agreed_solution": (solution or "").strip() or False,
                "date_solution_implemented": date_implemented,
            },
        )

    def _check_confirmation(self, method, date):
        """How and when the customer confirmed the closing."""
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

    # ------------------------------------------------------------------ the light path
    def _is_light(self):
        """Minor, low level, nothing claimed and nothing compensated: customer service may solve
        and close it at once, without investigation or corrective action."""
        self.ensure_one()
        return (
            self.severity == "minor"
            and self.level != "high"
            and not self.level_override
            and not any(self[flag] for flag in HIGH_LEVEL_FLAGS)
            and not self.claimed_amount
            and not self.sudo().compensation_ids.filtered(lambda c: c.state != "refused")
        )

    def _action_solve_directly(self, solution, method, date):
        """Solved by customer service on the spot: the solution is the reply, and the customer's
        confirmation closes the complaint as closing does."""
        solution = self._require_text(solution, self.env._("Record the solution given to the customer."))
        self._check_step("solve_directly")
        for complaint in self:
            if not complaint._is_light():
                raise UserError(
                    self.env._(
                        "%(complaint)s: only a minor complaint without claim or compensation is solved directly; "
                        "it follows the whole procedure.",
                        complaint=complaint.name,
                    )
                )
        self._check_confirmation(method, date)
        self._check_settled()
        now = fields.Datetime.now()
        self._move(
            "solve_directly",
            {
                "direct_solution": solution,
                "date_replied": now,
                "date_closed": now,
                "confirmation_method": method,
                "date_confirmation": fields.Date.to_date(date),
            },
        )
        self._post_reason(self.env._("Solved directly"), solution)
        return True

    def _action_provisional_close(self, reason, solution, progress=None):
        reason = self._require_text(reason, self.env._("Give the reason for closing provisionally."))
        solution = self._require_text(solution, self.env._("Record the solution proposed to the customer."))
        self._check_settled()
        self._move(
            "provisional",
            {
                "date_closed": fields.Datetime.now(),
                "provisional_reason": reason,
                "proposed_solution": solution,
                "provisional_progress": (progress or "").strip() or False,
            },
        )
        self._post_reason(self.env._("Provisionally closed"), reason)
        self._tell_customer("complaint_management.mail_template_complaint_provisional")
        return True

    def _tell_customer(self, template_xmlid):
        """Send the customer the template, unless the complaint is anonymous or nobody can be
        written to."""
        template = self.env.ref(template_xmlid)
        for complaint in self.filtered(lambda c: not c.is_anonymous and (c.partner_id.email or c.contact_email)):
            complaint.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")

    def _action_withdraw(self, reason, voluntary):
        reason = self._require_text(reason, self.env._("Give the reason for the withdrawal."))
        self._check_settled()
        self._move(
            "withdraw",
            {"date_closed": fields.Datetime.now(), "withdraw_reason": reason, "is_withdraw_voluntary": bool(voluntary)},
        )
        self._post_reason(self.env._("Withdrawn"), reason)
        for complaint in self.filtered(lambda c: not c.is_withdraw_voluntary):
            complaint._todo(
                complaint.qa_user_id or complaint.department_id.manager_id,
                lambda env: env._("Withdrawal not voluntary: investigate"),
                reason,
            )
        return True

    def action_cancel(self):
        return self._move("cancel")

    def _action_reopen(self, reason):
        reason = self._require_text(reason, self.env._("Give the reason for reopening."))
        self._move(
            "reopen",
            {
                "reopen_reason": reason,
                "date_closed": False,
                "confirmation_method": False,
                "date_confirmation": False,
                **self._unfiled_values(),
            },
        )
        self._post_reason(self.env._("Reopened"), reason)
        return True

    # ------------------------------------------------------------------ filing (归档)
    def action_file(self):
        """归档 (000-D 9): a done complaint is filed for reference. It leaves the work lists as
        an archived record does, and stays in every statistic, register and form."""
        filed = self.filtered("date_filed")
        if filed:
            raise UserError(self.env._("%(complaints)s is already filed.", complaints=", ".join(filed.mapped("name"))))
        return self._move("file", {"active": False, "date_filed": fields.Datetime.now(), "filed_by_id": self.env.uid})

    def _unfiled_values(self):
        """Reopening takes a complaint out of the archive."""
        return {"active": True, "date_filed": False, "filed_by_id": False}

    def action_reset(self):
        return self._move("reset")

    def action_open_transition(self):
        """Open the dialog that asks what a step needs (reason, confirmation…)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.customer_complaint_transition_action"
        )
        step = self.env.context.get("complaint_step")
        steps = dict(self.env["customer.complaint.transition"]._fields["transition"]._description_selection(self.env))
        action["name"] = steps.get(step, action["name"])
        action["context"] = {"default_complaint_ids": self.ids, "default_transition": step}
        return action
