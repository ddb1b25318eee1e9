def migrate(cr, version):
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
