"""Reminders to the advisor and monthly summaries, on APScheduler 3 in the service process.

The scheduler runs inside ``borgerdesk serve`` only: APScheduler cannot share a job store
between processes, so one process per data folder (which serve enforces) means every job runs
once. Jobs have fixed ids, coalesce, and a misfire grace of hours, so a late start still runs
them once; what they did is recorded in the store.
"""

from __future__ import annotations

from datetime import timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from scheduler.jobs import Jobs, SchedulerSettings
from scheduler.notifiers import Email, Log, Notice, SlackWebhook, TeamsWorkflow

__all__ = ["Email", "Jobs", "Log", "Notice", "SchedulerSettings", "SlackWebhook",
           "TeamsWorkflow", "build_scheduler"]

GRACE = int(timedelta(hours=6).total_seconds())


def build_scheduler(jobs: Jobs) -> BackgroundScheduler:
    """A scheduler in the office's timezone; the monthly job also runs once at start-up to
    compile any month that was missed while the service was down."""
    calendar = jobs.store.calendar
    scheduler = BackgroundScheduler(timezone=calendar.timezone, job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": GRACE})
    # On the minute, so a reminder is never a fraction of a minute later than its rule says.
    scheduler.add_job(jobs.reminders, CronTrigger(second=0, timezone=calendar.timezone),
                      id="reminders", replace_existing=True)
    monthly = jobs.settings.monthly_at
    scheduler.add_job(jobs.monthly_summaries,
                      CronTrigger(day=1, hour=monthly.hour, minute=monthly.minute,
                                  timezone=calendar.timezone),
                      id="monthly_summaries", replace_existing=True)
    scheduler.add_job(jobs.monthly_summaries, id="catch_up_summaries", replace_existing=True)
    scheduler.add_job(jobs.purge, CronTrigger(day_of_week="sun", hour=3,
                                              timezone=calendar.timezone),
                      id="retention_purge", replace_existing=True)
    # Chat state that expired and that no citizen's message has tidied away since.
    scheduler.add_job(jobs.store.desk.prune, CronTrigger(minute=17, timezone=calendar.timezone),
                      id="chat_housekeeping", replace_existing=True)
    return scheduler
