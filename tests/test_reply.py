from datetime import date

from freezegun import freeze_time

from odoo.tests import Form

from .common import ComplaintCase


class TestReply(ComplaintCase):
    """The reply to the customer (SPEC §3.6): composer, handling form attached, deadline."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False

    def _verified(self):
        complaint = self._complaint_until("action_plan_actions", user_id=self.qa_user.id)
        self.env["complaint.corrective.action"].create(
            {
                "name": "Add hinge torque check",
                "complaint_ids": [(6, 0, complaint.ids)],
                "user_id": self.qa_user.id,
                "date_planned": date(2026, 3, 4),
            }
        )
        complaint.action_verify()
        for comp_type, description, amount in (
            ("replacement", "New kettle sent", 100.0),
            ("gift", "Voucher not yet approved", 20.0),
        ):
            self.env["complaint.compensation"].create(
                {"complaint_id": complaint.id, "comp_type": comp_type, "description": description, "amount": amount}
            )
        approved = complaint.compensation_ids.filtered(lambda c: c.comp_type == "replacement")
        approved.action_submit()
        approved.with_user(self.manager).action_approve()
        refused = complaint.compensation_ids - approved
        refused.action_submit()
        refused.with_user(self.manager)._refuse("Not needed")
        return complaint

    def _send(self, complaint):
        action = complaint.action_send_reply()
        composer = Form(self.env[action["res_model"]].with_context(**action["context"]))
        return composer.save(), composer

    def test_reply_composer_attaches_the_handling_form_and_records_the_reply(self):
        complaint = self._verified()
        with freeze_time("2026-03-05 10:00:00"):
            composer, _form = self._send(complaint)
            self.assertEqual(len(composer.attachment_ids), 1)
            self.assertTrue(composer.attachment_ids.name.startswith(complaint.name))
            self.assertIn("Add hinge torque check", composer.body)
            self.assertIn("New kettle sent", composer.body)
            self.assertNotIn("Voucher not yet approved", composer.body, "refused compensation is not promised")
            self.assertIn(complaint.root_cause, composer.body)
            self.assertEqual(complaint.state, "verification", "nothing recorded before sending")
            composer.action_send_mail()
        self.assertEqual(complaint.state, "replied")
        self.assertEqual(str(complaint.date_replied), "2026-03-05 10:00:00")
        sent = complaint.message_ids.filtered(lambda m: m.attachment_ids)[:1]
        self.assertIn(self.partner, sent.partner_ids)
        self.assertTrue(sent.attachment_ids.name.startswith(complaint.name))
        self.cr.flush()
        reply_deadline = complaint.deadline_ids.filtered(lambda d: d.step == "reply")
        self.assertEqual(reply_deadline.date_reached, complaint.date_replied)
        self.assertEqual(reply_deadline.status, "met")

    def test_late_reply_misses_its_deadline(self):
        complaint = self._verified()
        with freeze_time("2026-03-25 10:00:00"):
            composer, _form = self._send(complaint)
            composer.action_send_mail()
        self.cr.flush()
        self.assertEqual(complaint.deadline_ids.filtered(lambda d: d.step == "reply").status, "missed")

    def test_sending_again_after_replied_keeps_the_first_date(self):
        complaint = self._verified()
        with freeze_time("2026-03-05 10:00:00"):
            self._send(complaint)[0].action_send_mail()
        with freeze_time("2026-03-06 10:00:00"):
            self._send(complaint)[0].action_send_mail()
        self.assertEqual(str(complaint.date_replied), "2026-03-05 10:00:00")
