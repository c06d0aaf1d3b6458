"""Real parts for the digest tests: a self-signed certificate and an aiosmtpd server on 127.0.0.1."""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SMTP_USER = "digest-bot"
SMTP_PASSWORD = "s3cret-Pa55-9f2c"  # must never show up in logs or output


@dataclass(frozen=True)
class Cert:
    cert: Path
    key: Path


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> Cert:
    """A self-signed certificate for 127.0.0.1 and localhost, made with ``cryptography``."""
    d = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = d / "cert.pem", d / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return Cert(cert_path, key_path)


@pytest.fixture
def client_tls(tls_cert: Cert) -> ssl.SSLContext:
    """A client context that trusts only the test certificate (hostname checked)."""
    ctx = ssl.create_default_context(cafile=str(tls_cert.cert))
    return ctx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Recorder:
    """aiosmtpd handler: refuses some recipients, keeps every accepted message."""

    refuse: set[str] = field(default_factory=set)
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str | None, list[str]]] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)
    tls: list[bool] = field(default_factory=list)
    auth_sessions: set[int] = field(default_factory=set)

    async def handle_RCPT(
        self, server: SMTPServer, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTPServer, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        msg = message_from_bytes(content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.tls.append(session.ssl is not None)
        return "250 Message accepted for delivery"


@dataclass
class SmtpServer:
    host: str
    port: int
    recorder: Recorder
    tls: bool

    @property
    def messages(self) -> list[EmailMessage]:
        return self.recorder.messages


@pytest.fixture
def smtp_server(tls_cert: Cert) -> Iterator[Callable[..., SmtpServer]]:
    """Start real SMTP servers on 127.0.0.1: ``smtp_server(tls=True, refuse={...})``.

    With ``tls`` the server requires STARTTLS and then AUTH (LOGIN/PLAIN) as SMTP_USER/SMTP_PASSWORD.
    """
    started: list[Controller] = []

    def start(*, tls: bool = True, refuse: set[str] | None = None) -> SmtpServer:
        recorder = Recorder(refuse={a.lower() for a in (refuse or set())})
        kwargs: dict[str, Any] = {}
        if tls:
            server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            server_ctx.load_cert_chain(str(tls_cert.cert), str(tls_cert.key))

            def authenticator(
                server: SMTPServer, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
            ) -> AuthResult:
                ok = (
                    isinstance(auth_data, LoginPassword)
                    and auth_data.login == SMTP_USER.encode()
                    and auth_data.password == SMTP_PASSWORD.encode()
                )
                login = auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?"
                recorder.logins.append((login, ok))
                recorder.auth_sessions.add(id(session))
                # handled=False lets aiosmtpd answer 535; handled=True would leave the client waiting.
                return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)

            kwargs = {
                "tls_context": server_ctx,
                "require_starttls": True,
                "authenticator": authenticator,
                "auth_required": True,
                "auth_require_tls": True,
            }
        port = free_port()
        controller = Controller(
            recorder, hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs
        )
        controller.start()
        started.append(controller)
        return SmtpServer("127.0.0.1", port, recorder, tls)

    yield start
    for c in started:
        c.stop()


# --- the graph the digest is built from ---------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
PRESS = REPO / "tests" / "fixtures" / "bis_press" / "press-release_ai-diffusion-rescission_2025-05-13.html"
PRESS_URL = (
    "https://www.bis.gov/press-release/"
    "department-commerce-rescinds-biden-era-artificial-intelligence-diffusion-rule-strengthens-chip-related"
)
PUBLIC_INSPECTION = REPO / "tests" / "fixtures" / "recorded" / "federal_register" / "public_inspection"


@pytest.fixture(scope="session")
def graph_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A real embedded graph built through the app's pipeline (sync -> extract -> load) from real files.

    The demo data (136 BIS rules and the 2023-03929 Entity List rule), plus the BIS press release of
    2025-05-13 (tests/fixtures/bis_press) and, for 2025-00636, the record of the public-inspection list
    of 2025-01-13 (tests/fixtures/recorded) instead of its published record: the graph as it stood while
    the AI Diffusion rule was on display. The files are laid in a folder and synced with ``--from-dir``.
    """
    from exportwatch.app import SNAPSHOT_DIR, update_graph
    from exportwatch.config import load_settings
    from ingest.sync import sync

    root = tmp_path_factory.mktemp("digest-graph")
    files = root / "files"
    files.mkdir()
    cache = json.loads((SNAPSHOT_DIR / "federal_register" / "bis_rules_2022-2026_api_cache.json").read_text())
    cache["rules"] = [r for r in cache["rules"] if r.get("document_number") != "2025-00636"]
    (files / "api_cache.json").write_text(json.dumps(cache), encoding="utf-8")
    for xml in (SNAPSHOT_DIR / "federal_register").glob("*.xml"):
        shutil.copy(xml, files / xml.name)
    shutil.copy(PUBLIC_INSPECTION / "current_2025-01-13.json", files / "current_2025-01-13.json")
    shutil.copy(PRESS, files / PRESS.name)
    settings = load_settings(home=root / "home")
    report = sync(settings.home, from_dir=files, progress=False)
    assert report.ok, report.errors
    graph = update_graph(settings)
    assert not graph.errors, graph.errors
    return settings.resolved_graph_url
