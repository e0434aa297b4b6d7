"""A real SMTP server for the `bulletin notify` mail test (not an output validator).

    python3 tests/tools/smtp_sink.py <port> <out-dir> [<user>:<password>]

Serves SMTP (aiosmtpd) on 127.0.0.1:<port>, prints "ready" once it accepts connections, and
writes every message it receives to <out-dir>/<n>.eml (as received) and <n>.json (parsed with
the standard library's email package: decoded headers, the text and the HTML part). It stops
when its standard input closes, or after 120 seconds. With <user>:<password>, it requires
AUTH (over the plain loopback connection: no certificate to trust) and records the login. Exit 3 when aiosmtpd is missing
(tests/requirements.txt), as the validators do.
"""

from __future__ import annotations

import email
import email.policy
import json
import logging
import sys
import threading
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import require  # noqa: E402

controller_mod = require("smtp_sink", "aiosmtpd.controller", "aiosmtpd")


class Sink:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        login = session.auth_data.login.decode() if session.authenticated and session.auth_data else None
        with self.lock:
            self.count += 1
            n = self.count
        raw = envelope.original_content or envelope.content
        (self.out / f"{n}.eml").write_bytes(raw)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        parts = {}
        for part in msg.walk():
            if part.get_content_maintype() == "text":
                parts[part.get_content_type()] = part.get_content()
        parsed = {
            "envelope_to": envelope.rcpt_tos,
            "login": login,
            "subject": str(msg["subject"]),
            "message_id": msg["message-id"] and str(msg["message-id"]),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "list_unsubscribe": msg["list-unsubscribe"] and str(msg["list-unsubscribe"]),
            "content_language": msg["content-language"] and str(msg["content-language"]),
            "content_type": msg.get_content_type(),
            "text": parts.get("text/plain"),
            "html": parts.get("text/html"),
        }
        tmp = self.out / f"{n}.json.tmp"
        tmp.write_text(json.dumps(parsed, ensure_ascii=False), encoding="utf-8")
        tmp.rename(self.out / f"{n}.json")
        return "250 OK"


def main() -> None:
    port, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    smtp_mod = require("smtp_sink", "aiosmtpd.smtp", "aiosmtpd")
    options = {}
    if len(sys.argv) > 3:
        user, password = sys.argv[3].split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            # handled=False: aiosmtpd answers (235 or 535) itself.
            return smtp_mod.AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        # Plain AUTH on loopback is the point here; aiosmtpd's warning about it is noise.
        warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
        logging.getLogger("mail.log").setLevel(logging.ERROR)
        options = {"authenticator": authenticator, "auth_required": True, "auth_require_tls": False}
    controller = controller_mod.Controller(Sink(out), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print("ready", flush=True)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    deadline = time.monotonic() + 120
    while not done.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    controller.stop()


if __name__ == "__main__":
    main()
