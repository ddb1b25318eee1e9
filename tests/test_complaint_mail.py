from datetime import datetime
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form

from .common import ComplaintCase, load_chinese

NOW = datetime(2026, 3, 10, 2, 0)


class TestComplaintMail(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.ack = cls.env.ref("complaint_management.mail_template_complaint_ack")
        cls.company.email = "service@company.example"

    def _register(self, **vals):
        complaint = self._create_complaint(date_received=NOW, **vals)
        with freeze_time(NOW):
            complaint.action_register()
        return complaint

    def _customer_mails(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.message_type == "comment" and m.subtype_id.name == "Discussions"
        )

    def _acknowledgements(self, complaint):
        """The acknowledgement: a copy in the chatter, its mail queued for the customer."""
        return complaint.message_ids.filtered(lambda m: m.message_type == "email_outgoing")

    def test_registration_acknowledges_by_email(self):
        complaint = self._register()
        mail = self._acknowledgements(complaint)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.subject, f"We have received your complaint {complaint.name}")
        self.assertIn(complaint.name, mail.body)
        # queued for the mail queue, not sent by the request; the copy stays once it is sent
        queued = self.env["mail.mail"].sudo().search([("mail_message_id", "=", mail.id)])
        self.assertEqual(queued.state, "outgoing")
        self.assertEqual(queued.recipient_ids, self.partner)
        self.assertTrue(queued.auto_delete)
        self.assertTrue(queued.is_notification, "the chatter copy is kept when the sent mail is deleted")
        self.assertEqual(complaint.date_acknowledged, NOW)
        ack = complaint.deadline_ids.filtered(lambda d: d.step == "acknowledge")
        self.assertEqual(ack.status, "met")

    def test_walk_in_and_anonymous_get_no_email(self):
        walk_in = self._register(channel="walk_in")
        self.assertFalse(self._acknowledgements(walk_in))
        self.assertEqual(walk_in.date_acknowledged, NOW)
        anonymous = self._register(partner_id=False, is_anonymous=True, contact_email="who@example.com")
        self.assertFalse(self._acknowledgements(anonymous))
        self.assertFalse(anonymous.date_acknowledged)
        self.assertNotIn("acknowledge", anonymous.deadline_ids.mapped("step"))

    def test_templates_speak_the_customers_language(self):
        load_chinese(self.env)
        chinese = self.env["res.partner"].create({"name": "王先生", "email": "wang@example.cn", "lang": "zh_CN"})
        complaint = self._register(partner_id=chinese.id)
        mail = self._acknowledgements(complaint)
        self.assertEqual(mail.subject, f"我们已收到您的投诉 {complaint.name}")
        self.assertIn("登记", mail.body)
        english = self._register()
        self.assertIn("We have received", self._acknowledgements(english).body)
        for xmlid in ("mail_template_complaint_extension", "mail_template_complaint_reply"):
            template = self.env.ref(f"complaint_management.{xmlid}")
            rendered = template._render_field("subject", complaint.ids, compute_lang=True)[complaint.id]
            self.assertIn(complaint.name, rendered)
            self.assertRegex(rendered, r"[\u4e00-\u9fff]")

    def test_extension_moves_the_reply_and_tells_the_customer(self):
        complaint = self._register()
        wizard_action = complaint.action_open_extension()
        with freeze_time(NOW):
            form = Form(self.env[wizard_action["res_model"]].with_context(**wizard_action["context"]))
            form.reason = "The samples are at the laboratory."
            form.date_new = datetime(2026, 3, 25, 2, 0)
            form.save().action_apply()
        reply = complaint.deadline_ids.filtered(lambda d: d.step == "reply")
        self.assertEqual(reply.date_deadline, datetime(2026, 3, 25, 2, 0))
        mail = self._customer_mails(complaint)[0]
        self.assertIn("take a little longer", mail.subject)
        self.assertIn("The samples are at the laboratory.", mail.body)
        self.assertEqual(complaint.extension_reason, "The samples are at the laboratory.")

    def test_extension_refusals_change_nothing(self):
        complaint = self._register()
        Extension = self.env["customer.complaint.extension"]
        with freeze_time(NOW):
            with self.assertRaisesRegex(UserError, "why the answer takes longer"):
                Extension.create(
                    {"complaint_id": complaint.id, "reason": " ", "date_new": datetime(2026, 4, 1)}
                ).action_apply()
            with self.assertRaisesRegex(UserError, "in the future"):
                Extension.create(
                    {"complaint_id": complaint.id, "reason": "x", "date_new": datetime(2026, 3, 1)}
                ).action_apply()
        self.assertFalse(complaint.date_extension)

    def test_send_reply_opens_the_composer_with_the_template(self):
        complaint = self._register(category_id=self.category.id, severity="minor")
        with self.assertRaisesRegex(UserError, "only possible from"):
            complaint.action_send_reply()
        complaint.action_investigate()
        with self.assertRaisesRegex(UserError, "answered after its actions are verified"):
            complaint.action_send_reply()
        self._transition(complaint, "invalid", reason="Used outside its rated voltage")
        action = complaint.action_send_reply()
        composer = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertIn("Our answer to your complaint", composer.subject)


class TestComplaintEmailIntake(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        domain = cls.env["mail.alias.domain"].create({"name": "complaints.example.com"})
        cls.company.alias_domain_id = domain
        cls.dept_quality.write({"alias_name": "quality", "alias_domain_id": domain.id})

    def _email(self, sender, subject, body, message_id, in_reply_to=None, attachment=None):
        message = MIMEMultipart()
        message["From"] = sender
        message["To"] = "quality@complaints.example.com"
        message["Subject"] = subject
        message["Message-ID"] = message_id
        message["Date"] = "Tue, 10 Mar 2026 10:00:00 +0800"
        if in_reply_to:
            message["In-Reply-To"] = in_reply_to
            message["References"] = in_reply_to
        message.attach(MIMEText(body, "plain", "utf-8"))
        if attachment:
            part = MIMEApplication(attachment[1], Name=attachment[0])
            part["Content-Disposition"] = f'attachment; filename="{attachment[0]}"'
            message.attach(part)
        return message.as_string()

    def test_email_to_a_department_files_a_complaint(self):
        raw = self._email(
            "Buyer <buyer@customer.example>",
            "Rusty kettles",
            "Three kettles of lot A are rusty.",
            "<intake-1@customer.example>",
            attachment=("photo.jpg", b"\xff\xd8fake-jpeg"),
        )
        with freeze_time(datetime(2026, 3, 12, 8, 30)):
            complaint_id = self.env["mail.thread"].message_process(None, raw)
        complaint = self.env["customer.complaint"].browse(complaint_id)
        self.assertEqual(complaint._name, "customer.complaint")
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.department_id, self.dept_quality)
        self.assertEqual(complaint.partner_id, self.partner)
        self.assertEqual(complaint.contact_email, "buyer@customer.example")
        self.assertIn("Rusty kettles", complaint.description)
        self.assertIn("rusty", complaint.description)
        # received when the mail arrives, not when its sender says it was sent (security M6)
        self.assertEqual(complaint.date_received, datetime(2026, 3, 12, 8, 30))
        self.assertIn("2026-03-10 02:00:00", complaint.description)
        self.assertRegex(complaint.name, r"^CC2026-\d{5}$")
        self.assertEqual(complaint.message_ids.attachment_ids.mapped("name"), ["photo.jpg"])
        # The customer's follow-up email lands on the same complaint.
        follow_up = self._email(
            "Buyer <buyer@customer.example>",
            "Re: Rusty kettles",
            "Two more today.",
            "<intake-2@customer.example>",
            in_reply_to="<intake-1@customer.example>",
        )
        self.env["mail.thread"].message_process(None, follow_up)
        self.assertEqual(self.env["customer.complaint"].search_count([("department_id", "=", self.dept_quality.id)]), 1)
        self.assertIn("Two more today.", complaint.message_ids[0].body)

    def test_unknown_sender_is_kept_as_contact(self):
        raw = self._email(
            "Li Lei <lilei@unknown.example>", "Late delivery", "Still waiting.", "<intake-3@unknown.example>"
        )
        complaint = self.env["customer.complaint"].browse(self.env["mail.thread"].message_process(None, raw))
        self.assertFalse(complaint.partner_id)
        self.assertEqual(complaint.contact_name, "Li Lei")
        self.assertEqual(complaint.contact_email, "lilei@unknown.example")
