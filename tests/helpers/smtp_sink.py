"""An aiosmtpd handler for tests/integration/collector_alerts.sh: prints each
message it takes with its envelope recipients and whether it came over TLS
(STARTTLS), so the test can read what a ward's inbox would get.

Run as: python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c smtp_sink.Sink
(with tests/helpers on PYTHONPATH)."""
import sys


class Sink:
    async def handle_DATA(self, server, session, envelope):
        out = sys.stdout
        out.write("---------- MESSAGE FOLLOWS ----------\n")
        out.write("X-MailFrom: %s\n" % envelope.mail_from)
        out.write("X-RcptTos: %s\n" % ", ".join(envelope.rcpt_tos))
        out.write("X-TLS: %s\n" % ("yes" if session.ssl else "no"))
        out.write(envelope.content.decode("utf-8", "replace").replace("\r\n", "\n"))
        out.write("\n------------ END MESSAGE ------------\n")
        out.flush()
        return "250 OK"
