from odoo import fields
from odoo.orm.domains import Domain
from odoo.tools import SQL, Query


class ArrayMany2one(fields.Many2one):
    """A many2one searched on its target's fields (a name typed in the search bar) as
    ``column = ANY(ARRAY(subquery))`` instead of ``column IN (subquery)``.

    PostgreSQL runs the array's subquery once, first, and can then use the column's index even
    when the condition is one branch of an OR: the complaints' default search (number, subject
    or customer) combines three index scans instead of filtering every complaint. Same records,
    same access rules; only the SQL differs."""

    def condition_to_sql(self, field_expr, operator, value, model, alias, query):
        if operator != "any" or field_expr != self.name or self.bypass_search_access:
            return super().condition_to_sql(field_expr, operator, value, model, alias, query)
        if isinstance(value, Domain):
            value = model.env[self.comodel_name]._search(value, active_test=False)
        if not isinstance(value, Query):
            return super().condition_to_sql(field_expr, operator, value, model, alias, query)
        return SQL("%s = ANY(ARRAY%s)", model._field_to_sql(alias, field_expr, query), value.subselect())
