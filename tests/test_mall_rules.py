"""The furniture mall's rules (001-MALL): merchant and brand on the complaint's products; an
advance payment (先行赔付) that the company pays first and claims from the merchant with a
draft vendor credit note; closing with the agreed solution and when it was carried out
(落实时间); a provisional closing (暂结) told to the customer with its reason."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.service.model import call_kw

from .common import ComplaintCase


class TestMallRules(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.dept_quality.manager_id = cls.manager
        cls.merchant = cls.env["res.partner"].create({"name": "Oak & Co. Furniture", "is_company": True})

    def _in_action(self, **vals):
        return self._complaint_until(
            "action_plan_actions",
            department_id=self.dept_quality.id,
            qa_user_id=self.qa_user.id,
            user_id=self.qa_user.id,
            line_ids=[
                Command.create(
                    {"product_id": self.product.id, "quantity": 1, "vendor_id": self.merchant.id, "brand": "OakLine"}
                )
            ],
            **vals,
        )

    def test_an_advance_payment_is_claimed_from_the_merchant(self):
        complaint = self._in_action()
        self.assertEqual((complaint.line_ids.vendor_id, complaint.line_ids.brand), (self.merchant, "OakLine"))
        Compensation = self.env["complaint.compensation"].with_user(self.qa_user)
        compensation = Compensation.browse(
            call_kw(
                Compensation,
                "create",
                [
                    {
                        "complaint_id": complaint.id,
                        "comp_type": "advance",
                        "description": "Sofa refunded before the merchant pays",
                        "amount": 800.0,
                    }
                ],
                {},
            )
        )
        self.assertEqual(compensation.vendor_id, self.merchant, "the merchant of the complaint's products")
        call_kw(compensation, "action_submit", [compensation.ids], {})
        self.assertFalse(compensation.vendor_credit_id, "nothing is claimed before approval")
        call_kw(compensation.with_user(self.manager), "action_approve", [compensation.ids], {})
        credit = compensation.vendor_credit_id
        self.assertEqual(
            (credit.move_type, credit.partner_id, credit.state, credit.amount_untaxed, credit.invoice_origin),
            ("in_refund", self.merchant, "draft", 800.0, complaint.name),
        )
        self.assertFalse(credit.invoice_line_ids.tax_ids)
        with self.assertRaises(UserError):
            call_kw(compensation.with_user(self.manager), "write", [compensation.ids, {"vendor_credit_id": False}], {})

    def test_an_advance_payment_names_its_merchant_and_its_amount(self):
        complaint = self._complaint_until("action_plan_actions", department_id=self.dept_quality.id)
        Compensation = self.env["complaint.compensation"]
        with self.assertRaisesRegex(UserError, "which merchant"):
            Compensation.create(
                {"complaint_id": complaint.id, "comp_type": "advance", "description": "Refund", "amount": 10.0}
            )
        with self.assertRaisesRegex(UserError, "amount"):
            Compensation.create(
                {
                    "complaint_id": complaint.id,
                    "comp_type": "advance",
                    "description": "Refund",
                    "vendor_id": self.merchant.id,
                }
            )

    @freeze_time("2026-03-20 04:00:00")
    def test_closing_records_the_agreed_solution_and_when_it_was_carried_out(self):
        complaint = self._complaint_until("action_investigate", department_id=self.dept_quality.id)
        complaint.write({"validity": "invalid", "invalid_reason": "Used outside the instructions"})
        complaint.action_reply()

        def close(date_implemented):
            self._transition(
                complaint,
                "close",
                confirmation_method="call",
                date_confirmation=date(2026, 3, 19),
                agreed_solution="Free cleaning kit",
                date_implemented=date_implemented,
            )

        with self.assertRaisesRegex(UserError, "in the future"):
            close(date(2026, 3, 25))
        close(date(2026, 3, 18))
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(
            (complaint.agreed_solution, complaint.date_solution_implemented), ("Free cleaning kit", date(2026, 3, 18))
        )

    def test_a_provisional_closing_is_told_to_the_customer_with_its_reason(self):
        complaint = self._complaint_until("action_investigate", department_id=self.dept_quality.id)
        anonymous = self._complaint_until(
            "action_investigate", department_id=self.dept_quality.id, is_anonymous=True, partner_id=False
        )
        for c in complaint | anonymous:
            self._transition(
                c, "provisional", reason="The factory report is due next month", proposed_solution="Replace the legs"
            )
        told = complaint.message_ids.filtered(lambda m: m.message_type == "comment" and "provisionally" in m.subject)
        self.assertEqual(len(told), 1)
        self.assertIn(self.partner, told.partner_ids)
        self.assertIn("The factory report is due next month", str(told.body))
        self.assertIn("Replace the legs", str(told.body))
        self.assertFalse(anonymous.message_ids.filtered(lambda m: m.message_type == "comment"))
