import pathlib
import re

import polib

from odoo.tools.translate import TranslationModuleReader

from .common import ComplaintCase, load_chinese

I18N = pathlib.Path(__file__).resolve().parent.parent / "complaint_management" / "i18n"

# The README's glossary: an English term in a string -> the word its translation must use, and
# words that must never appear (they meant something else, or were a second word for one thing).
GLOSSARY = {
    "zh_CN": {
        "terms": [
            (r"\bseverity\b", "严重程度"),
            (r"\bhigh[ -]level\b", "高等级"),
            (r"\bcorrective actions?\b", "纠正措施"),
            (r"\bsatisfaction rate\b", "满意率"),
            (r"\bcountermeasures?\b", "对策"),
            (r"\bapprov(e|ed)\b", "核准"),
        ],
        "never": ["级别", "矫正", "严重度"],
        "exact": {"Close": "关闭", "Close Complaint": "结案", "Level": "等级", "Pending": "待判定"},
    },
    "zh_TW": {
        "terms": [
            (r"\bseverity\b", "嚴重程度"),
            (r"\bhigh[ -]level\b", "高等級"),
            (r"\bcorrective actions?\b", "糾正措施"),
            (r"\bsatisfaction rate\b", "滿意率"),
            (r"\bcountermeasures?\b", "對策"),
            (r"\bapprov(e|ed)\b", "核准"),
        ],
        "never": ["級別", "矯正", "嚴重度", "核準"],
        "exact": {"Close": "關閉", "Close Complaint": "結案", "Level": "等級", "Pending": "待判定"},
    },
}


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

    def test_translations_use_the_glossary(self):
        for lang, glossary in GLOSSARY.items():
            po = polib.pofile(str(I18N / f"{lang}.po"))
            wrong = []
            for entry in po:
                for pattern, word in glossary["terms"]:
                    if re.search(pattern, entry.msgid, re.IGNORECASE) and word not in entry.msgstr:
                        wrong.append((entry.msgid, entry.msgstr, f"should say {word}"))
                wrong += [(entry.msgid, entry.msgstr, f"never {w}") for w in glossary["never"] if w in entry.msgstr]
                if entry.msgid in glossary["exact"] and entry.msgstr != glossary["exact"][entry.msgid]:
                    wrong.append((entry.msgid, entry.msgstr, f"is {glossary['exact'][entry.msgid]}"))
            self.assertEqual(wrong, [], f"{lang}.po departs from the glossary")

    def test_chinese_user_reads_chinese(self):
        load_chinese(self.env)
        Complaint = self.env["customer.complaint"].with_context(lang="zh_CN")
        self.assertEqual(Complaint.fields_get(["severity"])["severity"]["string"], "严重程度")
        severities = dict(Complaint.fields_get(["severity"])["severity"]["selection"])
        self.assertEqual(severities["critical"], "严重")
        self.assertEqual(
            self.env.ref("complaint_management.complaint_category_injury").with_context(lang="zh_CN").name,
            "质量问题人身伤害",
        )
        complaint = self._create_complaint().with_context(lang="zh_CN")
        with self.assertRaisesRegex(Exception, "开始调查前请设置投诉类型和严重程度"):
            complaint.action_register()
            complaint.action_investigate()
        with self.assertRaisesRegex(Exception, "当前状态为“已登记”：此步骤只能从以下状态执行：纠正措施"):
            complaint.action_verify()
