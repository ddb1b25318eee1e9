from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import ComplaintCase


class TestFollowUp(ComplaintCase):
    """Satisfaction survey after closing (SPEC §3.10) through Odoo's ratings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.company.complaint_followup_days = 3

    def _closed(self, **vals):
        with freeze_time("2026-03-20 10:00:00"):
            complaint = self._complaint_until("action_reply", qa_user_id=self.qa_user.id, **vals)
            self._transition(complaint, "close", confirmation_method="signature", date_confirmation=date(2026, 3, 20))
        self.cr.flush()
        return complaint

    def _cron(self, at):
        """Run the scheduled action as the scheduler does: in its own cursor, which commits."""
        with freeze_time(at), self.enter_registry_test_mode(), self.registry.cursor() as cr:
            self.env(cr=cr)["customer.complaint"]._cron_request_satisfaction()
        self.env.invalidate_all()

    def test_survey_sent_after_the_configured_days_once(self):
        complaint = self._closed()
        no_email = self._closed(partner_id=self.other_partner.id, user_id=self.sales_user.id)
        self._cron("2026-03-22 10:00:00")
        self.assertFalse(complaint.date_rating_requested)
        self.assertFalse(complaint.rating_ids)
        self._cron("2026-03-23 11:00:00")
        self.assertTrue(complaint.date_rating_requested)
        self.assertEqual(len(complaint.rating_ids), 1, "the survey carries a rating token")
        survey = complaint.message_ids.filtered(lambda m: "How satisfied" in (m.subject or ""))
        self.assertEqual(len(survey), 1)
        self.assertIn(f"/rate/{complaint.rating_ids.access_token}/1", survey.body)
        # no email address: the handler is asked to call instead
        self.assertTrue(no_email.date_rating_requested)
        call = no_email.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(call.user_id, self.sales_user)
        self._cron("2026-03-24 11:00:00")
        self.assertEqual(len(complaint.message_ids.filtered(lambda m: "How satisfied" in (m.subject or ""))), 1)

    def test_the_survey_meets_the_follow_up_deadline(self):
        """Closed on a Monday, the 3-working-day follow-up deadline falls on Thursday morning: the
        survey went out at the same hour, after the deadline, and every answer counted as missed."""
        with freeze_time("2026-03-23 10:00:00"):  # a Monday
            complaint = self._complaint_until("action_reply", qa_user_id=self.qa_user.id)
            self._transition(complaint, "close", confirmation_method="call", date_confirmation=date(2026, 3, 23))
        self.cr.flush()
        followup = complaint.deadline_ids.filtered(lambda d: d.step == "followup")
        self.assertEqual(followup.date_deadline.date(), date(2026, 3, 26))
        self._cron("2026-03-25 11:00:00")  # Wednesday: the last run before the deadline
        self.assertTrue(complaint.date_rating_requested)
        self.assertEqual(followup.status, "met")
        with freeze_time("2026-04-10 10:00:00"):
            self.assertFalse(complaint.is_overdue, "an unanswered survey is not an overdue complaint")

    def test_company_setting_changes_the_delay(self):
        self.company.complaint_followup_days = 7
        # the follow-up deadline allows it (the survey never goes out after the deadline)
        self.env["complaint.sla.target"].search([("step", "=", "followup")]).duration = 10
        complaint = self._closed()
        self._cron("2026-03-25 11:00:00")
        self.assertFalse(complaint.date_rating_requested)
        self._cron("2026-03-27 11:00:00")
        self.assertTrue(complaint.date_rating_requested)

    def test_unsatisfied_answer_reopens_and_tells_qa(self):
        complaint = self._closed()
        token = complaint._rating_get_access_token()
        # the public rating page applies the answer as superuser, like Odoo's /rate controller
        with freeze_time("2026-03-24 09:00:00"):
            complaint.sudo().rating_apply(1, token=token, feedback="Still leaking")
        self.assertEqual(complaint.satisfaction, "unsatisfied")
        self.assertEqual(complaint.state, "investigating")
        self.assertIn("Still leaking", complaint.reopen_reason)
        todo = complaint.activity_ids.filtered(lambda a: a.user_id == self.qa_user)
        self.assertIn("unsatisfied", todo.summary)
        self.assertEqual(complaint.date_followed_up.date(), date(2026, 3, 24))

    def test_satisfied_answer_keeps_it_closed(self):
        complaint = self._closed()
        complaint.sudo().rating_apply(5, token=complaint._rating_get_access_token(), feedback="Thanks")
        self.assertEqual((complaint.satisfaction, complaint.state), ("satisfied", "closed"))
        # the customer's answer is kept: a second one (another survey, a call) is refused
        with self.assertRaisesRegex(UserError, "already recorded"):
            complaint.sudo().rating_apply(3, token=complaint._rating_get_access_token())
        with self.assertRaisesRegex(UserError, "already recorded"):
            complaint._record_satisfaction("unsatisfied", "changed by phone")
        self.assertEqual((complaint.satisfaction, complaint.state), ("satisfied", "closed"))

    def test_phone_follow_up_recorded_by_hand(self):
        complaint = self._closed()
        open_one = self._create_complaint()
        with self.assertRaisesRegex(UserError, "after closing"):
            self._transition(open_one, "followup", satisfaction="satisfied", reason="ok")
        with self.assertRaisesRegex(UserError, "satisfied, neutral or unsatisfied"):
            complaint._record_satisfaction(False, "no answer")
        self._transition(complaint, "followup", satisfaction="neutral", reason="Took too long")
        self.assertEqual((complaint.satisfaction, complaint.satisfaction_comment), ("neutral", "Took too long"))
        self.assertEqual(complaint.rating_ids.rating, 3)
        self.assertEqual(complaint.state, "closed")

    def test_lessons_learned_feed_the_history(self):
        complaint = self._closed()
        complaint.lessons_learned = "Check hinge torque on every batch"
        self.cr.flush()
        tracked = complaint.message_ids.tracking_value_ids.filtered(lambda t: t.field_id.name == "lessons_learned")
        self.assertEqual(tracked.new_value_text, "Check hinge torque on every batch")
