from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .customer_complaint import COMPLAINT_USER_GROUP, check_complaint_users, complaint_users_domain

ACTION_STATES = [
    ("draft", "Draft"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("effective", "Verified Effective"),
    ("ineffective", "Verified Ineffective"),
]
QA_GROUP = "complaint_management.group_complaint_qa"
# step -> (states it may start from, state it leads to, groups): the owner or QA carry an
# action out, QA alone verifies it.
ACTION_TRANSITIONS = {
    "start": (("draft",), "in_progress", (COMPLAINT_USER_GROUP,)),
    "done": (("in_progress",), "done", (COMPLAINT_USER_GROUP,)),
    "effective": (("done",), "effective", (QA_GROUP,)),
    "ineffective": (("done",), "ineffective", (QA_GROUP,)),
    "reset": (("in_progress", "done"), "draft", (COMPLAINT_USER_GROUP,)),
}
OWNER_STEPS = ("start", "done", "reset")


class ComplaintCorrectiveAction(models.Model):
    """A containment, corrective or preventive action (临时对策 / 纠正 / 预防) whose
    effectiveness QA verifies; one action may serve several complaints with the same cause."""

    _name = "complaint.corrective.action"
    _description = "Complaint Corrective Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.step.guard"]
    _order = "date_planned, id"
    _check_company_auto = True
    _transitions = ACTION_TRANSITIONS

    name = fields.Char(string="Action", required=True, tracking=True)
    number = fields.Char(
        string="Action Number",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="From the company's numbering, printed on the form.",
    )
    action_type = fields.Selection(
        [("containment", "Containment"), ("corrective", "Corrective"), ("preventive", "Preventive")],
        string="Type",
        required=True,
        default="corrective",
        tracking=True,
    )
    description = fields.Html()
    complaint_ids = fields.Many2many(
        "customer.complaint",
        "complaint_corrective_action_rel",
        "action_id",
        "complaint_id",
        string="Complaints",
        check_company=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        domain=lambda self: complaint_users_domain(self),
    )
    department_id = fields.Many2one("complaint.department", index=True, tracking=True, check_company=True)
    date_planned = fields.Date(string="Planned For", required=True, tracking=True, index=True)
    date_started = fields.Date(string="Started On", readonly=True, copy=False, tracking=True, step_only=True)
    date_done = fields.Date(string="Done On", readonly=True, copy=False, tracking=True, step_only=True)
    state = fields.Selection(
        ACTION_STATES,
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_expand_states",
        readonly=True,
        step_only=True,
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue")
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True, step_only=True)
    date_verified = fields.Date(string="Verified On", readonly=True, copy=False, step_only=True)
    verification_note = fields.Text(string="Verification Evidence", readonly=True, copy=False, step_only=True)
    previous_action_id = fields.Many2one(
        "complaint.corrective.action",
        string="Replaces",
        readonly=True,
        copy=False,
        index="btree_not_null",
        step_only=True,
    )
    can_start = fields.Boolean(compute="_compute_can_steps")
    can_done = fields.Boolean(compute="_compute_can_steps")
    can_verify = fields.Boolean(compute="_compute_can_steps")
    can_reset = fields.Boolean(compute="_compute_can_steps")
    next_action_ids = fields.One2many("complaint.corrective.action", "previous_action_id", string="Replaced By")

    @api.constrains("user_id")
    def _check_owner(self):
        check_complaint_users(self, ["user_id"])

    @api.depends_context("uid")
    @api.depends("state", "user_id")
    def _compute_can_steps(self):
        for action in self:
            action.can_start = action._can_step("start")
            action.can_done = action._can_step("done")
            action.can_verify = action._can_step("effective")
            action.can_reset = action._can_step("reset")

    def _can_step(self, step):
        return super()._can_step(step) and (step not in OWNER_STEPS or self._is_owner_or_qa())

    def _is_owner_or_qa(self):
        return self.env.su or self.user_id == self.env.user or self.env.user.has_group(QA_GROUP)

    # ------------------------------------------------------------------ guards
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            vals["number"] = self.env["ir.sequence"].with_company(company).next_by_code("complaint.corrective.action")
        actions = super().create(vals_list)
        if not self._is_stepping():
            actions.complaint_ids._check_action_link()
        return actions

    def write(self, vals):
        before = {action.id: action.sudo().complaint_ids for action in self} if "complaint_ids" in vals else {}
        result = super().write(vals)
        if before and not self._is_stepping():
            for action in self.filtered(lambda a: a.state != "draft" or a.date_started):
                if before[action.id] - action.sudo().complaint_ids:
                    action._refuse_unlink_from_complaints()
            added = self.env["customer.complaint"].union(
                *(action.sudo().complaint_ids - before[action.id] for action in self)
            )
            added.with_env(self.env)._check_action_link()
        return result

    def _refuse_unlink_from_complaints(self):
        if self:
            raise UserError(
                self.env._(
                    "%(actions)s started: it stays on its complaints until it is verified.",
                    actions=", ".join(self.mapped("name")),
                )
            )

    def _expand_states(self, states, domain):
        return [key for key, _label in ACTION_STATES]

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = action.state in ("draft", "in_progress") and action.date_planned < today

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        overdue = [("state", "in", ("draft", "in_progress")), ("date_planned", "<", fields.Date.context_today(self))]
        return overdue if (operator == "=") == value else ["!", "&", *overdue]

    def _is_settled(self):
        """Effective, or ineffective and replaced by an action that is settled itself."""
        self.ensure_one()
        if self.state == "effective":
            return True
        return (
            self.state == "ineffective"
            and bool(self.next_action_ids)
            and all(action._is_settled() for action in self.next_action_ids)
        )

    # ------------------------------------------------------------------ steps
    def _move(self, step, vals=None):
        self._check_step(step)
        if step in OWNER_STEPS and not all(action._is_owner_or_qa() for action in self):
            raise AccessError(self.env._("Only the owner of an action or QA carries it out."))
        self._step_write({"state": self._step_target(step), **(vals or {})})
        return True

    def action_start(self):
        return self._move("start", {"date_started": fields.Date.context_today(self)})

    def action_done(self):
        return self._move("done", {"date_done": fields.Date.context_today(self)})

    def action_reset(self):
        return self._move("reset", {"date_done": False})

    def _check_verifier(self):
        if not self.env.su and not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only QA verifies the effectiveness of an action."))

    def _verify(self, effective, note):
        """QA's verdict on done actions, with its evidence; an ineffective action is followed by
        a new one for the same complaints, given back to its owner."""
        self._check_verifier()
        note = (note or "").strip()
        if not note:
            raise UserError(self.env._("Record the evidence of the verification."))
        self._move(
            "effective" if effective else "ineffective",
            {
                "verified_by_id": self.env.uid,
                "date_verified": fields.Date.context_today(self),
                "verification_note": note,
            },
        )
        if effective:
            return self.browse()
        follow_ups = self.env["complaint.corrective.action"]._step_create(
            [
                {
                    "name": self.env._("%(action)s (again)", action=action.name),
                    "action_type": action.action_type,
                    "description": action.description,
                    "complaint_ids": [(6, 0, action.complaint_ids.ids)],
                    "company_id": action.company_id.id,
                    "user_id": action.user_id.id,
                    "department_id": action.department_id.id,
                    "date_planned": fields.Date.context_today(self),
                    "previous_action_id": action.id,
                }
                for action in self
            ]
        )
        for follow_up in follow_ups:
            follow_up._todo(
                follow_up.user_id, lambda env: env._("The previous action was not effective: plan a new one"), note
            )
        return follow_ups

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        return self._refuse_mail_intake()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(action.state != "draft" or action.date_started for action in self):
            raise UserError(self.env._("Only draft actions can be deleted."))
