"""Each role does its main job from its landing page, in a Chinese interface. The steps find
buttons and fields by name and check that the next step is the first, primary button; nothing
depends on the window's width or the fonts."""

from datetime import date

from odoo.tests import new_test_user

from .common import ComplaintHttpCase, load_chinese

USER = "base.group_user,complaint_management.group_complaint_user"
QA = "base.group_user,complaint_management.group_complaint_qa"


class ChineseTourCase(ComplaintHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)
        cls.env["complaint.routing.rule"].search([]).active = False

    @classmethod
    def _user(cls, login, groups):
        return new_test_user(cls.env, login, groups=groups, lang="zh_CN", tz="Asia/Shanghai")


class TestComplaintTour(ChineseTourCase):
    def test_sales_rep_files_complaint_from_order(self):
        rep = self._user("cm_tour_rep", f"{USER},sales_team.group_sale_salesman")
        product = self.env["product.product"].create({"name": "Tour Kettle", "type": "consu"})
        partner = self.env["res.partner"].create({"name": "Tour Customer"})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": rep.id,
                "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 4})],
            }
        )
        order.action_confirm()
        order.picking_ids.move_ids.write({"quantity": 4, "picked": True})
        order.picking_ids.with_context(skip_sms=True).button_validate()

        self.start_tour(f"/odoo/action-sale.action_orders/{order.id}", "complaint_file_from_order", login=rep.login)

        complaint = self.env["customer.complaint"].search([("sale_order_id", "=", order.id)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.state, "registered")
        self.assertEqual(complaint.salesperson_id, rep)
        self.assertEqual(complaint.line_ids.product_id, product)
        self.assertEqual(complaint.line_ids.move_id, order.picking_ids.move_ids)
        self.assertEqual(complaint.line_ids.qty_delivered, 4)
        self.assertEqual(complaint.line_ids.quantity, 2, "the rep's partial quantity, not everything delivered")
        self.assertIn("盖子关不上", complaint.description)
        self.assertEqual(complaint.subject, "两个水壶的盖子关不上。")

    def test_qa_classifies_in_chinese_and_follows_the_primary_button(self):
        qa = self._user("cm_tour_qa", QA)
        category = self.env["complaint.category"].create({"name": "Tour Cosmetic Defect"})
        category.with_context(lang="zh_CN").name = "外观瑕疵"
        complaint = self.env["customer.complaint"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Tour QA Customer"}).id,
                "description": "<p>水壶盖子关不上</p>",
                "qa_user_id": qa.id,
            }
        )
        complaint.action_register()

        self.start_tour("/odoo/complaints", "complaint_qa_procedure", login=qa.login)

        self.assertEqual(complaint.category_id, category)
        self.assertEqual(complaint.severity, "general")
        self.assertEqual((complaint.state, complaint.validity), ("action", "valid"))

    def test_manager_approves_from_to_approve(self):
        manager = self._user("cm_tour_manager", f"{USER},complaint_management.group_complaint_manager")
        qa = self._user("cm_tour_qa2", QA)
        department = self.env["complaint.department"].create({"name": "Tour Quality", "manager_id": manager.id})
        category = self.env["complaint.category"].create({"name": "Tour Leak"})
        complaint = self.env["customer.complaint"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Tour Boiler Owner"}).id,
                "description": "<p>锅炉漏水</p>",
                "category_id": category.id,
                "severity": "major",
                "department_id": department.id,
                "user_id": qa.id,
                "root_cause_category": "material",
                "root_cause": "Gasket supplier changed the rubber compound",
            }
        )
        for step in ("action_register", "action_investigate", "action_set_valid", "action_plan_actions"):
            getattr(complaint, step)()
        self.env["complaint.corrective.action"].create(
            {
                "name": "Replace the gasket supplier",
                "complaint_ids": [(6, 0, complaint.ids)],
                "user_id": qa.id,
                "date_planned": date(2026, 12, 1),
            }
        )
        self.assertTrue(complaint.with_user(manager).is_waiting_my_approval)

        self.start_tour("/odoo/complaints-to-approve", "complaint_manager_approval", login=manager.login)

        self.assertTrue(complaint.date_countermeasure_approved)
        self.assertEqual(complaint.approval_ids.user_id, manager)


class TestReturnTour(ChineseTourCase):
    def test_warehouse_receives_a_return_from_its_landing_view(self):
        warehouse_user = self._user("cm_tour_wh", "base.group_user,stock.group_stock_user,stock.group_production_lot")
        product = self.env["product.product"].create({"name": "Tour Boiler", "is_storable": True, "tracking": "lot"})
        lot = self.env["stock.lot"].create({"name": "TOUR-LOT", "product_id": product.id})
        stock = self.env.ref("stock.stock_location_stock")
        self.env["stock.quant"]._update_available_quantity(product, stock, 10, lot_id=lot)
        partner = self.env["res.partner"].create({"name": "Tour Boiler Customer"})
        order = self.env["sale.order"].create(
            {"partner_id": partner.id, "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 4})]}
        )
        order.action_confirm()
        delivery = order.picking_ids
        delivery.action_assign()
        delivery.move_ids.picked = True
        delivery.with_context(skip_sms=True).button_validate()
        complaint = self.env["customer.complaint"].create(
            {"partner_id": partner.id, "sale_order_id": order.id, "description": "<p>Leaks</p>"}
        )
        ret = self.env["complaint.return"].create(
            {
                "sale_order_id": order.id,
                "complaint_id": complaint.id,
                "line_ids": [(0, 0, {"origin_move_id": delivery.move_ids.id, "lot_id": lot.id, "quantity": 2})],
            }
        )
        ret.action_approve()

        self.start_tour("/odoo/complaint-returns-to-receive", "complaint_return_warehouse", login=warehouse_user.login)
        self.assertEqual(ret.state, "received")
        self.assertEqual(ret.received_by_id, warehouse_user)
