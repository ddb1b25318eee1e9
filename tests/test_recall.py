"""Recall (召回, 002 4.2, 004-FOOD): from a complaint's lot, every customer and delivery that
received it, found from the done deliveries; told in their language; who was reached, what
they answered and what came back; the register and the notice printed. As QA, over the path
an RPC client takes."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.service.model import call_kw

from .common import ComplaintCase, load_chinese


class TestRecall(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.milk = cls.env["product.product"].create(
            {"name": "Milk Powder", "is_storable": True, "tracking": "lot", "list_price": 80.0}
        )
        cls.lot_a, cls.lot_b = cls.env["stock.lot"].create(
            [{"name": "MP-2603-A", "product_id": cls.milk.id}, {"name": "MP-2603-B", "product_id": cls.milk.id}]
        )
        for lot in (cls.lot_a, cls.lot_b):
            cls.env["stock.quant"]._update_available_quantity(cls.milk, cls.stock_location, 100, lot_id=lot)
        Partner = cls.env["res.partner"]
        cls.shop_cn = Partner.create({"name": "上海一号店", "email": "shop1@example.cn", "is_company": True})
        cls.shop_en = Partner.create({"name": "Harbour Store", "email": "harbour@example.com", "is_company": True})
        cls.shop_phone = Partner.create({"name": "Corner Shop", "is_company": True})
        cls.shop_b = Partner.create({"name": "Lot B Shop", "email": "b@example.com", "is_company": True})
        deliveries = [
            (cls.shop_cn, cls.lot_a, 10),
            (cls.shop_cn, cls.lot_a, 5),
            (cls.shop_en, cls.lot_a, 7),
            (cls.shop_phone, cls.lot_a, 3),
            (cls.shop_b, cls.lot_b, 9),
        ]
        for partner, lot, qty in deliveries:
            order = cls._create_order([(cls.milk, qty)], partner=partner)
            cls._deliver(order, lots={cls.milk: [(lot, qty)]})
        cls.complaint = cls._create_complaint(
            partner_id=cls.shop_en.id,
            line_ids=[Command.create({"product_id": cls.milk.id, "quantity": 1, "lot_id": cls.lot_a.id})],
        )
        cls.complaint.action_register()

    def _recall(self):
        action = self.complaint.with_user(self.qa_user).action_new_recall()
        Recall = self.env["complaint.recall"].with_user(self.qa_user)
        vals = {"reason": "Foreign matter found in lot MP-2603-A."}
        recall = Recall.browse(call_kw(Recall, "create", [vals], {"context": action["context"]}))
        call_kw(recall, "action_find_customers", [recall.ids], {})
        return recall

    def test_every_customer_who_received_the_lot_is_found(self):
        recall = self._recall()
        self.assertEqual(
            (recall.product_id, recall.lot_ids, recall.complaint_id), (self.milk, self.lot_a, self.complaint)
        )
        self.assertRegex(recall.name, r"^RC\d{4}-\d{4}$")
        self.assertEqual(recall.line_count, 4, "one line per delivery")
        self.assertEqual(set(recall.line_ids.partner_id), {self.shop_cn, self.shop_en, self.shop_phone})
        self.assertEqual(sum(recall.line_ids.filtered(lambda rl: rl.partner_id == self.shop_cn).mapped("quantity")), 15)
        self.assertEqual(recall.quantity_delivered, 25)
        self.assertEqual(set(recall.line_ids.mapped("lot_names")), {"MP-2603-A"})

    def test_customers_are_told_in_their_language_and_followed_up(self):
        load_chinese(self.env)
        self.shop_cn.lang = "zh_CN"
        recall = self._recall()
        before = self.env["mail.mail"].search([])
        call_kw(recall, "action_notify", [recall.ids], {})
        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(len(mails), 3, "one per delivery to a customer with an email")
        chinese = mails.filtered(lambda m: self.shop_cn.partner_share and self.shop_cn in m.recipient_ids)
        self.assertTrue(chinese)
        self.assertIn("召回", chinese[0].body_html)
        english = mails.filtered(lambda m: self.shop_en in m.recipient_ids)
        self.assertIn("We are recalling", english.body_html)
        self.assertIn("Foreign matter", english.body_html)
        self.assertEqual(recall.state, "notified")
        self.assertEqual(recall.notified_count, 4)
        self.assertIn("Corner Shop", " ".join(recall.activity_ids.mapped("summary")))
        # what came back
        line = recall.line_ids.filtered(lambda rl: rl.partner_id == self.shop_en)
        call_kw(line.with_user(self.qa_user), "write", [line.ids, {"answer": "7 boxes still in stock"}], {})
        self.assertEqual((line.state, recall.answered_count), ("answered", 1))
        with self.assertRaisesRegex(UserError, "stays as found"):
            call_kw(line.with_user(self.qa_user), "write", [line.ids, {"quantity": 1}], {})
        with self.assertRaisesRegex(UserError, "scope of a recall is fixed"):
            call_kw(recall, "write", [recall.ids, {"lot_ids": [Command.set(self.lot_b.ids)]}], {})
        # told once: notifying again tells nobody new
        before = self.env["mail.mail"].search([])
        call_kw(recall, "action_notify", [recall.ids], {})
        self.assertFalse(self.env["mail.mail"].search([]) - before)

    def test_the_register_and_the_notice_print(self):
        load_chinese(self.env)
        self.shop_cn.lang = "zh_CN"
        recall = self._recall()
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "complaint_management.action_report_recall_register", recall.ids
        )
        self.assertIn("Recall Register", html.decode())
        self.assertIn("Harbour Store", html.decode())
        notice_cn = recall.line_ids.filtered(lambda rl: rl.partner_id == self.shop_cn)[:1]
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "complaint_management.action_report_recall_notice", notice_cn.ids
        )
        self.assertIn("召回", html.decode())

    def test_only_qa_recalls_and_each_company_its_own(self):
        Recall = self.env["complaint.recall"]
        with self.assertRaises(AccessError):
            call_kw(
                Recall.with_user(self.sales_user),
                "create",
                [{"reason": "x", "product_id": self.milk.id}],
                {},
            )
        recall = self._recall()
        with self.assertRaises(AccessError):
            call_kw(recall.with_user(self.sales_user), "action_notify", [recall.ids], {})
        self.assertEqual(recall.state, "draft")
        self.assertFalse(Recall.with_user(self.qa_user_b).search([("id", "=", recall.id)]))
        line = recall.line_ids[:1]
        with self.assertRaises(AccessError):
            call_kw(line.with_user(self.sales_user), "write", [line.ids, {"answer": "None left"}], {})
        self.assertFalse(line.answer)
        Line = self.env["complaint.recall.line"]
        self.assertFalse(Line.with_user(self.qa_user_b).search([("id", "=", line.id)]))
