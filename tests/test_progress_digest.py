from datetime import datetime

from .common import ComplaintCase, load_chinese

# Tuesday 10 March 2026, 07:30 in Shanghai: the last working day began Monday 08:00 (00:00 UTC).
TUESDAY_MORNING = datetime(2026, 3, 9, 23, 30)
MONDAY_START = datetime(2026, 3, 9, 0, 0)


class TestProgressDigest(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._use_shanghai_calendar()
        cls.env["complaint.routing.rule"].search([]).active = False
        received = datetime(2026, 3, 4, 2, 0)
        cls.idle, cls.moving, cls.other = (
            cls._create_complaint(user_id=user.id, date_received=received, subject=subject)
            for user, subject in (
                (cls.qa_user, "Idle since last week"),
                (cls.qa_user, "Worked on on Monday"),
                (cls.other_user, "Idle, another handler"),
            )
        )
        cls.closed = cls._create_complaint(user_id=cls.qa_user.id, date_received=received)
        cls.closed._step_write({"stage_id": cls.env.ref("complaint_management.stage_closed").id})
        cls.fresh = cls._create_complaint(user_id=cls.qa_user.id, date_received=datetime(2026, 3, 9, 3, 0))
        complaints = cls.idle | cls.moving | cls.other | cls.closed | cls.fresh
        # what happened so far, dated: all on the day received, then a note on Monday for one
        cls.env["mail.message"].search([("model", "=", "customer.complaint"), ("res_id", "in", complaints.ids)]).write(
            {"date": datetime(2026, 3, 4, 3, 0)}
        )
        note = cls.moving.message_post(body="Supplier contacted, samples on the way.")
        note.date = datetime(2026, 3, 9, 2, 0)

    def _digests(self, user, subject="without progress"):
        return self.env["mail.message"].search(
            [("partner_ids", "in", user.partner_id.ids), ("subject", "ilike", subject)]
        )

    def _run(self, now=TUESDAY_MORNING):
        """As the scheduler runs it: in its own cursor, which commits after each batch."""
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            self.env(cr=cr)["customer.complaint"]._cron_progress_digest(now=now)
        self.env.invalidate_all()

    def test_last_working_day_is_monday_from_tuesday_and_friday_from_monday(self):
        Complaint = self.env["customer.complaint"]
        self.assertEqual(Complaint._last_working_day_start(self.calendar, TUESDAY_MORNING), MONDAY_START)
        monday_morning = datetime(2026, 3, 8, 23, 30)
        friday_start = datetime(2026, 3, 6, 0, 0)
        self.assertEqual(Complaint._last_working_day_start(self.calendar, monday_morning), friday_start)

    def test_each_handler_gets_their_idle_open_complaints_once(self):
        self._run()
        (digest,) = self._digests(self.qa_user)
        self.assertIn(self.idle.name, digest.body)
        self.assertIn("1 of your complaints", digest.subject)
        for quiet in (self.moving, self.closed, self.fresh, self.other):
            self.assertNotIn(quiet.name, digest.body)
        (other_digest,) = self._digests(self.other_user)
        self.assertIn(self.other.name, other_digest.body)
        self.assertNotIn(self.idle.name, other_digest.body)
        self._run()
        self.assertEqual(len(self._digests(self.qa_user)), 1, "once a day")

    def test_run_interrupted_goes_on_with_the_handlers_left(self):
        first, second = sorted((self.qa_user, self.other_user), key=lambda u: u.id)
        self.env["ir.config_parameter"].set_param(
            "complaint_management.progress_digest", f"{TUESDAY_MORNING.date()}:{first.id}"
        )
        self._run()
        self.assertFalse(self._digests(first))
        self.assertEqual(len(self._digests(second)), 1)

    def test_progress_on_a_complaint_removes_it_the_next_day(self):
        self.idle.message_post(body="Called the customer.").date = datetime(2026, 3, 9, 6, 0)
        self._run()
        self.assertFalse(self._digests(self.qa_user))

    def test_digest_in_the_handlers_language(self):
        load_chinese(self.env)
        self.qa_user.lang = "zh_CN"
        self._run()
        (message,) = self._digests(self.qa_user, "未取得进展")
        self.assertIn(self.idle.name, message.body)
