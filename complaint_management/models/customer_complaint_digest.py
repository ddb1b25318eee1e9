from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain

from .complaint_stage import OPEN_STATES

DIGEST_PARAMETER = "complaint_management.progress_digest"
DIGEST_USERS_PER_COMMIT = 100
DIGEST_LISTED = 50


class CustomerComplaint(models.Model):
    _inherit = "customer.complaint"

    # ------------------------------------------------------------------ daily progress (001-MALL)
    @api.model
    def _last_working_day_start(self, calendar, now):
        """When the last working day before today began, in the calendar's time zone (UTC, naive)."""
        tz = pytz.timezone(calendar.tz or "UTC")
        today = pytz.utc.localize(now).astimezone(tz).date()
        midnight = tz.localize(datetime.combine(today, time.min))
        intervals = calendar._work_intervals_batch(midnight - timedelta(days=14), midnight)[False]
        starts = [start for start, _stop, _meta in intervals]
        if not starts:
            start = midnight - timedelta(days=1)
        else:
            last_day = max(starts).date()
            start = min(s for s in starts if s.date() == last_day)
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _without_progress(self, company, since):
        """Domain of the company's open, handled complaints with nothing written in their chatter
        (note, message, tracked change) since ``since``."""
        return (
            Domain("company_id", "=", company.id)
            & Domain("state", "in", OPEN_STATES)
            & Domain("user_id", "!=", False)
            & Domain("date_received", "<", since)
            & Domain("message_ids", "not any", [("date", ">=", since)])
        )

    @api.model
    def _cron_progress_digest(self, now=None):
        """Each working morning, tell every handler which of their open complaints saw no
        progress in the last working day (one message per handler, in their language). Once a
        day: the handlers done are remembered as the run goes, and progress committed."""
        now = now or fields.Datetime.now()
        Parameter = self.env["ir.config_parameter"].sudo()
        day = now.date().isoformat()
        done_day, _sep, done_user = (Parameter.get_param(DIGEST_PARAMETER) or "").partition(":")
        last_user = int(done_user or 0) if done_day == day else 0
        per_user = {}
        Complaint = self.sudo().with_context(active_test=False)
        for company in self.env["res.company"].sudo().search([]):
            calendar = company.resource_calendar_id or self.env.ref("resource.resource_calendar_std")
            since = self._last_working_day_start(calendar, now)
            domain = self._without_progress(company, since)
            if last_user:  # a run of today interrupted: the handlers after the last one done
                domain &= Domain("user_id", ">", last_user)
            for user, ids in Complaint._read_group(domain, ["user_id"], ["id:array_agg"]):
                per_user.setdefault(user, []).extend(ids)
        users = sorted(per_user, key=lambda u: u.id)
        for start in range(0, len(users), DIGEST_USERS_PER_COMMIT):
            batch = users[start : start + DIGEST_USERS_PER_COMMIT]
            last_progress = Complaint.browse(id_ for user in batch for id_ in per_user[user])._last_progress()
            for user in batch:
                if user.active and not user.share:
                    Complaint.browse(per_user[user])._send_progress_digest(user, last_progress)
            Parameter.set_param(DIGEST_PARAMETER, f"{day}:{batch[-1].id}")
            self.env["ir.cron"]._commit_progress(len(batch), remaining=len(users) - start - len(batch))
        return True

    def _last_progress(self):
        """{complaint id: date of its last chatter message}, in one grouped query."""
        return dict(
            self.env["mail.message"]
            .sudo()
            ._read_group([("model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["date:max"])
        )

    def _send_progress_digest(self, user, last_progress):
        """One message to ``user`` listing these complaints, oldest progress first
        (``last_progress``: see ``_last_progress``)."""
        env = self._env_for(user)
        complaints = self.sorted(lambda c: (last_progress.get(c.id) or c.date_received, c.id))
        rows = Markup("").join(
            Markup('<tr><td><a href="%s">%s</a></td><td>%s</td><td>%s</td><td>%s</td></tr>')
            % (
                complaint._notify_get_action_link("view"),
                complaint.name,
                complaint.subject or "",
                complaint.stage_id.with_env(env).name,
                fields.Datetime.context_timestamp(
                    complaint.with_env(env), last_progress.get(complaint.id) or complaint.date_received
                ).strftime("%Y-%m-%d %H:%M"),
            )
            for complaint in complaints[:DIGEST_LISTED]
        )
        more = len(complaints) - DIGEST_LISTED
        footer = Markup("<p>%s</p>") % env._("… and %(count)s more.", count=more) if more > 0 else Markup("")
        body = Markup(
            "<p>%s</p><table class='table table-sm'><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>%s</table>%s"
        ) % (
            env._("Nothing was recorded on these complaints in the last working day. Record today's progress:"),
            env._("No."),
            env._("Subject"),
            env._("Stage"),
            env._("Last Progress"),
            rows,
            footer,
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=env._("%(count)s of your complaints without progress", count=len(complaints)),
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )
