from collections import defaultdict, namedtuple
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_sla_policy import SLA_STEPS, STEP_REACHED, STEP_START, Target
from .customer_complaint import HIGH_LEVEL_FLAGS

# Fields whose change can move a deadline: the policy's criteria, the working calendar,
# and the dates deadlines start from or are reached on.
DEADLINE_FIELDS = {
    "category_id",
    "severity",
    "level_override",
    "claimed_amount",
    "currency_id",
    "is_escalated_high",
    *HIGH_LEVEL_FLAGS,
    "partner_id",
    "product_id",
    "department_id",
    "company_id",
    *STEP_START.values(),
    *STEP_REACHED.values(),
    "is_anonymous",
    "date_extension",
    "channel",
    "is_complex",
}
# A deadline line a complaint needs, before it is planned.
StepDeadline = namedtuple("StepDeadline", "complaint step line start hours round_the_clock")
# Steps reached by a transition, the first time it happens.
DATES_BY_TRANSITION = {
    "investigate": ("date_responded",),
    "plan_actions": ("date_investigated", "date_solution"),
    "reply": ("date_investigated", "date_solution"),
    "solve_directly": ("date_responded", "date_investigated", "date_solution"),
}


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    sla_policy_id = fields.Many2one(
        "complaint.sla.policy", string="Deadline Policy", compute="_compute_sla_policy_id", store=True, step_only=True
    )
    deadline_ids = fields.One2many("complaint.deadline", "complaint_id", string="Deadlines")
    date_deadline_next = fields.Datetime(
        string="Next Deadline", compute="_compute_deadline_next", store=True, index="btree_not_null", step_only=True
    )
    deadline_next_step = fields.Selection(
        SLA_STEPS, string="Next Step Due", compute="_compute_deadline_next", store=True, step_only=True
    )
    is_overdue = fields.Boolean(string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue")
    date_acknowledged = fields.Datetime(
        string="Acknowledged On", readonly=True, copy=False, tracking=True, step_only=True
    )
    date_classified = fields.Datetime(string="Classified On", readonly=True, copy=False, step_only=True)
    date_responded = fields.Datetime(string="Department Responded On", readonly=True, copy=False, step_only=True)
    date_investigated = fields.Datetime(string="Investigation Done On", readonly=True, copy=False, step_only=True)
    date_solution = fields.Datetime(string="Solution Proposed On", readonly=True, copy=False, step_only=True)
    date_followed_up = fields.Datetime(string="Followed Up On", readonly=True, copy=False, step_only=True)
    date_paused = fields.Datetime(string="Clock Paused Since", readonly=True, copy=False, step_only=True)

    # ------------------------------------------------------------------ computes
    @api.depends(
        "category_id",
        "severity",
        "level",
        "commercial_partner_id.country_id",
        "commercial_partner_id.state_id",
        "product_id.categ_id",
        "company_id",
        "channel",
        "is_complex",
        "warranty_status",
    )
    def _compute_sla_policy_id(self):
        best = self.env["complaint.sla.policy"]._best_for(self)
        for complaint in self:
            complaint.sla_policy_id = best[complaint]

    @api.depends("deadline_ids.date_deadline", "deadline_ids.date_reached")
    def _compute_deadline_next(self):
        for complaint in self:
            pending = complaint.deadline_ids.filtered(lambda d: not d.date_reached).sorted("date_deadline")[:1]
            complaint.date_deadline_next = pending.date_deadline
            complaint.deadline_next_step = pending.step

    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for complaint in self:
            complaint.is_overdue = bool(complaint.date_deadline_next and complaint.date_deadline_next < now)

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        overdue = [("date_deadline_next", "<", fields.Datetime.now())]
        return overdue if (operator == "=") == value else ["!", *overdue]

    def _working_calendar(self):
        self.ensure_one()
        return (
            self.department_id.resource_calendar_id
            or self.company_id.resource_calendar_id
            or self.env.ref("resource.resource_calendar_std")
        )

    # ------------------------------------------------------------------ hooks
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._stamp_classification()
        return complaints

    def write(self, vals):
        waiting_before = {c.id: c.stage_id.is_waiting for c in self} if "stage_id" in vals else {}
        result = super().write(vals)
        if "stage_id" in vals:
            self._toggle_clock(waiting_before)
        if "category_id" in vals or "severity" in vals:
            self._stamp_classification()
        if DEADLINE_FIELDS.intersection(vals):
            self._sync_deadlines()
        return result

    def _move(self, action, vals=None):
        result = super()._move(action, vals)
        now = fields.Datetime.now()
        for fname in DATES_BY_TRANSITION.get(action, ()):
            self.filtered(lambda c, f=fname: not c[f])._step_write({fname: now})
        return result

    def _stamp_classification(self):
        self.filtered(lambda c: c.category_id and c.severity and not c.date_classified)._step_write(
            {"date_classified": fields.Datetime.now()}
        )

    # ------------------------------------------------------------------ deadlines
    def _sync_deadlines(self):
        """Create, move or drop each complaint's deadline lines from its policy, its working
        calendar and its dates; log every change of a deadline in the chatter. The whole batch
        is planned per calendar (its working time read once) and written in a few statements."""
        Deadline = self.env["complaint.deadline"].sudo()
        complaints = self.filtered(lambda c: c.state not in ("new", "cancelled"))
        # first pass: what each step needs, and the deadlines to plan per calendar
        wanted, to_plan, to_unlink, planned = [], defaultdict(list), Deadline, {}
        for complaint in complaints:
            policy = complaint.sla_policy_id
            calendar = complaint._working_calendar()
            existing = {line.step: line for line in complaint.deadline_ids.sudo()}
            for step, start_field in STEP_START.items():
                line = existing.pop(step, Deadline)
                target = policy._target(step, calendar) if policy else None
                if step == "acknowledge" and complaint.is_anonymous:
                    target = None  # nobody to acknowledge to
                if step == "reply" and complaint.date_extension and target is None:
                    target = Target(0.0, False)  # no target, but a date promised to the customer
                start = complaint[start_field]
                if target is None or not start:
                    if line and not line.date_reached:
                        to_unlink |= line
                    continue
                wanted.append(StepDeadline(complaint, step, line, start, *target))
                if target.round_the_clock:
                    planned[len(wanted) - 1] = start + timedelta(hours=target.hours + line.paused_hours)
                else:
                    to_plan[calendar].append(len(wanted) - 1)
            to_unlink |= Deadline.union(*(line for line in existing.values() if not line.date_reached))
        for calendar, positions in to_plan.items():
            requests = [(wanted[p].start, wanted[p].hours + wanted[p].line.paused_hours) for p in positions]
            planned.update(zip(positions, calendar._complaint_plan_batch(requests), strict=True))
        # second pass: the values to create or write, and the changes to log
        to_create, to_write, changes = [], defaultdict(lambda: Deadline), defaultdict(list)
        for position, (complaint, step, line, start, hours, round_the_clock) in enumerate(wanted):
            deadline = planned[position]
            if step == "reply" and complaint.date_extension:
                deadline = complaint.date_extension  # promised to the customer
            vals = {
                "policy_id": complaint.sla_policy_id.id,
                "target_hours": hours,
                "round_the_clock": round_the_clock,
                "date_start": start,
                "date_deadline": deadline,
                "date_reached": complaint[STEP_REACHED[step]],
            }
            if not line:
                to_create.append({"complaint_id": complaint.id, "step": step, **vals})
                changes[complaint].append((step, False, deadline))
                continue
            if line.date_reached and vals["date_reached"]:
                vals = {"date_reached": vals["date_reached"]}  # a reached deadline no longer moves
            elif line.date_deadline != deadline:
                changes[complaint].append((step, line.date_deadline, deadline))
            changed = {k: v for k, v in vals.items() if line._fields[k].convert_to_write(line[k], line) != v}
            if changed:
                to_write[tuple(sorted(changed.items()))] |= line
        # one write per set of values, one unlink and one create for the whole batch
        to_unlink.unlink()
        for values, lines in to_write.items():
            lines.write(dict(values))
        Deadline.create(to_create)
        if changes:
            self._log_deadline_changes(changes)

    def _log_deadline_changes(self, changes):
        """Note in each complaint's chatter the deadlines set or moved: ``changes`` maps a
        complaint to its ``(step, old, new)``; one insert for the batch."""
        steps = dict(self.env["complaint.deadline"]._fields["step"]._description_selection(self.env))

        def fmt(complaint, value):
            in_tz = complaint.with_context(tz=self.env.user.tz or complaint._working_calendar().tz)
            return fields.Datetime.to_string(fields.Datetime.context_timestamp(in_tz, value))[:16]

        title = self.env._("Deadlines")
        bodies = {
            complaint.id: Markup("<b>%s</b><ul>%s</ul>")
            % (
                title,
                Markup("").join(
                    Markup("<li>%s: %s</li>")
                    % (
                        steps[step],
                        f"{fmt(complaint, old)} → {fmt(complaint, new)}" if old else fmt(complaint, new),
                    )
                    for step, old, new in rows
                ),
            )
            for complaint, rows in changes.items()
        }
        self.browse(bodies)._message_log_batch(bodies)

    def _toggle_clock(self, waiting_before):
        """Pause the clock in stages waiting on the customer; on leaving, push the pending
        deadlines back by the time spent waiting: working hours, or all of it for deadlines
        counted round the clock."""
        now = fields.Datetime.now()
        for complaint in self:
            was_waiting, waiting = waiting_before.get(complaint.id), complaint.stage_id.is_waiting
            if waiting and not was_waiting:
                complaint._step_write({"date_paused": now})
            elif was_waiting and not waiting and complaint.date_paused:
                hours = complaint._working_calendar()._complaint_work_hours(complaint.date_paused, now)
                wall_hours = (now - complaint.date_paused).total_seconds() / 3600
                for line in complaint.deadline_ids.sudo().filtered(lambda d: not d.date_reached):
                    line.paused_hours += wall_hours if line.round_the_clock else hours
                complaint._step_write({"date_paused": False})
                complaint._sync_deadlines()

    def action_acknowledge(self):
        self._check_step("acknowledge")
        for complaint in self:
            if complaint.date_acknowledged:
                raise UserError(
                    self.env._(
                        "%(complaint)s: only a registered complaint not yet acknowledged can be acknowledged.",
                        complaint=complaint.name,
                    )
                )
        self._step_write({"date_acknowledged": fields.Datetime.now()})
        return True
