from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

from .common import ComplaintCase


class TestComplaintWorkflow(ComplaintCase):
    def _registered(self, **vals):
        complaint = self._create_complaint(**vals)
        complaint.action_register()
        return complaint

    def _investigating(self, **vals):
        complaint = self._registered(category_id=self.category.id, severity="general", **vals)
        complaint.action_investigate()
        return complaint

    def _replied(self):
        return self._complaint_until("action_reply")

    def test_new_complaint_starts_new(self):
        complaint = self._create_complaint()
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.validity, "pending")

    def test_full_path_to_closed(self):
        with freeze_time("2026-03-02 10:00:00"):
            complaint = self._investigating()
            self.assertEqual(complaint.date_registered.isoformat(), "2026-03-02T10:00:00")
            self.assertEqual(complaint.registered_by_id, self.env.user)
            complaint.action_set_valid()
            complaint.action_plan_actions()
            self.assertEqual(complaint.state, "action")
            complaint.action_verify()
            self.assertEqual(complaint.state, "verification")
            complaint.action_reply()
            self.assertEqual(complaint.state, "replied")
        with freeze_time("2026-03-05 16:00:00"):
            self._transition(complaint, "close", confirmation_method="call", date_confirmation=date(2026, 3, 5))
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.confirmation_method, "call")
        self.assertEqual(complaint.date_confirmation, date(2026, 3, 5))
        self.assertEqual(complaint.date_closed.isoformat(), "2026-03-05T16:00:00")

    def test_register_needs_complainant_and_description(self):
        complaint = self._create_complaint(partner_id=False)
        with self.assertRaisesRegex(UserError, "customer"):
            complaint.action_register()
        complaint.is_anonymous = True
        complaint.description = "<p> </p>"
        with self.assertRaisesRegex(UserError, "describe"):
            complaint.action_register()
        self.assertEqual(complaint.state, "new")
        complaint.description = "<p>Anonymous letter about smoke.</p>"
        complaint.action_register()
        self.assertEqual(complaint.state, "registered")

    def test_cannot_leave_registered_without_category_and_severity(self):
        complaint = self._registered()
        with self.assertRaisesRegex(UserError, "category and the severity"):
            complaint.action_investigate()
        complaint.category_id = self.category
        with self.assertRaisesRegex(UserError, "category and the severity"):
            complaint.action_investigate()
        self.assertEqual(complaint.state, "registered")
        complaint.severity = "minor"
        complaint.action_investigate()
        self.assertEqual(complaint.state, "investigating")

    def test_steps_refused_from_wrong_state(self):
        complaint = self._create_complaint(category_id=self.category.id, severity="general")
        for method in ("action_investigate", "action_plan_actions", "action_verify", "action_reply", "action_reset"):
            with self.subTest(method=method), self.assertRaisesRegex(UserError, "only possible from"):
                getattr(complaint, method)()
        with self.assertRaisesRegex(UserError, "only possible from"):
            complaint._action_close("call", date(2026, 3, 2))
        with self.assertRaisesRegex(UserError, "only possible from"):
            complaint._action_reopen("because")
        with self.assertRaisesRegex(UserError, "only possible from"):
            complaint._action_provisional_close("reason", "solution")
        self.assertEqual(complaint.state, "new")

    def test_corrective_actions_need_a_valid_complaint(self):
        complaint = self._investigating()
        with self.assertRaisesRegex(UserError, "valid complaint"):
            complaint.action_plan_actions()
        with self.assertRaisesRegex(UserError, "after its actions are verified"):
            complaint.action_reply()
        self.assertEqual(complaint.state, "investigating")

    def test_invalid_needs_reason_and_goes_back_to_sales(self):
        complaint = self._investigating(salesperson_id=self.sales_user.id)
        with self.assertRaisesRegex(UserError, "why the complaint is invalid"):
            complaint._action_mark_invalid("  ")
        self.assertEqual(complaint.validity, "pending")
        self._transition(complaint, "invalid", reason="The customer used the kettle on a gas stove.")
        self.assertEqual(complaint.validity, "invalid")
        self.assertEqual(complaint.invalid_reason, "The customer used the kettle on a gas stove.")
        activity = complaint.activity_ids
        self.assertEqual(activity.user_id, self.sales_user)
        self.assertIn("invalid", activity.summary)
        with self.assertRaisesRegex(UserError, "valid complaint"):
            complaint.action_plan_actions()
        complaint.action_reply()
        self.assertEqual(complaint.state, "replied")

    def test_close_needs_method_and_sensible_date(self):
        complaint = self._replied()
        with freeze_time("2026-03-10 10:00:00"):
            with self.assertRaisesRegex(UserError, "how the customer confirmed"):
                complaint._action_close(False, date(2026, 3, 9))
            with self.assertRaisesRegex(UserError, "date the customer confirmed"):
                complaint._action_close("signature", False)
            with self.assertRaisesRegex(UserError, "future"):
                complaint._action_close("signature", date(2026, 3, 11))
            with self.assertRaisesRegex(UserError, "precede receipt"):
                complaint._action_close("signature", date(2026, 3, 1))
            self.assertEqual(complaint.state, "replied")
            self.assertFalse(complaint.date_closed)
            complaint._action_close("signature", date(2026, 3, 9))
        self.assertEqual(complaint.state, "closed")

    def test_provisional_close_needs_reason_and_solution(self):
        complaint = self._investigating()
        with self.assertRaisesRegex(UserError, "reason for closing provisionally"):
            complaint._action_provisional_close("", "Refund 10%")
        with self.assertRaisesRegex(UserError, "solution proposed"):
            complaint._action_provisional_close("Customer went to court", "")
        self.assertEqual(complaint.state, "investigating")
        self._transition(complaint, "provisional", reason="Customer went to court", proposed_solution="Refund 10%")
        self.assertEqual(complaint.state, "provisional")
        self.assertEqual(complaint.proposed_solution, "Refund 10%")
        self.assertIn("Customer went to court", complaint.message_ids[0].body)

    def test_withdraw_records_reason_and_flags_pressure(self):
        voluntary = self._registered()
        self._transition(voluntary, "withdraw", reason="Customer satisfied after a call", is_voluntary=True)
        self.assertEqual(voluntary.state, "withdrawn")
        self.assertTrue(voluntary.is_withdraw_voluntary)
        self.assertFalse(voluntary.activity_ids)

        pressured = self._registered(qa_user_id=self.qa_user.id)
        with self.assertRaisesRegex(UserError, "reason for the withdrawal"):
            pressured._action_withdraw("", False)
        self._transition(pressured, "withdraw", reason="Dealer asked the customer to drop it", is_voluntary=False)
        self.assertFalse(pressured.is_withdraw_voluntary)
        self.assertEqual(pressured.activity_ids.user_id, self.qa_user)

    def test_reopen_needs_reason_and_returns_to_investigation(self):
        complaint = self._registered()
        complaint._action_withdraw("Changed mind", True)
        with self.assertRaisesRegex(UserError, "reason for reopening"):
            complaint._action_reopen(" ")
        self._transition(complaint, "reopen", reason="The defect came back")
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(complaint.date_closed)
        self.assertEqual(complaint.reopen_reason, "The defect came back")

    def test_cancel_and_reset(self):
        complaint = self._registered()
        complaint.action_cancel()
        self.assertEqual(complaint.state, "cancelled")
        complaint.action_reset()
        self.assertEqual(complaint.state, "new")
        investigating = self._investigating()
        with self.assertRaisesRegex(UserError, "only possible from"):
            investigating.action_cancel()

    def test_stage_moves_only_within_a_status(self):
        complaint = self._registered()
        investigating = self.env.ref("complaint_management.stage_investigating")
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            complaint.stage_id = investigating
        self.assertEqual(complaint.state, "registered")
        # A company may split a status into several stages: moving between them is free.
        waiting = self.env["complaint.stage"].create(
            {"name": "Waiting for samples", "state": "registered", "sequence": 25}
        )
        complaint.stage_id = waiting
        self.assertEqual(complaint.stage_id, waiting)
        with self.assertRaisesRegex(UserError, "starts in a New stage"):
            self._create_complaint(stage_id=investigating.id)

    def test_missing_stage_for_a_status_is_a_clear_error(self):
        complaint = self._registered(category_id=self.category.id, severity="minor")
        self.env["complaint.stage"].search([("state", "=", "investigating")]).active = False
        with self.assertRaisesRegex(UserError, "No stage is configured"):
            complaint.action_investigate()

    def test_only_new_complaints_can_be_deleted(self):
        draft = self._create_complaint()
        draft.unlink()
        self.assertFalse(draft.exists())
        closed = self._replied()
        closed._action_close("email", closed.date_received.date())
        provisional = self._investigating()
        provisional._action_provisional_close("Court", "Refund")
        for complaint in (closed, provisional, self._registered()):
            with self.assertRaisesRegex(UserError, "Only new complaints can be deleted"):
                complaint.unlink()
            self.assertTrue(complaint.exists())
        closed.action_archive()
        self.assertFalse(closed.active)

    def test_key_fields_are_tracked(self):
        complaint = self._registered()
        self.cr.flush()  # Odoo tracks records from the transaction after the one that created them
        complaint.write({"severity": "major", "department_id": self.dept_quality.id, "user_id": self.qa_user.id})
        complaint.category_id = self.category
        complaint.action_investigate()
        self.cr.flush()  # tracking values are written just before commit
        complaint.invalidate_recordset(["message_ids"])
        tracked = complaint.message_ids.tracking_value_ids.field_id.mapped("name")
        for name in ("severity", "department_id", "user_id", "category_id", "stage_id"):
            self.assertIn(name, tracked)

    def test_level_override_needs_reason(self):
        complaint = self._create_complaint()
        with self.assertRaises(ValidationError):
            complaint.write({"level_override": "high"})
        complaint.write({"level_override": "high", "level_override_reason": "Key account"})
        self.assertEqual(complaint.level, "high")

    def test_corrective_actions_need_a_root_cause(self):
        complaint = self._investigating(root_cause_category=False, root_cause=False)
        complaint.action_set_valid()
        with self.assertRaisesRegex(UserError, "record the root cause"):
            complaint.action_plan_actions()
        complaint.write({"root_cause_category": "machine", "root_cause": " "})
        with self.assertRaisesRegex(UserError, "record the root cause"):
            complaint.action_plan_actions()
        complaint.write({"root_cause": "Worn die on press 3", "is_supplier_cause": True})
        with self.assertRaisesRegex(UserError, "supplier"):
            complaint.action_plan_actions()
        self.assertEqual(complaint.state, "investigating")
        complaint.write({"supplier_id": self.other_partner.id, "why_ids": [(0, 0, {"name": "Why worn? No die log."})]})
        complaint.action_plan_actions()
        self.assertEqual(complaint.state, "action")
        self.assertEqual(complaint.why_ids.name, "Why worn? No die log.")
