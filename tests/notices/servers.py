"""Local stand-ins for the outside world: an SMTP server (aiosmtpd) and Tencent Cloud's SMS API."""

import hashlib
import hmac
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET_ID, SECRET_KEY = "AKIDtest0000000000000000000000000000", "test-secret-key-0000000000000000"


def tc3_signature(*, secret_key: str, method: str, host: str, content_type: str, body: bytes, timestamp: int) -> str:
    """TC3-HMAC-SHA256 as Tencent Cloud's API documentation ("签名方法 v3") defines it, for the sms service."""
    canonical_request = "\n".join(
        [
            method,
            "/",
            "",
            f"content-type:{content_type}\nhost:{host}\n",
            "content-type;host",
            hashlib.sha256(body).hexdigest(),
        ]
    )
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    scope = f"{date}/sms/tc3_request"
    string_to_sign = "\n".join(
        ["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )

    def sign(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()

    secret_signing = sign(sign(sign(("TC3" + secret_key).encode(), date), "sms"), "tc3_request")
    return hmac.new(secret_signing, string_to_sign.encode(), hashlib.sha256).hexdigest()


class FakeTencentSms:
    """Answers SendSms like Tencent Cloud does and keeps every request it got (headers and JSON body)."""

    def __init__(self, *, answer_code: str = "Ok", delay: float = 0):
        self.requests: list[dict] = []
        self.answer_code, self.delay = answer_code, delay
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fake.requests.append({"headers": dict(self.headers), "body": body, "json": json.loads(body)})
                if fake.delay:
                    threading.Event().wait(fake.delay)
                answer = {
                    "Response": {
                        "SendStatusSet": [
                            {
                                "SerialNo": "2028:test-serial",
                                "PhoneNumber": fake.requests[-1]["json"]["PhoneNumberSet"][0],
                                "Fee": 1,
                                "SessionContext": "",
                                "Code": fake.answer_code,
                                "Message": "send success" if fake.answer_code == "Ok" else "refused",
                                "IsoCode": "CN",
                            }
                        ],
                        "RequestId": "test-request-id",
                    }
                }
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
