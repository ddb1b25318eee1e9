from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_stage import OPEN_STATES


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    corrective_action_ids = fields.Many2many(
        "complaint.corrective.action",
        "complaint_corrective_action_rel",
        "complaint_id",
        "action_id",
        string="Corrective Actions",
        copy=False,
    )
    corrective_action_count = fields.Integer(compute="_compute_corrective_action_count")

    @api.depends("corrective_action_ids")
    def _compute_corrective_action_count(self):
        for complaint in self:
            complaint.corrective_action_count = len(complaint.corrective_action_ids)

    def _check_action_link(self):
        """An action serves complaints the user works on and that are still open: its name and
        text reach their customers' replies and forms."""
        self.check_access("write")
        for complaint in self:
            if complaint.state not in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "%(complaint)s is no longer open: it gets no new corrective action.",
                        complaint=complaint.name,
                    )
                )

    def _check_settled(self):
        """SPEC §3.5: no closing while an action is not verified effective (an ineffective
        action counts once the action replacing it is)."""
        self._check_nothing_pending(
            lambda complaint: complaint.corrective_action_ids.filtered(lambda a: not a._is_settled()),
            self.env._("%(complaint)s cannot be closed: %(items)s not verified effective yet."),
        )
        return super()._check_settled()

    def action_view_corrective_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_corrective_action_action"
        )
        action.update(
            {
                "domain": [("complaint_ids", "in", self.ids)],
                "context": {
                    "default_complaint_ids": self.ids,
                    "default_department_id": self.department_id.id,
                    "default_user_id": (self.user_id or self.env.user).id,
                },
            }
        )
        return action
