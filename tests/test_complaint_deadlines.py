from datetime import datetime

import pytz
from freezegun import freeze_time

from .common import ComplaintCase

SHANGHAI = pytz.timezone("Asia/Shanghai")


def utc(local):
    """A Shanghai wall-clock time ('2026-03-06 16:00') as Odoo stores it: naive UTC."""
    moment = SHANGHAI.localize(datetime.strptime(local, "%Y-%m-%d %H:%M"))
    return moment.astimezone(pytz.utc).replace(tzinfo=None)


class TestComplaintDeadlines(ComplaintCase):
    """2026-03-06 is a Friday; the schedule works Monday to Friday 8-12 and 13-17, Shanghai time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._use_shanghai_calendar()
        cls.Policy = cls.env["complaint.sla.policy"]
        # Only this test's policies apply.
        cls.Policy.search([]).active = False
        cls.default_policy = cls.Policy.create(
            {
                "name": "Default",
                "sequence": 50,
                "target_ids": [
                    (0, 0, {"step": "register", "duration": 1, "unit": "days"}),
                    (0, 0, {"step": "classify", "duration": 2, "unit": "hours"}),
                    (0, 0, {"step": "solution", "duration": 3, "unit": "days"}),
                    (0, 0, {"step": "reply", "duration": 5, "unit": "days"}),
                    (0, 0, {"step": "followup", "duration": 3, "unit": "days"}),
                ],
            }
        )
        cls.major_policy = cls.Policy.create(
            {
                "name": "Major",
                "severity": "major",
                "target_ids": [
                    (0, 0, {"step": "respond", "duration": 2, "unit": "hours"}),
                    (0, 0, {"step": "solution", "duration": 1, "unit": "days"}),
                ],
            }
        )

    def _register(self, received, registered=None, **vals):
        complaint = self._create_complaint(date_received=utc(received), **vals)
        with freeze_time(utc(registered or received)):
            complaint.action_register()
        return complaint

    def _deadline(self, complaint, step):
        line = complaint.deadline_ids.filtered(lambda d: d.step == step)
        self.assertEqual(len(line), 1, f"no {step} deadline")
        return line

    def test_working_hours_run_over_the_night_and_the_weekend(self):
        complaint = self._register("2026-03-06 16:00")
        # 1 hour on Friday, then 1 on Monday morning.
        self.assertEqual(self._deadline(complaint, "classify").date_deadline, utc("2026-03-09 09:00"))
        # 3 working days = 24 working hours: 1 on Friday, 8 + 8 on Monday and Tuesday, 7 on Wednesday.
        self.assertEqual(self._deadline(complaint, "solution").date_deadline, utc("2026-03-11 16:00"))
        night = self._register("2026-03-10 22:00")
        self.assertEqual(self._deadline(night, "classify").date_deadline, utc("2026-03-11 10:00"))

    def test_public_holiday_is_skipped(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": utc("2026-03-09 00:00"),
                "date_to": utc("2026-03-09 23:59"),
            }
        )
        complaint = self._register("2026-03-06 16:00")
        self.assertEqual(self._deadline(complaint, "classify").date_deadline, utc("2026-03-10 09:00"))

    def test_makeup_working_day_counts(self):
        self.env["resource.calendar.makeup.day"].create(
            {"name": "Make-up day", "date": "2026-03-07", "worked_like": "0", "calendar_id": self.calendar.id}
        )
        complaint = self._register("2026-03-06 16:00")
        self.assertEqual(self._deadline(complaint, "classify").date_deadline, utc("2026-03-07 09:00"))
        # Without a schedule, a company-wide make-up day applies to every schedule of the company.
        other = self.env["resource.calendar"].create({"name": "Plant", "tz": "Asia/Shanghai"})
        self.env["resource.calendar.makeup.day"].create({"name": "Company day", "date": "2026-03-14"})
        hours = other._complaint_work_hours(utc("2026-03-13 17:00"), utc("2026-03-16 08:00"))
        self.assertEqual(hours, 8.0)
        # Another company's make-up day does not.
        self.env["resource.calendar.makeup.day"].create(
            {"name": "B day", "date": "2026-03-21", "company_id": self.company_b.id}
        )
        self.assertEqual(other._complaint_work_hours(utc("2026-03-20 17:00"), utc("2026-03-23 08:00")), 0.0)

    def test_department_schedule_wins_over_the_company(self):
        evening = self.env["resource.calendar"].create(
            {
                "name": "Evening shift",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    (0, 0, {"name": d, "dayofweek": d, "hour_from": 18, "hour_to": 22}) for d in "01234"
                ],
            }
        )
        self.dept_quality.resource_calendar_id = evening
        complaint = self._register("2026-03-06 16:00", department_id=self.dept_quality.id)
        # Friday 18-20.
        self.assertEqual(self._deadline(complaint, "classify").date_deadline, utc("2026-03-06 20:00"))

    def test_steps_counted_from_receipt_or_registration_and_reached(self):
        complaint = self._register("2026-03-06 09:00", registered="2026-03-06 10:00")
        register = self._deadline(complaint, "register")
        self.assertEqual(register.date_deadline, utc("2026-03-09 09:00"))
        self.assertEqual(register.date_reached, utc("2026-03-06 10:00"))
        self.assertEqual(register.status, "met")
        self.assertEqual(register.hours_consumed, 1.0)
        # classification is timed from receipt (003: 2 h of receipt), not from registration
        classify = self._deadline(complaint, "classify")
        self.assertEqual(classify.date_start, utc("2026-03-06 09:00"))
        self.assertEqual(classify.date_deadline, utc("2026-03-06 11:00"))
        self.assertEqual(classify.status, "ongoing")
        with freeze_time(utc("2026-03-09 10:00")):
            complaint.write({"category_id": self.category.id, "severity": "general"})
        self.assertEqual(classify.date_reached, utc("2026-03-09 10:00"))
        self.assertEqual(classify.status, "missed")
        self.assertEqual(complaint.date_deadline_next, self._deadline(complaint, "solution").date_deadline)
        self.assertFalse(complaint.deadline_ids.filtered(lambda d: d.step == "followup"))

    def test_follow_up_deadline_starts_at_closing(self):
        complaint = self._register("2026-03-02 09:00", category_id=self.category.id, severity="minor")
        complaint.action_investigate()
        complaint.action_set_valid()
        complaint.action_plan_actions()
        complaint.action_verify()
        complaint.action_reply()
        with freeze_time(utc("2026-03-06 16:00")):
            complaint._action_close("call", datetime(2026, 3, 6).date())
        self.assertEqual(self._deadline(complaint, "followup").date_deadline, utc("2026-03-11 16:00"))

    def test_severity_change_moves_pending_deadlines_and_logs_it(self):
        complaint = self._register("2026-03-06 16:00", category_id=self.category.id, severity="general")
        self.assertEqual(complaint.sla_policy_id, self.default_policy)
        self.assertEqual(self._deadline(complaint, "solution").date_deadline, utc("2026-03-11 16:00"))
        self.assertFalse(complaint.deadline_ids.filtered(lambda d: d.step == "respond"))
        complaint.severity = "major"
        self.assertEqual(complaint.sla_policy_id, self.major_policy)
        # 1 working day = 8 working hours from receipt.
        self.assertEqual(self._deadline(complaint, "solution").date_deadline, utc("2026-03-09 16:00"))
        self.assertEqual(self._deadline(complaint, "respond").date_deadline, utc("2026-03-09 09:00"))
        # Steps the new policy does not set are dropped unless reached.
        self.assertFalse(complaint.deadline_ids.filtered(lambda d: d.step == "reply"))
        self.assertTrue(complaint.deadline_ids.filtered(lambda d: d.step == "register"))
        self.assertIn("→", complaint.message_ids[0].body)

    def test_most_specific_policy_wins(self):
        self.major_policy.target_ids = [(0, 0, {"step": "reply", "duration": 2, "unit": "days"})]
        pack = self.env["product.category"].create({"name": "Packaging"})
        sub = self.env["product.category"].create({"name": "Boxes", "parent_id": pack.id})
        box = self.env["product.product"].create({"name": "Box", "categ_id": sub.id})
        key_major = self.Policy.create(
            {
                "name": "Key customer, major",
                "sequence": 90,
                "severity": "major",
                "partner_ids": [(6, 0, self.partner.ids)],
                "target_ids": [(0, 0, {"step": "reply", "duration": 1, "unit": "days"})],
            }
        )
        by_product = self.Policy.create(
            {
                "name": "Packaging",
                "sequence": 1,
                "product_categ_ids": [(6, 0, pack.ids)],
                "target_ids": [(0, 0, {"step": "reply", "duration": 4, "unit": "days"})],
            }
        )
        Complaint = self.env["customer.complaint"]
        self.assertEqual(
            Complaint.new({"severity": "minor", "partner_id": self.other_partner.id}).sla_policy_id, self.default_policy
        )
        self.assertEqual(
            Complaint.new({"severity": "major", "partner_id": self.other_partner.id}).sla_policy_id, self.major_policy
        )
        self.assertEqual(
            Complaint.new({"severity": "major", "partner_id": self.partner_contact.id}).sla_policy_id, key_major
        )
        self.assertEqual(
            Complaint.new({"product_id": box.id, "partner_id": self.other_partner.id}).sla_policy_id, by_product
        )
        by_product.company_id = self.company_b
        self.assertEqual(
            Complaint.new({"product_id": box.id, "partner_id": self.other_partner.id}).sla_policy_id,
            self.default_policy,
        )

    def test_waiting_on_customer_pauses_the_clock(self):
        waiting = self.env.ref("complaint_management.stage_waiting_customer")
        complaint = self._register("2026-03-06 16:00", category_id=self.category.id, severity="general")
        complaint.action_investigate()
        solution = self._deadline(complaint, "solution")
        self.assertEqual(solution.date_deadline, utc("2026-03-11 16:00"))
        with freeze_time(utc("2026-03-09 10:00")):
            complaint.stage_id = waiting
        self.assertEqual(complaint.date_paused, utc("2026-03-09 10:00"))
        with freeze_time(utc("2026-03-10 10:00")):
            complaint.stage_id = self.env.ref("complaint_management.stage_investigating")
        # A whole working day (8 h) was spent waiting: the deadline moves by as much.
        self.assertEqual(solution.paused_hours, 8.0)
        self.assertEqual(solution.date_deadline, utc("2026-03-12 16:00"))
        self.assertFalse(complaint.date_paused)

    def test_round_the_clock_targets_ignore_the_working_calendar(self):
        """The sources' "24 h" and "one week" are calendar time: nights and weekends count."""
        targets = self.default_policy.target_ids
        targets.filtered(lambda t: t.step == "register").write({"duration": 24, "unit": "calendar_hours"})
        targets.filtered(lambda t: t.step == "reply").write({"duration": 7, "unit": "calendar_days"})
        # received Friday 16:00; nobody works at the weekend
        complaint = self._register("2026-03-06 16:00", registered="2026-03-07 10:00")
        register = self._deadline(complaint, "register")
        self.assertTrue(register.round_the_clock)
        self.assertEqual(register.date_deadline, utc("2026-03-07 16:00"))
        self.assertEqual(register.status, "met")
        self.assertEqual(register.hours_consumed, 18.0, "calendar hours from receipt to registration")
        self.assertEqual(self._deadline(complaint, "reply").date_deadline, utc("2026-03-13 16:00"))
        # a working-time target still follows the calendar: 2 working hours from Friday 16:00
        classify = self._deadline(complaint, "classify")
        self.assertFalse(classify.round_the_clock)
        self.assertEqual(classify.date_deadline, utc("2026-03-09 09:00"))

    def test_registration_kpi_is_the_registration_deadline(self):
        """One measure (issue 14, 7(c)): "registered on time" in the statistics is the
        registration deadline met, whatever the target; before, the KPI counted 24 calendar
        hours while the deadline was a working day."""
        # 1 working day: received Friday 16:00, registered Monday 08:30 (64.5 calendar hours)
        on_time = self._register("2026-03-06 16:00", registered="2026-03-09 08:30")
        late = self._register("2026-03-06 16:00", registered="2026-03-09 16:30")  # due Monday 16:00
        self.assertEqual(self._deadline(on_time, "register").status, "met")
        self.assertEqual(self._deadline(late, "register").status, "missed")
        self.env.flush_all()
        Report = self.env["customer.complaint.report"]
        kpi = {
            r.complaint_id: r.registered_in_24h for r in Report.search([("complaint_id", "in", (on_time | late).ids)])
        }
        self.assertEqual(kpi, {on_time: 100.0, late: 0.0})

    def test_waiting_pauses_round_the_clock_deadlines_by_all_the_time_waited(self):
        waiting = self.env.ref("complaint_management.stage_waiting_customer")
        targets = self.default_policy.target_ids
        targets.filtered(lambda t: t.step == "reply").write({"duration": 7, "unit": "calendar_days"})
        complaint = self._register("2026-03-06 16:00", category_id=self.category.id, severity="general")
        complaint.action_investigate()
        reply, solution = self._deadline(complaint, "reply"), self._deadline(complaint, "solution")
        with freeze_time(utc("2026-03-09 10:00")):
            complaint.stage_id = waiting
        with freeze_time(utc("2026-03-10 10:00")):
            complaint.stage_id = self.env.ref("complaint_management.stage_investigating")
        self.assertEqual(reply.paused_hours, 24.0, "a whole day round the clock")
        self.assertEqual(reply.date_deadline, utc("2026-03-14 16:00"))
        self.assertEqual(solution.paused_hours, 8.0, "a working day")

    def test_overdue_filter(self):
        complaint = self._register("2026-03-06 16:00")
        Complaint = self.env["customer.complaint"]
        with freeze_time(utc("2026-03-09 08:30")):
            self.assertNotIn(complaint, Complaint.search([("is_overdue", "=", True)]))
        with freeze_time(utc("2026-03-09 09:30")):
            self.assertIn(complaint, Complaint.search([("is_overdue", "=", True)]))
            self.assertNotIn(complaint, Complaint.search([("is_overdue", "=", False)]))
            self.assertTrue(complaint.is_overdue)

    def test_deadlines_follow_complaint_access(self):
        complaint = self._register("2026-03-06 16:00", department_id=self.dept_logistics.id)
        Deadline = self.env["complaint.deadline"]
        self.assertFalse(Deadline.with_user(self.sales_user).search([("complaint_id", "=", complaint.id)]))
        self.assertTrue(Deadline.with_user(self.other_user).search([("complaint_id", "=", complaint.id)]))
        from odoo.exceptions import AccessError  # noqa: PLC0415

        with self.assertRaises(AccessError):
            complaint.deadline_ids.with_user(self.qa_user).write({"date_deadline": utc("2026-04-01 09:00")})
        with self.assertRaises(AccessError):
            self.Policy.with_user(self.qa_user).create({"name": "Mine"})

    def test_level_change_switches_to_the_high_level_policy(self):
        high = self.Policy.create(
            {
                "name": "High level",
                "level": "high",
                "target_ids": [(0, 0, {"step": "reply", "duration": 1, "unit": "days"})],
            }
        )
        complaint = self._register("2026-03-06 16:00")
        self.assertEqual(complaint.sla_policy_id, self.default_policy)
        complaint.is_media = True
        self.assertEqual(complaint.sla_policy_id, high)
        reply = complaint.deadline_ids.filtered(lambda d: d.step == "reply")
        self.assertEqual(reply.date_deadline, utc("2026-03-09 16:00"))
