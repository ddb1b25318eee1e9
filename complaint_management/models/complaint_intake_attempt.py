from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

# Complaints one address may file on the public form within the window.
INTAKE_LIMIT = 5
INTAKE_WINDOW = timedelta(hours=1)


class ComplaintIntakeAttempt(models.Model):
    """The public form's submissions per address, to limit them (INTAKE_LIMIT per INTAKE_WINDOW)
    across all Odoo workers.

    An address has at most INTAKE_LIMIT rows, one per slot, each holding the time of a
    submission; a slot whose time left the window is free again. Two workers taking the same
    slot at once collide on the unique (ip, slot) key: the later transaction fails to serialise
    and Odoo replays its request, which then sees the slot taken. Rows older than the window
    are removed daily, so no address is kept for long."""

    _name = "complaint.intake.attempt"
    _description = "Public Complaint Form Submission"
    _order = "date desc, id desc"
    _log_access = False

    ip = fields.Char(string="IP Address", required=True, readonly=True)
    slot = fields.Integer(required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True, index=True)

    _ip_slot_unique = models.Constraint("UNIQUE(ip, slot)", "An address holds each slot once.")

    @api.model
    def _take_slot(self, ip):
        """Record a submission from ``ip``; False, recording nothing, when the address has
        already made INTAKE_LIMIT submissions within INTAKE_WINDOW."""
        now = fields.Datetime.now()
        since = now - INTAKE_WINDOW
        self.env.cr.execute(
            SQL(
                """
                SELECT s.slot
                  FROM generate_series(0, %(last)s) AS s(slot)
             LEFT JOIN complaint_intake_attempt a ON a.ip = %(ip)s AND a.slot = s.slot
                 WHERE a.id IS NULL OR a.date < %(since)s
              ORDER BY s.slot
                 LIMIT 1
                """,
                last=INTAKE_LIMIT - 1,
                ip=ip,
                since=since,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return False
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO complaint_intake_attempt (ip, slot, date)
                     VALUES (%(ip)s, %(slot)s, %(now)s)
                ON CONFLICT (ip, slot) DO UPDATE SET date = EXCLUDED.date
                      WHERE complaint_intake_attempt.date < %(since)s
                  RETURNING id
                """,
                ip=ip,
                slot=row[0],
                now=now,
                since=since,
            )
        )
        return bool(self.env.cr.fetchone())

    @api.autovacuum
    def _gc_old_attempts(self):
        """Forget the addresses whose submissions have left the window."""
        self.sudo().search([("date", "<", fields.Datetime.now() - INTAKE_WINDOW)]).unlink()
