"""The light path for minor complaints (001-SOP, 001-PCB, 004-QCM): customer service solves
and closes a minor complaint without loss at once, recording the solution and the customer's
confirmation, with no investigation or corrective action. Taken over the path an RPC client
takes: the step's dialog created and confirmed with ``call_kw``."""

from datetime import date

from odoo.exceptions import UserError
from odoo.service.model import call_kw

from .common import ComplaintCase


class TestLightPath(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False

    def _registered(self, **vals):
        complaint = self._create_complaint(
            **{"category_id": self.category.id, "severity": "minor", "salesperson_id": self.sales_user.id, **vals}
        )
        complaint.action_register()
        return complaint

    def _solve(self, complaint, solution="Replaced the missing screw on the spot", method="call"):
        """The dialog of the step, as the sales rep's client fills and confirms it."""
        Transition = self.env["customer.complaint.transition"].with_user(self.sales_user)
        wizard = call_kw(
            Transition,
            "create",
            [
                {
                    "complaint_ids": [(6, 0, complaint.ids)],
                    "transition": "solve_directly",
                    "solution": solution,
                    "confirmation_method": method,
                    "date_confirmation": "2026-03-02",
                }
            ],
            {},
        )
        return call_kw(Transition, "action_apply", [wizard], {})

    def test_a_minor_complaint_is_solved_and_closed_directly(self):
        complaint = self._registered()
        self.assertTrue(complaint.with_user(self.sales_user).can_solve_directly)
        self._solve(complaint)
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.direct_solution, "Replaced the missing screw on the spot")
        self.assertEqual((complaint.confirmation_method, complaint.date_confirmation), ("call", date(2026, 3, 2)))
        self.assertTrue(complaint.date_replied and complaint.date_closed)
        self.assertFalse(complaint.corrective_action_ids)
        # the steps it skipped are reached, not overdue; the follow-up is still due
        open_steps = complaint.deadline_ids.filtered(lambda d: not d.date_reached).mapped("step")
        self.assertEqual(open_steps, ["followup"])
        self.assertIn("Replaced the missing screw", complaint.message_ids[0].body)

    def test_only_minor_complaints_without_loss_take_the_light_path(self):
        general = self._registered(severity="general")
        claimed = self._registered(claimed_amount=200.0)
        flagged = self._registered(is_media=True)
        for complaint in (general, claimed, flagged):
            with self.subTest(complaint=complaint.name):
                self.assertFalse(complaint.with_user(self.sales_user).can_solve_directly)
                with self.assertRaisesRegex(UserError, "follows the whole procedure"):
                    self._solve(complaint)
                self.assertEqual(complaint.state, "registered")
                self.assertFalse(complaint.direct_solution)

    def test_a_compensation_takes_it_off_the_light_path(self):
        complaint = self._registered()
        self.env["complaint.compensation"].create(
            {"complaint_id": complaint.id, "comp_type": "gift", "description": "Coupon", "amount": 20.0}
        )
        with self.assertRaisesRegex(UserError, "follows the whole procedure"):
            self._solve(complaint)
        self.assertEqual(complaint.state, "registered")

    def test_the_solution_and_the_confirmation_are_required(self):
        complaint = self._registered()
        with self.assertRaisesRegex(UserError, "Record the solution"):
            self._solve(complaint, solution="  ")
        with self.assertRaisesRegex(UserError, "Say how the customer confirmed"):
            self._solve(complaint, method=False)
        self.assertEqual(complaint.state, "registered")
        # once investigated, the complaint is on the full procedure
        complaint.with_user(self.qa_user).action_investigate()
        with self.assertRaisesRegex(UserError, "only possible from"):
            self._solve(complaint)
        self.assertEqual(complaint.state, "investigating")

    def test_a_user_who_does_not_handle_the_complaint_cannot_solve_it(self):
        complaint = self._registered(salesperson_id=False)
        Transition = self.env["customer.complaint.transition"].with_user(self.other_user)
        with self.assertRaises(UserError):
            wizard = call_kw(
                Transition,
                "create",
                [
                    {
                        "complaint_ids": [(6, 0, complaint.ids)],
                        "transition": "solve_directly",
                        "solution": "Done",
                        "confirmation_method": "call",
                        "date_confirmation": "2026-03-02",
                    }
                ],
                {},
            )
            call_kw(Transition, "action_apply", [wizard], {})
        self.assertEqual(complaint.state, "registered")
