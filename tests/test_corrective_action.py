from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.service.model import call_kw
from odoo.tests import Form

from .common import ComplaintCase


class TestCorrectiveAction(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.Action = cls.env["complaint.corrective.action"]

    def _replied_complaint(self):
        return self._complaint_until("action_reply")

    def _action(self, complaints, **vals):
        return self.Action.create(
            {
                "name": "Check the lid hinge torque",
                "complaint_ids": [(6, 0, complaints.ids)],
                "user_id": self.sales_user.id,
                "department_id": self.dept_sales.id,
                "date_planned": date(2026, 3, 10),
                **vals,
            }
        )

    def _verify(self, actions, effective, note="Checked 3 batches", user=None):
        env = self.env(user=user or self.qa_user)
        wizard = Form(env["complaint.corrective.action.verify"].with_context(default_action_ids=actions.ids))
        wizard.is_effective = effective
        wizard.note = note
        return wizard.save().action_apply()

    def test_steps_and_refusals(self):
        action = self._action(self._create_complaint())
        with self.assertRaisesRegex(UserError, "only possible from"):
            action.action_done()
        action.action_start()
        with freeze_time("2026-03-08"):
            action.action_done()
        self.assertEqual((action.state, action.date_done), ("done", date(2026, 3, 8)))
        with self.assertRaisesRegex(UserError, "evidence"):
            action.with_user(self.qa_user)._verify(True, "  ")
        self.assertEqual(action.state, "done")
        with self.assertRaises(UserError):
            action.unlink()

    def test_actions_are_numbered_by_the_companys_sequence(self):
        complaint = self._complaint_until("action_plan_actions", qa_user_id=self.qa_user.id)
        first, second = self._corrective_action(complaint), self._corrective_action(complaint)
        self.assertRegex(first.number, r"^CA\d{4}-\d{5}$")
        self.assertNotEqual(first.number, second.number)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("complaint_management.action_report_corrective_action", first.ids)[0]
            .decode()
        )
        self.assertIn(first.number, html)

    def test_only_qa_verifies(self):
        action = self._action(self._create_complaint())
        action.action_start()
        action.action_done()
        with self.assertRaises(AccessError):
            action.with_user(self.sales_user)._verify(True, "looks fine")
        self._verify(action, True)
        self.assertEqual(action.state, "effective")
        self.assertEqual(action.verified_by_id, self.qa_user)

    def test_ineffective_action_is_followed_by_a_new_one(self):
        complaints = self._create_complaint() | self._create_complaint()
        action = self._action(complaints)
        action.action_start()
        action.action_done()
        result = self._verify(action, False, note="Two more complaints on the same lot")
        self.assertEqual(action.state, "ineffective")
        follow_up = action.next_action_ids
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(result["res_id"], follow_up.id)
        self.assertEqual(follow_up.previous_action_id, action)
        self.assertEqual(follow_up.complaint_ids, complaints)
        self.assertEqual(follow_up.state, "draft")
        self.assertEqual(follow_up.activity_ids.user_id, self.sales_user)
        self.assertEqual(complaints[0].corrective_action_ids, action | follow_up)

    def test_no_closing_until_every_action_is_verified_effective(self):
        complaint = self._replied_complaint()
        action = self._action(complaint)
        action.action_start()
        action.action_done()
        with self.assertRaisesRegex(UserError, "not verified effective"):
            complaint._action_close("call", complaint.date_received.date())
        self._verify(action, False)
        with self.assertRaisesRegex(UserError, "not verified effective"):
            complaint._action_close("call", complaint.date_received.date())
        self.assertEqual(complaint.state, "replied")
        follow_up = action.next_action_ids
        follow_up.action_start()
        follow_up.action_done()
        self._verify(follow_up, True)
        complaint._action_close("call", complaint.date_received.date())
        self.assertEqual(complaint.state, "closed")

    def test_department_user_sees_and_edits_own_actions_only(self):
        complaint = self._create_complaint()
        mine = self._action(complaint)
        other = self._action(complaint, user_id=self.other_user.id, department_id=self.dept_logistics.id)
        visible = self.Action.with_user(self.sales_user).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(other, visible)
        mine.with_user(self.sales_user).action_start()
        with self.assertRaises(AccessError):
            other.with_user(self.sales_user).write({"name": "Changed"})
        self.assertEqual(set(self.Action.with_user(self.qa_user).search([]).ids) >= {mine.id, other.id}, True)
        with self.assertRaises(AccessError):
            self.Action.with_user(self.warehouse_user).search([])

    def test_overdue_filter(self):
        action = self._action(self._create_complaint())
        with freeze_time("2026-03-11"):
            self.assertIn(action, self.Action.search([("is_overdue", "=", True)]))
            action.action_start()
            action.action_done()
            self.assertNotIn(action, self.Action.search([("is_overdue", "=", True)]))
            self.assertIn(action, self.Action.search([("is_overdue", "=", False)]))


class TestCorrectiveActionRequired(ComplaintCase):
    """004: a company may require at least one corrective action on every valid complaint."""

    def _verify_over_rpc(self, complaint):
        return call_kw(complaint.with_user(self.qa_user), "action_verify", [complaint.ids], {})

    def test_a_valid_complaint_without_corrective_action_is_not_verified(self):
        self.company.complaint_require_corrective_action = True
        complaint = self._complaint_until("action_plan_actions")
        with self.assertRaisesRegex(UserError, "at least one corrective action"):
            self._verify_over_rpc(complaint)
        self.assertEqual(complaint.state, "action")
        self._corrective_action(complaint)
        self._verify_over_rpc(complaint)
        self.assertEqual(complaint.state, "verification")

    def test_without_the_setting_none_is_required(self):
        self.company.complaint_require_corrective_action = False
        complaint = self._complaint_until("action_plan_actions")
        self._verify_over_rpc(complaint)
        self.assertEqual(complaint.state, "verification")

    def test_only_an_administrator_changes_the_setting(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.manager).write({"complaint_require_corrective_action": True})
        self.assertFalse(self.company.complaint_require_corrective_action)
