"""Keep the addon's translation files in step with its code.

    .venv/bin/python scripts/i18n.py POT_FILE

merges the freshly exported template POT_FILE (``odoo-bin i18n export``, which
``scripts/dev.sh i18n`` runs) into ``i18n/complaint_management.pot``, ``zh_CN.po`` and
``zh_TW.po``: translations already made are kept; a string missing in zh_TW is converted
from its zh_CN translation (OpenCC character by character, then Taiwan wording) and marked fuzzy for review. Prints what
is still untranslated and exits 1 if anything is.
"""

import pathlib
import sys

import polib
from opencc import OpenCC

I18N = pathlib.Path(__file__).resolve().parent.parent / "complaint_management" / "i18n"
LANGS = {"zh_CN": "Chinese (Simplified) / 简体中文", "zh_TW": "Chinese (Traditional) / 繁體中文"}
# Words that Taiwan writes differently, applied after the character conversion.
TAIWAN_WORDS = [
    ("配置設置", "組態設定"),
    ("設置", "設定"),
    ("配置", "設定"),
    ("默認", "預設"),
    ("信息", "資訊"),
    ("消息", "訊息"),
    ("圖標", "圖示"),
    ("幣種", "幣別"),
    ("質量", "品質"),
    ("聯繫", "聯絡"),
    ("郵箱", "電子郵件"),
    ("創建", "建立"),
    ("用戶", "使用者"),
    ("門戶", "入口網站"),
    ("在線", "線上"),
    ("短信", "簡訊"),
    ("打開", "開啟"),
    ("序列號", "序號"),
    ("點擊", "點選"),
    ("技術支持", "技術支援"),
    ("平臺", "平台"),
    ("渠道", "管道"),
]


S2TW = OpenCC("s2tw")


def to_taiwan(text):
    text = S2TW.convert(text)
    for simplified, taiwan in TAIWAN_WORDS:
        text = text.replace(simplified, taiwan)
    if "<" not in text:  # quotes inside markup are attributes
        text = text.replace("“", "「").replace("”", "」")
    return text


def merge(pot, lang):
    path = I18N / f"{lang}.po"
    old = polib.pofile(str(path)) if path.exists() else polib.POFile()
    known = {entry.msgid: entry for entry in old if entry.msgstr and not entry.obsolete}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata, Language=lang, **{"Language-Team": LANGS[lang]})
    for entry in pot:
        new = polib.POEntry(
            msgid=entry.msgid,
            msgstr=known[entry.msgid].msgstr if entry.msgid in known else "",
            occurrences=entry.occurrences,
            comment=entry.comment,
            tcomment=entry.tcomment,
        )
        if entry.msgid in known and "fuzzy" in known[entry.msgid].flags:
            new.flags.append("fuzzy")
        po.append(new)
    return po


def main(template):
    pot = polib.pofile(template, wrapwidth=78)
    pot.save(str(I18N / "complaint_management.pot"))
    zh_cn = merge(pot, "zh_CN")
    zh_tw = merge(pot, "zh_TW")
    simplified = {entry.msgid: entry.msgstr for entry in zh_cn}
    for entry in zh_tw:
        if not entry.msgstr and simplified.get(entry.msgid):
            entry.msgstr = to_taiwan(simplified[entry.msgid])
            entry.flags.append("fuzzy")
    zh_cn.save(str(I18N / "zh_CN.po"))
    zh_tw.save(str(I18N / "zh_TW.po"))
    missing = [(lang, e.msgid) for lang, po in (("zh_CN", zh_cn), ("zh_TW", zh_tw)) for e in po if not e.msgstr]
    for lang, msgid in missing:
        print(f"untranslated ({lang}): {msgid!r}")
    fuzzy = sum("fuzzy" in e.flags for e in zh_tw)
    if fuzzy:
        print(f"zh_TW: {fuzzy} entries converted from zh_CN and marked fuzzy: review them, then drop the flag")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
