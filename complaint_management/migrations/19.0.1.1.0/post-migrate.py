def migrate(cr, version):
    _filed(cr)
    _round_the_clock_registration(cr)


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
