"""The bank's rules (001-BANK), over the path an RPC client takes: the person complained about
never handles the complaint (非当事人); VIP, sensitive and large complaints have their call
recording reviewed before they end (录音复核); transfer and supervision slips (转办单, 督办单),
numbered, printed and answered; malicious or repeated complaints closed with a reason; the
reply gives the handler's phone."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import call_kw
from odoo.tests import new_test_user

from .common import ComplaintCase


class TestBankRules(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.teller = new_test_user(
            cls.env, "cm_teller", groups="complaint_management.group_complaint_user", name="Teller Wang"
        )
        cls.dept_quality.member_ids = [Command.link(cls.teller.id)]
        cls.dept_logistics.manager_id = cls.other_user
        cls.qa_reviewer = new_test_user(cls.env, "cm_qa_2", groups="complaint_management.group_complaint_qa")

    def _transition(self, complaint, step, user, **values):
        Transition = self.env["customer.complaint.transition"].with_user(user)
        wizard = call_kw(
            Transition, "create", [{"complaint_ids": [Command.set(complaint.ids)], "transition": step, **values}], {}
        )
        return call_kw(Transition, "action_apply", [wizard], {})

    # ------------------------------------------------------------------ 非当事人
    def test_the_person_complained_about_never_handles_the_complaint(self):
        self.env["complaint.routing.rule"].create(
            {"name": "Counter", "department_id": self.dept_quality.id, "user_id": self.teller.id}
        )
        complaint = self._create_complaint(complained_user_id=self.teller.id)
        complaint.action_register()
        self.assertEqual(complaint.department_id, self.dept_quality)
        self.assertNotEqual(complaint.user_id, self.teller, "routing skips the person complained about")
        self.assertEqual(complaint.user_id, self.qa_user)
        with self.assertRaisesRegex(ValidationError, "cannot handle it"), self.cr.savepoint():
            call_kw(complaint.with_user(self.manager), "write", [complaint.ids, {"user_id": self.teller.id}], {})
        self.env.invalidate_all()
        self.assertEqual(complaint.user_id, self.qa_user)
        with self.assertRaisesRegex(ValidationError, "cannot handle it"), self.cr.savepoint():
            call_kw(
                complaint.with_user(self.manager),
                "write",
                [complaint.ids, {"complained_user_id": self.qa_user.id}],
                {},
            )

    # ------------------------------------------------------------------ 录音复核
    def test_vip_sensitive_and_large_complaints_are_reviewed_before_they_end(self):
        self.partner.complaint_vip = True
        vip = self._complaint_until("action_register", user_id=self.qa_user.id)
        sensitive = self._complaint_until("action_register", partner_id=self.other_partner.id, is_sensitive=True)
        large = self._complaint_until("action_register", partner_id=self.other_partner.id, claimed_amount=50000)
        plain = self._complaint_until("action_register", partner_id=self.other_partner.id, claimed_amount=49999)
        self.assertEqual(
            [c.recording_review_required for c in (vip, sensitive, large, plain)], [True, True, True, False]
        )
        with self.assertRaisesRegex(UserError, "recording is reviewed"):
            self._transition(vip, "withdraw", self.qa_user, reason="Settled by phone", is_voluntary=True)
        self.assertEqual(vip.state, "registered")
        with self.assertRaisesRegex(UserError, "do not review its recording"):
            self._transition(vip, "review_recording", self.qa_user, reason="Call of 2 March, no abuse")
        with self.assertRaises(AccessError):
            self._transition(vip, "review_recording", self.sales_user, reason="Call of 2 March")
        self._transition(vip, "review_recording", self.qa_reviewer, reason="Call of 2 March, no abuse")
        self.assertEqual(vip.recording_reviewed_by_id, self.qa_reviewer)
        self.assertEqual(vip.recording_review_note, "Call of 2 March, no abuse")
        with self.assertRaisesRegex(UserError, "reviewed already"):
            self._transition(vip, "review_recording", self.qa_reviewer, reason="Again")
        with self.assertRaises(UserError):
            call_kw(vip.with_user(self.manager), "write", [vip.ids, {"recording_review_note": "changed"}], {})
        self._transition(vip, "withdraw", self.qa_user, reason="Settled by phone", is_voluntary=True)
        self.assertEqual(vip.state, "withdrawn")
        with self.assertRaisesRegex(UserError, "needs no recording review"):
            self._transition(plain, "review_recording", self.qa_reviewer, reason="Nothing")

    # ------------------------------------------------------------------ 转办单 / 督办单
    def _slip(self, user, complaint, **vals):
        return call_kw(
            self.env["complaint.slip"].with_user(user),
            "create",
            [{"complaint_id": complaint.id, "instructions": "Call the customer back today", **vals}],
            {},
        )

    def test_a_transfer_slip_hands_the_complaint_to_another_department(self):
        complaint = self._complaint_until("action_register", department_id=self.dept_quality.id)
        with self.assertRaises(AccessError):
            self._slip(self.sales_user, complaint, kind="transfer", department_id=self.dept_logistics.id)
        slip = self.env["complaint.slip"].browse(
            self._slip(self.qa_user, complaint, kind="transfer", department_id=self.dept_logistics.id, name="X")
        )
        self.assertRegex(slip.name, r"^ZB\d{4}-\d{4}$")
        self.assertEqual((slip.department_from_id, slip.department_id), (self.dept_quality, self.dept_logistics))
        self.assertEqual(complaint.department_id, self.dept_logistics)
        self.assertEqual(complaint.user_id, self.other_user)
        self.assertIn(self.other_user, complaint.activity_ids.user_id)
        # issued as issued; the receiving department answers
        with self.assertRaisesRegex(UserError, "kept as issued"):
            call_kw(slip.with_user(self.qa_user), "write", [slip.ids, {"instructions": "Other"}], {})
        with self.assertRaises(AccessError):
            call_kw(slip.with_user(self.sales_user), "write", [slip.ids, {"answer": "Not mine"}], {})
        call_kw(slip.with_user(self.other_user), "write", [slip.ids, {"answer": "Called back at 15:00"}], {})
        call_kw(slip.with_user(self.other_user), "action_mark_answered", [slip.ids], {})
        self.assertEqual((slip.state, slip.answered_by_id), ("answered", self.other_user))
        with self.assertRaisesRegex(UserError, "answered already"):
            call_kw(slip.with_user(self.other_user), "write", [slip.ids, {"answer": "Changed"}], {})
        with self.assertRaises(UserError):
            call_kw(slip.with_user(self.manager), "unlink", [slip.ids], {})
        pdf, _ = self.env["ir.actions.report"]._render_qweb_html(
            "complaint_management.action_report_complaint_slip", slip.ids
        )
        self.assertIn("Complaint Transfer Slip", pdf.decode())
        self.assertIn("Called back at 15:00", pdf.decode())

    def test_a_supervision_slip_presses_a_department_by_a_date(self):
        complaint = self._complaint_until("action_register", department_id=self.dept_logistics.id)
        with self.assertRaisesRegex(UserError, "by when"):
            self._slip(self.qa_user, complaint, kind="supervision", department_id=self.dept_logistics.id)
        slip = self.env["complaint.slip"].browse(
            self._slip(
                self.qa_user,
                complaint,
                kind="supervision",
                department_id=self.dept_logistics.id,
                date_due="2026-03-05 09:00:00",
            )
        )
        self.assertRegex(slip.name, r"^DB\d{4}-\d{4}$")
        self.assertEqual(complaint.department_id, self.dept_logistics, "supervision does not move the complaint")
        todo = complaint.activity_ids.filtered(lambda a: slip.name in (a.summary or ""))
        self.assertEqual((todo.user_id, todo.date_deadline), (self.other_user, date(2026, 3, 5)))
        self.assertFalse(self.env["complaint.slip"].with_user(self.qa_user_b).search([("id", "=", slip.id)]))
        pdf, _ = self.env["ir.actions.report"]._render_qweb_html(
            "complaint_management.action_report_complaint_slip", slip.ids
        )
        self.assertIn("Complaint Supervision Slip", pdf.decode())

    # ------------------------------------------------------------------ malicious or repeated
    def test_a_malicious_complaint_is_closed_with_its_reason_and_no_survey(self):
        named = self._complaint_until("action_register")
        self.assertFalse(named.with_user(self.qa_user).can_close_malicious)
        with self.assertRaisesRegex(UserError, "neither anonymous nor a repeat"):
            self._transition(named, "close_malicious", self.qa_user, reason="Spam")
        self.assertEqual(named.state, "registered")
        complaint = self._complaint_until("action_register", is_anonymous=True, partner_id=False)
        with self.assertRaises(AccessError):
            self._transition(complaint, "close_malicious", self.sales_user, reason="Spam")
        with self.assertRaisesRegex(UserError, "reason for closing it as malicious"):
            self._transition(complaint, "close_malicious", self.qa_user, reason=" ")
        self._transition(complaint, "close_malicious", self.qa_user, reason="Tenth identical anonymous message")
        self.assertEqual((complaint.state, complaint.is_malicious), ("closed", True))
        self.assertEqual(complaint.malicious_reason, "Tenth identical anonymous message")
        followup = complaint.deadline_ids.filtered(lambda d: d.step == "followup")
        self.assertTrue(followup.date_reached, "the follow-up is done with the closing")
        self.assertNotIn(complaint, complaint.search(complaint._satisfaction_due_domain()))

    # ------------------------------------------------------------------ the reply
    def test_the_reply_gives_the_handlers_phone(self):
        self.qa_user.phone = "+86 21 6666 0188"
        complaint = self._complaint_until("action_register", user_id=self.qa_user.id)
        template = self.env.ref("complaint_management.mail_template_complaint_reply")
        body = template._render_field("body_html", complaint.ids)[complaint.id]
        self.assertIn("+86 21 6666 0188", body)
