"""Reading ``borgerdesk.toml`` and the environment: the only place that does.

Every part gets its settings as an explicit object built here (design.md section 2). The TOML
file is validated with msgspec, so a typo in a key or a wrong type is reported with the file
and the key instead of being silently ignored. Secrets come only from the environment.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec
import platformdirs

from store import BorgerdeskError, OfficeCalendar, StoreSettings, Taxonomy
from store.i18n import N_, _
from store.taxonomy import DEFAULT_HANDLING, DEFAULT_TOPICS, Vocabulary

APP_NAME = "borgerdesk"
CONFIG_ENV, DATA_ENV = "BORGERDESK_CONFIG", "BORGERDESK_DATA"
CLOCK = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
HOURS = Annotated[str, msgspec.Meta(pattern=r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")]
Platform = Literal["slack", "teams", "web", "webchat"]
Format = Literal["md", "csv", "json", "xlsx", "html", "docx"]


class Section(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A table of the TOML file; unknown keys are errors, not silently ignored."""


class OfficeConfig(Section):
    name: str = "Borgerrådgiveren"
    timezone: str = "Europe/Copenhagen"
    language: Literal["da", "en"] = "da"
    response_working_days: Annotated[int, msgspec.Meta(ge=1, le=30)] = 3
    office_hours: HOURS = "09:00-16:00"
    holidays: str = "DK"
    email: str = ""  # the sender of answers to citizens by e-mail


class TaxonomyConfig(Section):
    departments: dict[str, list[str]] | None = None
    topics: dict[str, str] | None = None
    handling: dict[str, str] | None = None


class IntakeConfig(Section):
    platforms: list[Platform] = msgspec.field(default_factory=list)  # none until set up
    listen: str = "127.0.0.1:8080"
    slack_api_url: str = "https://slack.com/api/"  # a fake Web API in tests and staging
    slack_mode: Literal["events", "socket"] = "events"  # socket: no public URL needed
    max_body_kb: Annotated[int, msgspec.Meta(ge=1, le=1024)] = 64
    messages_per_minute: Annotated[int, msgspec.Meta(ge=1)] = 20  # per sender
    trusted_proxies: list[str] = msgspec.field(default_factory=list)  # X-Forwarded-For from


ORIGIN = Annotated[str, msgspec.Meta(pattern=r"^https?://[A-Za-z0-9.*-]+(:\d+)?$")]


class WebchatConfig(Section):
    """The citizens' chat page at /chat."""

    privacy_url: str = ""
    accessibility_statement_url: str = ""
    frame_ancestors: list[ORIGIN] = msgspec.field(default_factory=list)  # may embed the page


class RemindersConfig(Section):
    digest_at: CLOCK = "08:00"
    lead_minutes: Annotated[int, msgspec.Meta(ge=0, le=24 * 60)] = 15
    notify: list[Literal["chat", "email", "log"]] = msgspec.field(
        default_factory=lambda: ["log"])
    chat_format: Literal["slack", "teams"] = "slack"  # the kind of BORGERDESK_NOTIFY_WEBHOOK_URL
    first_names: bool = True  # false: chat and e-mail name references only


class SummaryConfig(Section):
    monthly_at: CLOCK = "06:00"
    formats: list[Format] = msgspec.field(
        default_factory=lambda: ["md", "csv", "json", "xlsx", "html"])


class PrivacyConfig(Section):
    retention_months: Annotated[int, msgspec.Meta(ge=1)] = 24


class Config(Section):
    office: OfficeConfig = msgspec.field(default_factory=OfficeConfig)
    taxonomy: TaxonomyConfig = msgspec.field(default_factory=TaxonomyConfig)
    intake: IntakeConfig = msgspec.field(default_factory=IntakeConfig)
    webchat: WebchatConfig = msgspec.field(default_factory=WebchatConfig)
    reminders: RemindersConfig = msgspec.field(default_factory=RemindersConfig)
    summary: SummaryConfig = msgspec.field(default_factory=SummaryConfig)
    privacy: PrivacyConfig = msgspec.field(default_factory=PrivacyConfig)


SECRET_NAMES = {
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_app_token": "SLACK_APP_TOKEN",
    "teams_hmac_secret": "TEAMS_HMAC_SECRET",
    "web_secret": "BORGERDESK_WEB_SECRET",
    "notify_webhook_url": "BORGERDESK_NOTIFY_WEBHOOK_URL",
    "smtp_url": "BORGERDESK_SMTP_URL",
}
PLATFORM_SECRETS = {
    "slack": ("slack_signing_secret", "slack_bot_token"),
    "teams": ("teams_hmac_secret",),
    "web": ("web_secret",),
    "webchat": (),  # its signing key is made in the data folder
}

SLACK_SOCKET_SECRETS = ("slack_app_token", "slack_bot_token")  # no signed requests come in
NOTIFIER_SECRETS = {"chat": "notify_webhook_url", "email": "smtp_url"}


@dataclass(frozen=True)
class Secrets:
    """Secrets from the environment; their values never appear in a repr or a log."""

    values: Mapping[str, str] = field(default_factory=dict, repr=False)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Secrets:
        return cls({name: environ[variable] for name, variable in SECRET_NAMES.items()
                    if environ.get(variable)})

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def missing_for(self, platforms: list[str], notify: list[str] = (),
                    slack_mode: str = "events") -> list[str]:
        """Environment variables that the enabled platforms and notifiers need, unset."""
        needed: list[str] = []
        for platform in platforms:
            socket = platform == "slack" and slack_mode == "socket"
            needed += SLACK_SOCKET_SECRETS if socket else PLATFORM_SECRETS[platform]
        needed += [NOTIFIER_SECRETS[notifier] for notifier in notify
                   if notifier in NOTIFIER_SECRETS]
        return [SECRET_NAMES[name] for name in needed if not self.get(name)]


class ConfigError(BorgerdeskError):
    """The configuration file cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    """Everything the composition root needs: where things are and how they are set up."""

    config: Config
    data_dir: Path
    config_file: Path | None
    secrets: Secrets

    def store_settings(self) -> StoreSettings:
        office = self.config.office
        opens, closes = (time.fromisoformat(part) for part in office.office_hours.split("-"))
        calendar = OfficeCalendar(
            timezone=ZoneInfo(office.timezone), opens=opens, closes=closes,
            response_working_days=office.response_working_days,
            holiday_country=office.holidays, holiday_cache=holiday_cache_dir())
        return StoreSettings(calendar=calendar, taxonomy=self.taxonomy())

    def taxonomy(self) -> Taxonomy:
        configured = self.config.taxonomy
        departments = ({area: tuple(units) for area, units in configured.departments.items()}
                       if configured.departments else None)
        return Taxonomy(
            **({"departments": departments} if departments else {}),
            topics=Vocabulary(N_("topic"), configured.topics or DEFAULT_TOPICS),
            handling=Vocabulary(N_("handling type"), configured.handling or DEFAULT_HANDLING))


def default_config_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / f"{APP_NAME}.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def holiday_cache_dir() -> Path:
    """Where the public holidays are kept between runs (``store.holiday_table``)."""
    return Path(platformdirs.user_cache_dir(APP_NAME))


def load_settings(config_file: str | os.PathLike[str] | None = None,
                  data_dir: str | os.PathLike[str] | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Options first, then ``$BORGERDESK_CONFIG``/``$BORGERDESK_DATA``, then user folders.

    A config file that was named explicitly must exist; the default one may be absent."""
    environ = os.environ if environ is None else environ
    explicit = config_file or environ.get(CONFIG_ENV)
    path = Path(explicit) if explicit else default_config_file()
    if path.exists():
        config = read_config(path)
    elif explicit:
        raise ConfigError(_("{file}: no such configuration file").format(file=path))
    else:
        config, path = Config(), None
    data = Path(data_dir or environ.get(DATA_ENV) or default_data_dir()).expanduser()
    return Settings(config=config, data_dir=data, config_file=path,
                    secrets=Secrets.from_environment(environ))


def read_config(path: Path) -> Config:
    """Parse and validate one TOML file; ConfigError names the file and the key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: {error}") from None
    try:
        config = msgspec.convert(raw, Config)
    except msgspec.ValidationError as error:
        message, _sep, where = str(error).partition(" - at `$.")
        key = where.rstrip("`") or "?"
        raise ConfigError(f"{path}: {key}: {message}") from None
    problems = list(_semantic_problems(config))
    if problems:
        raise ConfigError("\n".join(f"{path}: {problem}" for problem in problems))
    return config


def _semantic_problems(config: Config):
    office = config.office
    try:
        ZoneInfo(office.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        yield _("office.timezone: unknown time zone {value}").format(value=office.timezone)
    try:
        OfficeCalendar(holiday_country=office.holidays,
                       holiday_cache=holiday_cache_dir()).holiday_name(date.today())
    except NotImplementedError:
        yield _("office.holidays: unknown holiday calendar {value}").format(
            value=office.holidays)
    opens, closes = office.office_hours.split("-")
    if opens >= closes:
        yield _("office.office_hours: opening must come before closing")
    for entry in config.intake.trusted_proxies:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            yield _("intake.trusted_proxies: {value} is not an address or network").format(
                value=entry)
    if parse_listen(config.intake.listen) is None:
        yield _("intake.listen: expected HOST:PORT with a port from 1 to 65535, such as "
                "127.0.0.1:8080")


def parse_listen(text: str) -> tuple[str, int] | None:
    """``HOST:PORT`` (host optional, default 127.0.0.1) as a pair, or None if invalid."""
    host, separator, port = text.rpartition(":")
    if not separator or not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
        return None
    return host or "127.0.0.1", int(port)
