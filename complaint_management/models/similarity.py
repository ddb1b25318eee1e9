"""The keys by which complaints are compared for likeness: pure functions, no model."""

import re
import zlib

from odoo.tools import SQL, html2plaintext

# Chinese has no spaces: it is compared by pairs of characters (a single character alone);
# other scripts by words of three letters or more.
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[^\W\d_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{3,}|\d{3,}")


def similarity_keys(*texts):
    """The sorted, distinct 31-bit keys of a text: the same text gives the same keys whatever
    the database's locale (PostgreSQL's own word splitting drops Chinese under the C locale)."""
    text = " ".join(html2plaintext(t or "") for t in texts).lower()
    tokens = set(WORD.findall(text))
    for run in CJK_RUN.findall(text):
        if len(run) == 1:
            tokens.add(run)
        else:
            tokens.update(run[i : i + 2] for i in range(len(run) - 1))
    return sorted({zlib.crc32(token.encode()) & 0x7FFFFFFF for token in tokens})


def write_keys(cr, rows):
    """Store the keys of (id, subject, description) rows, in one statement."""
    if rows:
        values = SQL(", ").join(
            SQL("(%s, %s::integer[])", complaint_id, similarity_keys(subject, description))
            for complaint_id, subject, description in rows
        )
        cr.execute(
            SQL(
                "UPDATE customer_complaint c SET similarity_keys = v.keys FROM (VALUES %s) v(id, keys) "
                "WHERE c.id = v.id",
                values,
            )
        )
