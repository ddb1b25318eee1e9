from collections import defaultdict
from datetime import timedelta
from functools import partial

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Command
from odoo.service.model import retrying
from odoo.tools import SQL

from .complaint_stage import OPEN_STATES
from .customer_complaint import HIGH_LEVEL_FLAGS

BATCH_SIZE = 1000
REPEAT_COUNT, REPEAT_DAYS = 3, 7  # SPEC §4: three identical general complaints in a week


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    escalation_ids = fields.One2many("complaint.escalation", "complaint_id", string="Escalations")
    is_escalated_high = fields.Boolean(
        string="Escalated to High Level", readonly=True, copy=False, tracking=True, step_only=True
    )
    linked_complaint_ids = fields.Many2many(
        "customer.complaint",
        "customer_complaint_link_rel",
        "complaint_id",
        "linked_id",
        string="Linked Complaints",
        copy=False,
    )

    escalation_route_ids = fields.Many2many(
        "complaint.escalation.route",
        "customer_complaint_escalation_route_rel",
        string="Escalation Routes Taken",
        readonly=True,
        copy=False,
        step_only=True,
    )

    def _high_level_reasons(self):
        reasons = super()._high_level_reasons()
        if self.is_escalated_high:
            reasons.append(self.env._("no solution in time"))
        return reasons

    # ------------------------------------------------------------------ routes by flag, at once
    def action_register(self):
        result = super().action_register()
        self._escalate_by_routes()
        return result

    def write(self, vals):
        result = super().write(vals)
        if set(HIGH_LEVEL_FLAGS) & set(vals):
            self._escalate_by_routes()
        return result

    def _escalate_by_routes(self):
        """Tell at once the people of each escalation route whose flag a registered, open
        complaint carries: a to-do each, in their language, and they follow the complaint.
        Each route is taken once per complaint; a route that names nobody (no general manager
        in the settings) is not taken."""
        flagged = self.filtered(
            lambda c: c.state in OPEN_STATES and c.state != "new" and any(c[f] for f in HIGH_LEVEL_FLAGS)
        )
        if not flagged:
            return
        routes = self.env["complaint.escalation.route"].sudo().search([("company_id", "in", flagged.company_id.ids)])
        notices = []
        by_routes = defaultdict(lambda: self.browse())  # the routes taken now -> their complaints
        followers = defaultdict(lambda: self.browse())  # a partner told -> the complaints they follow
        for complaint in flagged.sudo():
            taken = []
            for route in routes:
                if route.company_id != complaint.company_id or not complaint[route.flag]:
                    continue
                if route in complaint.escalation_route_ids or not (recipients := route._recipients(complaint)):
                    continue
                taken.append(route.id)
                for user in recipients:
                    env = self._env_for(user)
                    label = env["customer.complaint"]._fields[route.flag]._description_string(env)
                    notices.append((complaint, user, env._("Escalated: %(reason)s", reason=label), None))
                    followers[user.partner_id] |= complaint
            if taken:
                by_routes[tuple(taken)] |= complaint
        self._notify_many(notices)
        for route_ids, complaints in by_routes.items():  # one write per set of routes
            complaints._step_write({"escalation_route_ids": [Command.link(i) for i in route_ids]})
        for partner, complaints in followers.items():
            complaints.message_subscribe(partner_ids=partner.ids)

    # ------------------------------------------------------------------ the scheduled action
    @api.model
    def _cron_escalate(self, batch_size=BATCH_SIZE):
        """Mark missed deadlines and tell the handler, then the manager after the grace period;
        apply the escalation rules of SPEC §4. Works in batches, committing after each; rows
        are locked with SKIP LOCKED so that two workers never process the same line twice.
        A rule whose write meets a user's concurrent change is rolled back to its last batch
        and run again, as Odoo retries a request; what it already did is not redone."""
        for rule in (
            partial(self._escalate_missed_deadlines, batch_size),
            partial(self._escalate_to_managers, batch_size),
            partial(self._escalate_overdue_chain, batch_size),
            self._escalate_repeated_general,
            partial(self._escalate_without_solution, batch_size),
            partial(self._escalate_high_level, batch_size),
        ):
            retrying(rule, self.env)
        return True

    @api.model
    def _lock_batch(self, model, domain, limit):
        """The next ``limit`` records of ``model`` matching ``domain`` that no other
        transaction holds, locked until the next commit."""
        query = self.env[model].sudo()._search(domain, order="id", limit=limit)
        self.env.cr.execute(SQL("%s FOR NO KEY UPDATE SKIP LOCKED", query.select()))
        return self.env[model].sudo().browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _in_batches(self, model, domain, process, batch_size, max_batches=None):
        """Run ``process`` on locked batches until none is left, committing after each."""
        batches = 0
        while records := self._lock_batch(model, domain, batch_size):
            process(records)
            remaining = self.env[model].sudo().search_count(domain)
            self.env["ir.cron"]._commit_progress(len(records), remaining=remaining)
            batches += 1
            if max_batches and batches >= max_batches:
                break

    # ------------------------------------------------------------------ missed deadlines
    @api.model
    def _escalate_missed_deadlines(self, batch_size=BATCH_SIZE, max_batches=None):
        domain = [
            ("date_reached", "=", False),
            ("date_missed", "=", False),
            ("date_deadline", "<", fields.Datetime.now()),
            ("complaint_id.state", "in", OPEN_STATES),
            ("complaint_id.date_paused", "=", False),
        ]
        self._in_batches("complaint.deadline", domain, self._notify_missed, batch_size, max_batches)

    @api.model
    def _notify_missed(self, deadlines):
        deadlines.write({"date_missed": fields.Datetime.now()})
        notices, labels_by_lang = [], {}
        for complaint, lines in deadlines.grouped("complaint_id").items():
            user = complaint.user_id or complaint.department_id.default_user_id or complaint.qa_user_id
            env = self._env_for(user)
            if env.lang not in labels_by_lang:
                labels_by_lang[env.lang] = dict(deadlines._fields["step"]._description_selection(env))
            steps = ", ".join(labels_by_lang[env.lang][d.step] for d in lines)
            notices.append((complaint, user, env._("Deadline missed: %(steps)s", steps=steps), None))
        self._notify_many(notices)

    @api.model
    def _escalate_to_managers(self, batch_size=BATCH_SIZE, max_batches=None):
        """After the company's grace period, a deadline still missed is escalated to the manager."""
        for company in self.env["res.company"].sudo().search([]):
            domain = [
                ("company_id", "=", company.id),
                ("date_reached", "=", False),
                ("date_manager_notified", "=", False),
                ("date_missed", "<=", fields.Datetime.now() - timedelta(hours=company.complaint_grace_hours)),
                ("complaint_id.state", "in", OPEN_STATES),
            ]
            self._in_batches("complaint.deadline", domain, self._notify_managers, batch_size, max_batches)

    @api.model
    def _notify_managers(self, deadlines):
        """The department manager, the first tier of the overdue chain."""
        deadlines.write({"date_manager_notified": fields.Datetime.now()})
        first = deadlines.complaint_id.filtered(lambda c: "department" not in c.escalation_ids.mapped("tier"))
        self.env["complaint.escalation"].sudo().create(
            [{"complaint_id": c.id, "reason": "overdue", "tier": "department"} for c in first]
        )
        self._notify_many(
            [
                (
                    complaint,
                    complaint._manager(),
                    self._env_for(complaint._manager())._(
                        "Still overdue: %(complaint)s needs the manager's attention", complaint=complaint.name
                    ),
                    None,
                )
                for complaint in deadlines.complaint_id
            ]
        )

    # ------------------------------------------------------------------ escalation rules
    @api.model
    def _escalate_repeated_general(self):
        """Three general complaints of one category on one product within a week become major,
        linked to each other."""
        now = fields.Datetime.now()
        domain = [
            ("state", "in", OPEN_STATES),
            ("severity", "=", "general"),
            ("category_id", "!=", False),
            ("product_id", "!=", False),
            ("date_received", ">=", now - timedelta(days=REPEAT_DAYS)),
        ]
        groups = self.sudo()._read_group(
            domain,
            ["company_id", "category_id", "product_id"],
            ["id:array_agg"],
            having=[("__count", ">=", REPEAT_COUNT)],
        )
        # each group in a transaction of its own, its complaints locked first: users editing
        # one of them wait for the escalation or are retried, and one being edited right now
        # is skipped, to be escalated on the next run
        self.env["ir.cron"]._commit_progress(remaining=len(groups))
        for _company, _category, _product, ids in groups:
            group = self.sudo().browse(ids)
            complaints = self._lock_batch("customer.complaint", [("id", "in", ids)], len(ids))
            complaints._escalate(
                "repeat_general",
                {"severity": "major"},
                self.env._("%(count)s general complaints on this product within a week", count=len(group)),
            )
            for complaint in complaints:
                complaint.linked_complaint_ids = group - complaint
            self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _escalate_without_solution(self, batch_size=BATCH_SIZE):
        for company in self.env["res.company"].sudo().search([]):
            domain = [
                ("company_id", "=", company.id),
                ("state", "in", OPEN_STATES),
                ("date_solution", "=", False),
                ("date_received", "<=", fields.Datetime.now() - timedelta(days=company.complaint_no_solution_days)),
                ("escalation_ids", "not any", [("reason", "=", "no_solution")]),
            ]
            self._in_batches(
                "customer.complaint",
                domain,
                lambda complaints, days=company.complaint_no_solution_days: complaints._escalate(
                    "no_solution",
                    {"is_escalated_high": True},
                    self.env._("no solution %(days)s days after receipt", days=days),
                ),
                batch_size,
            )

    @api.model
    def _escalate_high_level(self, batch_size=BATCH_SIZE):
        domain = [
            ("state", "in", OPEN_STATES),
            ("level", "=", "high"),
            ("escalation_ids", "not any", [("reason", "=", "high_level")]),
        ]
        self._in_batches(
            "customer.complaint",
            domain,
            lambda complaints: complaints._escalate("high_level", {}, False),
            batch_size,
        )

    def _escalate(self, reason, vals, note):
        """Apply an escalation to the complaints not yet escalated for ``reason``: write
        ``vals``, record it, tell the manager. Returns the complaints escalated now."""
        done = self.escalation_ids.filtered(lambda e: e.reason == reason).complaint_id
        todo = self - done
        if not todo:
            return todo
        if vals:
            todo._step_write(vals)
        self.env["complaint.escalation"].sudo().create(
            [{"complaint_id": c.id, "reason": reason, "note": note or c.level_reason} for c in todo]
        )
        self._notify_many([c._escalation_notice(reason, note) for c in todo])
        return todo

    def _escalation_notice(self, reason, note):
        """(complaint, manager, summary, note) in the manager's language."""
        self.ensure_one()
        manager = self._manager()
        complaint = self.with_context(lang=manager.lang or self.env.lang)
        env = complaint.env
        label = dict(env["complaint.escalation"]._fields["reason"]._description_selection(env))[reason]
        return complaint, manager, env._("Escalated: %(reason)s", reason=label), note or complaint.level_reason

    # ------------------------------------------------------------------ helpers
    def _manager(self):
        self.ensure_one()
        return self.department_id.manager_id or self.qa_user_id or self.user_id

    @api.model
    def _notify_many(self, notices):
        """For each (complaint, user, summary, note): a to-do activity for the user and a note
        in the complaint's chatter; one create for all the activities, one for all the notes."""
        if not notices:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "activity_type_id": activity_type.id,
                    "summary": summary,
                    "note": note,
                    "user_id": user.id,
                    "date_deadline": today,
                }
                for complaint, user, summary, note in notices
                if user
            ]
        )
        bodies = {}
        for complaint, _user, summary, note in notices:
            body = Markup("<b>%s</b>") % summary
            bodies[complaint.id] = body + (Markup("<br/>%s") % note if note else Markup())
        self.browse(list(bodies))._message_log_batch(bodies=bodies)
