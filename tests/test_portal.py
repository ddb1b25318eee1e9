"""The customers' portal: filing from an order, following a complaint, the conversation, the
answer to the solution, and who may open what (tokens, other customers, RPC)."""

import re

from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import ComplaintCase, ComplaintHttpCase


class PortalSetup:
    @classmethod
    def _portal_setup(cls):
        env = cls.env
        env["complaint.routing.rule"].search([]).active = False
        cls.customer = env["res.partner"].create({"name": "Portal Customer Co", "email": "co@portal.example"})
        cls.customer_contact = env["res.partner"].create(
            {"name": "Wu Lei", "parent_id": cls.customer.id, "email": "wu.lei@portal.example"}
        )
        cls.portal_user = new_test_user(
            env, "cm_portal", groups="base.group_portal", partner_id=cls.customer_contact.id, name="Wu Lei"
        )
        cls.stranger = new_test_user(env, "cm_portal_2", groups="base.group_portal", name="Stranger")
        cls.handler = new_test_user(
            env, "cm_portal_handler", groups="complaint_management.group_complaint_qa", name="Handler Portal"
        )
        cls.kettle = env["product.product"].create({"name": "Portal Kettle", "type": "consu", "list_price": 50.0})
        order = env["sale.order"].create(
            {"partner_id": cls.customer.id, "order_line": [(0, 0, {"product_id": cls.kettle.id, "product_uom_qty": 6})]}
        )
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 6, "picked": True})
        picking.with_context(skip_sms=True).button_validate()
        cls.order = order

    @classmethod
    def _replied_complaint(cls):
        env = cls.env
        complaint = env["customer.complaint"].create(
            {
                "partner_id": cls.customer_contact.id,
                "description": "<p>Lids crack</p>",
                "category_id": env["complaint.category"].create({"name": "Portal Category"}).id,
                "severity": "minor",
                "user_id": cls.handler.id,
                "date_received": "2026-03-02 09:00:00",
            }
        )
        complaint.action_register()
        complaint.action_investigate()
        complaint._action_mark_invalid("The lids were dropped in transport by the customer's carrier.")
        complaint.action_reply()
        return complaint


class TestPortalTours(PortalSetup, ComplaintHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._portal_setup()

    def test_customer_files_from_an_order_and_writes_to_the_handler(self):
        self.start_tour(f"/my/orders/{self.order.id}", "complaint_portal_file_from_order", login="cm_portal")
        complaint = self.env["customer.complaint"].search([("sale_order_id", "=", self.order.id)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual((complaint.channel, complaint.partner_id), ("web", self.customer_contact))
        self.assertEqual(complaint.state, "registered", "registered at once: the company setting's default")
        self.assertEqual(complaint.line_ids.quantity, 2)
        self.assertEqual(complaint.line_ids.qty_delivered, 6)
        self.assertIn("leak at the spout", complaint.description)
        message = complaint.message_ids.filtered(lambda m: "photos are in the attachment" in (m.body or ""))
        self.assertEqual(message.author_id, self.customer_contact)
        # the handler reads what the customer wrote
        complaint.user_id = self.handler
        self.assertIn(message, complaint.with_user(self.handler).message_ids)

    def test_customer_accepts_the_solution_and_rates_it(self):
        complaint = self._replied_complaint()
        self.start_tour(f"/my/complaints/{complaint.id}", "complaint_portal_accept", login="cm_portal")
        self.assertEqual((complaint.state, complaint.confirmation_method), ("closed", "portal"))
        self.assertEqual(complaint.satisfaction, "satisfied")

    def test_customer_rejects_the_solution(self):
        complaint = self._replied_complaint()
        self.start_tour(f"/my/complaints/{complaint.id}", "complaint_portal_reject", login="cm_portal")
        self.assertEqual(complaint.state, "investigating")
        self.assertIn("working kettles", complaint.reopen_reason)
        self.assertIn("rejects the solution", " ".join(complaint.activity_ids.mapped("summary")))


class TestPortalAccess(PortalSetup, ComplaintHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._portal_setup()

    def test_another_customer_cannot_open_the_complaint(self):
        complaint = self._replied_complaint()
        self.authenticate("cm_portal", "cm_portal")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(complaint.name, page.text)
        listing = self.url_open("/my/complaints")
        self.assertIn(complaint.name, listing.text)
        self.authenticate("cm_portal_2", "cm_portal_2")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertNotIn(complaint.name, page.text)
        self.assertTrue(page.url.endswith("/my") or "/my?" in page.url or page.url.endswith("/my/home"), page.url)
        self.assertNotIn(complaint.name, self.url_open("/my/complaints").text)
        pdf = self.url_open(f"/my/complaints/{complaint.id}?report_type=pdf")
        self.assertNotEqual(pdf.headers.get("Content-Type"), "application/pdf")

    def test_token_opens_the_page_and_a_wrong_token_does_not(self):
        complaint = self._replied_complaint()
        token = complaint._portal_ensure_token()
        self.authenticate(None, None)
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}")
        self.assertIn(complaint.name, page.text)
        wrong = self.url_open(f"/my/complaints/{complaint.id}?access_token={token[:-2]}xx")
        self.assertNotIn(complaint.name, wrong.text)
        missing = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertNotIn(complaint.name, missing.text)

    def _csrf(self, url):
        page = self.url_open(url)
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def test_filing_judges_files_by_their_content_and_numbers_strictly(self):
        self.authenticate("cm_portal", "cm_portal")
        url = f"/my/orders/{self.order.id}/complaint"
        before = self.env["customer.complaint"].search_count([])
        data = {"csrf_token": self._csrf(url), "description": "Broken", "qty_0": "1"}
        page = self.url_open(url, data=data, files={"attachments": ("photo.png", b"MZ\x90\x00fake exe", "image/png")})
        self.assertIn("photos or PDF files only", page.text)
        for value in ("nan", "inf", "1e400", "1e308"):
            page = self.url_open(url, data={**data, "qty_0": value})
            self.assertEqual(page.status_code, 200, value)
            self.assertIn("Quantities are numbers", page.text)
        self.assertEqual(self.env["customer.complaint"].search_count([]), before)

    def test_a_refused_answer_tells_nothing_internal(self):
        complaint = self._replied_complaint()
        self.env["complaint.compensation"].create(
            {"complaint_id": complaint.id, "comp_type": "gift", "description": "Secret voucher"}
        )
        self.authenticate("cm_portal", "cm_portal")
        url = f"/my/complaints/{complaint.id}"
        page = self.url_open(f"{url}/answer", data={"csrf_token": self._csrf(url), "answer": "accept"})
        self.assertIn("work in progress", page.text)
        self.assertNotIn("Secret voucher", page.text)
        self.assertEqual(complaint.state, "replied")
        spoofed = self.url_open(f"{url}?error=Call+0900+now")
        self.assertNotIn("Call 0900 now", spoofed.text)

    def test_internal_data_stays_internal(self):
        complaint = self._replied_complaint()
        complaint.write({"root_cause": "Operator skipped the torque check"})
        complaint.message_post(body="Internal: supplier Zhou to be charged", subtype_xmlid="mail.mt_note")
        self.env["complaint.compensation"].create(
            {"complaint_id": complaint.id, "comp_type": "gift", "description": "Voucher under discussion"}
        )
        self.authenticate("cm_portal", "cm_portal")
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        self.assertNotIn("torque check", page)
        self.assertNotIn("supplier Zhou", page)
        self.assertNotIn("Voucher under discussion", page)
        with self.assertRaises(AccessError):
            complaint.with_user(self.portal_user).read(["root_cause"])
        with self.assertRaises(AccessError):
            self.env["customer.complaint"].with_user(self.portal_user).search([])


class TestPortalFiling(PortalSetup, ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._portal_setup()

    def test_filing_waits_for_registration_when_the_company_says_so(self):
        self.company.complaint_web_register = False
        complaint = self.env["customer.complaint"]._portal_file(
            {"partner_id": self.customer_contact.id, "description": "Late delivery"}
        )
        self.assertEqual((complaint.state, complaint.channel), ("new", "web"))
        self.assertTrue(complaint.access_token)

    def test_attachments_are_limited(self):
        Complaint = self.env["customer.complaint"]
        values = {"partner_id": self.customer_contact.id, "description": "Broken"}
        with self.assertRaisesRegex(Exception, "photos or PDF"):
            Complaint._portal_file(values, [("run.exe", "application/x-msdownload", b"MZ")])
        with self.assertRaisesRegex(Exception, "larger than"):
            Complaint._portal_file(values, [("big.jpg", "image/jpeg", b"0" * (11 * 1024 * 1024))])
        with self.assertRaisesRegex(Exception, "at most"):
            Complaint._portal_file(values, [("p.png", "image/png", b"x")] * 6)
        self.assertEqual(Complaint._portal_file_name("evil.exe", "image/png"), "evil.png")
        complaint = Complaint._portal_file(values, [("photo.png", "image/png", b"\x89PNG")])
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(attachment.name, "photo.png")

    def test_acknowledgement_links_to_the_portal(self):
        complaint = self.env["customer.complaint"]._portal_file(
            {"partner_id": self.customer_contact.id, "description": "Late delivery"}
        )
        ack = complaint.message_ids.filtered(lambda m: "received your complaint" in (m.subject or ""))
        self.assertIn(f"/my/complaints/{complaint.id}?access_token={complaint.access_token}", ack.body)
        reply = complaint.deadline_ids.filtered(lambda d: d.step == "reply")
        self.assertTrue(reply)
        self.assertEqual(complaint._portal_promised_date(), reply.date_deadline)
        complaint._extend("Waiting for the lab", "2099-01-01 10:00:00")
        self.assertEqual(str(complaint._portal_promised_date()), "2099-01-01 10:00:00")
