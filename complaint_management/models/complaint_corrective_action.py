from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

ACTION_STATES = [
    ("draft", "Draft"),
    ("in_progress", "In Progress"),
    ("done", "Done"),
    ("effective", "Verified Effective"),
    ("ineffective", "Verified Ineffective"),
]
# action -> (states it may start from, state it leads to)
ACTION_TRANSITIONS = {
    "start": (("draft",), "in_progress"),
    "done": (("in_progress",), "done"),
    "effective": (("done",), "effective"),
    "ineffective": (("done",), "ineffective"),
    "reset": (("in_progress", "done"), "draft"),
}


class ComplaintCorrectiveAction(models.Model):
    """A containment, corrective or preventive action (临时对策 / 纠正 / 预防) whose
    effectiveness QA verifies; one action may serve several complaints with the same cause."""

    _name = "complaint.corrective.action"
    _description = "Complaint Corrective Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.step.guard"]
    _order = "date_planned, id"
    _check_company_auto = True

    name = fields.Char(string="Action", required=True, tracking=True)
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
        "res.users", string="Owner", required=True, index=True, tracking=True, domain=[("share", "=", False)]
    )
    department_id = fields.Many2one("complaint.department", index=True, tracking=True, check_company=True)
    date_planned = fields.Date(string="Planned For", required=True, tracking=True, index=True)
    date_done = fields.Date(string="Done On", readonly=True, copy=False, tracking=True)
    state = fields.Selection(
        ACTION_STATES,
        required=True,
        default="draft",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_expand_states",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue")
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_verified = fields.Date(string="Verified On", readonly=True, copy=False)
    verification_note = fields.Text(string="Verification Evidence", readonly=True, copy=False)
    previous_action_id = fields.Many2one(
        "complaint.corrective.action", string="Replaces", readonly=True, copy=False, index="btree_not_null"
    )
    next_action_ids = fields.One2many("complaint.corrective.action", "previous_action_id", string="Replaced By")

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
        sources, target = ACTION_TRANSITIONS[step]
        self._check_state(sources)
        self.write({"state": target, **(vals or {})})
        return True

    def action_start(self):
        return self._move("start")

    def action_done(self):
        return self._move("done", {"date_done": fields.Date.context_today(self)})

    def action_reset(self):
        return self._move("reset", {"date_done": False})

    def _check_verifier(self):
        if not self.env.user.has_group("complaint_management.group_complaint_qa"):
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
        follow_ups = self.env["complaint.corrective.action"].create(
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
            follow_up.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("The previous action was not effective: plan a new one"),
                note=note,
                user_id=follow_up.user_id.id,
            )
        return follow_ups

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(action.state != "draft" for action in self):
            raise UserError(self.env._("Only draft actions can be deleted."))
