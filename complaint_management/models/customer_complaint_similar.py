from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_index

from .similarity import similarity_keys, write_keys

SIMILAR_LIMIT = 5
MIN_SCORE = 0.1
# what else a past complaint shares with this one, added to the text's likeness
BOOSTS = {"product_id": 0.15, "category_id": 0.1, "commercial_partner_id": 0.1}
BACKFILL_BATCH = 2000
QA_GROUP = "complaint_management.group_complaint_qa"


class CustomerComplaint(models.Model):
    """Similar past complaints (举一反三): the closed complaints whose subject and description
    share most with this one (Jaccard likeness of their keys, a GIN-indexed integer array),
    boosted by the same product, category or customer; with what was found and done then, and
    the category and department they suggest."""

    _inherit = "customer.complaint"

    similar_complaint_ids = fields.Many2many(
        "customer.complaint", compute="_compute_similar", string="Similar Past Complaints", groups=QA_GROUP
    )
    suggested_category_id = fields.Many2one(
        "complaint.category", compute="_compute_similar", string="Category of Similar Complaints", groups=QA_GROUP
    )
    suggested_department_id = fields.Many2one(
        "complaint.department",
        compute="_compute_similar",
        string="Department of Similar Complaints",
        groups=QA_GROUP,
    )
    actions_outcome = fields.Char(
        string="Actions and Effect",
        compute="_compute_actions_outcome",
        help="The corrective actions taken and what QA found of their effect.",
    )

    # ------------------------------------------------------------------ keys
    def _auto_init(self):
        result = super()._auto_init()
        cr = self.env.cr
        created = not column_exists(cr, self._table, "similarity_keys")
        if created:
            cr.execute(SQL("ALTER TABLE %s ADD COLUMN similarity_keys integer[]", SQL.identifier(self._table)))
        create_index(cr, "customer_complaint_similarity_keys_index", self._table, ["similarity_keys"], method="gin")
        if created:  # complaints filed before: their keys, in batches, read with SQL (the ORM
            # is not ready while the tables are being updated)
            last = 0
            while True:
                cr.execute(
                    "SELECT id, subject, description FROM customer_complaint WHERE id > %s ORDER BY id LIMIT %s",
                    [last, BACKFILL_BATCH],
                )
                rows = cr.fetchall()
                if not rows:
                    break
                write_keys(cr, rows)
                last = rows[-1][0]
        return result

    def _store_keys(self):
        """Write the keys of these complaints' subject and description, in one statement."""
        complaints = self.sudo().with_context(prefetch_fields=False)
        write_keys(self.env.cr, [(c.id, c.subject, c.description) for c in complaints])

    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._store_keys()
        return complaints

    def write(self, vals):
        result = super().write(vals)
        if "subject" in vals or "description" in vals:
            self._store_keys()
        return result

    # ------------------------------------------------------------------ lookup
    def _similar_scores(self, limit=SIMILAR_LIMIT):
        """[(complaint id, score)] of the most similar closed complaints the user may read,
        best first: one query on the keys' index."""
        self.ensure_one()
        keys = similarity_keys(self.subject, self.description)
        if not keys or not self.id:
            return []
        Complaint = self.with_context(active_test=False)  # filed (归档) ones teach as well
        query = Complaint._search(
            [
                ("id", "!=", self.id),
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("closed", "provisional")),
            ]
        )
        alias = SQL.identifier(query.table)
        query.add_where(SQL("%s.similarity_keys && %s::integer[]", alias, keys))
        boosts = SQL(" + ").join(
            SQL("CASE WHEN %s.%s = %s THEN %s ELSE 0 END", alias, SQL.identifier(field), self[field].id, weight)
            for field, weight in BOOSTS.items()
            if self[field]
        )
        inner = query.select(
            SQL(
                "%(alias)s.id, cardinality(%(alias)s.similarity_keys) AS size, "
                "(SELECT count(*) FROM unnest(%(alias)s.similarity_keys) k WHERE k = ANY(%(keys)s::integer[])) "
                "AS common, %(boost)s AS boost",
                alias=alias,
                keys=keys,
                boost=boosts or SQL("0"),
            )
        )
        self.env.cr.execute(
            SQL(
                """SELECT id, score FROM (
                       SELECT id, common::float / GREATEST(%(n)s + size - common, 1) AS likeness,
                              common::float / GREATEST(%(n)s + size - common, 1) + boost AS score
                         FROM (%(inner)s) candidates
                   ) scored
                   WHERE likeness >= %(min)s
                   ORDER BY score DESC, id DESC
                   LIMIT %(limit)s""",
                n=len(keys),
                inner=inner,
                min=MIN_SCORE,
                limit=limit,
            )
        )
        return self.env.cr.fetchall()

    @api.depends("subject", "description", "category_id", "department_id", "product_id", "commercial_partner_id")
    def _compute_similar(self):
        for complaint in self:
            scores = complaint._similar_scores() if complaint.id else []
            similar = self.browse([complaint_id for complaint_id, _score in scores])
            complaint.similar_complaint_ids = similar
            votes = {"category_id": defaultdict(float), "department_id": defaultdict(float)}
            for past, (_id, score) in zip(similar, scores, strict=True):
                for field, tally in votes.items():
                    if past[field]:
                        tally[past[field]] += score
            category = max(votes["category_id"], key=votes["category_id"].get, default=False)
            department = max(votes["department_id"], key=votes["department_id"].get, default=False)
            complaint.suggested_category_id = category if category != complaint.category_id else False
            complaint.suggested_department_id = department if department != complaint.department_id else False

    @api.depends("corrective_action_ids.state")
    def _compute_actions_outcome(self):
        states = dict(self.env["complaint.corrective.action"]._fields["state"]._description_selection(self.env))
        for complaint in self:
            complaint.actions_outcome = "; ".join(
                f"{action.name} ({states[action.state]})" for action in complaint.corrective_action_ids
            )

    def action_accept_suggested_category(self):
        """QA takes the category the similar complaints had: an ordinary change of the
        category, with the same rights and checks."""
        return self._accept_suggestion("category_id", "suggested_category_id")

    def action_accept_suggested_department(self):
        return self._accept_suggestion("department_id", "suggested_department_id")

    def _accept_suggestion(self, field, suggested):
        if not self.env.su and not self.env.user.has_group(QA_GROUP):
            raise AccessError(self.env._("Only QA takes the suggestions of similar complaints."))
        for complaint in self.filtered(suggested):
            complaint.write({field: complaint[suggested].id})
        return True
