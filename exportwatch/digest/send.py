"""Sending: a multipart/alternative message over SMTP with STARTTLS and authentication.

Settings come from ``exportwatch.config.Settings`` (``smtp_host``, ``smtp_port``, ``smtp_user``,
``smtp_password``, ``smtp_starttls``, ``mail_from``). The password is only ever handed to
``smtplib.SMTP.login``: it is not logged, not put in error messages, and SMTP protocol
debugging (which would echo the AUTH exchange) is never switched on.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from types import TracebackType

from exportwatch.config import Settings
from exportwatch.digest.render import Rendered
from exportwatch.errors import ConfigError, DigestError

log = logging.getLogger("exportwatch.digest")

DEFAULT_PORT_STARTTLS = 587
DEFAULT_PORT_PLAIN = 25
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send. ``repr`` hides the password."""

    host: str
    port: int
    mail_from: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = True
    timeout: float = TIMEOUT_S

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        """Build from settings.

        Raises:
            ConfigError: no SMTP host or sender address is configured, or a user without password.
        """
        if not settings.smtp_host:
            raise ConfigError(
                "no SMTP server configured for the digest",
                hint="set EXPORTWATCH_SMTP_HOST (and _PORT, _USER, _PASSWORD) or smtp_host in config.yaml, "
                "or use --dry-run --out FILE.html",
            )
        if not settings.mail_from:
            raise ConfigError(
                "no sender address configured for the digest",
                hint="set EXPORTWATCH_MAIL_FROM or mail_from in config.yaml",
            )
        if settings.smtp_user and not settings.smtp_password:
            raise ConfigError(
                f"SMTP user {settings.smtp_user} has no password",
                hint="set EXPORTWATCH_SMTP_PASSWORD or smtp_password in config.yaml",
            )
        port = settings.smtp_port or (DEFAULT_PORT_STARTTLS if settings.smtp_starttls else DEFAULT_PORT_PLAIN)
        return cls(
            host=settings.smtp_host,
            port=port,
            mail_from=settings.mail_from,
            user=settings.smtp_user,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
        )

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def build_message(rendered: Rendered, *, sender: str, recipient: str, period_key: str) -> EmailMessage:
    """The email: plain-text part first, then the HTML alternative."""
    msg = EmailMessage()
    msg["Subject"] = rendered.subject
    msg["From"] = formataddr(("exportwatch", sender))
    msg["To"] = recipient
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid("digest", domain=sender.rpartition("@")[2] or None)
    msg["X-Exportwatch-Period"] = period_key
    msg.set_content(rendered.text, subtype="plain", charset="utf-8")
    msg.add_alternative(rendered.html, subtype="html", charset="utf-8")
    return msg


class SendFailed(DigestError):
    """One message could not be delivered; ``fatal`` when no later message can succeed either."""

    def __init__(self, message: str, *, fatal: bool = False, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.fatal = fatal


class Mailer:
    """One SMTP session, opened on first use and reopened after a failure.

    Use as a context manager; ``send`` raises ``SendFailed`` naming the recipient and cause.
    """

    def __init__(self, config: SmtpConfig, *, ssl_context: ssl.SSLContext | None = None) -> None:
        self.config = config
        self.ssl_context = ssl_context
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def _drop(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def _open(self) -> smtplib.SMTP:
        c = self.config
        ctx = self.ssl_context or ssl.create_default_context()
        try:
            smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
        except (OSError, smtplib.SMTPException) as e:
            raise SendFailed(
                f"cannot connect to SMTP server {c.where}: {_reason(e)}",
                fatal=True,
                hint="check EXPORTWATCH_SMTP_HOST and EXPORTWATCH_SMTP_PORT",
            ) from None
        smtp.set_debuglevel(0)  # level > 0 would print the AUTH exchange
        try:
            smtp.ehlo()
            if c.starttls:
                if not smtp.has_extn("starttls"):
                    raise SendFailed(
                        f"SMTP server {c.where} does not offer STARTTLS",
                        fatal=True,
                        hint="use the submission port of your server, or set smtp_starttls: false for a "
                        "local relay",
                    )
                smtp.starttls(context=ctx)
                smtp.ehlo()
            if c.user:
                smtp.login(c.user, c.password or "")
        except SendFailed:
            smtp.close()
            raise
        except smtplib.SMTPAuthenticationError as e:
            smtp.close()
            raise SendFailed(
                f"SMTP server {c.where} refused the login of user {c.user}: {_reason(e)}",
                fatal=True,
                hint="check EXPORTWATCH_SMTP_USER and EXPORTWATCH_SMTP_PASSWORD",
            ) from None
        except ssl.SSLError as e:
            smtp.close()
            raise SendFailed(
                f"TLS with SMTP server {c.where} failed: {_reason(e)}",
                fatal=True,
                hint="the server certificate must be valid for the host name (SSL_CERT_FILE can add a CA)",
            ) from None
        except (smtplib.SMTPException, OSError) as e:
            smtp.close()
            raise SendFailed(f"SMTP session with {c.where} failed: {_reason(e)}", fatal=True) from None
        return smtp

    def send(self, msg: EmailMessage) -> None:
        """Deliver one message.

        Raises:
            SendFailed: the server refused the recipient or the message, or the session broke.
        """
        recipient = str(msg["To"])
        if self._smtp is None:
            self._smtp = self._open()
        try:
            self._smtp.send_message(msg, from_addr=self.config.mail_from, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as e:
            code, text = next(iter(e.recipients.values()), (0, b""))
            self._reset()
            raise SendFailed(
                f"SMTP server {self.config.where} refused recipient {recipient}: {code} {_text(text)}"
            ) from None
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as e:
            self._reset()
            raise SendFailed(
                f"SMTP server {self.config.where} refused the message to {recipient}: {_reason(e)}"
            ) from None
        except (smtplib.SMTPException, OSError) as e:
            self._drop()
            raise SendFailed(f"sending to {recipient} via {self.config.where} failed: {_reason(e)}") from None
        log.info("digest sent to %s via %s", recipient, self.config.where)

    def _reset(self) -> None:
        """After a refused message, make the session usable again (or drop it)."""
        if self._smtp is None:
            return
        try:
            self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()


def _text(v: bytes | str) -> str:
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)


def _reason(e: BaseException) -> str:
    """A one-line cause without anything the client sent (never the password)."""
    if isinstance(e, smtplib.SMTPResponseException):
        return f"{e.smtp_code} {_text(e.smtp_error)}".strip()
    if isinstance(e, socket.timeout):
        return "timed out"
    if isinstance(e, ssl.SSLError):
        return e.reason or type(e).__name__
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    return str(e) or type(e).__name__
