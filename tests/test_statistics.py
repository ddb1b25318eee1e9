import base64
import io
import json
from datetime import date, datetime

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval

from .common import ComplaintCase, ComplaintHttpCase, load_chinese


class StatisticsCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        Category = cls.env["complaint.category"]
        cls.cat_quality = Category.create({"name": "Stat Quality"})
        cls.cat_quality_child = Category.create({"name": "Stat Cracks", "parent_id": cls.cat_quality.id})
        cls.cat_delivery = Category.create({"name": "Stat Delivery"})
        plan = [
            # (received, category, product, partner)
            (datetime(2025, 1, 10, 9), cls.cat_quality_child, cls.product, cls.partner),
            (datetime(2025, 1, 20, 9), cls.cat_quality, cls.product, cls.partner),
            (datetime(2025, 1, 25, 9), cls.cat_delivery, cls.product_2, cls.other_partner),
            (datetime(2025, 3, 5, 9), cls.cat_delivery, cls.product_2, cls.partner),
            (datetime(2024, 1, 15, 9), cls.cat_quality, cls.product, cls.partner),
        ]
        cls.complaints = cls.env["customer.complaint"]
        for received, category, product, partner in plan:
            cls.complaints |= cls._create_complaint(
                date_received=received,
                category_id=category.id,
                partner_id=partner.id,
                severity="general",
                claimed_amount=100.0,
                line_ids=[(0, 0, {"product_id": product.id, "quantity": 1})],
            )
        cls.complaint_b = cls.env["customer.complaint"].create(
            cls._complaint_vals(
                date_received=datetime(2025, 1, 12, 9),
                company_id=cls.company_b.id,
                partner_id=False,
                is_anonymous=True,
            )
        )
        cls.env.flush_all()

    def _book(self, kind, date_from, date_to, user=None, lang=None, companies=None):
        env = self.env(user=user or self.qa_user)
        if lang:
            env = env(context=dict(env.context, lang=lang))
        name, content = env["complaint.xlsx"].build(kind, date_from, date_to, (companies or self.company).ids)
        return name, openpyxl.load_workbook(io.BytesIO(content))

    @staticmethod
    def _rows(sheet):
        return [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0] is not None]


class TestStatisticsModel(StatisticsCase):
    def test_pivot_counts_match_the_records(self):
        Report = self.env["customer.complaint.report"].with_user(self.qa_user)
        domain = [("date_received", ">=", "2025-01-01"), ("date_received", "<", "2026-01-01")]
        by_parent = dict(Report._read_group(domain, ["parent_category_id"], ["__count"]))
        Complaint = self.env["customer.complaint"]
        for parent in (self.cat_quality, self.cat_delivery):
            expected = Complaint.search_count(
                [*domain, ("company_id", "=", self.company.id), ("category_id", "child_of", parent.id)]
            )
            self.assertEqual(by_parent[parent], expected)
        self.assertEqual(by_parent[self.cat_quality], 2, "the child category counts under its parent")

    def test_only_qa_and_managers_open_the_registers_wizard(self):
        Wizard = self.env["complaint.statistics.wizard"]
        self.assertTrue(Wizard.with_user(self.qa_user).create({"kind": "register"}))
        for user in (self.sales_user, self.warehouse_user):
            with self.assertRaises(AccessError):
                Wizard.with_user(user).create({"kind": "register"})

    def test_users_of_one_company_never_see_another(self):
        Report = self.env["customer.complaint.report"]
        self.assertNotIn(self.complaint_b.id, Report.with_user(self.qa_user).search([]).complaint_id.ids)
        self.assertEqual(Report.with_user(self.qa_user_b).search([]).complaint_id, self.complaint_b)
        with self.assertRaises(AccessError):
            Report.with_user(self.sales_user).search([])


class TestSpreadsheets(StatisticsCase):
    def test_register_lists_every_complaint_of_the_period(self):
        _name, book = self._book("register", date(2025, 1, 1), date(2025, 1, 31))
        rows = self._rows(book.worksheets[0])
        expected = self.env["customer.complaint"].search(
            [
                ("date_received", ">=", "2025-01-01"),
                ("date_received", "<", "2025-02-01"),
                ("company_id", "=", self.company.id),
            ],
            order="date_received, id",
        )
        self.assertEqual([row[0] for row in rows], expected.mapped("name"))
        self.assertEqual(rows[0][4], self.partner.display_name)
        self.assertEqual(rows[0][11], 100.0)
        self.assertEqual(book.worksheets[0].freeze_panes, "A4")

    def test_chinese_headers_for_a_chinese_user(self):
        load_chinese(self.env)
        _name, book = self._book("monthly", date(2025, 1, 1), date(2025, 1, 31), lang="zh_CN")
        self.assertEqual(book.sheetnames[0], "按投诉类别")
        self.assertEqual(book.worksheets[0].cell(3, 2).value, "投诉数")

    def test_monthly_statistics_by_category_and_customer(self):
        _name, book = self._book("monthly", date(2025, 1, 1), date(2025, 1, 31))
        by_category = {row[0]: row[1] for row in self._rows(book.worksheets[0])}
        self.assertEqual(by_category[self.cat_quality.display_name], 2)
        self.assertEqual(by_category[self.cat_delivery.display_name], 1)
        by_customer = {row[0]: row for row in self._rows(book.worksheets[3])}
        partner_count = self.env["customer.complaint"].search_count(
            [
                ("date_received", ">=", "2025-01-01"),
                ("date_received", "<", "2025-02-01"),
                ("partner_id", "=", self.partner.id),
            ]
        )
        self.assertEqual(by_customer[self.partner.display_name][1], partner_count)
        self.assertAlmostEqual(by_customer[self.partner.display_name][2], partner_count / 3)
        self.assertTrue(book.worksheets[0]._charts, "each dimension sheet has its chart")

    def test_annual_matrix_totals_and_previous_year(self):
        _name, book = self._book("annual", date(2025, 1, 1), date(2025, 12, 31))
        sheet = book.worksheets[0]
        headers = [cell.value for cell in sheet[3]]
        quality, delivery = headers.index(self.cat_quality.display_name), headers.index(self.cat_delivery.display_name)
        january, march = [cell.value for cell in sheet[4]], [cell.value for cell in sheet[6]]
        self.assertEqual((january[quality], january[delivery]), (2, 1))
        self.assertEqual(march[delivery], 1)
        total_col = headers.index("Total")
        self.assertEqual(january[total_col], 3)
        self.assertEqual(january[total_col + 1], 1, "January of the year before")
        totals = [cell.value for cell in sheet[16]]
        self.assertEqual(totals[total_col], 4)
        top = self._rows(book["Top 10 Products"])
        self.assertEqual(top[0][:2], (self.product.display_name, 2))

    def test_annual_counts_complaints_without_category(self):
        self._create_complaint(date_received=datetime(2025, 2, 3, 9), category_id=False)
        _name, book = self._book("annual", date(2025, 1, 1), date(2025, 12, 31))
        sheet = book.worksheets[0]
        headers = [cell.value for cell in sheet[3]]
        february = [cell.value for cell in sheet[5]]
        totals = [cell.value for cell in sheet[16]]
        self.assertEqual(february[headers.index("Undefined")], 1)
        self.assertEqual(february[headers.index("Total")], 1)
        category_columns = slice(1, headers.index("Total"))
        self.assertEqual(sum(totals[category_columns]), totals[headers.index("Total")], "columns add up to the total")

    def test_empty_period_gives_valid_files(self):
        for kind in ("register", "closing"):
            _name, book = self._book(kind, date(2019, 1, 1), date(2019, 1, 31))
            self.assertEqual(self._rows(book.worksheets[0]), [])
        _name, book = self._book("monthly", date(2019, 1, 1), date(2019, 1, 31))
        self.assertEqual([row[:2] for row in self._rows(book.worksheets[0])], [("Total", 0)])
        _name, book = self._book("annual", date(2019, 1, 1), date(2019, 12, 31))
        headers = [cell.value for cell in book.worksheets[0][3]]
        totals = [row[headers.index("Total")] for row in self._rows(book.worksheets[0])]
        self.assertEqual(totals, [0] * 13)

    def test_another_companys_complaints_are_not_in_the_files(self):
        _name, book = self._book(
            "register", date(2025, 1, 1), date(2025, 1, 31), user=self.qa_user_b, companies=self.company_b
        )
        self.assertEqual([row[0] for row in self._rows(book.worksheets[0])], [self.complaint_b.name])
        with self.assertRaises(AccessError):
            # a company the user does not belong to: the record rules hide it all
            self.env["customer.complaint"].with_user(self.qa_user_b).browse(self.complaints[:1].id).read(["name"])


class TestScheduledStatistics(StatisticsCase):
    def test_monthly_file_is_sent_once(self):
        Message = self.env["mail.message"]
        before = Message.search([("subject", "ilike", "complaint statistics 2025-01")])
        self.env["complaint.statistics"]._cron_send_statistics(today=date(2025, 2, 1))
        self.env["complaint.statistics"]._cron_send_statistics(today=date(2025, 2, 3))
        sent = Message.search([("subject", "ilike", "complaint statistics 2025-01")]) - before
        mine = sent.filtered(lambda m: self.manager.partner_id in m.partner_ids)
        self.assertEqual(len(mine), 1)
        self.assertEqual(len(mine.attachment_ids), 2, "the register and the statistics")
        self.assertTrue(all(name.endswith(".xlsx") for name in mine.attachment_ids.mapped("name")))


class TestSpreadsheetDownload(ComplaintHttpCase):
    def test_download_checks_access(self):
        new_test_user(self.env, "cm_stat_qa", groups="complaint_management.group_complaint_qa")
        new_test_user(self.env, "cm_stat_user", groups="complaint_management.group_complaint_user")
        other = self.env["res.company"].create({"name": "Stat Other Co"})
        url = "/complaint_management/xlsx/register?date_from=2025-01-01&date_to=2025-01-31"
        self.authenticate("cm_stat_qa", "cm_stat_qa")
        # built on a read-only cursor (the read replica when one is configured): a write would
        # be retried on the primary with a warning
        with self.assertNoLogs("odoo.http", "WARNING"):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        openpyxl.load_workbook(io.BytesIO(response.content))
        response = self.url_open(f"{url}&company_ids={other.id}")
        self.assertEqual(response.status_code, 403)
        self.authenticate("cm_stat_user", "cm_stat_user")
        self.assertEqual(self.url_open(url).status_code, 403)


class TestStatisticsForms(StatisticsCase):
    def test_annual_report_pdf_has_the_spreadsheet_figures(self):
        wizard = (
            self.env["complaint.statistics.wizard"]
            .with_user(self.qa_user)
            .create({"kind": "annual", "date_from": "2025-01-01", "date_to": "2025-12-31"})
        )
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.qa_user)
            ._render_qweb_html("complaint_management.action_report_complaint_annual", wizard.ids)[0],
            "utf-8",
        )
        self.assertIn("Annual Customer Complaint Report", html)
        self.assertIn(self.cat_delivery.display_name, html)
        self.assertIn(self.product.display_name, html)
        action = wizard.action_download()
        self.assertIn("/complaint_management/xlsx/annual?date_from=2025-01-01", action["url"])

    def test_weekly_review_lists_open_high_level_complaints(self):
        high = self.complaints[:2]
        high.write({"level_override": "high", "level_override_reason": "Review"})
        action = self.env.ref("complaint_management.customer_complaint_action_weekly_review")
        listed = self.env["customer.complaint"].search(safe_eval(action.domain))
        self.assertEqual(listed & self.complaints, high)
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "complaint_management.action_report_complaint_weekly_review", high.ids
            )[0],
            "utf-8",
        )
        for complaint in high:
            self.assertIn(complaint.name, html)
        self.assertIn("Weekly Review List", html)


class TestCategoryNames(StatisticsCase):
    def test_category_path_reads_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.cat_quality.with_context(lang="zh_CN").name = "统计质量"
        self.cat_quality_child.with_context(lang="zh_CN").name = "裂纹"
        self.assertEqual(self.cat_quality_child.with_context(lang="zh_CN").display_name, "统计质量 / 裂纹")
        self.assertEqual(self.cat_quality_child.with_context(lang="en_US").display_name, "Stat Quality / Stat Cracks")


class TestDashboard(StatisticsCase):
    def _dashboard(self):
        dashboard = self.env.ref("complaint_management.spreadsheet_dashboard_complaints")
        return dashboard, json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))

    def test_every_figure_reads_the_statistics_model(self):
        _dashboard, data = self._dashboard()
        Report = self.env["customer.complaint.report"].with_user(self.qa_user)
        for spec in data["pivots"].values():
            self.assertEqual(spec["model"], "customer.complaint.report")
            measures = [m["fieldName"] for m in spec["measures"]]
            aggregates = ["__count" if m == "__count" else f"{m}:avg" for m in measures]
            Report._read_group(spec["domain"], [r["fieldName"] for r in spec["rows"]], aggregates)
        open_pivot = next(p for p in data["pivots"].values() if p["domain"] == [["is_open", "=", True]])
        (count,) = Report._read_group(open_pivot["domain"], [], ["__count"])[0]
        expected = (
            self.env["customer.complaint"]
            .with_user(self.qa_user)
            .search_count([("state", "not in", ("closed", "provisional", "withdrawn", "cancelled"))])
        )
        self.assertEqual(count, expected)

    def test_dashboard_is_for_qa_and_managers(self):
        dashboard, _data = self._dashboard()
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(dashboard, Dashboard.with_user(self.qa_user).search([]))
        self.assertNotIn(dashboard, Dashboard.with_user(self.sales_user).search([]))
