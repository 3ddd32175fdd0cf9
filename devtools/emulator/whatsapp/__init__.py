"""A local WhatsApp Cloud API (Graph API v23.0) for tests, demos and benchmarks.

Real HTTP on 127.0.0.1, speaking the Cloud API's wire format; the bot's httpx client points
at `emulator.base_url` (WHATSAPP_API_BASE_URL) with `emulator.access_token`,
`emulator.business.phone_number_id` and `emulator.version`. Imports nothing from the bot.

    async with CloudApiEmulator(webhook_url="http://127.0.0.1:8080/whatsapp/webhook") as emu:
        emu.approve_template("kampanye_asn", "id", body_parameters=2, url_button=True)
        budi = emu.person("6281234567890", "Budi")
        await budi.says("DAFTAR")                  # signed webhook to the bot; opens the window
        reply = await budi.reply(timeout=5)        # the next message delivered to Budi
        reply.text, reply.buttons, reply.rows      # text / interactive body, buttons, list rows
        await budi.presses("Setuju")               # button_reply to the latest message with it
        await budi.chooses("Jawa Barat")           # list_reply, by row title
        await budi.sends_image(png_bytes, caption="bukti")   # media the bot can download
        emu.close_window("6281234567890")          # free-form now fails with 131047
        msg = await emu.next_message("6281234567890")
        msg.is_template, msg.template_name, msg.template_parameters, msg.template_url_suffix

What it does, as the Cloud API does:
- Every send (`POST /{version}/{phone_number_id}/messages`) is validated against Meta's
  OpenAPI spec (spec/, prepared by spec.py; every departure listed in deviations.py); a bad
  body answers HTTP 400, code 100 "(#100) Invalid parameter" with `error_data.details`.
  The read receipt (`{"status": "read", "message_id"}`, optionally with `"typing_indicator":
  {"type": "text"}`) answers `{"success": true}`; `person.marked_read`, `person.typing_shown`,
  and `person.sees_typing` (until the bot's next message reaches them, or 25 s).
- Bearer token: wrong or missing → 401 code 190; `expire_token()` → 401 code 190, subcode 463.
- Media: multipart upload → `{"id"}`; `GET /{version}/{media_id}` → url, mime_type, sha256,
  file_size; the url downloads the bytes with the bearer token; people's images and documents
  live in the same store. A send naming an unknown media id, or one uploaded 30 days ago or
  more (as message media, an interactive header or a template header), fails later with
  131053.
- The 24-hour window: a free-form message to someone whose window is closed is accepted
  (200 + wamid) and a `failed` status with 131047 follows; templates are delivered.
- Templates: `approve_template(...)`; unknown name/language → 132001 (HTTP 404), wrong
  parameter count → 132000, a body parameter with a newline, tab or 5+ spaces → 132018,
  a body over 1024 characters with its parameters (`body_length` + theirs) → 132005.
- Status webhooks after each accepted send: sent, delivered, read (`person.reads`), or failed
  with errors[] (`person.delivery = "undeliverable"` → 131026, `"marketing_limited"` →
  131049 for marketing templates); `status_webhooks=False` turns them off.
- Limits: above `rate_per_second` → HTTP 400 code 130429; more than one message per
  `pair_interval` (6 s) to one person after a burst of `pair_burst` → HTTP 400 code 131056.
  None turns either off.
- Faults: `fail_next(code, times=, recipient=, http_status=, delay=)`; `latency` delays every
  answer; `requests` records every call, `sent` every accepted message, `webhooks.deliveries`
  every webhook with its attempts.
- Webhooks are signed (`X-Hub-Signature-256`), retried after a non-200 answer
  (`webhook_retry_delays`), and `says(..., repeat=2)` posts the same one twice.
  `await verify_webhook(verify_token)` runs Meta's subscription handshake;
  `await settle()` waits until queued webhooks were attempted.

Standalone: `python -m devtools.emulator.whatsapp --port 8090 --webhook-url ...`; another
process drives it through /_emulator/... (control.py).

Checked against Meta's documentation and real payloads quoted in public issue threads: the
error body (`message "(#code) title"`, `type`, `code`, `error_data.details`, `fbtrace_id`;
`error_subcode` deprecated since v16, kept only for token and unknown-object errors); 190 is
HTTP 401; 130429 "Rate limit hit" and 131056 answer the send; 131047, 131026 and 131049 come
as `failed` statuses with `errors[{code, title, message, error_data.details}]`; 132018's
wording; throughput 80/s and the pair rate of one message per 6 s; per-message pricing in
statuses (`pricing_model` "PMP", no `conversation`); the cta_url body; webhook shapes (tests
compare them with the spec's webhook examples). Not verified: the pair-rate burst Meta
tolerates (45 here, `pair_burst`), 132001's HTTP status (404 here), other `details` wordings.
"""

from devtools.emulator.whatsapp.emulator import CloudApiEmulator
from devtools.emulator.whatsapp.errors import CloudError
from devtools.emulator.whatsapp.faults import Fault
from devtools.emulator.whatsapp.media import MediaRecord
from devtools.emulator.whatsapp.messages import SentMessage
from devtools.emulator.whatsapp.people import SimPerson
from devtools.emulator.whatsapp.server import RecordedRequest
from devtools.emulator.whatsapp.templates import ApprovedTemplate
from devtools.emulator.whatsapp.webhooks import WebhookDelivery, signature

__all__ = [
    "ApprovedTemplate",
    "CloudApiEmulator",
    "CloudError",
    "Fault",
    "MediaRecord",
    "RecordedRequest",
    "SentMessage",
    "SimPerson",
    "WebhookDelivery",
    "signature",
]
