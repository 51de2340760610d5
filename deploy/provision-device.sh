#!/bin/bash
# provision-device.sh (installed as feedback-provision-device): sets up one
# tablet for its ward, as root, after the feedback-kiosk package (or
# `make install`) is on it. It writes /etc/feedback/kiosk.conf (0640), the
# Trust's CA as /etc/feedback/ca.pem and the device token as
# /etc/feedback/token (0600, owned by the 'feedback' user), stores only the
# hash of the staff PIN, makes /var/lib/feedback, runs every program's
# --check-config and enables the two systemd units. --enrolment FILE (which
# the collector's 'device add --enrolment FILE' writes) gives the device id
# and exactly the locations it is enrolled for, so the staff screen offers no
# location the collector would refuse. docs/deploy.md walks
# estates staff through it. --root DIR writes into DIR instead of / (to try
# it, or to test it) and then leaves users and systemd alone.
#
# The token and the PIN are secrets: they are read from a file or standard
# input, never from the command line (which lands in shell history and in
# `ps` for everyone to see), and are never printed.
set -euo pipefail
umask 022

prog=feedback-provision-device
# shellcheck source=deploy/provision-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/provision-common.sh" # make install inlines it

usage() {
	cat <<USAGE
Usage: $prog [options]   (as root)
Sets up this tablet: writes /etc/feedback/kiosk.conf, the CA and the device
token, stores the staff PIN's hash, then checks and enables the services.

Required:
  --collector-url URL     the Trust's collector, https://...
  --ca-file FILE          the Trust's CA certificate (PEM), copied to /etc/feedback/ca.pem
  --trust-key FILE|KEY    the Trust's public key: trust.pub, or its 44 characters
  --enrolment FILE        the file 'feedback-collector device add --enrolment FILE'
                          wrote: this device's id and exactly the locations it is
                          enrolled for (the staff screen offers those, no others)
  --token-file FILE       the one-time device token from 'device add --token-file';
                          '-' reads it from standard input
  --enrol-with-code       or no token now: staff enrol the tablet on its staff
                          screen (Enrol this tablet) with the one-time code an
                          admin makes on the collector's Devices page for this
                          --device-id; the token then lands in /var/lib/feedback/token
Instead of --enrolment (the collector refuses records for any location the
device is not enrolled for, so these must match its enrolment):
  --device-id ID          this device's id, as enrolled (feedback-collector device add --id)
  --location CODE         the ward or clinic code, as added on the collector
  --location-name NAME    what staff call it, e.g. "Willow Ward"
  --locations LIST        other locations staff may switch to: "CODE=Name; CODE2=Name 2"
Optional:
  --pin-file FILE         read the staff PIN from FILE (first line) instead of
                          asking twice; '-' reads standard input
  --no-pin                no staff PIN: the staff screen stays off
  --languages LIST        languages offered, e.g. "en, pl, ro" (default: all the survey's)
  --survey FILE           the survey (default: PREFIX/share/feedback-kiosk/surveys/fft.json)
  --force                 replace an existing config and token (the old config is kept
                          as kiosk.conf.old); the queue in /var/lib/feedback is kept
  --no-start              enable the services for the next boot, but do not start them now
  --root DIR              write into DIR as if it were /; no users, no systemctl
  --prefix DIR            where the programs are installed (default: $prefix_default)
  --help                  this help
The token and PIN are never taken on the command line, so they stay out of
shell history and 'ps'.
USAGE
}

url="" ca="" trust="" dev_id="" loc="" loc_name="" token_src="" pin_src="" enrolment="" by_code=0
no_pin=0 locations="" languages="" survey="" force=0 no_start=0 root="" prefix=$prefix_default
while [ $# -gt 0 ]; do
	case $1 in
	--collector-url) need "$@"; url=$2; shift ;;
	--ca-file) need "$@"; ca=$2; shift ;;
	--trust-key) need "$@"; trust=$2; shift ;;
	--device-id) need "$@"; dev_id=$2; shift ;;
	--location) need "$@"; loc=$2; shift ;;
	--location-name) need "$@"; loc_name=$2; shift ;;
	--token-file) need "$@"; token_src=$2; shift ;;
	--enrolment) need "$@"; enrolment=$2; shift ;;
	--enrol-with-code) by_code=1 ;;
	--pin-file) need "$@"; pin_src=$2; shift ;;
	--no-pin) no_pin=1 ;;
	--locations) need "$@"; locations=$2; shift ;;
	--languages) need "$@"; languages=$2; shift ;;
	--survey) need "$@"; survey=$2; shift ;;
	--force) force=1 ;;
	--no-start) no_start=1 ;;
	--root) need "$@"; root=${2%/}; shift ;;
	--prefix) need "$@"; prefix=${2%/}; shift ;;
	--help | -h) usage; exit 0 ;;
	--token | --token=* | --pin | --pin=*)
		die "${1%%=*} is refused: a secret on the command line lands in shell history and in 'ps'; put it in a file and give ${1%%=*}-file FILE (or ${1%%=*}-file - to read standard input). The one just typed is in this shell's history now: clear it (history -c), or treat it as seen by others" ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done

# ---- check what was given, before anything is written -----------------------
if [ -n "$enrolment" ]; then
	[ -z "$dev_id$loc$loc_name$locations" ] ||
		die "--enrolment gives the device id and its locations: leave out --device-id, --location, --location-name and --locations"
	[ -r "$enrolment" ] || die "cannot read the enrolment file '$enrolment'; it is the file 'feedback-collector device add --enrolment FILE' wrote"
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		case $line in
		'#'* | '') ;;
		'id = '*) dev_id=${line#id = } ;;
		'location_code = '*) loc=${line#location_code = } ;;
		'location_name = '*) loc_name=${line#location_name = } ;;
		'locations = '*) locations=${line#locations = } ;;
		*) die "the enrolment file '$enrolment' has a line this script does not know: '$line'; use the file the collector wrote, unchanged" ;;
		esac
	done <"$enrolment"
	[ -n "$dev_id" ] && [ -n "$loc" ] && [ -n "$loc_name" ] && [ -n "$locations" ] ||
		die "the enrolment file '$enrolment' lacks the device id or its locations; write it again with 'feedback-collector device locations ID --location CODE[,CODE...] --enrolment FILE'"
fi
missing=""
if [ "$by_code" = 1 ]; then
	[ -z "$token_src" ] || die "--enrol-with-code and --token-file together: choose one"
	[ "$no_pin" = 0 ] || die "--enrol-with-code needs the staff screen: leave out --no-pin"
	token_src=code   # no token to read: the staff screen brings it
fi
for v in url:--collector-url ca:--ca-file trust:--trust-key dev_id:--device-id \
	loc:--location loc_name:--location-name token_src:--token-file; do
	var=${v%%:*}
	[ -n "${!var}" ] || missing="$missing ${v#*:}"
done
[ -z "$missing" ] || die "missing:$missing (see --help; --enrolment FILE gives the device id and locations)"
[ "$token_src" != - ] || [ "$pin_src" != - ] ||
	die "the token and the PIN cannot both come from standard input; give one of them as a file"
[ "$no_pin" = 0 ] || [ -z "$pin_src" ] || die "--no-pin and --pin-file together: choose one"

case $url in
https://?*) ;;
http://*) die "--collector-url '$url': plain http:// would send the device token and patients' answers unencrypted; use the https:// address" ;;
*) die "--collector-url '$url' is not an https:// address" ;;
esac
[[ $url != *[[:space:]\#\;]* ]] || die "--collector-url '$url' has spaces, '#' or ';'; give the bare https:// address"
[[ $dev_id =~ ^[A-Za-z0-9._-]{1,63}$ ]] ||
	die "--device-id '$dev_id': use letters, digits, '.', '_', '-' (at most 63), as enrolled on the collector"
[[ $loc =~ ^[A-Za-z0-9._-]{1,31}$ ]] ||
	die "--location '$loc': use letters, digits, '.', '_', '-' (at most 31), as added on the collector"
# In the config '#' starts a comment, and so does ';' after a space.
for pair in "location-name:$loc_name" "locations:$locations" "languages:$languages"; do
	name=${pair%%:*} val=${pair#*:}
	[[ $val != *"#"* ]] || die "--$name '$val': '#' would start a comment in the config; leave it out"
	if [ "$name" = locations ]; then
		[[ $val != *" ;"* ]] || die "--locations '$val': write 'A=Oak; B=Ash', with no space before ';'"
	else
		[[ $val != *";"* ]] || die "--$name '$val': ';' would start a comment in the config; leave it out"
	fi
	[[ $val != *$'\n'* ]] || die "--$name must be one line"
	[ ${#val} -le 150 ] || die "--$name is longer than 150 characters"
done

[ -r "$ca" ] || die "cannot read the CA file '$ca'; give the Trust's CA certificate (PEM) with --ca-file"
grep -q -- '-----BEGIN CERTIFICATE-----' "$ca" ||
	die "'$ca' is not a PEM certificate (no BEGIN CERTIFICATE line); ask the Trust's IT team for the CA file"

if [ -f "$trust" ]; then
	# The secret key has the same form as the public one; its name and its
	# mode (0600, keygen's) give it away. It must never reach a device.
	case $trust in *.key | *secret*)
		die "--trust-key '$trust' looks like the Trust's secret key; give the public key (trust.pub) instead, and keep the secret key on the collector" ;;
	esac
	[ "$(stat -c %a "$trust")" != 600 ] ||
		die "--trust-key '$trust' is mode 0600 like the Trust's secret key; give the public key (trust.pub, which is not secret) instead"
	key=$(tr -d ' \t\r\n' <"$trust")
else
	key=$trust
fi
[[ $key =~ ^[A-Za-z0-9+/]{43}=$ ]] ||
	die "--trust-key: expected the Trust's public key (trust.pub, or 44 base64 characters ending '='); the secret key must never leave the collector"

prov_check_root
prov_find_bin feedback-kiosk feedback-kiosk
datadir=$prefix/share/feedback-kiosk
[ -n "$survey" ] || survey=$datadir/surveys/fft.json
case $survey in /*) ;; *) survey=$(cd "$(dirname "$survey")" && pwd)/$(basename "$survey") ;; esac
[ -r "$root$survey" ] || die "cannot read the survey '$root$survey'; is the package installed? (or give --survey)"

etc=$root/etc/feedback
conf=$etc/kiosk.conf
if [ -e "$conf" ] && [ "$force" = 0 ]; then
	die "$conf already exists: this device is provisioned; give --force to replace its config and token (the queue is kept)"
fi

# ---- secrets: read into variables, never echoed ------------------------------
read_secret() { # read_secret SRC WHAT: first line of SRC ('-' is stdin)
	local src=$1 what=$2 line=""
	if [ "$src" = - ]; then
		IFS= read -r line || [ -n "$line" ] || die "no $what on standard input"
	else
		[ -r "$src" ] || die "cannot read the $what file '$src'"
		IFS= read -r line <"$src" || [ -n "$line" ] || die "the $what file '$src' is empty"
	fi
	printf '%s' "${line%$'\r'}"
}
token_file=/etc/feedback/token
if [ "$by_code" = 1 ]; then
	token_file=/var/lib/feedback/token   # where feedback-syncd may write it
else
	token=$(read_secret "$token_src" token)
	token=${token//[[:space:]]/}
	[ -n "$token" ] || die "the token is empty; copy the whole token 'feedback-collector device add' wrote"
	[[ $token =~ ^[A-Za-z0-9._~+/=-]{16,256}$ ]] ||
		die "that does not look like a device token (it should be one line of letters, digits, '-' and '_'); use the file 'feedback-collector device add --token-file' wrote"
fi

pin_hash=""
if [ "$no_pin" = 0 ]; then
	if [ -n "$pin_src" ]; then
		pin=$(read_secret "$pin_src" PIN)
	else
		[ -t 0 ] || [ -r /dev/tty ] || die "no terminal to ask for the staff PIN; give --pin-file FILE (or --no-pin)"
		IFS= read -r -s -p "Staff PIN (4 or more digits): " pin </dev/tty || die "no PIN typed"
		echo >/dev/tty
		IFS= read -r -s -p "The same PIN again: " pin2 </dev/tty || die "no PIN typed"
		echo >/dev/tty
		[ "$pin" = "$pin2" ] || die "the two PINs differ; nothing was written, run again"
		unset pin2
	fi
	[[ $pin =~ ^[0-9]{4,64}$ ]] || die "a staff PIN is 4 or more digits"
	# printf is a shell builtin: the PIN goes down the pipe, never into argv.
	pin_hash=$(printf '%s\n' "$pin" | "$bin/feedback-queue" hash-pin) ||
		die "unable to hash the PIN (feedback-queue hash-pin failed)"
	unset pin
	pin_hash=${pin_hash#staff_pin_hash = }
	# shellcheck disable=SC2016 # a literal '$': libsodium's hash starts "$argon2id$"
	[[ $pin_hash == '$argon2'* ]] || die "feedback-queue hash-pin gave no hash"
fi

# ---- the system user (the package makes it; make install does not) ---------
if [ -z "$root" ] && ! getent passwd feedback >/dev/null; then
	say "creating the system user 'feedback'"
	useradd --system --user-group --home-dir /var/lib/feedback --no-create-home \
		--shell /usr/sbin/nologin --comment "Patient feedback kiosk" feedback
	for g in video render input audio; do
		if getent group "$g" >/dev/null; then usermod -a -G "$g" feedback; fi
	done
fi

# ---- write ---------------------------------------------------------------------
install -d -m 0755 "$etc"
install -d -m 0750 "$root/var/lib/feedback"
[ -n "$root" ] || chown feedback:feedback /var/lib/feedback

install -m 0644 "$ca" "$etc/ca.pem.new"
mv -f "$etc/ca.pem.new" "$etc/ca.pem"

# The token: made 0600 before a byte is written, then moved into place.
if [ "$by_code" = 0 ]; then
	(umask 077; printf '%s\n' "$token" >"$etc/token.new")
	chmod 0600 "$etc/token.new"
	[ -n "$root" ] || chown feedback:feedback "$etc/token.new"
	mv -f "$etc/token.new" "$etc/token"
	unset token
fi

[ ! -e "$conf" ] || cp -p "$conf" "$conf.old"
# Made private before a byte is written (it holds the staff PIN's hash); chmod below opens it to the group.
rm -f "$conf.new"
(umask 077; : >"$conf.new")
cat >"$conf.new" <<CONF
# This device's configuration: written by $prog on $(date -u +%Y-%m-%dT%H:%MZ).
# Every key is explained in $prefix/share/doc/feedback-kiosk/examples/kiosk.conf.example.
# Check it with: feedback-kiosk --config /etc/feedback/kiosk.conf --check-config

[device]
id = $dev_id
location_code = $loc
location_name = $loc_name
locations = $locations
data_dir = /var/lib/feedback
trust_public_key = $key

[kiosk]
survey_file = $survey
languages = $languages
idle_timeout = 60
partial = keep
staff_pin_hash = $pin_hash
allow_maintenance_exit = no
you_said_we_did =
crisis_text = If you need help now, please talk to a member of staff.
  You can call NHS 111 (and choose the mental health option) or Samaritans
  on 116 123. In an emergency call 999.

[sync]
collector_url = $url
ca_file = /etc/feedback/ca.pem
token_file = $token_file
batch_max_records = 500
backoff_cap = 900
retention_days = 30
heartbeat_interval = 300
request_timeout = 30
CONF
# 0640 root:feedback: the file holds the staff PIN's hash, and a short PIN
# can be guessed offline from its hash, so only the programs may read it.
chmod 0640 "$conf.new"
[ -n "$root" ] || chgrp feedback "$conf.new"
mv -f "$conf.new" "$conf"
if [ "$by_code" = 1 ]; then
	say "wrote $conf and $etc/ca.pem; no token yet: it comes with the enrolment code"
else
	say "wrote $conf, $etc/ca.pem and $etc/token (0600)"
fi
if [ -n "$pin_hash" ]; then
	say "stored the staff PIN's hash (not the PIN)"
else
	say "no staff PIN: the staff screen is off"
fi

# ---- check with the programs themselves -------------------------------------
prov_run_conf "$conf" 'data_dir|survey_file|ca_file|token_file|you_said_we_did'
as_feedback=()
if [ -z "$root" ] && command -v runuser >/dev/null; then
	as_feedback=(runuser -u feedback --) # what the services will see
fi
fonts=$root$datadir/fonts.list
failed=0
for p in feedback-kiosk feedback-syncd feedback-queue; do
	if out=$("${as_feedback[@]}" env FB_FONTS_LIST="$fonts" "$bin/$p" --config "$run_conf" --check-config 2>&1); then
		say "$p --check-config: ok"
	else
		echo "$prog: $p --check-config failed:" >&2
		printf '%s\n' "$out" | sed "s#$run_conf#$conf#g; s/^/  /" >&2
		failed=1
	fi
done
[ "$failed" = 0 ] || die "the config does not pass its checks (above); fix what they say and run again with --force"

# ---- services ------------------------------------------------------------------
if [ -n "$root" ]; then
	say "--root: not enabling feedback-syncd.service and feedback-kiosk.service (run systemctl enable on the device)"
else
	systemctl daemon-reload
	systemctl enable feedback-syncd.service feedback-kiosk.service
	if [ "$no_start" = 0 ]; then
		systemctl restart feedback-syncd.service feedback-kiosk.service
		say "started feedback-syncd and feedback-kiosk"
	fi
fi
if [ -n "$enrolment" ]; then
	say "the staff screen offers the locations this device is enrolled for: ${locations}"
else
	say "the staff screen offers $loc${locations:+ and: $locations} as typed; the collector refuses records for any location this device is not enrolled for (--enrolment FILE writes exactly the enrolled list)"
fi
if [ "$by_code" = 1 ]; then
	say "done: device $dev_id at $loc ($loc_name). To enrol it: on the collector's Devices page, Enrol a tablet, device id $dev_id; then on this tablet's staff screen, Enrol this tablet, type the code."
else
	say "done: device $dev_id at $loc ($loc_name). Delete the token file you were given now: it is in $etc/token."
fi
