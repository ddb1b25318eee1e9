import base64
import json
from datetime import date, datetime

from odoo.tests import Form

from .common import load_chinese
from .test_statistics import StatisticsCase


class CauseAnalysisCase(StatisticsCase):
    """January 2025: five complaints with their causes, departments and suppliers at fault,
    customers in two provinces; three of them closed, two followed up."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cn = cls.env.ref("base.cn")
        cls.guangdong = cls.env["res.country.state"].search([("country_id", "=", cls.cn.id)], limit=1)
        cls.zhejiang = cls.env["res.country.state"].search(
            [("country_id", "=", cls.cn.id), ("id", "!=", cls.guangdong.id)], limit=1
        )
        cls.partner.write({"country_id": cls.cn.id, "state_id": cls.guangdong.id})
        cls.other_partner.write({"country_id": cls.cn.id, "state_id": cls.zhejiang.id})
        Partner = cls.env["res.partner"]
        cls.supplier_a = Partner.create({"name": "Supplier Hinges", "is_company": True})
        cls.supplier_b = Partner.create({"name": "Supplier Paint", "is_company": True})
        plan = [
            # (partner, cause, department at fault, supplier)
            (cls.partner, "material", cls.dept_logistics, cls.supplier_a),
            (cls.partner, "material", cls.dept_logistics, cls.supplier_a),
            (cls.other_partner, "material", cls.dept_quality, cls.supplier_b),
            (cls.other_partner, "man", cls.dept_quality, False),
            (cls.partner, "machine", cls.dept_quality, False),
        ]
        cls.analysed = cls.env["customer.complaint"]
        for day, (partner, cause, department, supplier) in enumerate(plan, start=2):
            cls.analysed |= cls._create_complaint(
                date_received=datetime(2025, 1, day, 9),
                partner_id=partner.id,
                root_cause_category=cause,
                responsible_department_id=department.id,
                is_supplier_cause=bool(supplier),
                supplier_id=supplier and supplier.id,
                severity="major",
                department_id=department.id,
                line_ids=[(0, 0, {"product_id": cls.product.id, "quantity": 2})] if supplier == cls.supplier_a else [],
            )
        closed = cls.env.ref("complaint_management.stage_closed")
        for complaint, followed_up in zip(cls.analysed[:3], (True, True, False), strict=True):
            complaint._step_write(
                {
                    "stage_id": closed.id,
                    "date_closed": datetime(2025, 1, 20, 9),
                    "date_followed_up": followed_up and datetime(2025, 1, 25, 9),
                }
            )
        cls.env.flush_all()

    def _january(self):
        return self.env["customer.complaint"].search(
            [
                ("date_received", ">=", "2025-01-01"),
                ("date_received", "<", "2025-02-01"),
                ("company_id", "=", self.company.id),
            ]
        )

    def _sheet(self, book, name):
        return {row[0]: row for row in self._rows(book[name])}


class TestCauseAnalysis(CauseAnalysisCase):
    def test_pareto_of_causes_most_frequent_first_and_cumulated(self):
        _name, book = self._book("monthly", date(2025, 1, 1), date(2025, 1, 31))
        rows = self._rows(book["Pareto of Causes"])
        *causes, total = rows
        january = self._january()
        labels = dict(self.env["customer.complaint"]._fields["root_cause_category"].selection)
        expected = {}
        for complaint in january.filtered("root_cause_category"):
            label = labels[complaint.root_cause_category]
            expected[label] = expected.get(label, 0) + 1
        self.assertEqual({row[0]: row[1] for row in causes}, expected)
        counts = [row[1] for row in causes]
        self.assertEqual(counts, sorted(counts, reverse=True), "the most frequent cause first")
        self.assertEqual(total[1], sum(expected.values()))
        self.assertAlmostEqual(causes[-1][3], 1.0, msg="the cumulative share ends at 100 %")
        self.assertAlmostEqual(causes[1][3], (counts[0] + counts[1]) / sum(counts))
        self.assertTrue(book["Pareto of Causes"]._charts, "the Pareto has its chart")

    def test_pareto_of_suppliers_counts_complaints_at_fault(self):
        _name, book = self._book("monthly", date(2025, 1, 1), date(2025, 1, 31))
        *suppliers, total = self._rows(book["Pareto of Suppliers"])
        self.assertEqual(
            [(row[0], row[1]) for row in suppliers],
            [(self.supplier_a.display_name, 2), (self.supplier_b.display_name, 1)],
        )
        self.assertEqual(total[1], 3)
        self.assertAlmostEqual(suppliers[0][2], 2 / 3)

    def test_department_at_fault_region_severity_and_level_sheets(self):
        _name, book = self._book("monthly", date(2025, 1, 1), date(2025, 1, 31))
        january = self._january()
        at_fault = self._sheet(book, "By Department at Fault")
        for department in (self.dept_logistics, self.dept_quality):
            expected = len(january.filtered(lambda c, d=department: c.responsible_department_id == d))
            self.assertEqual(at_fault[department.display_name][1], expected)
        regions = self._sheet(book, "By Region")
        for state in (self.guangdong, self.zhejiang):
            expected = len(january.filtered(lambda c, s=state: c.commercial_partner_id.state_id == s))
            self.assertEqual(regions[state.display_name][1], expected)
        severities = self._sheet(book, "By Severity")
        self.assertEqual(severities["Major"][1], len(january.filtered(lambda c: c.severity == "major")))
        levels = self._sheet(book, "By Level")
        self.assertEqual(sum(row[1] for label, row in levels.items() if label != "Total"), len(january))

    def test_open_backlog_per_department(self):
        _name, book = self._book("monthly", date(2025, 1, 1), date(2025, 1, 31))
        backlog = self._sheet(book, "Open Backlog")
        Complaint = self.env["customer.complaint"]
        open_domain = [
            ("state", "not in", ("closed", "provisional", "withdrawn", "cancelled")),
            ("date_received", "<", "2025-02-01"),
            ("company_id", "=", self.company.id),
        ]
        for department in (self.dept_quality, self.dept_logistics):
            expected = Complaint.search_count([*open_domain, ("department_id", "=", department.id)])
            if expected:
                self.assertEqual(backlog[department.display_name][1], expected)
            else:
                self.assertNotIn(department.display_name, backlog)
        self.assertEqual(backlog["Total"][1], Complaint.search_count(open_domain))

    def test_followup_coverage_counts_closed_complaints_only(self):
        Report = self.env["customer.complaint.report"].with_user(self.qa_user)
        ((rate,),) = Report._read_group([("complaint_id", "in", self.analysed.ids)], [], ["followup_rate:avg"])
        self.assertAlmostEqual(rate, 200 / 3, msg="two of the three closed complaints were followed up")
        _name, book = self._book("monthly", date(2025, 1, 1), date(2025, 1, 31))
        total = self._sheet(book, "By Category")["Total"]
        self.assertAlmostEqual(total[9], 2 / 3, msg="the coverage rate of the month, closed complaints only")

    def test_pivot_groups_by_cause_supplier_and_region(self):
        Report = self.env["customer.complaint.report"].with_user(self.qa_user)
        domain = [("complaint_id", "in", self.analysed.ids)]
        by_supplier = dict(Report._read_group(domain, ["supplier_id"], ["__count"]))
        self.assertEqual(by_supplier[self.supplier_a], 2)
        by_cause = dict(Report._read_group(domain, ["root_cause_category"], ["__count"]))
        self.assertEqual(by_cause["material"], 3)
        by_state = dict(Report._read_group(domain, ["state_id"], ["__count"]))
        self.assertEqual(by_state[self.guangdong], 3)

    def test_pareto_sheets_read_in_chinese(self):
        load_chinese(self.env)
        _name, book = self._book("monthly", date(2025, 1, 1), date(2025, 1, 31), lang="zh_CN")
        self.assertIn("原因柏拉图", book.sheetnames)
        self.assertIn("未结案件", book.sheetnames)
        causes = [row[0] for row in self._rows(book["原因柏拉图"])]
        self.assertIn("料", causes)


class TestSupplierPage(CauseAnalysisCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the supplier delivered 2,000 units; 4 were complained about in its complaints at fault
        supplier_location = cls.env.ref("stock.stock_location_suppliers")
        warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        picking = cls.env["stock.picking"].create(
            {
                "partner_id": cls.supplier_a.id,
                "picking_type_id": warehouse.in_type_id.id,
                "location_id": supplier_location.id,
                "location_dest_id": warehouse.lot_stock_id.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 2000,
                            "location_id": supplier_location.id,
                            "location_dest_id": warehouse.lot_stock_id.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.quantity = 2000
        picking.button_validate()

    def test_supplier_page_counts_its_complaints_and_rate(self):
        supplier = self.supplier_a.with_user(self.qa_user)
        self.assertEqual(supplier.supplier_complaint_count, 2)
        self.assertEqual(supplier.supplier_received_qty, 2000)
        self.assertEqual(supplier.supplier_complained_qty, 4)
        self.assertAlmostEqual(supplier.supplier_complaint_ppm, 2000.0, msg="4 of 2,000 units: 2,000 PPM")
        action = supplier.action_view_supplier_complaints()
        shown = self.env["customer.complaint"].with_user(self.qa_user).search(action["domain"])
        self.assertEqual(shown, self.analysed.filtered(lambda c: c.supplier_id == self.supplier_a))
        self.assertEqual(self.supplier_b.with_user(self.qa_user).supplier_complaint_ppm, 0.0, "nothing received")

    def test_supplier_figures_are_for_complaint_users_only(self):
        form = Form(self.supplier_a.with_user(self.qa_user))
        self.assertEqual(form.supplier_complaint_count, 2)
        self.assertNotIn("supplier_complaint_count", self.supplier_a.with_user(self.warehouse_user).fields_get())


class TestCauseDashboard(CauseAnalysisCase):
    def test_dashboard_ranks_causes_and_suppliers_and_shows_coverage(self):
        dashboard = self.env.ref("complaint_management.spreadsheet_dashboard_complaints")
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        by_rows = {tuple(r["fieldName"] for r in p["rows"]): p for p in data["pivots"].values()}
        Report = self.env["customer.complaint.report"].with_user(self.qa_user)
        for field in ("root_cause_category", "supplier_id"):
            spec = by_rows[(field,)]
            groups = dict(Report._read_group(spec["domain"], [field], ["__count"]))
            self.assertNotIn(False, groups, "the ranking leaves out complaints where it is unknown")
        coverage = next(p for p in data["pivots"].values() if p["measures"][0]["fieldName"] == "followup_rate")
        ((rate,),) = Report._read_group(coverage["domain"], [], ["followup_rate:avg"])
        closed = self.env["customer.complaint"].search([("state", "=", "closed"), ("is_malicious", "=", False)])
        self.assertAlmostEqual(rate, 100 * len(closed.filtered("date_followed_up")) / len(closed))
