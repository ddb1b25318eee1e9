from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import formatLang, html2plaintext

from .array_many2one import ArrayMany2one

SEVERITIES = [("minor", "Minor"), ("general", "General"), ("major", "Major"), ("critical", "Critical")]
# Kanban colour index per severity (Odoo's colour palette).
SUBJECT_LENGTH = 80
SEVERITY_COLORS = {"minor": 10, "general": 4, "major": 2, "critical": 1}
CHANNELS = [
    ("phone", "Phone / Hotline"),
    ("email", "Email"),
    ("web", "Web Form"),
    ("chat", "Online Chat"),
    ("social", "Social Media"),
    ("ecommerce", "E-commerce Review"),
    ("walk_in", "Walk-in / On Site"),
    ("letter", "Letter"),
    ("suggestion_box", "Suggestion Box"),
    ("media", "Media"),
    ("authority", "Referred by Authority or Head Office"),
    ("sales_visit", "Sales Visit"),
    ("after_sales", "After-sales Service"),
]
INTERESTED_PARTIES = [
    ("environment_bureau", "Environment Bureau"),
    ("labour_bureau", "Labour Bureau"),
    ("residents_committee", "Residents' Committee"),
    ("public", "General Public"),
    ("group_company", "Group Company"),
    ("employee", "Employee"),
    ("other", "Other"),
]
DEMANDS = [
    ("replace", "Replacement"),
    ("repair", "Repair"),
    ("refund", "Refund"),
    ("discount", "Discount"),
    ("compensation", "Compensation"),
    ("apology", "Apology"),
    ("explanation", "Explanation"),
    ("other", "Other"),
]
# How the customer confirmed the closing (SPEC §3.9).
CONFIRMATION_METHODS = [
    ("signature", "Signature on Site"),
    ("call", "Recorded Phone Call"),
    ("email", "Email"),
    ("portal", "Portal"),
]
# Flags that make a complaint high level by themselves (SPEC §4).
HIGH_LEVEL_FLAGS = (
    "is_injury",
    "is_environmental",
    "is_group",
    "is_media",
    "is_fraud",
    "is_litigation",
    "is_warning_brand",
    "is_hot_spot",
)
COMPLAINT_USER_GROUP = "complaint_management.group_complaint_user"


def complaint_user_group(env):
    """The Complaints user group, from the cached XML id (``env.ref`` queries its existence)."""
    return env["res.groups"].browse(env["ir.model.data"]._xmlid_to_res_id(COMPLAINT_USER_GROUP))


def complaint_users_domain(model):
    """Users a complaint can be given to: internal users of the complaint groups."""
    return [("share", "=", False), ("all_group_ids", "in", complaint_user_group(model.env).ids)]


def check_complaint_users(records, field_names):
    """Handlers, QA owners, department members, approvers and routing targets receive the
    complaint's mails and activities: they must be complaint users."""
    group = complaint_user_group(records.env)
    for record in records.sudo():
        for name in field_names:
            outsiders = record[name].filtered(lambda user: group not in user.all_group_ids)
            if outsiders:
                raise ValidationError(
                    records.env._(
                        "%(users)s cannot be %(field)s: give them the Complaints access first.",
                        users=", ".join(outsiders.mapped("name")),
                        field=record._fields[name].get_description(records.env)["string"],
                    )
                )


class CustomerComplaint(models.Model):
    _name = "customer.complaint"
    _description = "Customer Complaint"
    _inherit = ["rating.mixin", "mail.activity.mixin", "complaint.step.guard"]  # rating.mixin brings mail.thread
    _order = "date_received desc, id desc"
    _rec_names_search = ["name", "subject", "partner_id", "contact_name"]
    # mails go to the customer, else to the email the complainant gave (templates' default recipients)
    _primary_email = "contact_email"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, readonly=True, copy=False, default="/", index="trigram")
    subject = fields.Char(
        string="Complaint Subject",
        tracking=True,
        index="trigram",
        help="What the complaint is about, in a few words. Left empty, it is taken from the description "
        "or the products concerned.",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id, tracking=True
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, index=True, tracking=True
    )
    date_registered = fields.Datetime(string="Registered On", readonly=True, copy=False, tracking=True, step_only=True)
    registered_by_id = fields.Many2one("res.users", readonly=True, copy=False, step_only=True)

    # Complainant
    complainant_type = fields.Selection(
        [("customer", "Customer"), ("interested_party", "Other Interested Party")],
        required=True,
        default="customer",
        tracking=True,
    )
    interested_party = fields.Selection(INTERESTED_PARTIES, tracking=True)
    partner_id = ArrayMany2one("res.partner", string="Customer", index=True, tracking=True, check_company=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", string="Customer Entity", store=True, index=True, step_only=True
    )
    is_anonymous = fields.Boolean(string="Anonymous", tracking=True)
    contact_name = fields.Char(groups=COMPLAINT_USER_GROUP, tracking=True)
    contact_phone = fields.Char(groups=COMPLAINT_USER_GROUP, tracking=True)
    contact_email = fields.Char(groups=COMPLAINT_USER_GROUP, tracking=True)
    contact_address = fields.Text(groups=COMPLAINT_USER_GROUP)
    channel = fields.Selection(CHANNELS, required=True, default="phone", tracking=True)

    # What was bought
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('state', '=', 'sale'), ('company_id', '=', company_id)]",
    )
    line_ids = fields.One2many("customer.complaint.line", "complaint_id", string="Products Concerned", copy=True)
    complain_all = fields.Boolean(
        string="Complain About All",
        compute="_compute_complain_all",
        inverse="_inverse_complain_all",
        help="Fill every line with its whole delivered (or ordered) quantity.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Main Product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    picking_ids = fields.Many2many(
        "stock.picking", string="Deliveries", compute="_compute_stock_links", store=True, copy=False, step_only=True
    )
    lot_ids = fields.Many2many(
        "stock.lot", string="Lots/Serials", compute="_compute_stock_links", store=True, step_only=True
    )
    delivery_count = fields.Integer(compute="_compute_stock_links", store=True, step_only=True)

    # The complaint itself
    description = fields.Html(string="Complaint")
    demand = fields.Selection(DEMANDS, string="Customer's Demand", tracking=True)
    demand_note = fields.Text(string="Demand Details")
    claimed_amount = fields.Monetary(currency_field="currency_id", tracking=True)

    # Classification
    category_id = fields.Many2one("complaint.category", index=True, tracking=True)
    severity = fields.Selection(SEVERITIES, tracking=True)
    warranty_status = fields.Selection(
        selection=lambda self: self.env["customer.complaint.line"]._fields["warranty_status"].selection,
        string="Warranty",
        compute="_compute_warranty_status",
        store=True,
        help="The least favourable of its products: outside the claim window, out of warranty, in warranty.",
    )
    is_complex = fields.Boolean(
        string="Complex",
        tracking=True,
        help="Set at classification, with the reason: a complex complaint gets the longer deadlines of "
        "the policies for complex complaints (e.g. the bank's 7 to 10 working days).",
    )
    complex_reason = fields.Char(string="Why Complex", tracking=True)
    level = fields.Selection(
        [("high", "High"), ("low", "Low")],
        compute="_compute_level",
        store=True,
        index=True,
        tracking=True,
        step_only=True,
    )
    level_reason = fields.Char(
        compute="_compute_level_reason", help="Why the complaint is high level, in the reader's language."
    )
    level_override = fields.Selection([("high", "High"), ("low", "Low")], string="Level Set by Hand", tracking=True)
    level_override_reason = fields.Char(string="Reason for Level", tracking=True)
    is_injury = fields.Boolean(string="Personal Injury", tracking=True)
    is_environmental = fields.Boolean(string="Environmental Out-of-spec", tracking=True)
    is_group = fields.Boolean(string="Group Complaint", tracking=True)
    is_media = fields.Boolean(string="Media Involved", tracking=True)
    is_fraud = fields.Boolean(string="Suspected Fraud", tracking=True)
    is_litigation = fields.Boolean(string="Litigation or Penalty", tracking=True)
    # 001-MALL's high-level complaints: 集团预警品牌, 热点人群
    is_warning_brand = fields.Boolean(
        string="Brand on the Warning List", tracking=True, help="A brand on the group's warning list (集团预警品牌)."
    )
    is_hot_spot = fields.Boolean(
        string="Hot-spot Group",
        tracking=True,
        help="A customer of a group the company watches closely (热点人群): e.g. the elderly, children, "
        "pregnant women, people with disabilities.",
    )
    validity = fields.Selection(
        [("pending", "Pending"), ("valid", "Valid"), ("invalid", "Invalid")],
        required=True,
        default="pending",
        tracking=True,
        copy=False,
        step_only=True,
    )
    invalid_reason = fields.Text(string="Why Invalid", tracking=True, copy=False, step_only=True)
    color = fields.Integer(compute="_compute_color", store=True)

    # Who handles it
    department_id = fields.Many2one(
        "complaint.department", string="Responsible Department", index=True, tracking=True, check_company=True
    )
    user_id = fields.Many2one(
        "res.users", string="Handler", index=True, tracking=True, domain=lambda self: complaint_users_domain(self)
    )
    qa_user_id = fields.Many2one(
        "res.users",
        string="QA Owner",
        index="btree_not_null",
        tracking=True,
        domain=lambda self: complaint_users_domain(self),
    )
    salesperson_id = fields.Many2one(
        "res.users", string="Sales Rep", index="btree_not_null", tracking=True, domain=[("share", "=", False)]
    )
    is_handled_by_me = fields.Boolean(
        string="Handled by Me", compute="_compute_is_handled_by_me", search="_search_is_handled_by_me"
    )

    # Repeat complaints
    repeat_of_id = fields.Many2one("customer.complaint", index="btree_not_null", tracking=True, copy=False)
    repeat_ids = fields.One2many("customer.complaint", "repeat_of_id", string="Repeated By")
    is_repeat = fields.Boolean(string="Repeat Complaint", compute="_compute_is_repeat", store=True, step_only=True)

    # Workflow
    stage_id = fields.Many2one(
        "complaint.stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self.env["complaint.stage"]._stage_for_state("new"),
        group_expand="_read_group_stage_ids",
    )
    state = fields.Selection(related="stage_id.state", store=True, index=True, step_only=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False, tracking=True, step_only=True)
    confirmation_method = fields.Selection(
        CONFIRMATION_METHODS, string="Customer Confirmation", readonly=True, copy=False, tracking=True, step_only=True
    )
    date_confirmation = fields.Date(string="Confirmed On", readonly=True, copy=False, tracking=True, step_only=True)
    provisional_reason = fields.Text(string="Reason for Provisional Closing", readonly=True, copy=False, step_only=True)
    proposed_solution = fields.Text(readonly=True, copy=False, step_only=True)
    withdraw_reason = fields.Text(string="Reason for Withdrawal", readonly=True, copy=False, step_only=True)
    is_withdraw_voluntary = fields.Boolean(string="Withdrawn Voluntarily", readonly=True, copy=False, step_only=True)
    reopen_reason = fields.Text(string="Reason for Reopening", readonly=True, copy=False, step_only=True)

    _name_company_unique = models.Constraint(
        "UNIQUE(company_id, name)", "Complaint numbers are unique within a company."
    )
    _check_claimed_amount = models.Constraint("CHECK(claimed_amount >= 0)", "The claimed amount cannot be negative.")
    _stage_company_index = models.Index("(company_id, state, date_received)")

    # ------------------------------------------------------------------ computes
    @api.model
    def _derive_subject(self, description, products):
        """The description's first words, else the products' names; "…" when shortened."""
        text = " ".join(html2plaintext(description or "").split())
        if not text:
            text = ", ".join(products.mapped("display_name"))
        return text if len(text) <= SUBJECT_LENGTH else text[: SUBJECT_LENGTH - 1] + "…"

    @api.model
    def _subject_from_vals(self, vals):
        products = self.env["product.product"].browse(
            [
                command[2]["product_id"]
                for command in vals.get("line_ids", [])
                if isinstance(command, (list, tuple)) and command[0] == 0 and command[2].get("product_id")
            ]
            + ([vals["product_id"]] if vals.get("product_id") else [])
        )
        return self._derive_subject(vals.get("description"), products)

    def _fill_subject(self):
        """A subject cleared by the user is taken again from the description or the products."""
        for complaint in self.filtered(lambda c: not c.subject):
            products = complaint.line_ids.product_id | complaint.product_id
            subject = self._derive_subject(complaint.description, products)
            if subject:
                complaint._step_write({"subject": subject})  # closed ones too, at an upgrade

    @api.model
    def _fill_missing_subjects(self):
        """At installation and upgrade: complaints filed before subjects existed get one."""
        complaints = self.with_context(active_test=False, tracking_disable=True).search([("subject", "=", False)])
        complaints._fill_subject()

    @api.depends("line_ids.product_id")
    def _compute_product_id(self):
        for complaint in self:
            if complaint.line_ids:
                complaint.product_id = complaint.line_ids[0].product_id

    @api.depends("line_ids.move_id.picking_id", "line_ids.lot_id")
    def _compute_stock_links(self):
        for complaint in self:
            complaint.picking_ids = complaint.line_ids.move_id.picking_id
            complaint.lot_ids = complaint.line_ids.lot_id
            complaint.delivery_count = len(complaint.picking_ids)

    @api.depends("repeat_of_id")
    def _compute_is_repeat(self):
        for complaint in self:
            complaint.is_repeat = bool(complaint.repeat_of_id)

    @api.depends_context("uid")
    @api.depends(
        "create_uid",
        "user_id",
        "salesperson_id",
        "qa_user_id",
        "sale_order_id.user_id",
        "department_id.member_ids",
        "department_id.manager_id",
    )
    def _compute_is_handled_by_me(self):
        mine = self.filtered_domain(self._search_is_handled_by_me("=", True))
        for complaint in self:
            complaint.is_handled_by_me = complaint in mine

    def _search_is_handled_by_me(self, operator, value):
        """The complaints a user works on: filed, handled, sold or QA-owned by them, in their
        department, or theirs to approve: as the leader of the sales team, or the general
        manager or QA manager of the company. The record rules of the complaint and of
        everything under it use this."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        uid = self.env.uid
        domain = [
            "|", "|", "|", "|", "|", "|", "|", "|", "|", "|",
            ("create_uid", "=", uid),
            ("user_id", "=", uid),
            ("salesperson_id", "=", uid),
            ("qa_user_id", "=", uid),
            ("sale_order_id.user_id", "=", uid),
            ("department_id.member_ids", "in", uid),
            ("department_id.manager_id", "=", uid),
            ("sale_order_id.team_id.user_id", "=", uid),
            ("salesperson_id.crm_team_member_ids.crm_team_id.user_id", "=", uid),
            ("company_id.complaint_gm_user_id", "=", uid),
            ("company_id.complaint_qa_manager_id", "=", uid),
        ]  # fmt: skip
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("severity")
    def _compute_color(self):
        for complaint in self:
            complaint.color = SEVERITY_COLORS.get(complaint.severity, 0)

    @api.depends(
        "claimed_amount",
        "currency_id",
        "date_received",
        "company_id.complaint_level_amount",
        "category_id.is_high_level",
        "level_override",
        "is_escalated_high",
        *HIGH_LEVEL_FLAGS,
    )
    def _compute_level(self):
        for complaint in self:
            reasons = complaint._high_level_reasons()
            if complaint.level_override:
                complaint.level = complaint.level_override
            else:
                complaint.level = "high" if reasons else "low"

    @api.depends_context("lang")
    @api.depends("level")
    def _compute_level_reason(self):
        for complaint in self:
            complaint.level_reason = "; ".join(complaint._high_level_reasons())

    def _high_level_reasons(self):
        """The rules of SPEC §4 that do not depend on time and make this complaint high level."""
        self.ensure_one()
        reasons = []
        company = self.company_id or self.env.company
        threshold = company.complaint_level_amount
        if self.claimed_amount and threshold:
            amount = self.currency_id._convert(
                self.claimed_amount, company.currency_id, company, (self.date_received or fields.Datetime.now()).date()
            )
            if company.currency_id.compare_amounts(amount, threshold) >= 0:
                threshold = formatLang(self.env, threshold, currency_obj=company.currency_id)
                reasons.append(self.env._("claimed amount reaches %(threshold)s", threshold=threshold))
        labels = {name: self._fields[name].get_description(self.env)["string"] for name in HIGH_LEVEL_FLAGS}
        reasons += [labels[name] for name in HIGH_LEVEL_FLAGS if self[name]]
        if self.category_id.is_high_level:
            reasons.append(self.env._("category %(category)s", category=self.category_id.display_name))
        return reasons

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([])

    @api.depends("line_ids.warranty_status")
    def _compute_warranty_status(self):
        order = ("outside_claim_window", "out_of_warranty", "in_warranty")
        for complaint in self:
            states = set(complaint.line_ids.mapped("warranty_status"))
            complaint.warranty_status = next((state for state in order if state in states), False)

    # ------------------------------------------------------------------ constraints
    @api.constrains("level_override", "level_override_reason")
    def _check_level_override(self):
        for complaint in self:
            if complaint.level_override and not (complaint.level_override_reason or "").strip():
                raise ValidationError(self.env._("Give the reason for setting the level by hand."))

    @api.constrains("is_complex", "complex_reason")
    def _check_complex_reason(self):
        for complaint in self:
            if complaint.is_complex and not (complaint.complex_reason or "").strip():
                raise ValidationError(self.env._("Give the reason why the complaint is complex."))

    @api.constrains("user_id", "qa_user_id")
    def _check_assignees(self):
        check_complaint_users(self, ["user_id", "qa_user_id"])

    @api.constrains("complainant_type", "interested_party")
    def _check_complainant(self):
        for complaint in self:
            if complaint.complainant_type == "interested_party" and not complaint.interested_party:
                raise ValidationError(self.env._("Say which interested party filed the complaint."))

    # ------------------------------------------------------------------ onchanges
    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        order = self.sale_order_id
        if not order:
            return
        self.update(
            {
                "partner_id": order.partner_id,
                "salesperson_id": order.user_id,
                "company_id": order.company_id,
                "currency_id": order.currency_id,
                "line_ids": [Command.clear()] + [Command.create(vals) for vals in order._prepare_complaint_lines()],
            }
        )

    def _compute_complain_all(self):
        self.complain_all = False

    def _inverse_complain_all(self):
        """A shortcut of the form (see the onchange): nothing to store."""

    @api.onchange("complain_all")
    def _onchange_complain_all(self):
        if not self.complain_all:
            return
        for line in self.line_ids:
            line.quantity = line.qty_delivered or line.sale_line_id.product_uom_qty or line.quantity

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id
        if partner and not self.is_anonymous:
            self.contact_name = partner.name
            self.contact_phone = partner.phone
            self.contact_email = partner.email
            self.contact_address = partner._display_address(without_company=True)

    # ------------------------------------------------------------------ create / delete
    @staticmethod
    def _without_zero_lines(vals):
        """Lines left at 0 are not part of the complaint (the form offers every delivered line)."""
        if "line_ids" in vals:
            vals = dict(vals)
            vals["line_ids"] = [
                command
                for command in vals["line_ids"]
                if not (isinstance(command, (list, tuple)) and command[0] == 0 and not command[2].get("quantity", 1))
            ]
        return vals

    def write(self, vals):
        result = super().write(self._without_zero_lines(vals))
        if "subject" in vals and not vals["subject"]:
            self._fill_subject()
        return result

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._without_zero_lines(vals) for vals in vals_list]
        sequences = {}
        for vals in vals_list:
            if vals.get("name", "/") != "/" and not (self._is_stepping() or self._is_server()):
                raise UserError(self.env._("Complaint numbers are given by the company's numbering."))
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                if company not in sequences:
                    sequences[company] = self._get_number_sequence(company)
                date = fields.Datetime.to_datetime(vals.get("date_received")) or fields.Datetime.now()
                vals["name"] = sequences[company].next_by_id(sequence_date=date.date())
        for vals in vals_list:
            if not vals.get("subject"):  # API clients that do not send one keep working
                vals["subject"] = self._subject_from_vals(vals) or False
        complaints = super().create(vals_list)
        complaints._link_repeats()
        return complaints

    @api.model
    def _get_number_sequence(self, company):
        """The company's complaint numbering (CC2026-00042), created the first time it is needed."""
        sequence = self.env["ir.sequence"].sudo()
        found = sequence.search([("code", "=", "customer.complaint"), ("company_id", "=", company.id)], limit=1)
        return found or sequence.create(
            {
                "name": self.env._("Customer Complaint (%(company)s)", company=company.name),
                "code": "customer.complaint",
                "company_id": company.id,
                "prefix": "CC%(range_year)s-",
                "padding": 5,
                "use_date_range": True,
            }
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        """Only a complaint never registered, with no decision or escalation, can be deleted."""
        for complaint in self.sudo():
            if (
                complaint.stage_id.state != "new"
                or complaint.date_registered
                or complaint.approval_ids
                or complaint.escalation_ids
            ):
                raise UserError(
                    self.env._(
                        "Only new complaints can be deleted. Archive the others: nothing of a complaint is lost."
                    )
                )

    # ------------------------------------------------------------------ repeats
    def _complaint_products(self):
        return self.line_ids.product_id | self.product_id

    def _link_repeats(self):
        """Link each complaint to the latest earlier one of the same customer on the same
        product or order within the company's window, in one search for the whole batch."""
        candidates = self.filtered(lambda c: c.commercial_partner_id and (c.product_id or c.sale_order_id))
        if not candidates:
            return
        starts = {c: c.date_received - timedelta(days=c.company_id.complaint_repeat_days) for c in candidates}
        products = candidates._complaint_products()
        earlier = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("id", "not in", self.ids),
                    ("company_id", "in", candidates.company_id.ids),
                    ("commercial_partner_id", "in", candidates.commercial_partner_id.ids),
                    ("date_received", ">=", min(starts.values())),
                    ("date_received", "<=", max(candidates.mapped("date_received"))),
                    ("state", "!=", "cancelled"),
                    "|",
                    "|",
                    ("product_id", "in", products.ids),
                    ("line_ids.product_id", "in", products.ids),
                    ("sale_order_id", "in", candidates.sale_order_id.ids),
                ],
                order="date_received desc, id desc",
            )
        )
        for complaint in candidates:
            own_products = complaint._complaint_products()
            for previous in earlier:
                if (
                    previous.company_id == complaint.company_id
                    and previous.commercial_partner_id == complaint.commercial_partner_id
                    and starts[complaint] <= previous.date_received <= complaint.date_received
                    and (
                        (previous._complaint_products() & own_products)
                        or (complaint.sale_order_id and previous.sale_order_id == complaint.sale_order_id)
                    )
                ):
                    complaint.repeat_of_id = previous.id
                    break

    # ------------------------------------------------------------------ smart buttons
    repeat_count = fields.Integer(compute="_compute_repeat_count")

    @api.depends("repeat_of_id", "repeat_ids")
    def _compute_repeat_count(self):
        for complaint in self:
            complaint.repeat_count = len(complaint.repeat_of_id) + len(complaint.repeat_ids)

    @api.model
    def _complaints_action(self, domain, context=None):
        """The Complaints window action restricted to ``domain``."""
        action = self.env["ir.actions.act_window"]._for_xml_id("complaint_management.customer_complaint_action")
        action.update({"domain": domain, "context": context or {}})
        return action

    @api.model
    def _landing_action(self):
        """Where the Complaints app opens: QA on the kanban of open complaints; the others on
        the list of the complaints they filed, handle, sold or own."""
        action = self.env["ir.actions.act_window"]._for_xml_id("complaint_management.customer_complaint_action")
        if self.env.user.has_group("complaint_management.group_complaint_qa"):
            return action
        views = {view_type: view_id for view_id, view_type in action["views"]}
        order = ["list", "kanban", "form", "pivot", "graph", "activity"]
        action.update(
            {
                "name": self.env._("My Complaints"),
                "views": [(views[view_type], view_type) for view_type in order if view_type in views],
                "context": {"search_default_my": 1, "search_default_open": 1},
            }
        )
        return action

    def action_view_sale_order(self):
        self.ensure_one()
        return self.sale_order_id._get_records_action()

    def action_view_deliveries(self):
        self.ensure_one()
        return self.picking_ids._get_records_action(name=self.env._("Deliveries"))

    def action_view_repeats(self):
        self.ensure_one()
        return self._complaints_action([("id", "in", (self.repeat_of_id | self.repeat_ids).ids)])
