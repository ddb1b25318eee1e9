"""The public complaint form, for people without a portal account."""

import logging
import posixpath

from markupsafe import Markup

from odoo import fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.tools import email_normalize, plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from ..models.customer_complaint_portal import ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_COUNT, ATTACHMENT_MIMETYPES

_logger = logging.getLogger(__name__)

# A text field hidden from people: only robots fill it in.
HONEYPOT = "complaint_hp"
# Longest text kept from each field (the page's inputs say the same with maxlength).
MAX_LENGTHS = {"name": 128, "email": 254, "phone": 64, "order_ref": 64, "description": 10_000}
# Room for the form's text fields besides the files in one request.
FORM_BYTES = 1024 * 1024


class ComplaintPublicController(http.Controller):
    # website=True makes it a frontend page of http_routing (a dependency of portal, not the
    # website app): the language comes from the URL (/zh_CN/complaint) or the visitor's choice.
    @http.route("/complaint", type="http", auth="public", website=True, methods=["GET", "POST"])
    def complaint_public_form(self, **post):
        if request.httprequest.method != "POST":
            return self._render_form({})
        Attempt = request.env["complaint.intake.attempt"].sudo()
        ip = request.httprequest.remote_addr or ""
        if post.get(HONEYPOT):
            # A robot: it sees the thanks, nothing is filed, and it still uses up its slots.
            if not Attempt._take_slot(ip):
                return self._render_too_many(post)
            _logger.info("Public complaint form: honeypot filled from %s, nothing filed", ip)
            return request.render("complaint_management.complaint_public_thanks", {"complaint": None})
        values, files, errors = self._read_form(post)
        if errors:
            return self._render_form(post, errors, status=400)
        try:
            with request.env.cr.savepoint():
                if not Attempt._take_slot(ip):
                    return self._render_too_many(post)
                complaint = request.env["customer.complaint"]._portal_file(values, files)
                if complaint.contact_email:
                    self._send_tracking_mail(complaint)
                    # the tracking mail is the acknowledgement: no second mail at registration
                    complaint._step_write({"date_acknowledged": fields.Datetime.now()})
        except (UserError, ValidationError) as error:
            return self._render_form(post, [error.args[0]], status=400)
        return request.render(
            "complaint_management.complaint_public_thanks",
            {"complaint": complaint, "follow_url": complaint.get_portal_url()},
        )

    # ------------------------------------------------------------------ reading the form
    def _read_form(self, post):
        """The complaint's values and files from the posted form, and what is wrong with it."""
        text = {name: (post.get(name) or "").strip() for name in MAX_LENGTHS}
        anonymous = bool(post.get("anonymous"))
        errors = []
        if not text["description"]:
            errors.append(request.env._("Tell us what happened."))
        elif len(text["description"]) > MAX_LENGTHS["description"]:
            errors.append(
                request.env._(
                    "Describe what happened in at most %(count)s characters.", count=MAX_LENGTHS["description"]
                )
            )
        # The page's inputs stop longer text: only robots send more, and lose the rest.
        text = {name: value[: MAX_LENGTHS[name]] for name, value in text.items()}
        if not anonymous and not text["name"]:
            errors.append(request.env._("Give your name, or tick Anonymous."))
        if not anonymous and not (text["email"] or text["phone"]):
            errors.append(
                request.env._("Give an email address or a phone number so that we can answer you, or tick Anonymous.")
            )
        if text["email"] and not email_normalize(text["email"]):
            errors.append(request.env._("%(email)s is not a valid email address.", email=text["email"]))
        complainant = post.get("complainant") or "customer"
        parties = dict(self._selection("interested_party"))
        if complainant != "customer" and complainant not in parties:
            errors.append(request.env._("Choose who is filing the complaint."))
        demand = post.get("demand") or False
        if demand and demand not in dict(self._selection("demand")):
            demand = False
        files = []
        uploads = [upload for upload in request.httprequest.files.getlist("attachments") if upload.filename]
        if (request.httprequest.content_length or 0) > ATTACHMENT_MAX_COUNT * ATTACHMENT_MAX_BYTES + FORM_BYTES:
            errors.append(
                request.env._(
                    "Attach at most %(count)s files of %(size)s MB each.",
                    count=ATTACHMENT_MAX_COUNT,
                    size=ATTACHMENT_MAX_BYTES // (1024 * 1024),
                )
            )
        elif len(uploads) > ATTACHMENT_MAX_COUNT:
            errors.append(request.env._("Attach at most %(count)s files.", count=ATTACHMENT_MAX_COUNT))
        else:
            for upload in uploads:
                content = upload.read()
                name = posixpath.basename(upload.filename.replace("\\", "/"))[:128] or "attachment"
                files.append((name, guess_mimetype(content, default="application/octet-stream"), content))
        description = plaintext2html(text["description"])
        if text["order_ref"]:
            description = (
                Markup("<p><strong>%s</strong> %s</p>")
                % (request.env._("Order reference given by the complainant:"), text["order_ref"])
                + description
            )
        values = {
            "complainant_type": "customer" if complainant == "customer" else "interested_party",
            "interested_party": complainant if complainant in parties else False,
            "is_anonymous": anonymous,
            "contact_name": text["name"] or False,
            "contact_email": email_normalize(text["email"]) or False,
            "contact_phone": text["phone"] or False,
            "description": description,
            "demand": demand,
        }
        return values, files, errors

    def _selection(self, field_name):
        """A selection of the complaint, in the page's language."""
        Complaint = request.env["customer.complaint"].sudo()
        return Complaint.fields_get([field_name], ["selection"])[field_name]["selection"]

    # ------------------------------------------------------------------ answers
    def _render_form(self, post, errors=(), status=200):
        return request.render(
            "complaint_management.complaint_public_form",
            {
                "values": post,
                "errors": errors,
                "honeypot": HONEYPOT,
                "max_lengths": MAX_LENGTHS,
                "interested_parties": self._selection("interested_party"),
                "demands": self._selection("demand"),
                "accept": ",".join(sorted(ATTACHMENT_MIMETYPES)),
                "attachments_help": request.env._(
                    "Up to %(count)s photos or PDF files of %(size)s MB each.",
                    count=ATTACHMENT_MAX_COUNT,
                    size=ATTACHMENT_MAX_BYTES // (1024 * 1024),
                ),
            },
            status=status,
        )

    def _render_too_many(self, post):
        message = request.env._(
            "You have sent several complaints from this address within the last hour. Please try again later, "
            "or call us."
        )
        return self._render_form(post, [message], status=429)

    def _send_tracking_mail(self, complaint):
        """The tracking number and the link to follow the complaint, in the page's language."""
        template = request.env.ref("complaint_management.mail_template_complaint_public_tracking").sudo()
        template.with_context(lang=request.env.lang).send_mail(
            complaint.id, email_layout_xmlid="mail.mail_notification_light"
        )
