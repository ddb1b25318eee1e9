"""Registering many complaints at once (an API push, a recall): the same results as one by one,
in a number of queries that does not grow with the batch."""

from datetime import date, datetime

from freezegun import freeze_time
from pytz import utc

from .common import ComplaintCase

NOW = datetime(2026, 3, 10, 2, 0)  # a Tuesday, 10:00 in Shanghai


class TestBatchRegistration(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._use_shanghai_calendar()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.env["complaint.routing.rule"].create(
            {"name": "Quality", "category_ids": [(6, 0, cls.category.ids)], "department_id": cls.dept_quality.id}
        )
        # a public holiday and a make-up working Saturday in the planning span
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Qingming",
                "calendar_id": False,
                "company_id": cls.company.id,
                "date_from": datetime(2026, 3, 12, 0, 0),
                "date_to": datetime(2026, 3, 12, 23, 59),
            }
        )
        cls.env["resource.calendar.makeup.day"].create(
            {"name": "Make-up day", "date": date(2026, 3, 14), "worked_like": "0", "company_id": cls.company.id}
        )

    def _file(self, count, channel="email"):
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {n}", "email": f"customer{n}@example.com"} for n in range(count)]
        )
        return (
            self.env["customer.complaint"]
            .with_user(self.sales_user)
            .create(
                [
                    {
                        "partner_id": partner.id,
                        "date_received": NOW,
                        "description": "<p>The lid does not close.</p>",
                        "channel": channel,
                        "category_id": self.category.id,
                        "severity": "general",
                    }
                    for partner in partners
                ]
            )
        )

    def _register_counting(self, complaints):
        """Queries of registering ``complaints`` as the sales rep, tracking (written at commit) included."""
        complaints = complaints.with_user(self.sales_user)
        self.env.flush_all()
        self.cr.precommit.run()  # what filing left for the commit
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with freeze_time(NOW):
            complaints.action_register()
            self.env.flush_all()
            self.cr.precommit.run()
        return self.cr.sql_log_count - before

    def test_queries_do_not_grow_with_the_batch(self):
        self._register_counting(self._file(2))  # warm the caches of what the batch does not change
        small, large = self._file(10), self._file(40)
        small_queries = self._register_counting(small)
        large_queries = self._register_counting(large)
        # Measured: 128 queries for 10 complaints, 192 for 40. Routing, deadline planning,
        # acknowledgements, chatter notes and the handler's message are written once per batch;
        # what grows (2 queries a complaint) is the tracking message the ORM writes per record.
        # A step done per complaint (a deadline planned, a mail posted) adds 3 or more each.
        self.assertLessEqual(small_queries, 15 * 10)
        self.assertLessEqual(large_queries - small_queries, 3 * 30)
        self.assertEqual(set(large.mapped("state")), {"registered"})
        self.assertEqual(set(large.mapped("department_id")), {self.dept_quality})

    def test_batch_gives_what_one_by_one_gives(self):
        alone = self._file(1)
        batch = self._file(6)
        with freeze_time(NOW):
            alone.action_register()
            batch.action_register()
        expected = {d.step: d.date_deadline for d in alone.deadline_ids}
        self.assertGreaterEqual(set(expected), {"register", "acknowledge", "classify", "reply"})
        for complaint in batch:
            self.assertEqual({d.step: d.date_deadline for d in complaint.deadline_ids}, expected)
            self.assertEqual(complaint.date_acknowledged, NOW)
            notes = complaint.message_ids.filtered(lambda m: "Deadlines" in (m.body or ""))
            self.assertEqual(len(notes), 1, "one note lists the deadlines set at registration")
        acks = self.env["mail.mail"].sudo().search([("res_id", "in", batch.ids), ("model", "=", batch._name)])
        self.assertEqual(len(acks), 6)
        self.assertEqual(set(acks.mapped("state")), {"outgoing"}, "queued for the mail queue, not sent in the request")
        self.assertEqual(acks.recipient_ids, batch.partner_id)
        # the handler hears of the batch once, not once per complaint
        told = self.env["mail.message"].sudo().search([("partner_ids", "in", self.qa_user.partner_id.ids)])
        digest = told.filtered(lambda m: m.subject == "6 complaints assigned to you")
        self.assertEqual(len(digest), 1)
        for complaint in batch:
            self.assertIn(f"res_id={complaint.id}", digest.body, "each complaint is linked")
        self.assertFalse([s for s in told.mapped("subject") if s and s.startswith("You have been assigned")][1:])

    def test_planning_in_batch_matches_odoo_planning(self):
        """The batch planner reads the working time once; each deadline is the one Odoo's own
        planner finds, across a holiday, a make-up day, a night and more than its first window."""
        starts = [
            datetime(2026, 3, 10, 2, 0),
            datetime(2026, 3, 11, 9, 30),  # after hours
            datetime(2026, 3, 11, 22, 0),  # the night before the holiday
            datetime(2026, 3, 13, 4, 15),
            datetime(2026, 3, 14, 1, 0),  # the make-up Saturday
        ]
        hours = [0.0, 1.0, 7.5, 8.0, 24.0, 200.0]
        requests = [(start, h) for start in starts for h in hours]
        planned = self.calendar._complaint_plan_batch(requests)
        for (start, h), deadline in zip(requests, planned, strict=True):
            expected = self.calendar.plan_hours(h, utc.localize(start), compute_leaves=True)
            self.assertEqual(deadline, expected.astimezone(utc).replace(tzinfo=None), f"{h} h from {start}")
        spans = [(start, start.replace(day=start.day + 5)) for start in starts]
        for (start, end), hours_taken in zip(spans, self.calendar._complaint_work_hours_batch(spans), strict=True):
            expected = self.calendar.get_work_hours_count(utc.localize(start), utc.localize(end), compute_leaves=True)
            self.assertAlmostEqual(hours_taken, expected, places=6)
