from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    company_currency_id = fields.Many2one(
        "res.currency", related="company_id.currency_id", string="Company Currency", readonly=True
    )
    complaint_level_amount = fields.Monetary(
        related="company_id.complaint_level_amount", readonly=False, currency_field="company_currency_id"
    )
    complaint_repeat_days = fields.Integer(related="company_id.complaint_repeat_days", readonly=False)
    complaint_grace_hours = fields.Float(related="company_id.complaint_grace_hours", readonly=False)
    complaint_no_solution_days = fields.Integer(related="company_id.complaint_no_solution_days", readonly=False)
    complaint_gm_user_id = fields.Many2one(related="company_id.complaint_gm_user_id", readonly=False)
    complaint_qa_manager_id = fields.Many2one(related="company_id.complaint_qa_manager_id", readonly=False)
    complaint_recording_amount = fields.Monetary(
        related="company_id.complaint_recording_amount", readonly=False, currency_field="company_currency_id"
    )
    complaint_extension_approval = fields.Boolean(related="company_id.complaint_extension_approval", readonly=False)
    complaint_reply_after_approval = fields.Boolean(related="company_id.complaint_reply_after_approval", readonly=False)
    complaint_followup_days = fields.Integer(related="company_id.complaint_followup_days", readonly=False)
    complaint_form_revision = fields.Char(related="company_id.complaint_form_revision", readonly=False)
    complaint_statistics_period = fields.Selection(related="company_id.complaint_statistics_period", readonly=False)
    complaint_replacement_method = fields.Selection(related="company_id.complaint_replacement_method", readonly=False)
    complaint_web_register = fields.Boolean(related="company_id.complaint_web_register", readonly=False)
    complaint_route_on_register = fields.Boolean(related="company_id.complaint_route_on_register", readonly=False)
    complaint_require_corrective_action = fields.Boolean(
        related="company_id.complaint_require_corrective_action", readonly=False
    )
