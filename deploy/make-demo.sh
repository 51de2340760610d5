#!/usr/bin/env bash
# make-demo.sh DIR: writes a self-contained demo set-up into DIR (build/demo):
#   ca/                throwaway CA (ca.pem) and the collector's certificate
#   trust.pub/.key     the Trust's keypair (secret 0600): devices seal to .pub
#   collector.conf     the Trust's collector on https://127.0.0.1:$PORT, SQLite
#   kiosk.conf         one device (kiosk-demo-01, enrolled for Willow and Ash
#                      Wards: its staff screen offers those two) + its token
#   demo-login.txt     the results page's demo user and password
# The collector starts with three "You said, we did" actions done by each
# demo team and published for its ward in English and Polish, made with
# 'feedback-collector action' as a ward manager would on the actions pages:
# the kiosk shows them once the sync daemon has fetched the ward's config.
# Everything here is for trying the product on one machine; nothing in it is
# fit for a real Trust (the CA and keys are throwaway). Safe to run again: an
# existing DIR is kept (delete it to start over).
set -euo pipefail
dir=${1:?usage: make-demo.sh DIR}
: "${FB_BIN:?FB_BIN must name the build directory}"
src=$(cd "$(dirname "$0")/.." && pwd)
port=${FB_DEMO_PORT:-8443}
collector="$FB_BIN/feedback-collector"

if [ -f "$dir/.complete" ]; then
	echo "demo: $dir already set up (delete it to start over)"
	exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"/{ca,collector,device/data}
chmod 700 "$dir"

# shellcheck source=../tests/integration/tls.sh
source "$src/tests/integration/tls.sh"
tls_make_ca "$dir/ca" "Feedback demo CA (throwaway)"
tls_make_server_cert "$dir/ca" "$dir/ca/collector" "IP:127.0.0.1,DNS:localhost"

cat >"$dir/collector/safeguarding-words.txt" <<'WORDS'
# One word or phrase a line: comments that contain one are shown to the team first.
self-harm
self harm
suicide
suicidal
kill myself
end my life
overdose
abuse
abused
hit me
violence
unsafe
WORDS

cat >"$dir/collector.conf" <<CONF
# Demo collector: made by deploy/make-demo.sh. Throwaway keys; not for real use.
[server]
listen_address = 127.0.0.1
port = $port
tls_cert_file = ca/collector.pem
tls_key_file = ca/collector.key

[database]
backend = sqlite
sqlite_path = collector/collector.db

[ingest]
secret_key_file = trust.key
safeguarding_lists_dir = $src/config/safeguarding
safeguarding_words_file = collector/safeguarding-words.txt

[results]
fft_mode = Other
# the pages' styles, as make built them (an install uses the default path)
static_dir = $(cd "$FB_BIN" && pwd)/static
# the demo tablet's languages: a published item gets a text pair in each
languages = en, pl, ro, pt, es, cy
CONF

"$collector" --config "$dir/collector.conf" keygen --public "$dir/trust.pub" --secret "$dir/trust.key" >/dev/null
pub=$(tr -d ' \n' <"$dir/trust.pub")
"$collector" --config "$dir/collector.conf" location add WILLOW "Willow Ward" --team willow >/dev/null
"$collector" --config "$dir/collector.conf" location add ASH "Ash Ward" --team ash >/dev/null
# The demo tablet speaks for both demo wards; its staff screen offers exactly
# what it is enrolled for (the enrolment file's lines go into kiosk.conf).
"$collector" --config "$dir/collector.conf" device add --location WILLOW,ASH --id kiosk-demo-01 \
	--token-file "$dir/device/token" --enrolment "$dir/device/enrolment.conf" >/dev/null 2>&1
password=$(head -c 12 /dev/urandom | base64 | tr -d '/+=' | head -c 12)
printf '%s\n' "$password" | "$collector" --config "$dir/collector.conf" user add demo --team willow >/dev/null
printf 'user: demo\npassword: %s\n' "$password" >"$dir/demo-login.txt"
chmod 600 "$dir/demo-login.txt"

pin_hash=$(printf "1234\n" | "$FB_BIN/feedback-queue" hash-pin | sed "s/^staff_pin_hash = //")

# "You said, we did": each demo team's three actions, done and published for
# its ward in English and Polish, through the command line the actions pages
# share (the same checks; audited as "command line"). Tab-separated: you said,
# we did, then the same in Polish.
yswd_items=$(cat <<'YSWD'
The waiting room was too noisy and bright.	We made a quiet room with soft lighting next to reception.	W poczekalni było za głośno i za jasno.	Obok recepcji urządziliśmy cichy pokój z łagodnym światłem.
You did not know how long you would wait.	A screen now shows waiting times, and staff tell you if clinics run late.	Nie wiedzieliście, jak długo będziecie czekać.	Ekran pokazuje teraz czas oczekiwania, a personel mówi, gdy przyjęcia się opóźniają.
Carers wanted to be more involved.	We started a monthly carers' group on Tuesday evenings.	Opiekunowie chcieli mieć większy udział w opiece.	Założyliśmy grupę dla opiekunów, która spotyka się raz w miesiącu we wtorki wieczorem.
YSWD
)
shown_to=$(date -d '+1 year' +%Y-%m-%d)
for ward in willow:WILLOW ash:ASH; do
	while IFS=$'\t' read -r said did said_pl did_pl; do
		id=$("$collector" --config "$dir/collector.conf" action add --team "${ward%%:*}" \
			--you-said "$said" --we-will "$did" --owner "Ward manager")
		"$collector" --config "$dir/collector.conf" action state "$id" done >/dev/null
		"$collector" --config "$dir/collector.conf" action publish "$id" --location "${ward#*:}" \
			--lang en --you-said "$said" --we-did "$did" \
			--lang pl --you-said "$said_pl" --we-did "$did_pl" --to "$shown_to" >/dev/null
	done <<<"$yswd_items"
done

cat >"$dir/kiosk.conf" <<CONF
# Demo device: made by deploy/make-demo.sh. The staff PIN is 1234.
[device]
$(grep -v '^#' "$dir/device/enrolment.conf")
data_dir = device/data
trust_public_key = $pub

[kiosk]
survey_file = $src/config/surveys/fft.json
languages = en, pl, ro, pt, es, cy
idle_timeout = 60
partial = keep
staff_pin_hash = $pin_hash
allow_maintenance_exit = yes
# "You said, we did" items come from the collector (GET /v1/config, fetched by
# feedback-syncd); a ward with no network names a file instead:
# you_said_we_did = /etc/feedback/you-said-we-did.txt (config/you-said-we-did.txt)

[sync]
collector_url = https://127.0.0.1:$port
ca_file = ca/ca.pem
token_file = device/token
batch_max_records = 500
backoff_cap = 60
heartbeat_interval = 60
CONF

for prog in feedback-kiosk feedback-syncd feedback-queue; do
	"$FB_BIN/$prog" --config "$dir/kiosk.conf" --check-config >/dev/null
done
"$collector" --config "$dir/collector.conf" --check-config >/dev/null
touch "$dir/.complete"
echo "demo: wrote $dir (collector https://127.0.0.1:$port, device kiosk-demo-01, staff PIN 1234)"
