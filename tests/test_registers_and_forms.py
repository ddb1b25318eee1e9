import io
from datetime import date, datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from .common import ComplaintCase, load_chinese
from .test_reports import _complaint_for_forms


class RegisterCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.named = cls._create_complaint(
            date_received=datetime(2025, 1, 6, 2),
            contact_name="Zhang San",
            contact_phone="138 0013 5678",
            contact_email="zhangsan@customer.example",
            demand="refund",
            demand_note="Full refund of the two kettles",
            disposal_proposal="Replace both kettles and check the batch",
        )
        cls.anonymous = cls._create_complaint(
            date_received=datetime(2025, 1, 7, 2),
            is_anonymous=True,
            contact_name="Li Si",
            contact_phone="139 0000 1111",
        )
        cls.env.flush_all()

    def _book(self, kind, date_from=date(2025, 1, 1), date_to=date(2025, 1, 31), user=None):
        Xlsx = self.env["complaint.xlsx"].with_user(user or self.qa_user)
        _name, content = Xlsx.build(kind, date_from, date_to, self.company.ids)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        headers = [cell.value for cell in sheet[3]]
        rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
        return {row[0]: dict(zip(headers, row, strict=True)) for row in rows}


class TestRegisters(RegisterCase):
    def test_register_contact_masked_and_anonymous_hidden(self):
        rows = self._book("register")
        named = rows[self.named.name]
        self.assertEqual(named["Contact"], "Zhang San 138****5678 z***@customer.example")
        self.assertEqual(named["Customer's Demand"], "Refund Full refund of the two kettles")
        self.assertEqual(named["Handling Plan"], "Replace both kettles and check the batch")
        anonymous = rows[self.anonymous.name]
        self.assertEqual(anonymous["Customer"], "Anonymous")
        self.assertIsNone(anonymous["Contact"], "nothing of an anonymous complainant is printed")

    def test_register_result_and_dates(self):
        light = self._create_complaint(
            date_received=datetime(2025, 1, 8, 2), category_id=self.category.id, severity="minor"
        )
        light.action_register()
        self._transition(light, "solve_directly", solution="Missing screw sent", confirmation_method="call")
        rows = self._book("register")
        self.assertEqual(rows[light.name]["Handling Result"], "Missing screw sent")
        self.assertIsInstance(rows[light.name]["Closed On"], datetime)
        self.assertIsNone(rows[self.named.name]["Closed On"])

    def test_closing_register_provisional_and_withdrawn(self):
        for complaint in self.named | self.anonymous:
            complaint.action_register()
        self._transition(
            self.named,
            "provisional",
            reason="The customer is abroad until March",
            progress="Replacement ready in the warehouse",
            proposed_solution="Deliver the replacement on return",
        )
        self._transition(self.anonymous, "withdraw", reason="Solved with the shop", is_voluntary=False)
        closed_on = self.named.date_closed.date()
        rows = self._book("closing", closed_on, closed_on)
        provisional = rows[self.named.name]
        self.assertEqual(provisional["Reason for Provisional Closing"], "The customer is abroad until March")
        self.assertEqual(provisional["Progress So Far"], "Replacement ready in the warehouse")
        self.assertEqual(provisional["Solution Proposed"], "Deliver the replacement on return")
        self.assertEqual(provisional["Handler"], self.named.user_id.name or None)
        withdrawn = rows[self.anonymous.name]
        self.assertEqual(withdrawn["Customer"], "Anonymous")
        self.assertEqual(withdrawn["Reason for Withdrawal"], "Solved with the shop")
        self.assertEqual(withdrawn["Withdrawn Voluntarily"], "No")
        self.assertIsNone(provisional["Withdrawn Voluntarily"])


class TestPeriods(RegisterCase):
    def test_half_month_and_quarter_bounds(self):
        Statistics = self.env["complaint.statistics"]
        self.assertEqual(
            Statistics._period_bounds("half_month", date(2025, 2, 15)), (date(2025, 2, 1), date(2025, 2, 15))
        )
        self.assertEqual(
            Statistics._period_bounds("half_month", date(2025, 2, 16)), (date(2025, 2, 16), date(2025, 2, 28))
        )
        self.assertEqual(Statistics._period_bounds("quarter", date(2025, 5, 20)), (date(2025, 4, 1), date(2025, 6, 30)))
        self.assertEqual(
            Statistics._previous_period("quarter", date(2025, 1, 3)), (date(2024, 10, 1), date(2024, 12, 31))
        )
        self.assertEqual(Statistics._period_key("half_month", date(2025, 2, 16)), "2025-02-H2")
        self.assertEqual(Statistics._period_key("quarter", date(2024, 10, 1)), "2024-Q4")

    @freeze_time("2025-05-20 10:00:00")
    def test_wizard_period_sets_the_dates(self):
        wizard = Form(self.env["complaint.statistics.wizard"].with_user(self.qa_user))
        wizard.period = "quarter"
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2025, 1, 1), date(2025, 3, 31)))
        wizard.period = "half_month"
        self.assertEqual((wizard.date_from, wizard.date_to), (date(2025, 5, 1), date(2025, 5, 15)))
        wizard.date_to = date(2025, 5, 10)
        self.assertEqual(wizard.period, "custom", "dates changed by hand are no whole period")

    def _sent(self, key):
        return self.env["mail.message"].search(
            [("subject", "ilike", f"complaint statistics {key}"), ("partner_ids", "in", self.manager.partner_id.ids)]
        )

    def test_half_monthly_register_sent_once_on_the_16th(self):
        self.company.complaint_statistics_period = "half_month"
        Statistics = self.env["complaint.statistics"]
        Statistics._cron_send_statistics(today=date(2025, 1, 16))
        Statistics._cron_send_statistics(today=date(2025, 1, 20))
        (message,) = self._sent("2025-01-H1")
        self.assertEqual(len(message.attachment_ids), 2, "the register (情况登记表) and the statistics")
        register = next(a for a in message.attachment_ids if "Register" in a.name)
        sheet = openpyxl.load_workbook(io.BytesIO(register.raw)).worksheets[0]
        numbers = {row[0] for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]}
        expected = self.env["customer.complaint"].search(
            [
                ("date_received", ">=", "2025-01-01"),
                ("date_received", "<", "2025-01-16"),
                ("company_id", "=", self.company.id),
            ]
        )
        self.assertEqual(numbers, set(expected.mapped("name")))
        Statistics._cron_send_statistics(today=date(2025, 2, 1))
        self.assertEqual(len(self._sent("2025-01-H2")), 1)

    def test_quarterly_sending_waits_for_the_quarter_to_end(self):
        self.company.complaint_statistics_period = "quarter"
        Statistics = self.env["complaint.statistics"]
        Statistics._cron_send_statistics(today=date(2025, 4, 1))
        self.assertEqual(len(self._sent("2025-Q1")), 1)
        Statistics._cron_send_statistics(today=date(2025, 5, 1))
        self.assertFalse(self._sent("2025-04"), "no monthly file for a quarterly company")
        self.assertEqual(len(self._sent("2025-Q1")), 1)


class TestForms(ComplaintCase):
    def _html(self, xmlid, records):
        return str(self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)[0], "utf-8")

    def test_handling_form_has_proposal_staff_lessons_phone_shipping_and_gm_box(self):
        complaint, _corrective, _follow_up = _complaint_for_forms(self, "en_US")
        complaint.user_id.phone = "+86 21 5555 0188"
        complaint.write({"staff_action": "Press operator retrained"})
        complaint.line_ids = [(0, 0, {"product_id": self.product.id, "quantity": 1})]
        # as read from the delivery move once it is done
        self.env.cr.execute(
            "UPDATE customer_complaint_line SET date_shipped = '2026-02-20' WHERE id IN %s",
            [tuple(complaint.line_ids.ids)],
        )
        self.env["complaint.approval"].create(
            {
                "complaint_id": complaint.id,
                "subject": "compensation",
                "tier": "general_manager",
                "decision": "approved",
                "user_id": self.gm_user().id,
                "date": "2026-03-03 10:00:00",
                "reason": "Replace and visit the customer",
            }
        )
        complaint.invalidate_recordset()
        html = self._html("complaint_management.action_report_complaint_handling", complaint)
        for expected in (
            "Press operator retrained",
            "Tool life counter on every press",
            "+86 21 5555 0188",
            "02/20/2026",
        ):
            self.assertIn(expected, html)
        gm_box = html[html.index("cm-gm-box") : html.index("cm-signatures")]
        self.assertIn("GM Zhou", gm_box, "the general manager's decision fills the 核示 box")
        self.assertIn("Replace and visit the customer", gm_box)

    def gm_user(self):
        return self.env["res.users"].create(
            {
                "name": "GM Zhou",
                "login": "cm_forms_gm_box",
                "group_ids": [(6, 0, self.env.ref("complaint_management.group_complaint_manager").ids)],
            }
        )

    def test_disposal_proposal_printed(self):
        complaint = self._create_complaint(disposal_proposal="Sort all stock of lot L-7")
        html = self._html("complaint_management.action_report_complaint_handling", complaint)
        self.assertIn("Sort all stock of lot L-7", html)

    def test_8d_prints_inspection_items_and_record_number(self):
        complaint = self._create_complaint(
            inspection_ref="IR-2026-031",
            inspection_ids=[
                (0, 0, {"item": "appearance", "result": "Scratch on the lid", "conforming": False}),
                (0, 0, {"item": "function", "result": "Heats normally", "conforming": True}),
            ],
        )
        load_chinese(self.env)
        complaint.partner_id.lang = "zh_CN"
        html = self._html("complaint_management.action_report_complaint_8d", complaint)
        for expected in ("IR-2026-031", "Scratch on the lid", "Heats normally", "外观", "功能性", "检验记录编号"):
            self.assertIn(expected, html)

    def test_anonymity_the_same_in_every_form(self):
        complaint = self._create_complaint(is_anonymous=True, contact_phone="139 0000 1111", contact_name="Li Si")
        complaint.action_register()
        slip = self.env["complaint.slip"].create(
            {
                "complaint_id": complaint.id,
                "kind": "transfer",
                "department_id": self.dept_quality.id,
                "instructions": "Handle",
            }
        )
        for xmlid, records in (
            ("complaint_management.action_report_complaint_handling", complaint),
            ("complaint_management.action_report_complaint_8d", complaint),
            ("complaint_management.action_report_complaint_survey", complaint),
            ("complaint_management.action_report_complaint_slip", slip),
        ):
            html = self._html(xmlid, records)
            self.assertIn("Anonymous", html, xmlid)
            self.assertNotIn(self.partner.name, html, xmlid)
            self.assertNotIn("139 0000 1111", html, xmlid)
            self.assertNotIn("Li Si", html, xmlid)

    def test_survey_form_checks_the_answer_in_the_customers_language(self):
        load_chinese(self.env)
        self.partner.lang = "zh_CN"
        complaint = self._create_complaint()
        html = self._html("complaint_management.action_report_complaint_survey", complaint)
        self.assertIn("客户满意度调查表", html)
        self.assertIn("QR-CM-10", html)
        self.assertEqual(html.count("☒"), 0, "no answer yet: every box empty")
        self.assertEqual(html.count("☐"), 3)
        complaint.env.cr.execute(
            "UPDATE customer_complaint SET satisfaction = 'neutral', satisfaction_comment = %s WHERE id = %s",
            ["Slow but fine", complaint.id],
        )
        complaint.invalidate_recordset()
        html = self._html("complaint_management.action_report_complaint_survey", complaint)
        self.assertEqual(html.count("☒"), 1)
        self.assertIn("Slow but fine", html)


class TestInspectionAccess(ComplaintCase):
    def test_inspection_items_follow_the_complaint(self):
        complaint = self._create_complaint(
            inspection_ids=[(0, 0, {"item": "opening", "result": "Corrosion inside", "conforming": False})]
        )
        Inspection = self.env["customer.complaint.inspection"]
        with self.assertRaises(AccessError):
            Inspection.with_user(self.warehouse_user).search([("complaint_id", "=", complaint.id)]).read(["result"])
        with self.assertRaises(AccessError):
            Inspection.with_user(self.warehouse_user).create(
                {"complaint_id": complaint.id, "item": "manual", "result": "Stiff"}
            )
        complaint.action_register()
        self._transition(complaint, "withdraw", reason="Customer withdrew", is_voluntary=True)
        with self.assertRaises(UserError), self.cr.savepoint():
            complaint.inspection_ids.write({"result": "Changed afterwards"})
        self.env.invalidate_all()
        self.assertEqual(complaint.inspection_ids.result, "Corrosion inside")
