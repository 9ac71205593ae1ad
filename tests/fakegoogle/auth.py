"""OAuth2: the service-account token endpoint, bearer tokens, scopes, and ID tokens.

JWTs are signed and verified here with ``cryptography`` directly (not with google-auth), so
that the fake checks what google-auth produces instead of agreeing with itself.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from .errors import GoogleError

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# google-auth puts Google's token URI in ``aud`` whatever ``token_uri`` says; Google checks it.
TOKEN_AUDIENCES = frozenset({"https://oauth2.googleapis.com/token"})
MAX_ASSERTION_LIFETIME = 3600
CLOCK_SKEW = 300


def generate_rsa_key() -> rsa.RSAPrivateKey:
    """A fresh throwaway 2048-bit RSA key (e.g. to forge tokens in tests)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@cache
def _pooled_key(slot: str) -> rsa.RSAPrivateKey:
    """Keys reused within one process: generating RSA keys per test is the slow part."""
    del slot
    return generate_rsa_key()


def private_pem(key: rsa.RSAPrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_jwt(key: rsa.RSAPrivateKey, payload: dict[str, Any], kid: str | None) -> str:
    header: dict[str, Any] = {"alg": "RS256", "typ": "JWT"}
    if kid:
        header["kid"] = kid
    signing_input = ".".join(
        _b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload)
    )
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(signature)}"


def decode_jwt(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    """Split a JWT without verifying it: (header, payload, signing input, signature)."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ValueError("not a JWT")
    header = json.loads(_unb64(parts[0]))
    payload = json.loads(_unb64(parts[1]))
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise ValueError("not a JWT")
    return header, payload, f"{parts[0]}.{parts[1]}".encode(), _unb64(parts[2])


def verify_rs256(public_key: rsa.RSAPublicKey, signing_input: bytes, signature: bytes) -> bool:
    try:
        public_key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def self_signed_cert(key: rsa.RSAPrivateKey, common_name: str, now: float) -> str:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = dt.datetime.fromtimestamp(now, tz=dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@dataclass
class ServiceAccount:
    email: str
    key_id: str
    private_key: rsa.RSAPrivateKey
    client_id: str
    delegated: bool = False
    delegated_scopes: frozenset[str] | None = None  # None: any scope (when delegated)

    def key_info(self, token_uri: str, project_id: str = "aibou-test") -> dict[str, str]:
        """The JSON key file contents, as the Cloud console downloads it."""
        return {
            "type": "service_account",
            "project_id": project_id,
            "private_key_id": self.key_id,
            "private_key": private_pem(self.private_key),
            "client_email": self.email,
            "client_id": self.client_id,
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
            + self.email.replace("@", "%40"),
            "universe_domain": "googleapis.com",
        }

    def write_key_file(self, path: Path, token_uri: str) -> Path:
        path.write_text(json.dumps(self.key_info(token_uri), indent=2), encoding="utf-8")
        return path


@dataclass(frozen=True)
class Identity:
    """Who a bearer token speaks for."""

    email: str
    scopes: frozenset[str]
    expires_at: float
    service_account: str | None = None  # the SA that obtained the token, if any
    acting_as_self: bool = False  # a service account without ``sub`` (no delegation)

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[-1].lower()


IAM_SCOPES = frozenset(
    {"https://www.googleapis.com/auth/cloud-platform", "https://www.googleapis.com/auth/iam"}
)


def _iam_error(code: int, message: str, status: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


def token_error(code: int, error: str, description: str) -> tuple[int, dict[str, Any]]:
    return code, {"error": error, "error_description": description}


@dataclass
class AuthState:
    service_accounts: dict[str, ServiceAccount] = field(default_factory=dict)
    tokens: dict[str, Identity] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    id_token_key: rsa.RSAPrivateKey = field(default_factory=lambda: _pooled_key("id-token"))
    id_token_kid: str = field(default_factory=lambda: secrets.token_hex(20))
    _certs: dict[str, str] | None = None

    def register(
        self,
        email: str,
        *,
        private_key: rsa.RSAPrivateKey | None = None,
        delegated: bool = False,
        delegated_scopes: frozenset[str] | None = None,
    ) -> ServiceAccount:
        key = private_key or _pooled_key(f"sa:{len(self.service_accounts)}")
        client_id = str(int(hashlib.sha256(email.encode()).hexdigest(), 16))[:21]
        sa = ServiceAccount(
            email, secrets.token_hex(20), key, client_id, delegated, delegated_scopes
        )
        with self.lock:
            self.service_accounts[email] = sa
        return sa

    # -------------------------------------------------------------- /token

    def token_endpoint(self, form: dict[str, list[str]], now: float) -> tuple[int, dict[str, Any]]:
        grant = form.get("grant_type", [""])[0]
        if grant != JWT_GRANT:
            return token_error(400, "unsupported_grant_type", "Invalid grant_type: " + grant)
        assertion = form.get("assertion", [""])[0]
        try:
            header, claims, signing_input, signature = decode_jwt(assertion)
        except (ValueError, UnicodeDecodeError):
            return token_error(400, "invalid_grant", "Invalid JWT: malformed assertion.")
        if header.get("alg") != "RS256":
            return token_error(400, "invalid_grant", "Invalid JWT: unsupported algorithm.")
        sa = self.service_accounts.get(str(claims.get("iss", "")))
        if sa is None:
            return token_error(400, "invalid_grant", "Invalid grant: account not found")
        kid_ok = header.get("kid") in (None, sa.key_id)
        if not kid_ok or not verify_rs256(sa.private_key.public_key(), signing_input, signature):
            return token_error(400, "invalid_grant", "Invalid JWT Signature.")
        if claims.get("aud") not in TOKEN_AUDIENCES:
            return token_error(400, "invalid_grant", "Invalid JWT: Failed audience check.")
        iat, exp = claims.get("iat"), claims.get("exp")
        if (
            not isinstance(iat, int)
            or not isinstance(exp, int)
            or exp <= now - CLOCK_SKEW
            or iat > now + CLOCK_SKEW
            or exp - iat > MAX_ASSERTION_LIFETIME
        ):
            return token_error(
                400,
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                "reasonable timeframe. Check your iat and exp values in the JWT claim.",
            )
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes:
            return token_error(400, "invalid_scope", "Empty or missing scope not allowed.")
        subject = claims.get("sub")
        if subject and subject != sa.email:
            allowed = sa.delegated and (
                sa.delegated_scopes is None or scopes <= sa.delegated_scopes
            )
            if not allowed:
                return token_error(
                    401,
                    "unauthorized_client",
                    "Client is unauthorized to retrieve access tokens using this method, or "
                    "client not authorized for any of the scopes requested.",
                )
            identity = Identity(str(subject), scopes, now + 3600, service_account=sa.email)
        else:
            identity = Identity(
                sa.email, scopes, now + 3600, service_account=sa.email, acting_as_self=True
            )
        token = "ya29.fake-" + secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = identity
        return 200, {"access_token": token, "expires_in": 3599, "token_type": "Bearer"}

    # -------------------------------------------------------------- IAM signBlob

    def sign_blob(self, identity: Identity, email: str, body: bytes) -> tuple[int, dict[str, Any]]:
        """``iamcredentials.signBlob``: sign as ``email`` with its Google-held key.

        The caller must be that account itself (the runtime account holding
        ``roles/iam.serviceAccountTokenCreator`` on itself) with a cloud-platform or iam scope.
        """
        sa = self.service_accounts.get(email)
        if sa is None:
            return 404, _iam_error(404, f"Service account {email} not found.", "NOT_FOUND")
        if not identity.scopes & IAM_SCOPES:
            return 403, _iam_error(
                403, "Request had insufficient authentication scopes.", "PERMISSION_DENIED"
            )
        if identity.email.lower() != email.lower():
            return 403, _iam_error(
                403,
                f"Permission 'iam.serviceAccounts.signBlob' denied on resource {email}.",
                "PERMISSION_DENIED",
            )
        try:
            payload = base64.b64decode(json.loads(body or b"{}")["payload"], validate=True)
        except (ValueError, KeyError, TypeError):
            return 400, _iam_error(400, "Invalid payload.", "INVALID_ARGUMENT")
        signature = sa.private_key.sign(payload, padding.PKCS1v15(), hashes.SHA256())
        return 200, {"keyId": sa.key_id, "signedBlob": base64.b64encode(signature).decode()}

    def add_user_token(self, token: str, email: str, scopes: set[str], expires_at: float) -> None:
        with self.lock:
            self.tokens[token] = Identity(email, frozenset(scopes), expires_at)

    def identify(self, authorization: str | None, now: float) -> Identity:
        if not authorization:
            raise GoogleError(
                401,
                "Request is missing required authentication credential. Expected OAuth 2 "
                "access token, login cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                reason="required",
                headers={"WWW-Authenticate": 'Bearer realm="https://accounts.google.com/"'},
            )
        scheme, _, token = authorization.partition(" ")
        identity = self.tokens.get(token.strip()) if scheme.lower() == "bearer" else None
        if identity is None or identity.expires_at <= now:
            raise GoogleError(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 access "
                "token, login cookie or other valid authentication credential. See "
                "https://developers.google.com/identity/sign-in/web/devconsole-project.",
                reason="authError",
                headers={
                    "WWW-Authenticate": 'Bearer realm="https://accounts.google.com/", '
                    'error="invalid_token"'
                },
            )
        return identity

    # -------------------------------------------------------------- ID tokens

    def certs(self, now: float) -> dict[str, str]:
        with self.lock:
            if self._certs is None:
                self._certs = {
                    self.id_token_kid: self_signed_cert(
                        self.id_token_key, "fakegoogle-id-tokens", now
                    )
                }
            return dict(self._certs)

    def mint_id_token(
        self,
        audience: str,
        email: str,
        *,
        now: float,
        issuer: str,
        email_verified: bool,
        expires_in: int,
        extra: dict[str, Any] | None,
        key: rsa.RSAPrivateKey | None,
    ) -> str:
        iat = int(now)
        payload: dict[str, Any] = {
            "iss": issuer,
            "azp": audience,
            "aud": audience,
            "sub": str(int(hashlib.sha256(email.encode()).hexdigest(), 16))[:21],
            "email": email,
            "email_verified": email_verified,
            "iat": iat if expires_in > 0 else iat + expires_in - 3600,
            "exp": iat + expires_in,
        }
        payload.update(extra or {})
        return sign_jwt(key or self.id_token_key, payload, self.id_token_kid)
