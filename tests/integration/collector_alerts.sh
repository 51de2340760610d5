#!/usr/bin/env bash
# collector_alerts: the email a ward gets when a flagged comment arrives, sent
# by a real feedback-collector to a real SMTP server (Debian's
# python3-aiosmtpd) on 127.0.0.1 with STARTTLS required and verified against
# a throwaway CA: one email per comment however often it is pushed, no word
# of the comment in it, none to a server that does not offer STARTTLS, and a
# failed send tried again until it goes.
. "$FB_SRC/tests/integration/lib.sh"
. "$FB_SRC/tests/integration/collector_lib.sh"
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
	echo "ok - # SKIP python3-aiosmtpd not installed (deploy/deps.sh)"
	exit 0
fi
coll_setup sqlite || { fail "test set-up (CA, config) should work"; finish; }
d=$COLL_DIR
SECRET="nobody listened and I want to kill myself"
"$COLL" keygen --public "$d/trust.pub" --secret "$d/trust.key" >/dev/null 2>&1
coll_cli location add WARD1 "Willow Ward" --team willow >/dev/null
tok=$(coll_cli device add --location WARD1 --id kiosk-1 2>/dev/null)
ADMIN_PW="correct horse battery"
echo "$ADMIN_PW" | coll_cli user add ada --team it --role admin >/dev/null 2>&1
tls_make_server_cert "$d/ca" "$d/smtp" || { fail "the mail server's certificate should be made"; finish; }

SMTP_PORT=$(free_port)
SMTP_LOG=$FB_TMP/smtp.log
# smtp_start [aiosmtpd options]: the mail server on SMTP_PORT, up within 10 s.
smtp_start() {
	PYTHONPATH=$FB_SRC/tests/helpers /usr/bin/python3 -u -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" \
		-c smtp_sink.Sink "$@" >>"$SMTP_LOG" 2>&1 &
	SMTP_PID=$!
	_pids+=("$SMTP_PID")
	wait_for 10 python3 -c "import socket; socket.create_connection(('127.0.0.1', $SMTP_PORT), 1)" 2>/dev/null
}
smtp_stop() { kill "$SMTP_PID" 2>/dev/null; wait "$SMTP_PID" 2>/dev/null; }
mails() { grep -c '^Subject: A comment that may need action today: Willow Ward' "$SMTP_LOG"; }
mails_are() { [ "$(mails)" = "$1" ]; }
tls_on=(--tlscert "$d/smtp.pem" --tlskey "$d/smtp.key")

cat >>"$COLL_CONF" <<CONF
[alerts]
smtp_url = smtp://127.0.0.1:$SMTP_PORT
smtp_tls = required
smtp_ca_file = ca/ca.pem
from = feedback@example.nhs.uk
to = WARD1 = willow-nic@example.nhs.uk willow-lead@example.nhs.uk; * = safeguarding@example.nhs.uk
link_url = $COLL_URL
retry_min_s = 1
CONF
check "--check-config should accept the [alerts] settings" coll_cli --check-config
smtp_start "${tls_on[@]}" || { fail "the SMTP server should start"; finish; }
coll_start || { fail "the collector should start"; finish; }
ok "the collector and an SMTP server with STARTTLS should start"

"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 5 \
	--text "$SECRET" >"$d/flagged.json"
"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 1 \
	--text "the garden was lovely" >"$d/plain.json"
st=$(coll_post /v1/responses "$d/flagged.json" "$tok" gzip)
st=$st$(coll_post /v1/responses "$d/plain.json" "$tok" gzip)
check "a flagged and a plain comment should be pushed" test "$st" = 200200
check "one email should arrive within 20 s of the flagged comment" wait_for 20 mails_are 1
check "it should go to the ward's addresses and the Trust-wide one" \
	grep -q "^X-RcptTos: willow-nic@example.nhs.uk, willow-lead@example.nhs.uk, safeguarding@example.nhs.uk" "$SMTP_LOG"
check "it should say a comment that may need action today arrived for Willow Ward, with the link" \
	bash -c "grep -q '^A comment that may need action today arrived for Willow Ward.' '$SMTP_LOG' &&
		 grep -qF '$COLL_URL/safeguarding' '$SMTP_LOG'"
check "it should hold no word of the comment" bash -c "! grep -qF 'kill myself' '$SMTP_LOG'"
check "it should have come over TLS (STARTTLS)" grep -q "^X-TLS: yes" "$SMTP_LOG"

st=$(coll_post /v1/responses "$d/flagged.json" "$tok" gzip)
sleep 5     # two of the sender's passes
check "the same record pushed again should send no second email (push $st)" mails_are 1

# A server without STARTTLS gets nothing while TLS is required.
smtp_stop
smtp_start || { fail "the SMTP server should start again without TLS"; finish; }
"$MKBATCH" --public "$d/trust.pub" --device kiosk-1 --location WARD1 --count 1 --fft 5 \
	--text "he hurt me again" >"$d/second.json"
st=$(coll_post /v1/responses "$d/second.json" "$tok" gzip)
check "a send to a server without STARTTLS should fail and be logged with what to check" \
	wait_for 20 grep -q "alert for WARD1 not sent (attempt .*check \[alerts\]" "$FB_TMP/collector.log"
check "and no email should reach that server" mails_are 1
check "an admin should sign in" coll_sign_in ada "$ADMIN_PW"
admin_says() { [ "$(coll_web GET /admin)" = 200 ] && grep -q "$1" "$COLL_PAGE"; }
check "the admin page should show the alert not sent yet, its tries and why" \
	admin_says 'Willow Ward, comment arrived .*not sent yet</strong> after [0-9]* tr.*(.*[a-zA-Z]'
smtp_stop
smtp_start "${tls_on[@]}" || { fail "the SMTP server should start again with TLS"; finish; }
check "once the server offers STARTTLS again, the failed alert should be sent" wait_for 40 mails_are 2
check "then the admin page should say every alert has been sent" admin_says 'Every alert has been sent'
check "every email taken should have come over TLS" test "$(grep -c '^X-TLS: yes' "$SMTP_LOG")" = 2
check "the collector's log should hold no word of any comment" \
	bash -c "! grep -qF -e 'kill myself' -e 'hurt me again' '$FB_TMP/collector.log'"
coll_stop
smtp_stop
finish
