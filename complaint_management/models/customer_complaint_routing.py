from collections import Counter, defaultdict

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
        """Route by hand (QA, from the list or the form)."""
        if not self.env.su and not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only QA routes complaints."))
        self._check_state(OPEN_STATES)
        return self._route()

    def _move(self, action, vals=None):
        if action == "register":
            self._check_step(action)
            # Routing on registration is the company's choice; the registering user may not be
            # QA. Routed before the stage is written, the deadlines are planned once, with the
            # department's calendar.
            self.filtered("company_id.complaint_route_on_register").sudo()._route()
        return super()._move(action, vals)

    def _route(self):
        """Route each complaint by the most specific matching rule: department, QA owner, and
        the rule's handler or the department member with the fewest open complaints. The batch
        is matched with one search, balanced with one count, and written per distinct result."""
        rules = self.env["complaint.routing.rule"].sudo()._best_for(self)
        departments = self.env["complaint.department"].union(*(rule.department_id for rule in rules.values()))
        load = self._open_load(departments.member_ids | departments.default_user_id)
        writes, notes = defaultdict(lambda: self.browse()), {}
        for complaint in self:
            rule = rules[complaint]
            if not rule:
                notes[complaint.id] = self.env._("No routing rule matches this complaint: route it by hand.")
                continue
            excluded = complaint._routing_excluded_users()
            handler = (rule.user_id - excluded) or rule.department_id._least_loaded_member(load, excluded)
            qa_user = rule.qa_user_id - excluded
            vals = (
                ("routing_rule_id", rule.id),
                ("department_id", rule.department_id.id),
                ("user_id", handler.id or complaint.user_id.id),
                ("qa_user_id", qa_user.id or complaint.qa_user_id.id),
            )
            writes[vals] |= complaint
            if handler:
                load[handler] += 1
            notes[complaint.id] = Markup(
                self.env._("Routed by the rule <b>%(rule)s</b> to %(department)s, handler %(handler)s.")
            ) % {
                "rule": rule.name,
                "department": rule.department_id.name,
                "handler": handler.name or self.env._("unchanged"),
            }
        for vals, complaints in writes.items():
            if len(complaints) == 1:
                complaints._step_write(dict(vals))  # Odoo tells the handler, as for any assignment
                continue
            complaints.with_context(mail_auto_subscribe_no_notify=True)._step_write(dict(vals))
            complaints._tell_handler_of_batch()
        if notes:
            self.browse(notes)._message_log_batch(notes)
        return True

    def _routing_excluded_users(self):
        """Who routing never makes this complaint's handler or QA owner."""
        self.ensure_one()
        return self.env["res.users"]

    def _tell_handler_of_batch(self):
        """One message to the handler for the complaints of a batch given to them, in their
        language, instead of one assignment message per complaint."""
        handler = self.user_id[:1]
        if not handler or handler == self.env.user:
            return
        env = self._env_for(handler)
        rows = Markup("").join(
            Markup('<li><a href="%s">%s</a> %s</li>')
            % (complaint._notify_get_action_link("view"), complaint.name, complaint.subject or "")
            for complaint in self
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=handler.partner_id.ids,
            subject=env._("%(count)s complaints assigned to you", count=len(self)),
            body=Markup("<p>%s</p><ul>%s</ul>") % (env._("These complaints were routed to you:"), rows),
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _open_load(self, users):
        """Counter {user: open complaints handled}, in one grouped query."""
        groups = self.sudo()._read_group(
            [("user_id", "in", users.ids), ("state", "in", OPEN_STATES)], ["user_id"], ["__count"]
        )
        return Counter(dict(groups))
