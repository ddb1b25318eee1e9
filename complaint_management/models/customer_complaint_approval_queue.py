from odoo import api, fields, models

from .customer_complaint_approval import MANAGER_GROUP


class CustomerComplaint(models.Model):
    """The approver's queue (待我核准): complaints whose countermeasures or compensations wait
    for the user's decision, and a to-do for the approver whenever one starts waiting."""

    _inherit = "customer.complaint"

    is_waiting_my_approval = fields.Boolean(
        string="To Approve", compute="_compute_is_waiting_my_approval", search="_search_is_waiting_my_approval"
    )

    @api.depends_context("uid")
    def _compute_is_waiting_my_approval(self):
        mine = set(self._waiting_my_approval_ids()) if self.ids else set()
        for complaint in self:
            complaint.is_waiting_my_approval = complaint.id in mine

    def _search_is_waiting_my_approval(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        ids = self._waiting_my_approval_ids()
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    @api.model
    def _waiting_my_approval_ids(self):
        """Ids of the complaints where the user may decide something now, read as the server
        and checked with the same rules as the decision itself."""
        me = self.env.user
        Compensation = self.env["complaint.compensation"]
        waiting = Compensation.sudo().search([("state", "=", "to_approve")])
        ids = {
            compensation.complaint_id.id
            for compensation in waiting
            if compensation.complaint_id._is_approver(compensation.current_tier, me)
            and me not in compensation._excluded_deciders()
        }
        countermeasures = self.sudo().search([("state", "=", "action"), ("date_countermeasure_approved", "=", False)])
        ids |= {
            c.id
            for c in countermeasures
            if c.countermeasure_tier
            and c._is_approver(c.countermeasure_tier, me)
            and me not in c._countermeasure_deciders_excluded()
        }
        return list(ids)

    # ------------------------------------------------------------------ to-dos
    def _approvers_to_tell(self, tier):
        """Who is asked to decide at a tier: the people it names (for a complaint without
        department, the general manager), else the company's first complaints manager."""
        self.ensure_one()
        named = self._tier_approvers(tier).filtered("active")
        if not named and tier == "department":
            named = self.company_id.complaint_gm_user_id.filtered("active")
        if named:
            return named
        managers = self.env.ref(MANAGER_GROUP).sudo().all_user_ids
        return managers.filtered(lambda u: not u.share and self.company_id in u.company_ids and u._is_internal())[:1]

    def _move(self, action, vals=None):
        result = super()._move(action, vals)
        if action == "plan_actions":
            self._ask_countermeasure_approval()
        return result
