from contextlib import contextmanager

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user

from .common import ComplaintCase, load_chinese


class ReturnCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["complaint.routing.rule"].search([]).active = False
        cls.sales_manager = new_test_user(
            cls.env,
            "cm_sales_manager",
            groups="sales_team.group_sale_manager,complaint_management.group_complaint_user",
            name="Sales Manager",
        )
        cls.lot_product = cls.env["product.product"].create(
            {"name": "Boiler", "is_storable": True, "tracking": "lot", "list_price": 120.0, "invoice_policy": "order"}
        )
        cls.lot_a = cls.env["stock.lot"].create({"name": "LOT-A", "product_id": cls.lot_product.id})
        cls.lot_b = cls.env["stock.lot"].create({"name": "LOT-B", "product_id": cls.lot_product.id})
        Quant = cls.env["stock.quant"]
        for lot in (cls.lot_a, cls.lot_b):
            Quant._update_available_quantity(cls.lot_product, cls.stock_location, 20, lot_id=lot)
        cls.warehouse = cls.env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.quarantine = cls.warehouse._complaint_quarantine_location()
        cls.order = cls._create_order([(cls.lot_product, 10)])
        cls.order.order_line.price_unit = 120.0
        cls.delivery = cls._deliver(cls.order, lots={cls.lot_product: [(cls.lot_a, 10)]})
        cls.move = cls.delivery.move_ids

    def _return(self, quantity, lot=None, complaint=None, user=None):
        return (
            self.env["complaint.return"]
            .with_user(user or self.sales_user)
            .create(
                {
                    "sale_order_id": self.order.id,
                    "complaint_id": complaint.id if complaint else False,
                    "line_ids": [
                        (0, 0, {"origin_move_id": self.move.id, "lot_id": (lot or self.lot_a).id, "quantity": quantity})
                    ],
                }
            )
        )

    def _received(self, quantity, complaint=None):
        """A return approved by the sales manager and received in full."""
        ret = self._return(quantity, complaint=complaint)
        ret.with_user(self.sales_manager).action_approve()
        self._receive(ret, quantity)
        return ret

    def _dispositioned(self, ret, conforming, nonconforming, disposition, defect):
        """QA inspects the received line and the goods are moved as decided."""
        ret.line_ids.with_user(self.qa_user).write(
            {
                "qty_conforming": conforming,
                "qty_nonconforming": nonconforming,
                "disposition": disposition,
                "defect_description": defect,
            }
        )
        ret.with_user(self.qa_user).action_inspect()
        ret.with_user(self.qa_user).action_execute_disposition()
        return ret

    def _receive(self, ret, quantity):
        """The warehouse validates the open receipt for ``quantity`` (a backorder keeps the rest)."""
        picking = ret.picking_ids.filtered(lambda p: p.state not in ("done", "cancel")).with_user(self.warehouse_user)
        picking.move_ids.move_line_ids.quantity = quantity
        picking.move_ids.picked = True
        result = picking.button_validate()
        if isinstance(result, dict) and result.get("res_model") == "stock.backorder.confirmation":
            wizard = Form(
                self.env["stock.backorder.confirmation"].with_user(self.warehouse_user).with_context(result["context"])
            ).save()
            wizard.process()
        return picking

    @contextmanager
    def _refused(self, exception, text):
        """assertRaises rolls back to a savepoint (as a failed request does); check the message."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def _qty(self, location, lot=None):
        return self.env["stock.quant"]._get_available_quantity(
            self.lot_product, location, lot_id=lot or self.lot_a, strict=True
        )


class TestReturnQuantities(ReturnCase):
    def test_cannot_return_more_than_delivered(self):
        with self._refused(ValidationError, "only 10.0 delivered and not yet returned"):
            self._return(11)
        self.assertFalse(self.env["complaint.return"].search([("sale_order_id", "=", self.order.id)]))

    def test_earlier_returns_with_odoo_wizard_count(self):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=self.delivery.id, active_model="stock.picking")
            .create({"picking_id": self.delivery.id})
        )
        wizard.product_return_moves.quantity = 4
        wizard._create_return()
        with self._refused(ValidationError, "only 6.0 delivered"):
            self._return(7)
        self.assertEqual(self._return(6).line_ids.quantity, 6)

    def test_other_draft_returns_count(self):
        self._return(8)
        with self.assertRaises(ValidationError):
            self._return(3)

    def test_lot_must_be_given_and_delivered(self):
        with self._refused(ValidationError, "LOT-B was not delivered"):
            self._return(1, lot=self.lot_b)
        with self._refused(ValidationError, "is tracked"):
            self.env["complaint.return"].create(
                {
                    "sale_order_id": self.order.id,
                    "line_ids": [(0, 0, {"origin_move_id": self.move.id, "quantity": 1})],
                }
            )

    def test_serial_numbers_come_back_one_by_one(self):
        serial_product = self.env["product.product"].create(
            {"name": "Meter", "is_storable": True, "tracking": "serial", "list_price": 50.0}
        )
        serials = self.env["stock.lot"].create(
            [{"name": f"SN-{n}", "product_id": serial_product.id} for n in (1, 2, 3)]
        )
        for serial in serials:
            self.env["stock.quant"]._update_available_quantity(serial_product, self.stock_location, 1, lot_id=serial)
        order = self._create_order([(serial_product, 2)])
        move = self._deliver(order, lots={serial_product: [(serials[0], 1), (serials[1], 1)]}).move_ids
        Return = self.env["complaint.return"]
        with self._refused(ValidationError, "only 1.0 delivered"):
            Return.create(
                {
                    "sale_order_id": order.id,
                    "line_ids": [(0, 0, {"origin_move_id": move.id, "lot_id": serials[0].id, "quantity": 2})],
                }
            )
        with self._refused(ValidationError, "SN-3 was not delivered"):
            Return.create(
                {
                    "sale_order_id": order.id,
                    "line_ids": [(0, 0, {"origin_move_id": move.id, "lot_id": serials[2].id, "quantity": 1})],
                }
            )
        ret = Return.create(
            {
                "sale_order_id": order.id,
                "line_ids": [
                    (0, 0, {"origin_move_id": move.id, "lot_id": serial.id, "quantity": 1}) for serial in serials[:2]
                ],
            }
        )
        ret.with_user(self.sales_manager).action_approve()
        self.assertEqual(ret.picking_ids.move_ids.move_line_ids.lot_id, serials[:2])
        self.assertEqual(ret.picking_ids.move_ids.product_uom_qty, 2)

    def test_goods_of_an_approved_return_are_fixed(self):
        ret = self._return(5)
        ret.with_user(self.sales_manager).action_approve()
        with self.assertRaises(UserError):
            ret.line_ids.quantity = 4


class TestReturnFlow(ReturnCase):
    def test_only_managers_approve(self):
        ret = self._return(5)
        with self.assertRaises(AccessError):
            ret.with_user(self.sales_user).action_approve()
        self.assertEqual(ret.state, "draft")
        self.assertFalse(ret.picking_ids)

    def test_manager_refuses_with_a_reason(self):
        ret = self._return(5)
        with self._refused(UserError, "reason"):
            ret.with_user(self.sales_manager)._refuse("  ")
        with self.assertRaises(AccessError):
            ret.with_user(self.sales_user)._refuse("No")
        action = ret.with_user(self.sales_manager).action_open_refuse()
        wizard = Form(self.env[action["res_model"]].with_user(self.sales_manager).with_context(**action["context"]))
        wizard.reason = "Outside the 30-day return window"
        wizard.save().action_confirm()
        self.assertEqual(ret.state, "cancel")
        self.assertFalse(ret.picking_ids)
        self.assertIn("Outside the 30-day return window", ret.message_ids[0].body)
        self.assertEqual(ret.activity_ids.user_id, self.sales_user)
        self.assertEqual(self._return(5).line_ids.quantity, 5, "a refused return holds no quantity")

    def test_approval_creates_the_return_transfer_into_quarantine(self):
        ret = self._return(5)
        ret.with_user(self.sales_manager).action_approve()
        self.assertEqual(ret.state, "approved")
        self.assertEqual(ret.approved_by_id, self.sales_manager)
        receipt = ret.picking_ids
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(receipt.return_id, self.delivery)
        self.assertEqual(receipt.location_dest_id, self.quarantine)
        self.assertEqual(receipt.move_ids.origin_returned_move_id, self.move)
        self.assertEqual(receipt.move_ids.move_line_ids.lot_id, self.lot_a)
        self.assertEqual(receipt.move_ids.product_uom_qty, 5)

    def test_the_return_notice_tells_qa_and_the_warehouse_and_qa_hears_of_the_arrival(self):
        """000-D (二)2: QA and the warehouse are told at once; QA again when the goods arrive."""
        self.warehouse.complaint_return_user_id = self.warehouse_user
        complaint = self._create_complaint(sale_order_id=self.order.id, qa_user_id=self.qa_user.id)
        ret = self._return(5, complaint=complaint)
        ret.with_user(self.sales_manager).action_approve()
        self.assertIn("on their way", ret.activity_ids.filtered(lambda a: a.user_id == self.qa_user).summary)
        receipt_todo = ret.picking_ids.activity_ids
        self.assertEqual(receipt_todo.user_id, self.warehouse_user)
        self.assertIn(ret.name, receipt_todo.summary)
        self._receive(ret, 5)
        self.assertEqual(ret.state, "received")
        arrived = ret.activity_ids.filtered(lambda a: "arrived" in (a.summary or ""))
        self.assertEqual(arrived.user_id, self.qa_user)

    def test_partial_receipts_then_inspection_and_quarantine(self):
        ret = self._return(5)
        ret.with_user(self.sales_manager).action_approve()
        stock_before = self._qty(self.warehouse.lot_stock_id)
        self._receive(ret, 3)
        self.assertEqual(ret.state, "receiving")
        self.assertEqual(ret.line_ids.qty_received, 3)
        self._receive(ret, 2)
        self.assertEqual(ret.state, "received")
        self.assertEqual(len(ret.picking_ids), 2, "the partial receipt left a backorder")
        self.assertEqual(ret.line_ids.qty_received, 5)
        self.assertEqual(self.order.order_line.qty_delivered, 5)
        self.assertEqual(self._qty(self.quarantine), 5)

        line = ret.line_ids.with_user(self.qa_user)
        line.write({"qty_conforming": 3, "qty_nonconforming": 1, "disposition": "quarantine"})
        with self._refused(UserError, "must equal"):
            ret.with_user(self.qa_user).action_inspect()
        line.write({"qty_nonconforming": 2})
        with self._refused(UserError, "describe the defect"):
            ret.with_user(self.qa_user).action_inspect()
        line.defect_description = "Cracked enamel"
        with self.assertRaises(AccessError):
            ret.with_user(self.warehouse_user).action_inspect()
        ret.with_user(self.qa_user).action_inspect()
        self.assertEqual(ret.state, "inspected")
        self.assertEqual(line.inspector_id, self.qa_user)

        with self.assertRaises(AccessError):  # QA moves the goods it inspected
            ret.with_user(self.warehouse_user).action_execute_disposition()
        ret.with_user(self.qa_user).action_execute_disposition()
        self.assertEqual(ret.state, "done")
        self.assertEqual(self._qty(self.warehouse.lot_stock_id), stock_before + 3)
        self.assertEqual(self._qty(self.quarantine), 2)
        moves = ret.move_ids
        self.assertEqual(moves.mapped("state"), ["done"])
        self.assertEqual(moves.location_dest_id, self.warehouse.lot_stock_id)
        with self.assertRaises(UserError):
            ret.action_execute_disposition()
        self.assertEqual(ret.move_ids, moves, "nothing moves twice")

    def test_scrap_and_vendor_dispositions(self):
        ret = self._dispositioned(self._received(5), 0, 5, "scrap", "Burnt")
        scrap = ret.sudo().scrap_ids
        self.assertEqual(scrap.state, "done")
        self.assertEqual(scrap.scrap_qty, 5)
        self.assertEqual(scrap.lot_id, self.lot_a)
        self.assertEqual(self._qty(self.quarantine), 0)
        self.assertEqual(self._qty(scrap.scrap_location_id), 5)

        ret_vendor = self._dispositioned(self._received(5), 1, 4, "vendor", "Bad part")
        vendor = self.env.ref("stock.stock_location_suppliers")
        to_vendor = ret_vendor.move_ids.filtered(lambda m: m.location_dest_id == vendor)
        self.assertEqual(to_vendor.quantity, 4)
        self.assertEqual(self._qty(self.quarantine), 0)

    def test_rework_stays_in_quarantine_with_a_todo(self):
        ret = self._dispositioned(self._received(2), 0, 2, "rework", "Loose")
        self.assertFalse(ret.move_ids)
        self.assertEqual(self._qty(self.quarantine), 2)
        self.assertIn("Rework", ret.activity_ids.summary)

    def test_cancel_before_receipt(self):
        ret = self._return(5)
        ret.with_user(self.sales_manager).action_approve()
        ret.action_cancel()
        self.assertEqual(ret.state, "cancel")
        self.assertEqual(ret.picking_ids.state, "cancel")


class TestReturnResolution(ReturnCase):
    def _approve(self, compensation):
        compensation.action_submit()
        compensation.with_user(self.manager).action_approve()

    def _complaint_with_compensation(self, comp_type, amount=0.0):
        complaint = self._create_complaint(
            sale_order_id=self.order.id,
            category_id=self.category.id,
            severity="general",
            user_id=self.sales_user.id,
            department_id=self.dept_sales.id,
        )
        complaint.action_register()
        complaint.action_investigate()
        compensation = self.env["complaint.compensation"].create(
            {"complaint_id": complaint.id, "comp_type": comp_type, "description": "For the return", "amount": amount}
        )
        return complaint, compensation

    def test_credit_note_for_the_returned_quantity_at_the_invoiced_price(self):
        invoice = self.order._create_invoices()
        invoice.invoice_line_ids.price_unit = 110.0  # the price actually invoiced
        invoice.action_post()
        complaint, compensation = self._complaint_with_compensation("refund", 550.0)
        ret = self._received(5, complaint)
        with self._refused(UserError, "no approved compensation"):
            ret.action_create_credit_note()
        self._approve(compensation)
        ret.with_user(self.sales_user).action_create_credit_note()
        credit = ret.credit_note_ids
        self.assertEqual(credit.move_type, "out_refund")
        self.assertEqual(credit.reversed_entry_id, invoice)
        self.assertEqual(credit.invoice_line_ids.quantity, 5)
        self.assertAlmostEqual(credit.amount_untaxed, 5 * 110.0)
        self.assertEqual(credit.invoice_line_ids.tax_ids, invoice.invoice_line_ids.tax_ids)
        self.assertEqual(credit.state, "draft", "accounting posts it")
        with self._refused(UserError, "already has a credit note"):
            ret.action_create_credit_note()
        credit.sudo().action_post()
        self.assertEqual(self.order.order_line.qty_invoiced, 5)

    def test_nothing_invoiced_nothing_to_credit(self):
        complaint, compensation = self._complaint_with_compensation("refund", 100.0)
        self._approve(compensation)
        ret = self._received(5, complaint)
        with self._refused(UserError, "nothing to credit"):
            ret.action_create_credit_note()
        self.assertFalse(ret.sudo().credit_note_ids)

    def test_replacement_by_transfer(self):
        complaint, compensation = self._complaint_with_compensation("replacement")
        self._approve(compensation)
        ret = self._received(3, complaint)
        ret.with_user(self.sales_user).action_create_replacement()
        delivery = ret.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(delivery.move_ids.product_uom_qty, 3)
        self.assertEqual(delivery.partner_id, self.order.partner_shipping_id)
        self.assertEqual(ret.replacement_count, 1)
        with self._refused(UserError, "already has a replacement"):
            ret.action_create_replacement()

    def test_replacement_as_a_free_order_line(self):
        self.company.complaint_replacement_method = "order_line"
        complaint, compensation = self._complaint_with_compensation("replacement")
        self._approve(compensation)
        ret = self._received(2, complaint)
        ret.action_create_replacement()
        free_line = self.order.order_line.filtered(lambda line: line.price_unit == 0)
        self.assertEqual(free_line.product_uom_qty, 2)
        delivery = ret.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(delivery.move_ids.sale_line_id, free_line)

    def test_complaint_cannot_close_while_its_return_is_open(self):
        complaint, _compensation = self._complaint_with_compensation("apology")
        ret = self._return(2, complaint=complaint)
        self.assertEqual(complaint.return_count, 1)
        with self._refused(UserError, ret.name):
            complaint._action_close("call", "2026-03-10")
        ret.action_cancel()
        with self.assertRaises(UserError) as caught:
            complaint._action_close("call", "2026-03-10")
        self.assertNotIn(ret.name, str(caught.exception), "the return no longer blocks closing")

    def test_return_opened_from_the_complaint_is_prefilled(self):
        complaint = self._complaint_until(
            "action_register",
            sale_order_id=self.order.id,
            line_ids=[
                (
                    0,
                    0,
                    {
                        "move_id": self.move.id,
                        "lot_id": self.lot_a.id,
                        "product_id": self.lot_product.id,
                        "qty_delivered": 10,
                        "quantity": 4,
                    },
                )
            ],
        )
        action = complaint.action_create_return()
        form = Form(self.env["complaint.return"].with_context(**action["context"]))
        ret = form.save()
        self.assertEqual(ret.complaint_id, complaint)
        self.assertEqual(ret.sale_order_id, self.order)
        self.assertEqual(
            (ret.line_ids.origin_move_id, ret.line_ids.lot_id, ret.line_ids.quantity), (self.move, self.lot_a, 4)
        )


class TestReturnAccess(ReturnCase):
    def test_warehouse_sees_the_return_not_the_complaint(self):
        complaint = self._create_complaint(
            sale_order_id=self.order.id, contact_phone="+86 139 0000 0000", claimed_amount=900.0
        )
        ret = self._return(5, complaint=complaint)
        ret.with_user(self.sales_manager).action_approve()
        as_warehouse = ret.with_user(self.warehouse_user)
        self.assertEqual(as_warehouse.complaint_ref, complaint.name)
        self.assertEqual(as_warehouse.line_ids.quantity, 5)
        self.assertEqual(as_warehouse.partner_id, self.partner)
        with self.assertRaises(AccessError):
            as_warehouse.complaint_id  # noqa: B018
        with self.assertRaises(AccessError):
            complaint.with_user(self.warehouse_user).read(["contact_phone"])
        with self.assertRaises(AccessError):
            self.env["complaint.compensation"].with_user(self.warehouse_user).search([])
        with self.assertRaises(AccessError):
            as_warehouse.credit_note_ids  # noqa: B018
        # receiving is theirs
        self._receive(ret, 5)
        self.assertEqual(ret.state, "received")

    def test_other_company_and_other_handlers_see_nothing(self):
        ret = self._return(5)
        self.assertFalse(self.env["complaint.return"].with_user(self.qa_user_b).search([("id", "=", ret.id)]))
        self.assertFalse(self.env["complaint.return"].with_user(self.other_user).search([("id", "=", ret.id)]))
        self.assertTrue(self.env["complaint.return"].with_user(self.sales_user).search([("id", "=", ret.id)]))
        with self.assertRaises(AccessError):
            ret.with_user(self.warehouse_user).unlink()
        with self.assertRaises(AccessError):
            self.env["complaint.return.refuse"].with_user(self.warehouse_user).create(
                {"return_id": ret.id, "reason": "No"}
            )
        with self.assertRaises(AccessError):
            self.env["complaint.return"].with_user(self.warehouse_user).create({"sale_order_id": self.order.id})


class TestReturnQueries(ReturnCase):
    def test_approving_fifty_lines_costs_what_odoo_return_wizard_costs(self):
        """Odoo's own return wizard copies each move (its queries grow with the lines); the
        approval around it adds only a constant number of queries."""
        products = self.env["product.product"].create(
            [{"name": f"Part {n}", "is_storable": True, "list_price": 5.0} for n in range(50)]
        )
        for product in products:
            self.env["stock.quant"]._update_available_quantity(product, self.stock_location, 10)
        moves_a = self._deliver(self._create_order([(product, 2) for product in products])).move_ids
        moves_b = self._deliver(self._create_order([(product, 2) for product in products])).move_ids

        def count(function):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            function()
            self.env.flush_all()
            return self.cr.sql_log_count - before

        wizard = self.env["stock.return.picking"].create(
            {
                "picking_id": moves_a.picking_id.id,
                "product_return_moves": [
                    (0, 0, {"product_id": m.product_id.id, "move_id": m.id, "quantity": 1}) for m in moves_a
                ],
            }
        )
        odoo_alone = count(wizard._create_return)
        ret = self.env["complaint.return"].create(
            {
                "sale_order_id": moves_b.sale_line_id.order_id.id,
                "line_ids": [(0, 0, {"origin_move_id": m.id, "quantity": 1}) for m in moves_b],
            }
        )
        approval = count(ret.with_user(self.sales_manager).action_approve)
        self.assertEqual(len(ret.picking_ids.move_ids), 50)
        self.assertLessEqual(approval, odoo_alone + 60, f"approval {approval} vs Odoo's wizard {odoo_alone}")


class TestReturnForms(ReturnCase):
    def test_return_note_and_analysis_in_the_customers_language(self):
        """An English-speaking user printing for a Chinese customer gets the forms in Chinese."""
        load_chinese(self.env)
        self.partner.lang = "zh_CN"
        complaint = self._create_complaint(sale_order_id=self.order.id, root_cause="Enamel fired too hot")
        ret = self._received(5, complaint)
        ret.line_ids.reason = "Cracked enamel"
        self._dispositioned(ret, 3, 2, "quarantine", "Cracks")
        self.assertEqual(self.env.user.lang, "en_US")
        Report = self.env["ir.actions.report"]
        note = str(Report._render_qweb_html("complaint_management.action_report_return_note", ret.ids)[0], "utf-8")
        for expected in (
            "退货单",
            "验收单",
            "QR-CM-04",
            ret.name,
            complaint.name,
            "LOT-A",
            "Cracked enamel",
            "Sales Manager",
            "经办",
            "审核",
            "核准人",
        ):
            self.assertIn(expected, note)
        analysis = str(
            Report.with_user(self.warehouse_user)._render_qweb_html(
                "complaint_management.action_report_return_analysis", ret.ids
            )[0],
            "utf-8",
        )
        for expected in ("退货分析处理报告", "QR-CM-05", "实收数量", "Cracks", "隔离存放"):
            self.assertIn(expected, analysis)
        for expected in ("Enamel fired too hot", "QA"):
            self.assertIn(expected, analysis)
