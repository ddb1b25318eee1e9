import base64
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import ComplaintCase, ComplaintHttpCase, load_chinese

# The smallest PNG there is (one pixel) and a minimal PDF: their contents say what they are.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class TestPublicForm(ComplaintHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.email = "service@company.example"
        cls.Complaint = cls.env["customer.complaint"]

    def setUp(self):
        super().setUp()
        self.existing = self.Complaint.search([])

    # ------------------------------------------------------------------ helpers
    def _form(self, url="/complaint"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.content)

    def _post(self, url="/complaint", files=(), **data):
        token = self._form(url).xpath("//form//input[@name='csrf_token']")[0].get("value")
        return self.url_open(
            url,
            data={"csrf_token": token, **data},
            files=[("attachments", file) for file in files] or None,
            timeout=60,
        )

    def _contact(self, **data):
        return {
            "name": "Li Wei",
            "email": "li.wei@visitor.example",
            "phone": "+86 138 0000 0000",
            "description": "The kettle's lid broke on the first day.",
            **data,
        }

    def _new_complaints(self):
        return self.Complaint.search([("id", "not in", self.existing.ids)])

    def _tracking_mails(self, complaint):
        return (
            self.env["mail.mail"]
            .search(
                [
                    ("model", "=", "customer.complaint"),
                    ("res_id", "=", complaint.id),
                    ("subject", "ilike", complaint.name),
                ]
            )
            .filtered(lambda mail: mail.email_to == complaint.contact_email)
        )

    def _errors(self, response):
        return " ".join(html.fromstring(response.content).xpath("//div[hasclass('o_complaint_errors')]//li/text()"))

    # ------------------------------------------------------------------ the form
    def test_get_shows_the_form(self):
        page = self._form()
        form = page.xpath("//form[@method='post']")[0]
        self.assertEqual(form.get("enctype"), "multipart/form-data")
        names = set(form.xpath(".//input/@name | .//select/@name | .//textarea/@name"))
        for name in ("csrf_token", "complaint_hp", "anonymous", "name", "email", "phone", "complainant"):
            self.assertIn(name, names)
        for name in ("order_ref", "demand", "description", "attachments"):
            self.assertIn(name, names)
        self.assertTrue(form.xpath(".//input[@name='csrf_token']/@value")[0])
        self.assertTrue(form.xpath(".//div[hasclass('d-none')]/input[@name='complaint_hp']"))
        parties = form.xpath(".//select[@name='complainant']//option/@value")
        self.assertEqual(parties[0], "customer")
        self.assertIn("residents_committee", parties)
        self.assertIn("refund", form.xpath(".//select[@name='demand']/option/@value"))
        # Usable on a phone: the grid stacks the fields, nothing has a fixed width.
        self.assertTrue(form.xpath(".//div[hasclass('col-12') and hasclass('col-md-6')]"))
        self.assertFalse(page.xpath("//*[hasclass('o_complaint_public')]//*[contains(@style, 'width')]"))
        self.assertFalse(self._new_complaints())

    def test_post_without_csrf_token_is_refused(self):
        self._form()
        response = self.url_open("/complaint", data=self._contact())
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._new_complaints())

    # ------------------------------------------------------------------ filing
    def test_valid_post_files_one_registered_complaint_on_channel_web(self):
        self.company.complaint_web_register = True
        response = self._post(
            files=[("lid.png", PNG, "image/png"), ("receipt.pdf", PDF, "application/pdf")],
            **self._contact(order_ref="SO-EXT-4711", demand="refund"),
        )
        self.assertEqual(response.status_code, 200, self._errors(response))
        complaint = self._new_complaints()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel, "web")
        self.assertEqual(complaint.state, "registered")
        self.assertEqual(
            (complaint.contact_name, complaint.contact_email, complaint.contact_phone),
            ("Li Wei", "li.wei@visitor.example", "+86 138 0000 0000"),
        )
        self.assertFalse(complaint.is_anonymous)
        self.assertFalse(complaint.partner_id, "no contact is looked up for a public visitor")
        self.assertFalse(complaint.sale_order_id, "the order reference is never looked up")
        self.assertEqual(complaint.complainant_type, "customer")
        self.assertEqual(complaint.demand, "refund")
        self.assertIn("SO-EXT-4711", complaint.description)
        self.assertIn("lid broke on the first day", complaint.description)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "customer.complaint"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(
            sorted(attachments.mapped(lambda a: (a.name, a.mimetype))),
            [("lid.png", "image/png"), ("receipt.pdf", "application/pdf")],
        )
        self.assertTrue(complaint.access_token)
        page = html.fromstring(response.content)
        self.assertEqual(page.xpath("//*[hasclass('o_complaint_tracking_number')]/text()"), [complaint.name])
        self.assertIn(complaint.get_portal_url(), page.xpath("//a/@href"))

    def test_left_in_new_when_the_company_registers_by_hand(self):
        self.company.complaint_web_register = False
        response = self._post(**self._contact())
        self.assertEqual(response.status_code, 200)
        complaint = self._new_complaints()
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.channel, "web")
        self.assertTrue(complaint.access_token)

    def test_anonymous_interested_party_needs_no_contact(self):
        response = self._post(anonymous="1", complainant="residents_committee", description="Night-time noise.")
        self.assertEqual(response.status_code, 200)
        complaint = self._new_complaints()
        self.assertEqual(len(complaint), 1)
        self.assertTrue(complaint.is_anonymous)
        self.assertEqual(complaint.complainant_type, "interested_party")
        self.assertEqual(complaint.interested_party, "residents_committee")
        self.assertFalse(complaint.contact_name or complaint.contact_email or complaint.contact_phone)
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "customer.complaint"), ("res_id", "=", complaint.id)])
        )
        self.assertIn(complaint.name, response.text)

    # ------------------------------------------------------------------ refusals
    def test_missing_description_files_nothing(self):
        response = self._post(**self._contact(description="  "))
        self.assertEqual(response.status_code, 400)
        self.assertIn("Tell us what happened.", self._errors(response))
        self.assertFalse(self._new_complaints())
        # What was typed stays in the form.
        page = html.fromstring(response.content)
        self.assertEqual(page.xpath("//input[@name='email']/@value"), ["li.wei@visitor.example"])

    def test_contact_required_unless_anonymous(self):
        response = self._post(**self._contact(email="", phone=""))
        self.assertEqual(response.status_code, 400)
        self.assertIn("Give an email address or a phone number", self._errors(response))
        response = self._post(**self._contact(name=""))
        self.assertIn("Give your name, or tick Anonymous.", self._errors(response))
        response = self._post(**self._contact(email="not-an-address"))
        self.assertIn("not-an-address is not a valid email address.", self._errors(response))
        response = self._post(**self._contact(complainant="martians"))
        self.assertIn("Choose who is filing the complaint.", self._errors(response))
        self.assertFalse(self._new_complaints())

    def test_filled_honeypot_is_thanked_but_files_nothing(self):
        response = self._post(complaint_hp="http://spam.example", **self._contact())
        self.assertEqual(response.status_code, 200)
        self.assertIn("We have received your complaint", response.text)
        self.assertFalse(self._new_complaints())
        self.assertFalse(self.env["mail.mail"].search([("email_to", "=", "li.wei@visitor.example")]))

    def test_sixth_submission_within_an_hour_is_refused(self):
        for number in range(5):
            response = self._post(**self._contact(description=f"Complaint {number}"))
            self.assertEqual(response.status_code, 200, self._errors(response))
        self.assertEqual(len(self._new_complaints()), 5)
        response = self._post(**self._contact(description="One too many"))
        self.assertEqual(response.status_code, 429)
        self.assertIn("Please try again later", self._errors(response))
        self.assertEqual(len(self._new_complaints()), 5)
        # An hour later the address may file again.
        attempts = self.env["complaint.intake.attempt"].search([("ip", "=", "127.0.0.1")])
        self.assertEqual(len(attempts), 5)
        attempts.write({"date": fields.Datetime.now() - timedelta(minutes=61)})
        self.assertEqual(self._post(**self._contact(description="Next hour")).status_code, 200)
        self.assertEqual(len(self._new_complaints()), 6)

    def test_honeypot_counts_against_the_limit(self):
        for _number in range(5):
            self._post(complaint_hp="x", **self._contact())
        self.assertEqual(self._post(**self._contact()).status_code, 429)
        self.assertFalse(self._new_complaints())

    def test_old_attempts_are_forgotten(self):
        Attempt = self.env["complaint.intake.attempt"]
        self.assertTrue(Attempt._take_slot("192.0.2.1"))
        Attempt.search([("ip", "=", "192.0.2.1")]).date = fields.Datetime.now() - timedelta(hours=2)
        Attempt._gc_old_attempts()
        self.assertFalse(Attempt.search([("ip", "=", "192.0.2.1")]))

    def test_bad_attachment_files_nothing(self):
        # A text file sent as a photo: the content decides.
        response = self._post(files=[("photo.png", b"just some text, not an image", "image/png")], **self._contact())
        self.assertEqual(response.status_code, 400)
        self.assertIn("photo.png: attach photos or PDF files only.", self._errors(response))
        self.assertFalse(self._new_complaints())
        self.assertFalse(self.env["complaint.intake.attempt"].search([]), "a refused form uses no slot")
        response = self._post(files=[(f"p{n}.png", PNG, "image/png") for n in range(6)], **self._contact())
        self.assertEqual(response.status_code, 400)
        self.assertIn("Attach at most 5 files.", self._errors(response))
        self.assertFalse(self._new_complaints())

    # ------------------------------------------------------------------ the visitor's mail
    def test_tracking_mail_with_number_and_link(self):
        self.company.complaint_web_register = False
        self._post(**self._contact())
        complaint = self._new_complaints()
        mail = self._tracking_mails(complaint)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.subject, f"Your complaint number: {complaint.name}")
        self.assertIn(complaint.name, mail.body_html)
        self.assertIn(f"{complaint.get_base_url()}/my/complaints/{complaint.id}?access_token=", mail.body_html)
        self.assertIn(complaint.access_token, mail.body_html)
        self.assertFalse(mail.recipient_ids, "no contact is created for the visitor")

    def test_registered_at_once_the_tracking_mail_is_the_acknowledgement(self):
        self._post(**self._contact())
        complaint = self._new_complaints()
        self.assertEqual(complaint.state, "registered")
        self.assertEqual(len(self._tracking_mails(complaint)), 1)
        self.assertTrue(complaint.date_acknowledged)
        acks = complaint.message_ids.filtered(lambda m: "received your complaint" in (m.subject or ""))
        self.assertFalse(acks, "one mail, not two")

    def test_page_and_mail_in_the_visitors_language(self):
        load_chinese(self.env)
        page = self._form("/zh_CN/complaint")
        self.assertEqual(page.xpath("//h1/text()"), ["提交投诉"])
        response = self._post("/zh_CN/complaint", **self._contact(description=""))
        self.assertIn("请描述发生了什么。", self._errors(response))
        response = self._post("/zh_CN/complaint", **self._contact(name="李伟"))
        complaint = self._new_complaints()
        self.assertIn("您的投诉编号", response.text)
        mail = self._tracking_mails(complaint)
        self.assertEqual(mail.subject, f"您的投诉编号：{complaint.name}")
        self.assertIn("感谢您的反馈", mail.body_html)

    # ------------------------------------------------------------------ in a browser
    def test_tour_anonymous_visitor_files_a_complaint(self):
        self.start_tour("/complaint", "complaint_public_form")
        complaint = self._new_complaints()
        self.assertEqual(len(complaint), 1)
        self.assertTrue(complaint.is_anonymous)
        self.assertEqual(complaint.channel, "web")
        self.assertIn("The tiles arrived cracked.", complaint.description)


class TestOnlineComplainant(ComplaintCase):
    def test_contact_details_stand_for_the_customer_online_only(self):
        contact = {"partner_id": False, "contact_name": "Li Wei", "contact_phone": "+86 138 0000 0000"}
        online = self._create_complaint(channel="web", **contact)
        online.action_register()
        self.assertEqual(online.state, "registered")
        by_phone = self._create_complaint(channel="phone", **contact)
        with self.assertRaisesRegex(UserError, "choose the customer"):
            by_phone.action_register()
        unreachable = self._create_complaint(channel="web", partner_id=False, contact_name="Li Wei")
        with self.assertRaisesRegex(UserError, "choose the customer"):
            unreachable.action_register()

    def test_acknowledgement_reaches_the_email_given_without_a_contact(self):
        complaint = self._create_complaint(
            channel="phone",
            partner_id=False,
            complainant_type="interested_party",
            interested_party="residents_committee",
            contact_name="Li Wei",
            contact_email="li.wei@visitor.example",
        )
        complaint.action_register()
        ack = complaint.message_ids.filtered(lambda m: "received your complaint" in (m.subject or ""))
        self.assertEqual(len(ack), 1)
        mails = self.env["mail.mail"].search([("mail_message_id", "=", ack.id)])
        addresses = mails.mapped("email_to") + mails.recipient_ids.mapped("email")
        self.assertIn("li.wei@visitor.example", " ".join(filter(None, addresses)))

    def test_visitors_addresses_are_for_administrators_only(self):
        """The rate limit keeps visitors' IP addresses: no complaint user, not even a manager,
        reads or changes them; only the system (and its administrators) does."""
        self.env["complaint.intake.attempt"]._take_slot("198.51.100.7")
        for user in (self.qa_user, self.manager):
            with self.assertRaises(AccessError):
                self.env["complaint.intake.attempt"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["complaint.intake.attempt"].with_user(user).create(
                    {"ip": "x", "slot": 9, "date": fields.Datetime.now()}
                )
