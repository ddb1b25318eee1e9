from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import models
from odoo.tools.intervals import Intervals


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _makeup_days(self, date_from, date_to):
        """The make-up days of this schedule (or of all schedules of its company) in the range."""
        self.ensure_one()
        return (
            self.env["resource.calendar.makeup.day"]
            .sudo()
            .search(
                [
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("company_id", "=", (self.company_id or self.env.company).id),
                    ("calendar_id", "in", [False, self.id]),
                ]
            )
        )

    def _attendance_intervals_batch(self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False):
        """Add the make-up working days (调休) to the schedule's attendances: whatever plans or
        counts working time (deadlines, durations) then treats them as working days."""
        result = super()._attendance_intervals_batch(start_dt, end_dt, resources, domain=domain, tz=tz, lunch=lunch)
        if lunch or self.flexible_hours:
            return result
        # One day of margin on each side: the range is in UTC, the days in the schedule's zone.
        makeup_days = self._makeup_days(start_dt.date() - timedelta(days=1), end_dt.date() + timedelta(days=1))
        if not makeup_days:
            return result
        resources_list = [*(resources or []), self.env["resource.resource"]]
        attendances = self.attendance_ids.filtered(lambda a: not a.display_type and a.day_period != "lunch")
        for resource in resources_list:
            zone = tz or timezone((resource or self).tz)
            extra = []
            for day in makeup_days:
                for attendance in attendances.filtered(lambda a, d=day: a.dayofweek == d.worked_like):
                    midnight = datetime.combine(day.date, time())
                    start = zone.localize(midnight + timedelta(hours=attendance.hour_from))
                    stop = zone.localize(midnight + timedelta(hours=attendance.hour_to))
                    start, stop = max(start, start_dt.astimezone(zone)), min(stop, end_dt.astimezone(zone))
                    if start < stop:
                        extra.append((start, stop, attendance))
            if extra:
                result[resource.id] = Intervals(list(result[resource.id]) + extra, keep_distinct=True)
        return result

    # Deadlines are stored as naive UTC datetimes, like every Odoo datetime.
    def _complaint_plan(self, start, hours):
        """The moment ``hours`` working hours after ``start``, public holidays and make-up days included."""
        self.ensure_one()
        result = self.plan_hours(hours, utc.localize(start), compute_leaves=True)
        return result and result.astimezone(utc).replace(tzinfo=None)

    def _complaint_work_hours(self, start, end):
        """Working hours between two naive UTC datetimes."""
        self.ensure_one()
        if not start or not end or end <= start:
            return 0.0
        return self.get_work_hours_count(utc.localize(start), utc.localize(end), compute_leaves=True)
