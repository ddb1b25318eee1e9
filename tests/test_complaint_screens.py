"""What each role reads on its screens: a subject as the complaint's title, the next step named
in the reader's language, one dialog title per step, the warehouse's returns to receive."""

from datetime import timedelta

from odoo import fields
from odoo.service.model import call_kw

from .common import ComplaintCase, load_chinese
from .test_returns import ReturnCase


def has_latin(text):
    return any("a" <= ch.lower() <= "z" for ch in text)


class TestComplaintSubject(ComplaintCase):
    def _filed(self, **vals):
        """Created over RPC by the sales rep, as an API client would, without a subject."""
        vals = {"partner_id": self.partner.id, **vals}
        complaint_id = call_kw(self.env["customer.complaint"].with_user(self.sales_user), "create", [vals], {})
        return self.env["customer.complaint"].browse(complaint_id)

    def test_a_subject_not_sent_is_taken_from_the_description(self):
        complaint = self._filed(description="<p>锅炉进水口漏水，</p><p>使用两周后出现</p>")
        self.assertEqual(complaint.subject, "锅炉进水口漏水， 使用两周后出现")
        long_text = "漏" * 200
        complaint = self._filed(description=f"<p>{long_text}</p>")
        self.assertEqual(len(complaint.subject), 80)
        self.assertTrue(complaint.subject.endswith("…"))

    def test_without_description_the_products_name_the_complaint(self):
        complaint = self._filed(line_ids=[(0, 0, {"product_id": self.product.id, "quantity": 2})])
        self.assertEqual(complaint.subject, self.product.display_name)

    def test_a_subject_given_is_kept(self):
        complaint = self._filed(subject="Kettle lid breaks", description="<p>盖子断了</p>")
        self.assertEqual(complaint.subject, "Kettle lid breaks")
        complaint.with_user(self.sales_user).description = "<p>Another description</p>"
        self.assertEqual(complaint.subject, "Kettle lid breaks")

    def test_a_cleared_subject_and_older_complaints_get_one_again(self):
        complaint = self._filed(subject="Temporary", description="<p>锅炉漏水</p>")
        complaint.with_user(self.sales_user).subject = False
        self.assertEqual(complaint.subject, "锅炉漏水")
        # complaints filed before subjects existed (the upgrade's data step fills them)
        self.env.cr.execute("UPDATE customer_complaint SET subject = NULL WHERE id = %s", [complaint.id])
        complaint.invalidate_recordset(["subject"])
        self.env["customer.complaint"]._fill_missing_subjects()
        self.assertEqual(complaint.subject, "锅炉漏水")

    def test_the_subject_finds_the_complaint(self):
        complaint = self._filed(description="<p>锅炉进水口漏水</p>")
        found = self.env["customer.complaint"].with_user(self.sales_user).name_search("进水口")
        self.assertIn(complaint.id, [record_id for record_id, _name in found])


class TestStatusbar(ComplaintCase):
    def test_the_statusbar_shows_the_path_to_closed(self):
        """It used to stop before 已结案 (a folded stage) and show the waiting column mid-way."""
        complaint = self._complaint_until("action_register")
        Stage = self.env["complaint.stage"]
        shown = complaint.statusbar_stage_ids
        self.assertEqual(
            shown.mapped("state"), ["new", "registered", "investigating", "action", "verification", "replied", "closed"]
        )
        self.assertNotIn(self.env.ref("complaint_management.stage_waiting_customer"), shown)
        form = complaint.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("[('id', 'in', statusbar_stage_ids)]", form)
        # a side exit appears once reached
        self._transition(complaint, "withdraw", reason="Solved with the customer directly")
        self.assertIn(Stage._stage_for_state("withdrawn"), complaint.statusbar_stage_ids)


class TestReaderLanguage(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_chinese(cls.env)

    def _step_label(self, complaint, lang):
        field = complaint.with_context(lang=lang).fields_get(["deadline_next_step"])["deadline_next_step"]
        return dict(field["selection"])[complaint.deadline_next_step]

    def test_the_next_step_due_reads_in_the_readers_language(self):
        """Stored in English by whoever registered it, the weekly review printed "Solution Proposed"."""
        complaint = self._complaint_until("action_register", level_override="high", level_override_reason="x")
        self.assertTrue(complaint.deadline_next_step)
        chinese = self._step_label(complaint, "zh_CN")
        self.assertFalse(has_latin(chinese), chinese)
        html = str(
            self.env["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render_qweb_html("complaint_management.action_report_complaint_weekly_review", complaint.ids)[0],
            "utf-8",
        )
        self.assertIn(chinese, html)
        self.assertNotIn(self._step_label(complaint, "en_US"), html)
        deadline = fields.Datetime.context_timestamp(complaint, complaint.date_deadline_next)
        self.assertNotIn(deadline.strftime("%H:%M:%S"), html, "dates print without seconds")

    def test_the_level_reason_reads_in_chinese_with_a_formatted_amount(self):
        """It read "claimed amount reaches 50000.0; category Product Quality / Personal Injury"."""
        self.company.complaint_level_amount = 50000
        category = self.env["complaint.category"].create({"name": "Burn Injury", "is_high_level": True})
        category.with_context(lang="zh_CN").name = "烫伤"
        complaint = self._create_complaint(claimed_amount=80000, category_id=category.id)
        reason = complaint.with_context(lang="zh_CN").level_reason
        self.assertIn("烫伤", reason)
        self.assertIn("50,000.00", reason)
        self.assertFalse(has_latin(reason), reason)

    def test_missed_deadlines_are_written_in_the_handlers_language(self):
        self.qa_user.lang = "zh_CN"
        complaint = self._complaint_until("action_register", user_id=self.qa_user.id)
        line = complaint.deadline_ids[:1]
        line.sudo().date_deadline = fields.Datetime.now() - timedelta(hours=1)
        self.env["customer.complaint"]._notify_missed(line)
        todo = complaint.activity_ids.filtered(lambda a: a.user_id == self.qa_user)
        self.assertTrue(todo.summary)
        self.assertFalse(has_latin(todo.summary), todo.summary)

    def test_each_step_dialog_has_its_own_title(self):
        complaint = self._complaint_until("action_investigate").with_user(self.qa_user).with_context(lang="zh_CN")
        titles = {
            step: complaint.with_context(complaint_step=step).action_open_transition()["name"]
            for step in ("invalid", "close", "provisional", "withdraw", "reopen")
        }
        self.assertEqual(len(set(titles.values())), len(titles), titles)
        self.assertEqual(titles["close"], "结案")
        self.assertFalse(any(has_latin(title) for title in titles.values()), titles)


class TestWarehouseLanding(ReturnCase):
    def test_the_warehouse_lands_on_returns_to_receive(self):
        menu = self.env.ref("complaint_management.complaint_return_stock_menu")
        action = menu.action
        self.assertEqual(action.context, "{'search_default_to_receive': 1}")
        kanban = self.env["complaint.return"].get_views([(action.view_ids.view_id.id, "kanban")])
        self.assertNotIn("default_group_by", kanban["views"]["kanban"]["arch"], "cards, not status columns")
        draft = self._return(2)
        approved = self._return(3)
        approved.with_user(self.sales_manager).action_approve()
        Return = self.env["complaint.return"].with_user(self.warehouse_user)
        to_receive = Return.search([("id", "in", (draft | approved).ids), ("state", "in", ("approved", "receiving"))])
        self.assertEqual(to_receive, approved)
        # the card shows what comes back and when
        as_warehouse = approved.with_user(self.warehouse_user)
        self.assertEqual(as_warehouse.goods_summary, f"3 × {self.lot_product.display_name}")
        receipt = approved.picking_ids
        self.assertEqual(as_warehouse.date_expected, receipt.scheduled_date)
        # the receipt links back to its return
        back = receipt.with_user(self.warehouse_user).action_view_complaint_return()
        self.assertEqual((back["res_model"], back["res_id"]), ("complaint.return", approved.id))
        self._receive(approved, 3)
        self.assertFalse(as_warehouse.date_expected, "nothing more expected once received")
