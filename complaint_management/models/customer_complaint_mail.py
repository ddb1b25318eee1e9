import re

import lxml.html
from lxml import etree
from markupsafe import Markup

from odoo import api, fields, models, tools

# Longest description kept from a mail body (characters of HTML).
BODY_LIMIT = 100_000
# Attributes through which a browser or wkhtmltopdf loads a resource.
RESOURCE_ATTRIBUTES = ("src", "srcset", "background", "poster", "data", "href")
RESOURCE_TAGS = ("img", "image", "video", "audio", "source", "picture", "input", "embed", "object", "iframe", "link")


def _is_remote(url):
    url = (url or "").strip()
    return (
        bool(url)
        and (url.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I)))
        and not (url.lower().startswith("data:") or url.lower().startswith("cid:"))
    )


def strip_remote_images(value):
    """Remove what loads from other servers (images, CSS backgrounds): printing the forms would
    fetch it (the server calling any address the sender chose, or a tracking pixel). The HTML
    is parsed, so encoded addresses are seen as the browser sees them."""
    if not value:
        return value
    try:
        root = lxml.html.fragment_fromstring(str(value), create_parent="div")
    except (etree.ParserError, ValueError):
        return value
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag == "style":
            element.drop_tree()
            changed = True
            continue
        if "url(" in (element.get("style") or "").lower().replace(" ", ""):
            del element.attrib["style"]
            changed = True
        for attribute in RESOURCE_ATTRIBUTES:
            if attribute == "href" and element.tag != "link":
                continue  # links are followed by people, not loaded
            if _is_remote(element.get(attribute)) or (attribute == "srcset" and "//" in element.get(attribute, "")):
                if element.tag in RESOURCE_TAGS and element.getparent() is not None:
                    element.drop_tree()
                else:
                    del element.attrib[attribute]
                changed = True
                break
    if not changed:
        return value
    html = (root.text or "") + "".join(etree.tostring(child, encoding="unicode", method="html") for child in root)
    return Markup(html) if isinstance(value, Markup) else html


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    extension_reason = fields.Text(string="Why More Time", readonly=True, copy=False, tracking=True, step_only=True)
    date_extension = fields.Datetime(
        string="Answer Promised By", readonly=True, copy=False, tracking=True, step_only=True
    )

    # ------------------------------------------------------------------ email intake
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to a department's alias files a complaint: the sender is matched to a
        contact of the alias's company, the body becomes the complaint (without remote images),
        the attachments stay on the message. The complaint is received when the mail arrives:
        the sender's ``Date:`` header is only kept in the description."""
        # the gateway creates as superuser: keep no stamp, stage or number the caller chose
        custom_values = {
            key: value
            for key, value in self._strip_step_values(custom_values).items()
            if key not in ("stage_id", "name", "state")
        }
        company = self.env["res.company"].browse(custom_values.get("company_id")) or self.env.company
        email = tools.email_normalize(msg_dict.get("email_from") or msg_dict.get("from") or "")
        partner = self.env["res.partner"].browse(msg_dict.get("author_id") or [])
        if partner.company_id and partner.company_id != company:
            partner = partner.browse()
        if not partner and email:
            partner = self.env["res.partner"].search(
                [("email_normalized", "=", email), ("company_id", "in", (False, company.id))], limit=1
            )
        name = tools.parse_contact_from_email(msg_dict.get("email_from") or "")[0]
        header_date = msg_dict.get("date")
        body = strip_remote_images(msg_dict.get("body") or "")[:BODY_LIMIT]
        values = {
            "channel": "email",
            "partner_id": partner.id,
            "contact_name": name or partner.name,
            "contact_email": email,
            "description": Markup("<p><strong>%s</strong></p>%s%s")
            % (
                msg_dict.get("subject") or "",
                Markup(body),
                Markup("<p><small>%s</small></p>") % self.env._("Sent on %(date)s", date=header_date)
                if header_date
                else "",
            ),
            **custom_values,
            "date_received": fields.Datetime.now(),
            "company_id": company.id,
        }
        values["name"] = "/"  # numbered on creation, not named after the subject
        complaint = super(CustomerComplaint, self.with_company(company)).message_new(msg_dict, custom_values=values)
        complaint.contact_email = email  # the gateway sets the primary email to the raw From
        return complaint

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("description"):
                vals["description"] = strip_remote_images(vals["description"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("description"):
            vals = {**vals, "description": strip_remote_images(vals["description"])}
        return super().write(vals)

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
        # public-form visitors (online, no contact) got the tracking mail when they filed it
        online_visitors = pending.filtered(lambda c: c.channel == "web" and not c.partner_id)
        by_mail = (pending - in_person - online_visitors).filtered(lambda c: c.partner_id.email or c.contact_email)
        by_mail._send_acknowledgements()
        (in_person | by_mail)._step_write({"date_acknowledged": now})

    def _send_acknowledgements(self):
        """The acknowledgement mails of the batch, rendered together (each in its customer's
        language) and queued together: the mail queue sends them, never the request. A copy
        stays in each complaint's chatter."""
        if not self:
            return
        template = self.env.ref("complaint_management.mail_template_complaint_ack")
        composer = (
            self.env["mail.compose.message"]
            .with_context(
                default_composition_mode="mass_mail",
                default_model=self._name,
                default_res_ids=self.ids,
                default_template_id=template.id,
            )
            .create({"force_send": False, "auto_delete_keep_log": True})
        )
        composer._action_send_mail()

    def action_send_reply(self):
        """Open the composer with the reply template (SPEC §3.6) and the handling form as PDF;
        sending it records the reply."""
        self.ensure_one()
        if self.state != "replied":
            self._check_step("reply")
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
