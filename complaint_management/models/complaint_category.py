from odoo import api, fields, models


class ComplaintCategory(models.Model):
    _name = "complaint.category"
    _description = "Complaint Category"
    _parent_name = "parent_id"
    _parent_store = True
    _order = "parent_path, sequence, id"
    _rec_name = "complete_name"
    # found by their names in the user's language (complete_name is stored in one language)
    _rec_names_search = ["name", "parent_id.name"]

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(compute="_compute_complete_name", recursive=True, store=True)
    parent_id = fields.Many2one("complaint.category", string="Parent Category", index=True, ondelete="restrict")
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("complaint.category", "parent_id", string="Sub-categories")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_high_level = fields.Boolean(
        string="Always High Level",
        help="Complaints of this category are high level whatever their amount "
        "(personal injury, environmental out-of-spec, fraud).",
    )
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to share the category between companies.")
    description = fields.Text(translate=True)

    _check_parent = models.Constraint("CHECK(id != parent_id)", "A category cannot be its own parent.")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = f"{category.parent_id.complete_name} / {category.name}"
            else:
                category.complete_name = category.name

    @api.depends_context("lang")
    @api.depends("name", "parent_id.name")
    def _compute_display_name(self):
        """The path of translated names (complete_name is stored once, in one language)."""
        for category in self:
            names, node = [], category
            while node:
                names.append(node.name or "")
                node = node.parent_id
            category.display_name = " / ".join(reversed(names))
