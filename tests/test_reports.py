import base64
import re
import shutil
import subprocess
import unicodedata
from datetime import date

from odoo.exceptions import AccessError

from .common import ComplaintCase, ComplaintHttpCase


def _complaint_for_forms(case, lang):
    """A complaint taken through investigation, two actions (one ineffective and replaced),
    approval and a compensation, for the forms to print."""
    env = case.env
    env["complaint.routing.rule"].search([]).active = False
    env["res.lang"]._activate_lang(lang)
    env["ir.module.module"]._load_module_terms(["complaint_management"], [lang], overwrite=True)
    partner = env["res.partner"].create({"name": "Forms Customer", "lang": lang, "email": "f@customer.example"})
    handler = env["res.users"].create(
        {
            "name": "Handler Wang",
            "login": "cm_forms_handler",
            "group_ids": [(6, 0, env.ref("complaint_management.group_complaint_user").ids)],
        }
    )
    approver = env["res.users"].create(
        {
            "name": "Approver Li",
            "login": "cm_forms_manager",
            "group_ids": [(6, 0, env.ref("complaint_management.group_complaint_manager").ids)],
        }
    )
    complaint = env["customer.complaint"].create(
        {
            "partner_id": partner.id,
            "date_received": "2026-03-02 09:00:00",
            "description": "<p>Lid hinge cracked on arrival</p>",
            "category_id": env["complaint.category"].create({"name": "Forms Category"}).id,
            "severity": "major",
            "user_id": handler.id,
            "qa_user_id": approver.id,
            "team_user_ids": [(6, 0, (handler | approver).ids)],
            "root_cause_category": "machine",
            "root_cause": "Press tool worn beyond tolerance",
            "why_ids": [(0, 0, {"name": "Why 1: tool not replaced"})],
            "lessons_learned": "Tool life counter on every press",
        }
    )
    complaint.action_register()
    complaint.action_investigate()
    complaint.action_set_valid()
    complaint.action_plan_actions()
    Action = env["complaint.corrective.action"]
    vals = {"complaint_ids": [(6, 0, complaint.ids)], "user_id": handler.id, "date_planned": date(2026, 3, 5)}
    containment = Action.create({**vals, "name": "Sort stock at warehouse", "action_type": "containment"})
    corrective = Action.create({**vals, "name": "Replace press tool", "action_type": "corrective"})
    preventive = Action.create({**vals, "name": "Tool life counter", "action_type": "preventive"})
    complaint.with_user(approver).action_approve_countermeasures()
    for action in containment | corrective | preventive:
        action.action_start()
        action.action_done()
    containment.with_user(approver)._verify(True, "No cracked lids in 200 sorted")
    preventive.with_user(approver)._verify(True, "Counter installed")
    follow_up = corrective.with_user(approver)._verify(False, "Cracks again after one week")
    follow_up.action_start()
    follow_up.action_done()
    follow_up.with_user(approver)._verify(True, "Zero cracks in 3 lots")
    compensation = env["complaint.compensation"].create(
        {"complaint_id": complaint.id, "comp_type": "replacement", "description": "Two new kettles", "amount": 200.0}
    )
    compensation.action_submit()
    compensation.with_user(approver).action_approve()
    complaint.action_verify()
    complaint.action_reply()
    return complaint, corrective, follow_up


class TestReports(ComplaintCase):
    def _html(self, xmlid, records):
        return str(self.env["ir.actions.report"]._render_qweb_html(xmlid, records.ids)[0], "utf-8")

    def test_handling_form_in_chinese_with_signatures(self):
        complaint, _corrective, _follow_up = _complaint_for_forms(self, "zh_CN")
        html = self._html("complaint_management.action_report_complaint_handling", complaint)
        for expected in (
            "客户投诉处理单",
            "QR-CM-01",
            complaint.name,
            "Forms Customer",
            "Press tool worn beyond tolerance",
            "Why 1: tool not replaced",
            "Two new kettles",
            "经办",
            "审核",
            "核准人",
            "Approver Li",
            "重大",  # severity in Chinese
            "<span>机</span>",  # 6M (人机料法测环): machine
        ):
            self.assertIn(expected, html)

    def test_handling_form_in_english_for_an_english_customer(self):
        complaint, _corrective, _follow_up = _complaint_for_forms(self, "en_US")
        html = self._html("complaint_management.action_report_complaint_handling", complaint)
        self.assertIn("Customer Complaint Handling Form", html)
        self.assertIn("Prepared by", html)
        self.assertNotIn("客户投诉处理单", html)

    def test_forms_print_the_company_in_the_page(self):
        # Debian's wkhtmltopdf prints no separate header: the company is part of the form
        complaint, corrective, _follow_up = _complaint_for_forms(self, "zh_CN")
        complaint.company_id.write({"name": "Forms Company Ltd", "phone": "+86 21 5555 0101"})
        for xmlid, records in (
            ("complaint_management.action_report_complaint_handling", complaint),
            ("complaint_management.action_report_complaint_8d", complaint),
            ("complaint_management.action_report_corrective_action", corrective),
        ):
            html = self._html(xmlid, records)
            self.assertIn("Forms Company Ltd", html)
            self.assertIn("+86 21 5555 0101", html)

    def test_approved_by_falls_back_on_the_compensation_approver(self):
        complaint, _corrective, _follow_up = _complaint_for_forms(self, "en_US")
        gm = self.env["res.users"].create(
            {
                "name": "General Manager Zhou",
                "login": "cm_forms_gm",
                "group_ids": [(6, 0, self.env.ref("complaint_management.group_complaint_manager").ids)],
            }
        )
        complaint.write({"countermeasure_approver_id": False, "date_countermeasure_approved": False})
        self.env["complaint.approval"].create(
            {
                "complaint_id": complaint.id,
                "subject": "compensation",
                "tier": "general_manager",
                "decision": "approved",
                "user_id": gm.id,
                "date": "2030-01-01 10:00:00",
            }
        )
        html = self._html("complaint_management.action_report_complaint_handling", complaint)
        _prepared, reviewed, approved = re.findall(r"<td>(.*?)</td>", html[html.index("cm-signatures") :], re.S)[:3]
        self.assertIn("Approver Li", reviewed)
        self.assertIn("General Manager Zhou", approved)
        self.assertIn("01/01/2030", approved)

    def test_8d_report_has_every_discipline(self):
        complaint, corrective, _follow_up = _complaint_for_forms(self, "zh_CN")
        html = self._html("complaint_management.action_report_complaint_8d", complaint)
        positions = [html.index(f"D{n} ") for n in range(1, 9)]
        self.assertEqual(positions, sorted(positions), "D1…D8 in order")
        d3, d4, d5, d6, d7, d8 = positions[2:]
        self.assertTrue(d3 < html.index("Sort stock at warehouse") < d4)
        self.assertTrue(d5 < html.index(corrective.name) < d6)
        self.assertTrue(d6 < html.index("Zero cracks in 3 lots") < d7)
        self.assertTrue(d7 < html.index("Tool life counter<", d7) < d8)
        self.assertIn("Handler Wang", html[positions[0] : positions[1]])
        self.assertIn("Tool life counter on every press", html[d8:])
        self.assertIn("8D报告", html)

    def test_corrective_action_report(self):
        _complaint, corrective, follow_up = _complaint_for_forms(self, "zh_CN")
        html = self._html("complaint_management.action_report_corrective_action", corrective)
        for expected in ("纠正措施处理报告", "QR-CM-03", "Cracks again after one week", follow_up.name, "无效"):
            self.assertIn(expected, html)
        html = self._html("complaint_management.action_report_corrective_action", follow_up)
        self.assertIn("Zero cracks in 3 lots", html)
        self.assertIn(corrective.name, html)


class TestReportPdf(ComplaintHttpCase):
    """With the HTTP server up, wkhtmltopdf gets the report styles: the PDF is produced and its
    Chinese text is really there (it vanishes when no CJK font is installed)."""

    def test_pdf_forms_print_chinese(self):
        self.assertTrue(shutil.which("wkhtmltopdf"), "wkhtmltopdf is needed for the PDF forms")
        self.assertTrue(shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDFs back")
        complaint, corrective, _follow_up = _complaint_for_forms(self, "zh_CN")
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        for xmlid, records, title in (
            ("complaint_management.action_report_complaint_handling", complaint, "客户投诉处理单"),
            ("complaint_management.action_report_complaint_8d", complaint, "纠正措施报告"),
            ("complaint_management.action_report_corrective_action", corrective, "纠正措施处理报告"),
        ):
            pdf, kind = Report._render_qweb_pdf(xmlid, records.ids)
            self.assertEqual(kind, "pdf")
            self.assertTrue(pdf.startswith(b"%PDF"))
            text = subprocess.run(
                ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
            ).stdout.decode()
            # Only the CJK font keeps a text layer (wkhtmltopdf draws the Latin web font as
            # shapes), and pdftotext may give CJK radicals (⼤ for 大): compare NFKC forms.
            self.assertIn(title, unicodedata.normalize("NFKC", text).replace(" ", ""))
        # the reply template attaches the handling form as a real PDF
        template = self.env.ref("complaint_management.mail_template_complaint_reply")
        generated = template.with_context(force_report_rendering=True)._generate_template(
            complaint.ids, ["report_template_ids"]
        )[complaint.id]
        ((name, content),) = generated["attachments"]
        self.assertTrue(name.startswith(complaint.name) and name.endswith(".pdf"))
        self.assertTrue(base64.b64decode(content).startswith(b"%PDF"))


class TestReportAccess(ComplaintCase):
    def test_forms_follow_record_rules(self):
        complaint = self._create_complaint(department_id=self.dept_quality.id)
        Report = self.env["ir.actions.report"]
        html = Report.with_user(self.qa_user)._render_qweb_html(
            "complaint_management.action_report_complaint_handling", complaint.ids
        )[0]
        self.assertIn(complaint.name, str(html, "utf-8"))
        for user in (self.other_user, self.warehouse_user):
            with self.assertRaises(AccessError):
                Report.with_user(user)._render_qweb_html(
                    "complaint_management.action_report_complaint_handling", complaint.ids
                )
