import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from .customer_complaint_workflow import TRANSITIONS

# What the customer is told of a complaint's status, in their words.
PORTAL_STATUSES = [
    ("received", "Received by Us"),
    ("handling", "Being Handled"),
    ("answered", "Answered"),
    ("closed", "Closed"),
]
PORTAL_STATUS_OF_STATE = {
    "new": "received",
    "registered": "received",
    "investigating": "handling",
    "action": "handling",
    "verification": "handling",
    "replied": "answered",
    "closed": "closed",
    "provisional": "closed",
    "withdrawn": "closed",
    "cancelled": "closed",
}
PORTAL_OPEN_STATES = ("new", "registered", "investigating", "action", "verification")
# Files a customer may attach online (photos of the defect, a scanned receipt).
ATTACHMENT_MIMETYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_MAX_COUNT = 5

TRANSITIONS["reject_solution"] = (("replied",), "investigating", None)  # the customer, online


class CustomerComplaint(models.Model):
    """The customer's side of a complaint: the portal page (portal.mixin: access token and
    URL), filing online, accepting or rejecting the solution."""

    _name = "customer.complaint"
    _inherit = ["customer.complaint", "portal.mixin"]

    portal_status = fields.Selection(
        PORTAL_STATUSES, string="Status for the Customer", compute="_compute_portal_status"
    )

    @api.depends("state")
    def _compute_portal_status(self):
        for complaint in self:
            complaint.portal_status = PORTAL_STATUS_OF_STATE.get(complaint.state, "received")

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.name

    def _portal_rating_token(self):
        """The satisfaction survey's token once the complaint is closed and not yet rated."""
        self.ensure_one()
        if self.state not in ("closed", "provisional") or self.satisfaction or self.is_anonymous:
            return False
        return self.sudo()._rating_get_access_token()

    def _portal_promised_date(self):
        """When the customer was promised an answer: the date given when more time was needed,
        else the reply deadline; nothing once answered."""
        self.ensure_one()
        if self.date_replied or self.state not in PORTAL_OPEN_STATES:
            return False
        reply = self.sudo().deadline_ids.filtered(lambda d: d.step == "reply")[:1]
        return self.date_extension or reply.date_deadline

    def _portal_timeline(self):
        """(label, date) of the steps the customer sees: received, registered, answered, closed."""
        self.ensure_one()
        steps = [
            (self.env._("Received"), self.date_received),
            (self.env._("Registered"), self.date_registered),
            (self.env._("Answer promised by"), self._portal_promised_date()),
            (self.env._("Answered"), self.date_replied),
            (self.env._("Closed"), self.date_closed),
        ]
        return [(label, date) for label, date in steps if date]

    # ------------------------------------------------------------------ filing online
    @api.model
    def _portal_check_attachments(self, files):
        """``files``: [(name, mimetype, bytes)]; refuse what is too many, too big or not a
        photo or a PDF."""
        if len(files) > ATTACHMENT_MAX_COUNT:
            raise UserError(self.env._("Attach at most %(count)s files.", count=ATTACHMENT_MAX_COUNT))
        for name, mimetype, content in files:
            if mimetype not in ATTACHMENT_MIMETYPES:
                raise UserError(self.env._("%(file)s: attach photos or PDF files only.", file=name))
            if len(content) > ATTACHMENT_MAX_BYTES:
                raise UserError(
                    self.env._(
                        "%(file)s is larger than %(size)s MB.", file=name, size=ATTACHMENT_MAX_BYTES // (1024 * 1024)
                    )
                )

    @api.model
    def _portal_file_name(self, name, mimetype):
        """The file's name with the extension of what it really is (a photo named evil.exe is
        stored as evil.png)."""
        stem = (name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0][:100] or "file"
        extension = {
            "image/jpeg": ".jpg",
            "image/png": ".png",
            "image/gif": ".gif",
            "image/webp": ".webp",
            "application/pdf": ".pdf",
        }.get(mimetype, "")
        return stem + extension

    @api.model
    def _portal_file(self, values, files=()):
        """File a complaint received online (channel web), as the server, after the caller
        checked who files it and for which order: registered at once, routed and acknowledged
        like any other when the company says so."""
        self._portal_check_attachments(files)
        complaint = self.sudo().create({**values, "channel": "web"})
        if files:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": self._portal_file_name(name, mimetype),
                            "datas": base64.b64encode(content),
                            "mimetype": mimetype,
                            "res_model": self._name,
                            "res_id": complaint.id,
                        }
                        for name, mimetype, content in files
                    ]
                )
            )
            # in the conversation, so that both the customer and the handler see them
            complaint.message_post(
                body=self.env._("Photos and documents sent with the complaint"),
                attachment_ids=attachments.ids,
                author_id=complaint.partner_id.id or None,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        if complaint.company_id.complaint_web_register:
            complaint.action_register()
        complaint._portal_ensure_token()
        return complaint

    # ------------------------------------------------------------------ the customer's answer
    def _portal_accept_solution(self):
        """The customer accepts the reply online: the closing confirmation, method portal."""
        self.ensure_one()
        if self.state != "replied":
            raise UserError(self.env._("%(complaint)s is not waiting for your answer.", complaint=self.name))
        return self._action_close("portal", fields.Date.context_today(self))

    def _portal_reject_solution(self, reason):
        """The customer does not accept the solution: back to investigation, QA is told why."""
        self.ensure_one()
        reason = self._require_text(reason, self.env._("Tell us why the solution does not suit you."))
        self._move("reject_solution", {"reopen_reason": reason})
        self._post_reason(self.env._("The customer does not accept the solution"), reason)
        self._todo_reviewer(lambda env: env._("Customer rejects the solution: re-examine the complaint"), reason)
        return True
