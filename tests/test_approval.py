from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import ComplaintCase


class TestApproval(ComplaintCase):
    """Countermeasure approval and compensation approval tiers (SPEC §3.4, §3.7)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.dept_head = cls.other_user  # manager of Quality, no complaints manager rights
        cls.dept_quality.manager_id = cls.dept_head
        cls.gm = cls.manager
        cls.company.complaint_gm_user_id = cls.gm
        cls.env.ref("complaint_management.approval_rule_compensation_large").amount_min = 1000.0
        cls.second_manager = cls.env["res.users"].create(
            {
                "name": "Second Manager",
                "login": "cm_manager_2",
                "group_ids": [(6, 0, cls.env.ref("complaint_management.group_complaint_manager").ids)],
            }
        )

    def _in_action(self, severity="general", **vals):
        return self._complaint_until(
            "action_plan_actions",
            severity=severity,
            department_id=self.dept_quality.id,
            qa_user_id=self.qa_user.id,
            **vals,
        )

    def _compensate(self, complaint, amount, comp_type="discount"):
        return self.env["complaint.compensation"].create(
            {
                "complaint_id": complaint.id,
                "comp_type": comp_type,
                "description": "Credit on next order",
                "amount": amount,
            }
        )

    def _refuse(self, user, reason, **context):
        action = context.pop("action")
        form = Form(self.env(user=user)[action["res_model"]].with_context(**action["context"]))
        form.reason = reason
        return form.save().action_confirm()

    # ------------------------------------------------------------------ countermeasures
    def test_major_complaint_needs_countermeasure_approval_before_verification(self):
        complaint = self._in_action(severity="major")
        self.assertTrue(complaint.countermeasure_approval_required)
        with self.assertRaisesRegex(UserError, "approve the countermeasures first"):
            complaint.action_verify()
        with self.assertRaisesRegex(UserError, "plan the corrective actions"):
            complaint.with_user(self.dept_head).action_approve_countermeasures()
        self._corrective_action(complaint)
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_user).action_approve_countermeasures()
        self.assertFalse(complaint.approval_ids)
        complaint.with_user(self.dept_head).action_approve_countermeasures()
        self.assertEqual(complaint.countermeasure_approver_id, self.dept_head)
        decision = complaint.approval_ids
        self.assertEqual(
            (decision.subject, decision.decision, decision.user_id), ("countermeasure", "approved", self.dept_head)
        )
        complaint.action_verify()
        self.assertEqual(complaint.state, "verification")

    def test_general_complaint_needs_no_approval(self):
        complaint = self._in_action()
        self.assertFalse(complaint.countermeasure_approval_required)
        complaint.action_verify()
        self.assertEqual(complaint.state, "verification")

    def test_high_level_complaint_needs_approval(self):
        complaint = self._in_action(is_media=True)
        self.assertEqual(complaint.level, "high")
        self.assertTrue(complaint.countermeasure_approval_required)

    def test_refused_countermeasures_are_recorded_with_reason(self):
        complaint = self._in_action(severity="critical", user_id=self.qa_user.id)
        self._corrective_action(complaint)
        action = complaint.action_open_refuse_countermeasures()
        with self.assertRaises(UserError):
            self._refuse(self.dept_head, "   ", action=action)
        self.assertFalse(complaint.approval_ids)
        self._refuse(self.dept_head, "Containment is missing", action=action)
        decision = complaint.approval_ids
        self.assertEqual((decision.decision, decision.reason), ("refused", "Containment is missing"))
        self.assertFalse(complaint.date_countermeasure_approved)
        self.assertIn("Containment is missing", " ".join(str(note) for note in complaint.activity_ids.mapped("note")))
        with self.assertRaises(UserError):
            complaint.action_verify()

    # ------------------------------------------------------------------ compensation tiers
    def test_small_compensation_is_approved_by_the_department_manager(self):
        complaint = self._in_action()
        compensation = self._compensate(complaint, 500.0)
        self.assertEqual(compensation.tiers_display, "Department Manager")
        with self.assertRaisesRegex(UserError, "only possible from Waiting Approval"):
            compensation.with_user(self.dept_head).action_approve()
        compensation.action_submit()
        self.assertIn(self.dept_head, complaint.activity_ids.user_id)
        with self.assertRaises(AccessError):
            compensation.with_user(self.sales_user).action_approve()
        compensation.with_user(self.dept_head).action_approve()
        self.assertEqual(compensation.state, "approved")
        decision = compensation.approval_ids
        self.assertEqual(
            (decision.tier, decision.decision, decision.user_id), ("department", "approved", self.dept_head)
        )

    def test_large_compensation_needs_the_general_manager_too(self):
        complaint = self._in_action()
        compensation = self._compensate(complaint, 5000.0, comp_type="refund")
        self.assertEqual(compensation.tiers_display, "Department Manager → General Manager")
        compensation.action_submit()
        compensation.with_user(self.dept_head).action_approve()
        self.assertEqual((compensation.state, compensation.current_tier), ("to_approve", "general_manager"))
        self.assertIn(self.gm, complaint.activity_ids.user_id)
        # the department manager cannot give the second approval, nor another manager
        with self.assertRaises(AccessError):
            compensation.with_user(self.dept_head).action_approve()
        with self.assertRaises(AccessError):
            compensation.with_user(self.second_manager).action_approve()
        compensation.with_user(self.gm).action_approve()
        self.assertEqual(compensation.state, "approved")
        self.assertEqual(compensation.approval_ids.sorted("id").mapped("tier"), ["department", "general_manager"])

    def test_without_general_manager_any_complaints_manager_approves(self):
        self.company.complaint_gm_user_id = False
        complaint = self._in_action()
        compensation = self._compensate(complaint, 5000.0)
        compensation.action_submit()
        compensation.with_user(self.dept_head).action_approve()
        with self.assertRaises(AccessError):
            compensation.with_user(self.dept_head).action_approve()
        compensation.with_user(self.second_manager).action_approve()
        self.assertEqual(compensation.state, "approved")

    def test_refusal_needs_a_reason_and_is_recorded(self):
        complaint = self._in_action()
        compensation = self._compensate(complaint, 500.0)
        compensation.action_submit()
        with self.assertRaises(UserError):
            compensation.with_user(self.dept_head)._refuse(" ")
        self.assertEqual(compensation.state, "to_approve")
        self._refuse(self.dept_head, "Customer misused the kettle", action=compensation.action_open_refuse())
        self.assertEqual(compensation.state, "refused")
        self.assertEqual(compensation.approval_ids.reason, "Customer misused the kettle")
        self.assertIn("Customer misused the kettle", complaint.message_ids[0].body)

    def test_compensation_guards(self):
        complaint = self._in_action()
        with self.assertRaisesRegex(UserError, "amount of the refund"):
            self._compensate(complaint, 0.0, comp_type="refund")
        with self.assertRaisesRegex(UserError, "negative"):
            self._compensate(complaint, -5.0, comp_type="gift")
        apology = self._compensate(complaint, 0.0, comp_type="apology")
        apology.action_submit()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            apology.amount = 100.0
        with self.assertRaisesRegex(UserError, "Only draft"):
            apology.unlink()
        new = self._create_complaint()
        with self.assertRaisesRegex(UserError, "being handled"):
            self._compensate(new, 10.0, comp_type="gift")

    # ------------------------------------------------------------------ nothing promised before approval
    def test_reply_and_closing_wait_for_compensation_decisions(self):
        complaint = self._in_action()
        complaint.action_verify()
        compensation = self._compensate(complaint, 200.0)
        compensation.action_submit()
        with self.assertRaisesRegex(UserError, "nothing is promised"):
            complaint.action_reply()
        with self.assertRaisesRegex(UserError, "nothing is promised"):
            complaint.action_send_reply()
        self.assertEqual(complaint.state, "verification")
        compensation.with_user(self.dept_head).action_approve()
        complaint.action_reply()
        pending = self._compensate(complaint, 50.0, comp_type="gift")
        with self.assertRaisesRegex(UserError, "not decided yet"):
            self._transition(complaint, "close", confirmation_method="call", date_confirmation=date(2026, 3, 20))
        self.assertEqual(complaint.state, "replied")
        pending.unlink()
        self._transition(complaint, "close", confirmation_method="call", date_confirmation=date(2026, 3, 20))
        self.assertEqual(complaint.state, "closed")

    # ------------------------------------------------------------------ access
    def test_users_see_compensations_of_complaints_they_handle_only(self):
        mine = self._in_action()
        mine.salesperson_id = self.sales_user
        theirs = self._in_action()
        comp_mine = self._compensate(mine, 10.0, comp_type="gift")
        comp_theirs = self._compensate(theirs, 10.0, comp_type="gift")
        visible = self.env["complaint.compensation"].with_user(self.sales_user).search([])
        self.assertIn(comp_mine, visible)
        self.assertNotIn(comp_theirs, visible)
        with self.assertRaises(AccessError):
            comp_theirs.with_user(self.sales_user).description = "More"
        with self.assertRaises(AccessError):
            self.env["complaint.compensation"].with_user(self.warehouse_user).search([])
        with self.assertRaises(AccessError):
            self.env["complaint.approval"].with_user(self.manager).create(
                {
                    "complaint_id": mine.id,
                    "subject": "compensation",
                    "tier": "department",
                    "decision": "approved",
                    "user_id": self.manager.id,
                    "date": "2026-03-05 10:00:00",
                }
            )
        other_company = self.env["complaint.compensation"].with_user(self.qa_user_b).search([])
        self.assertNotIn(comp_mine, other_company)

    def test_decisions_are_read_by_complaint_users_of_the_company_only(self):
        complaint = self._in_action()
        compensation = self._compensate(complaint, 10.0, comp_type="gift")
        compensation.action_submit()
        compensation.with_user(self.manager).action_approve()
        decision = compensation.approval_ids
        self.assertTrue(decision)
        self.assertEqual(self.env["complaint.approval"].with_user(self.qa_user).search([]) & decision, decision)
        self.assertFalse(self.env["complaint.approval"].with_user(self.qa_user_b).search([("id", "=", decision.id)]))
        with self.assertRaises(AccessError):
            decision.with_user(self.warehouse_user).read(["decision"])
        with self.assertRaises(AccessError):
            decision.with_user(self.manager).write({"reason": "changed"})

    # ------------------------------------------------------------------ 待我核准: the approver's queue
    def test_to_approve_lists_what_the_user_may_decide(self):
        complaint = self._in_action(severity="major")
        self.assertIn(self.dept_head, complaint.activity_ids.user_id, "the countermeasures' approver is told")
        Complaint = self.env["customer.complaint"]
        self.assertIn(complaint, Complaint.with_user(self.dept_head).search([("is_waiting_my_approval", "=", True)]))
        self.assertNotIn(complaint, Complaint.with_user(self.qa_user).search([("is_waiting_my_approval", "=", True)]))
        other = self._in_action()
        compensation = self._compensate(other, 100.0)
        compensation.action_submit()
        self.assertIn(other, Complaint.with_user(self.dept_head).search([("is_waiting_my_approval", "=", True)]))
        self.assertTrue(other.with_user(self.dept_head).is_waiting_my_approval)
        self.assertFalse(other.with_user(self.sales_user).is_waiting_my_approval)

    def test_a_complaint_without_department_reaches_an_approver(self):
        complaint = self._complaint_until("action_plan_actions", qa_user_id=self.qa_user.id)
        self.assertFalse(complaint.department_id)
        compensation = self._compensate(complaint, 100.0)
        compensation.action_submit()
        todo = complaint.activity_ids.filtered(lambda a: "Approve compensation" in (a.summary or ""))
        self.assertEqual(todo.user_id, self.gm, "the company's general manager, the department having none")
