from collections import Counter

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError

from .complaint_stage import OPEN_STATES
from .customer_complaint_workflow import QA_GROUP


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    routing_rule_id = fields.Many2one(
        "complaint.routing.rule", string="Routed by", readonly=True, copy=False, tracking=True, step_only=True
    )

    def _action_route(self):
        """Route each complaint by the most specific matching rule: department, QA owner, and
        the rule's handler or the department member with the fewest open complaints."""
        if not self.env.su and not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only QA routes complaints."))
        self._check_state(OPEN_STATES)
        rules = self.env["complaint.routing.rule"].sudo()._best_for(self)
        departments = self.env["complaint.department"].union(*(rule.department_id for rule in rules.values()))
        load = self._open_load(departments.member_ids | departments.default_user_id)
        for complaint in self:
            rule = rules[complaint]
            if not rule:
                complaint.message_post(
                    body=self.env._("No routing rule matches this complaint: route it by hand."),
                    subtype_xmlid="mail.mt_note",
                )
                continue
            handler = rule.user_id or rule.department_id._least_loaded_member(load)
            complaint._step_write(
                {
                    "routing_rule_id": rule.id,
                    "department_id": rule.department_id.id,
                    "user_id": handler.id or complaint.user_id.id,
                    "qa_user_id": rule.qa_user_id.id or complaint.qa_user_id.id,
                }
            )
            if handler:
                load[handler] += 1
            complaint.message_post(
                body=Markup(self.env._("Routed by the rule <b>%(rule)s</b> to %(department)s, handler %(handler)s."))
                % {
                    "rule": rule.name,
                    "department": rule.department_id.name,
                    "handler": handler.name or self.env._("unchanged"),
                },
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _open_load(self, users):
        """Counter {user: open complaints handled}, in one grouped query."""
        groups = self.sudo()._read_group(
            [("user_id", "in", users.ids), ("state", "in", OPEN_STATES)], ["user_id"], ["__count"]
        )
        return Counter(dict(groups))
