from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_stage import OPEN_STATES
from .customer_complaint_escalation import BATCH_SIZE


class CustomerComplaint(models.Model):
    """The overdue chain (逾期升级): a complaint whose deadline stays missed goes up tier by
    tier, the department manager first (after the settings' grace period), then the steps of
    Configuration ▸ Overdue Chain; a user may take it to the next tier by hand, with a reason.
    Each tier is reached once per complaint, recorded as an escalation."""

    _inherit = "customer.complaint"

    escalation_tier = fields.Selection(
        selection=lambda self: self.env["complaint.escalation"]._fields["tier"].selection,
        string="Escalated Up To",
        compute="_compute_escalation_next",
        help="The last tier of the overdue chain told.",
    )
    next_escalation_tier = fields.Selection(
        selection=lambda self: self.env["complaint.escalation"]._fields["tier"].selection,
        string="Next Escalation To",
        compute="_compute_escalation_next",
    )

    @api.depends("escalation_ids.tier", "company_id")
    def _compute_escalation_next(self):
        chains = self._escalation_chains()
        for complaint in self:
            reached = complaint.escalation_ids.filtered("tier").sorted("id")
            complaint.escalation_tier = reached[-1:].tier
            complaint.next_escalation_tier = next(
                (tier for tier in chains[complaint.company_id] if tier not in reached.mapped("tier")), False
            )

    def _escalation_chains(self):
        """{company: [tier, ...]}: the department manager, then the chain's tiers in order."""
        chains = self.env["complaint.overdue.step"]._chain_for(self.company_id)
        return {
            company: ["department", *dict.fromkeys(t for t, _h in steps if t != "department")]
            for company, steps in chains.items()
        }

    # ------------------------------------------------------------------ by hand
    def _escalate_by_hand(self, reason):
        reason = self._require_text(reason, self.env._("Give the reason for escalating."))
        self._check_step("escalate")
        for complaint in self:
            if not complaint.next_escalation_tier:
                raise UserError(
                    self.env._(
                        "%(complaint)s has reached the top of the overdue chain already.", complaint=complaint.name
                    )
                )
            if not complaint._calls_for_escalation():
                raise UserError(
                    self.env._(
                        "%(complaint)s is neither overdue nor high level: it follows its deadlines.",
                        complaint=complaint.name,
                    )
                )
        for complaint in self:
            complaint._escalate_to_tier(complaint.next_escalation_tier, "manual", reason)
        return True

    def _calls_for_escalation(self):
        """Escalated by hand: an overdue or high-level complaint."""
        self.ensure_one()
        return self.is_overdue or self.level == "high"

    # ------------------------------------------------------------------ the scheduled action
    @api.model
    def _escalate_overdue_chain(self, batch_size=BATCH_SIZE):
        """Each step of each company's chain: the open complaints with a deadline missed for its
        hours, not yet escalated to its tier."""
        companies = self.env["res.company"].sudo().search([])
        for company, steps in self.env["complaint.overdue.step"]._chain_for(companies).items():
            for tier, hours in steps:
                domain = [
                    ("company_id", "=", company.id),
                    ("state", "in", OPEN_STATES),
                    (
                        "deadline_ids",
                        "any",
                        [
                            ("date_reached", "=", False),
                            ("date_missed", "<=", fields.Datetime.now() - timedelta(hours=hours)),
                        ],
                    ),
                    ("escalation_ids", "not any", [("tier", "=", tier)]),
                ]
                self._in_batches(
                    "customer.complaint",
                    domain,
                    lambda complaints, tier=tier: complaints._escalate_to_tier(tier, "overdue"),
                    batch_size,
                )

    def _escalate_to_tier(self, tier, reason, note=False):
        """Record the escalation to ``tier`` and tell its people: a to-do each, in their
        language, and they follow the complaint."""
        todo = self.filtered(lambda c: tier not in c.sudo().escalation_ids.mapped("tier"))
        if not todo:
            return todo
        by_hand = reason == "manual"
        self.env["complaint.escalation"].sudo().create(
            [
                {
                    "complaint_id": c.id,
                    "reason": reason,
                    "tier": tier,
                    "note": note or c.level_reason,
                    "user_id": self.env.uid if by_hand else False,
                }
                for c in todo
            ]
        )
        notices, summaries = [], {}  # a summary per language
        followers = defaultdict(lambda: self.browse())  # a partner told -> the complaints they follow
        for complaint in todo.sudo():
            for user in complaint._approvers_to_tell(tier):
                env = self._env_for(user)
                if env.lang not in summaries:
                    label = dict(env["complaint.escalation"]._fields["tier"]._description_selection(env))[tier]
                    summaries[env.lang] = env._("Escalated to %(tier)s", tier=label)
                notices.append((complaint, user, summaries[env.lang], note or None))
                followers[user.partner_id] |= complaint
        self._notify_many(notices)
        for partner, complaints in followers.items():  # one subscription per person, not per complaint
            complaints.message_subscribe(partner_ids=partner.ids)
        return todo
