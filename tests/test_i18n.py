import pathlib

import polib

from odoo.tools.translate import TranslationModuleReader

from .common import ComplaintCase

I18N = pathlib.Path(__file__).resolve().parent.parent / "complaint_management" / "i18n"


class TestTranslations(ComplaintCase):
    def test_every_string_is_in_the_template_and_translated(self):
        terms = {
            source for _m, _t, _n, _r, source, _v, _c in TranslationModuleReader(self.cr, ["complaint_management"])
        }
        self.assertGreater(len(terms), 100)
        template = {entry.msgid for entry in polib.pofile(str(I18N / "complaint_management.pot"))}
        self.assertEqual(terms - template, set(), "strings missing from the .pot: run scripts/dev.sh i18n")
        for lang in ("zh_CN", "zh_TW"):
            po = polib.pofile(str(I18N / f"{lang}.po"))
            translated = {entry.msgid for entry in po if entry.msgstr and "fuzzy" not in entry.flags}
            self.assertEqual(terms - translated, set(), f"strings not translated in {lang}.po")

    def test_chinese_user_reads_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"], overwrite=True)
        Complaint = self.env["customer.complaint"].with_context(lang="zh_CN")
        self.assertEqual(Complaint.fields_get(["severity"])["severity"]["string"], "级别")
        severities = dict(Complaint.fields_get(["severity"])["severity"]["selection"])
        self.assertEqual(severities["critical"], "严重")
        self.assertEqual(
            self.env.ref("complaint_management.complaint_category_injury").with_context(lang="zh_CN").name,
            "质量问题人身伤害",
        )
        complaint = self._create_complaint().with_context(lang="zh_CN")
        with self.assertRaisesRegex(Exception, "开始调查前请设置投诉类型和级别"):
            complaint.action_register()
            complaint.action_investigate()
        with self.assertRaisesRegex(Exception, "当前状态为“已登记”：此步骤只能从以下状态执行：纠正措施"):
            complaint.action_verify()
