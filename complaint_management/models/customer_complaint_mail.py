from markupsafe import Markup

from odoo import api, fields, models, tools


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    extension_reason = fields.Text(string="Why More Time", readonly=True, copy=False, tracking=True)
    date_extension = fields.Datetime(string="Answer Promised By", readonly=True, copy=False, tracking=True)

    # ------------------------------------------------------------------ email intake
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to a department's alias files a complaint: the sender is matched to a
        contact, the body becomes the complaint, the attachments stay on the message."""
        email = tools.email_normalize(msg_dict.get("email_from") or msg_dict.get("from") or "")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        if not partner and email:
            partner = self.env["res.partner"].search([("email_normalized", "=", email)], limit=1)
        name = tools.parse_contact_from_email(msg_dict.get("email_from") or "")[0]
        values = {
            "name": "/",  # numbered on creation, not named after the subject
            "channel": "email",
            "partner_id": partner.id,
            "contact_name": name or partner.name,
            "contact_email": email,
            "date_received": msg_dict.get("date") or fields.Datetime.now(),
            "description": Markup("<p><strong>%s</strong></p>%s")
            % (msg_dict.get("subject") or "", Markup(msg_dict.get("body") or "")),
            **(custom_values or {}),
        }
        return super().message_new(msg_dict, custom_values=values)

    # ------------------------------------------------------------------ acknowledgement
    def _move(self, action, vals=None):
        result = super()._move(action, vals)
        if action == "register":
            self._acknowledge()
        return result

    def _acknowledge(self):
        """Acknowledge receipt (SPEC §3.1): in person for walk-ins, by email otherwise; an
        anonymous complainant cannot be answered."""
        now = fields.Datetime.now()
        pending = self.filtered(lambda c: not c.date_acknowledged and not c.is_anonymous)
        in_person = pending.filtered(lambda c: c.channel == "walk_in")
        by_mail = (pending - in_person).filtered(lambda c: c.partner_id.email or c.contact_email)
        template = self.env.ref("complaint_management.mail_template_complaint_ack")
        for complaint in by_mail:
            complaint.message_post_with_source(template, message_type="comment", subtype_xmlid="mail.mt_comment")
        (in_person | by_mail).write({"date_acknowledged": now})

    def action_send_reply(self):
        """Open the composer with the reply template (SPEC §3.6) and the handling form as PDF;
        sending it records the reply."""
        self.ensure_one()
        if self.state != "replied":
            self._check_transition("reply")
            self._check_reply_allowed()
        template = self.env.ref("complaint_management.mail_template_complaint_reply")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_subtype_xmlid": "mail.mt_comment",
                "complaint_mark_replied": True,
            },
        }

    def message_post(self, **kwargs):
        if self.env.context.get("complaint_mark_replied"):
            # Recorded first: a refused reply raises before anything is sent.
            self.filtered(lambda c: c.state != "replied").with_context(complaint_mark_replied=False).action_reply()
        return super().message_post(**kwargs)

    def _report_lang(self):
        """Forms print in the customer's language, else the user's."""
        return self[:1].partner_id.lang or self.env.user.lang or self.env.lang

    def action_open_extension(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ask for More Time"),
            "res_model": "customer.complaint.extension",
            "view_mode": "form",
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }
