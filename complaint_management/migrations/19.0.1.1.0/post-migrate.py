from odoo import SUPERUSER_ID, Command, api

SHIPPED_GM_AMOUNT = 10000.0


def migrate(cr, version):
    _filed(cr)
    _round_the_clock_registration(cr)
    _compensation_tiers(cr)
    _gm_amounts_to_rules(cr)
    _escalation_tiers(cr)
    _corrective_action_numbers(cr)


def _filed(cr):
    """归档 is a step since 19.0.1.1.0 (filed complaints stay in the statistics). Done
    complaints archived before count as filed, when and by whom they were last changed."""
    cr.execute(
        """
        UPDATE customer_complaint
           SET date_filed = write_date, filed_by_id = write_uid
         WHERE active IS NOT TRUE
           AND state IN ('closed', 'provisional', 'withdrawn')
           AND date_filed IS NULL
        """
    )


def _round_the_clock_registration(cr):
    """ "Register and acknowledge within 24 hours" is calendar time in the sources, and the
    registration KPI now reads the registration deadline: the shipped policies' targets move
    from 1 working day to 24 calendar hours, unless a user changed them. Deadlines already
    planned keep their dates."""
    cr.execute(
        """
        UPDATE complaint_sla_target t
           SET duration = 24, unit = 'calendar_hours'
          FROM ir_model_data d
         WHERE d.module = 'complaint_management'
           AND d.model = 'complaint.sla.policy'
           AND d.res_id = t.policy_id
           AND t.step IN ('register', 'acknowledge')
           AND t.unit = 'days'
           AND t.duration = 1
        """
    )


def _compensation_tiers(cr):
    """Approval rules replace the two fixed tiers: a submitted compensation keeps the tiers it
    was submitted with, as a list, and the one it waits for; "waiting for the general manager"
    is waiting, at the general manager's tier."""
    cr.execute(
        """
        UPDATE complaint_compensation
           SET required_tiers = CASE required_tier
                   WHEN 'general_manager' THEN 'department,general_manager'
                   ELSE 'department' END,
               current_tier = CASE state
                   WHEN 'to_approve_gm' THEN 'general_manager'
                   WHEN 'to_approve' THEN 'department' END,
               state = CASE state WHEN 'to_approve_gm' THEN 'to_approve' ELSE state END
         WHERE state != 'draft' AND required_tier IS NOT NULL
        """
    )


def _gm_amounts_to_rules(cr):
    """The company's "general manager approves above" amount becomes approval rules: a company
    that had changed it gets rules of its own from its amount (none for the general manager when
    the amount was 0, which turned that tier off). The shipped rules hold the shipped amount.
    Rules count from their amount: a compensation of exactly the amount now goes to the general
    manager too."""
    cr.execute(
        "SELECT id, complaint_gm_amount FROM res_company WHERE complaint_gm_amount IS DISTINCT FROM %s",
        [SHIPPED_GM_AMOUNT],
    )
    changed = cr.fetchall()
    if not changed:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Rule = env["complaint.approval.rule"].with_context(active_test=False)
    for company_id, amount in changed:
        company = env["res.company"].browse(company_id)
        Rule.create(
            {
                "name": env._("Compensations"),
                "subject": "compensation",
                "company_id": company_id,
                "sequence": 20,
                "step_ids": [Command.create({"tier": "department"})],
            }
        )
        if amount:
            Rule.create(
                {
                    "name": env._("Compensations from %(amount)s", amount=company.currency_id.format(amount)),
                    "subject": "compensation",
                    "company_id": company_id,
                    "amount_min": amount,
                    "sequence": 21,
                    "step_ids": [
                        Command.create({"tier": "department", "sequence": 1}),
                        Command.create({"tier": "general_manager", "sequence": 2}),
                    ],
                }
            )


def _escalation_tiers(cr):
    """A complaint is escalated once per reason, or once per tier of the overdue chain: the
    constraint on the reason alone gives way to the two unique indexes of the model."""
    cr.execute(
        "ALTER TABLE complaint_escalation DROP CONSTRAINT IF EXISTS complaint_escalation_complaint_reason_unique"
    )


def _corrective_action_numbers(cr):
    """Corrective actions are numbered by a sequence since 19.0.1.1.0; those printed before
    keep the number their form showed (CA-00042)."""
    cr.execute("UPDATE complaint_corrective_action SET number = 'CA-' || lpad(id::text, 5, '0') WHERE number IS NULL")
