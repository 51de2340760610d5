#!/bin/bash
# provision-collector.sh (installed as feedback-provision-collector): sets up
# a Trust's collector, as root, after the feedback-collector package (or
# `make install`) is on the server. It writes /etc/feedback/collector.conf
# (0640, readable by the 'feedback-collector' user), makes the Trust keypair
# (trust.key 0600, kept if it exists), installs the TLS certificate and key
# (the Trust's own, or a private CA it makes with --make-ca), checks the
# config (which creates the database), adds the first location, team and
# results user, and enables the unit. docs/deploy.md explains each step.
# --root DIR writes into DIR instead of / and leaves users and systemd alone.
set -euo pipefail
umask 022

prog=feedback-provision-collector
# shellcheck source=deploy/provision-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/provision-common.sh" # make install inlines it

usage() {
	cat <<USAGE
Usage: $prog [options]   (as root)
TLS (one of):
  --tls-cert FILE --tls-key FILE   the collector's certificate chain and key (PEM)
                                   from the Trust's own CA
  --make-ca HOSTNAME               make a private CA and a certificate for HOSTNAME
                                   (the name devices use in collector_url); the CA
                                   to give devices is /etc/feedback/ca/ca.pem
Database:
  --database sqlite|postgresql     default sqlite (/var/lib/feedback-collector/collector.db)
  --pg-conninfo STRING             libpq connection string for postgresql, e.g.
                                   "host=/run/postgresql dbname=feedback user=feedback-collector"
Server:
  --listen ADDRESS                 default 0.0.0.0 (all addresses; firewall it)
  --port PORT                      default 8443
  --fleet-team TEAM                the team that sees every device (e.g. estates)
First location and results user (optional, may be added later):
  --location CODE --location-name NAME --team TEAM
  --user NAME --password-file FILE   ('-' reads standard input; 10+ characters)
Other:
  --force                          replace an existing collector.conf (kept as .old);
                                   the Trust key and database are never replaced
  --no-start                       enable the service, do not start it now
  --root DIR                       write into DIR as if it were /; no users, no systemctl
  --prefix DIR                     where the programs are installed (default: $prefix_default)
USAGE
}

cert="" key="" make_ca="" db=sqlite pg="" listen=0.0.0.0 port=8443 fleet=""
loc="" loc_name="" team="" user="" pw_src="" force=0 no_start=0 root="" prefix=$prefix_default
while [ $# -gt 0 ]; do
	case $1 in
	--tls-cert) need "$@"; cert=$2; shift ;;
	--tls-key) need "$@"; key=$2; shift ;;
	--make-ca) need "$@"; make_ca=$2; shift ;;
	--database) need "$@"; db=$2; shift ;;
	--pg-conninfo) need "$@"; pg=$2; shift ;;
	--listen) need "$@"; listen=$2; shift ;;
	--port) need "$@"; port=$2; shift ;;
	--fleet-team) need "$@"; fleet=$2; shift ;;
	--location) need "$@"; loc=$2; shift ;;
	--location-name) need "$@"; loc_name=$2; shift ;;
	--team) need "$@"; team=$2; shift ;;
	--user) need "$@"; user=$2; shift ;;
	--password-file) need "$@"; pw_src=$2; shift ;;
	--force) force=1 ;;
	--no-start) no_start=1 ;;
	--root) need "$@"; root=${2%/}; shift ;;
	--prefix) need "$@"; prefix=${2%/}; shift ;;
	--help | -h) usage; exit 0 ;;
	--password | --password=*)
		die "--password is refused: it would land in shell history and 'ps'; use --password-file FILE (or - for standard input)" ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
	shift
done

# ---- check what was given --------------------------------------------------------
if [ -n "$make_ca" ]; then
	[ -z "$cert$key" ] || die "--make-ca and --tls-cert/--tls-key together: choose one"
	[[ $make_ca =~ ^[A-Za-z0-9.-]+$ ]] || die "--make-ca '$make_ca': give the host name devices will use, e.g. feedback.trust.nhs.uk"
else
	if [ -z "$cert" ] || [ -z "$key" ]; then
		die "give the TLS certificate and key (--tls-cert FILE --tls-key FILE), or --make-ca HOSTNAME for a private CA"
	fi
	[ -r "$cert" ] || die "cannot read --tls-cert '$cert'"
	[ -r "$key" ] || die "cannot read --tls-key '$key'"
	grep -q -- '-----BEGIN CERTIFICATE-----' "$cert" || die "'$cert' is not a PEM certificate"
	grep -q -- '-----BEGIN .*PRIVATE KEY-----' "$key" || die "'$key' is not a PEM private key"
fi
case $db in
sqlite) [ -z "$pg" ] || die "--pg-conninfo is for --database postgresql" ;;
postgresql) [ -n "$pg" ] || die "--database postgresql needs --pg-conninfo" ;;
*) die "--database '$db': choose sqlite or postgresql" ;;
esac
[[ $pg != *[\#\;$'\n']* ]] || die "--pg-conninfo must be one line without '#' or ';'"
if ! [[ $port =~ ^[0-9]{1,5}$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
	die "--port '$port' is not a port number"
fi
[[ $listen =~ ^[0-9A-Fa-f.:]+$ ]] || die "--listen '$listen': give an IP address (0.0.0.0, 127.0.0.1, ::)"
code_re='^[A-Za-z0-9._-]{1,63}$'
for pair in "fleet-team:$fleet" "location:$loc" "team:$team" "user:$user"; do
	v=${pair#*:}
	[ -z "$v" ] || [[ $v =~ $code_re ]] || die "--${pair%%:*} '$v': use letters, digits, '.', '_', '-'"
done
if [ -n "$loc$loc_name$team" ]; then
	if [ -z "$loc" ] || [ -z "$loc_name" ] || [ -z "$team" ]; then
		die "a first location needs all of --location CODE --location-name NAME --team TEAM"
	fi
fi
if [ -n "$user$pw_src" ]; then
	if [ -z "$user" ] || [ -z "$pw_src" ]; then
		die "a first user needs --user NAME and --password-file FILE"
	fi
	[ -n "$team" ] || die "a first user needs --team TEAM (the team whose results they read)"
fi

prov_check_root
prov_find_bin feedback-collector feedback-collector

etc=$root/etc/feedback
conf=$etc/collector.conf
if [ -e "$conf" ] && [ "$force" = 0 ]; then
	die "$conf already exists; give --force to replace it (the Trust key and the database are kept)"
fi

if [ -z "$root" ] && ! getent passwd feedback-collector >/dev/null; then
	say "creating the system user 'feedback-collector'"
	useradd --system --user-group --home-dir /var/lib/feedback-collector --no-create-home \
		--shell /usr/sbin/nologin --comment "Patient feedback collector" feedback-collector
fi
own() { [ -n "$root" ] || chown "$@"; }

install -d -m 0755 "$etc"
install -d -m 0700 "$root/var/lib/feedback-collector"
own feedback-collector:feedback-collector "$root/var/lib/feedback-collector"

# ---- TLS -----------------------------------------------------------------------
if [ -n "$make_ca" ]; then
	ca=$etc/ca
	install -d -m 0700 "$ca"
	if [ ! -f "$ca/ca.pem" ]; then
		openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout "$ca/ca.key" -out "$ca/ca.pem" -days 3650 \
			-subj "/CN=Patient feedback CA ($make_ca)" \
			-addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign \
			2>/dev/null || die "openssl could not make the CA"
		chmod 0600 "$ca/ca.key"
		chmod 0644 "$ca/ca.pem"
		say "made a private CA: $ca/ca.pem (give it to every device); its key $ca/ca.key stays here (back it up)"
	else
		say "keeping the CA in $ca"
	fi
	chmod 0755 "$ca"
	tmp_csr=$(mktemp)
	(umask 077; openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout "$etc/collector.key.new" -out "$tmp_csr" -subj "/CN=$make_ca" 2>/dev/null) ||
		die "openssl could not make the server key"
	openssl x509 -req -in "$tmp_csr" -CA "$ca/ca.pem" -CAkey "$ca/ca.key" -CAcreateserial \
		-days 825 -out "$etc/collector.pem.new" \
		-extfile <(printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$make_ca") \
		2>/dev/null || die "openssl could not sign the server certificate"
	rm -f "$tmp_csr"
	say "made a certificate for $make_ca, valid 825 days (renew with --make-ca again and --force)"
else
	install -m 0644 "$cert" "$etc/collector.pem.new"
	(umask 077; cp "$key" "$etc/collector.key.new")
fi
chmod 0600 "$etc/collector.key.new"
own feedback-collector:feedback-collector "$etc/collector.key.new"
mv -f "$etc/collector.key.new" "$etc/collector.key"
chmod 0644 "$etc/collector.pem.new"
mv -f "$etc/collector.pem.new" "$etc/collector.pem"

# ---- safeguarding words ------------------------------------------------------------
words=$etc/safeguarding-words.txt
if [ ! -e "$words" ]; then
	example=""
	for d in "$root$prefix/share/doc/feedback-collector/examples" "$(dirname "$0")/../config"; do
		if [ -r "$d/safeguarding-words.txt" ]; then example=$d/safeguarding-words.txt; break; fi
	done
	if [ -n "$example" ]; then
		install -m 0644 "$example" "$words"
		say "wrote $words from the example: review it with the Trust's safeguarding lead"
	else
		: >"$words"
		say "wrote an empty $words: add the words that should flag a comment"
	fi
fi

# ---- the config --------------------------------------------------------------------
[ ! -e "$conf" ] || cp -p "$conf" "$conf.old"
# Made private before a byte is written (pg_conninfo may hold a password); chmod below opens it to the group.
rm -f "$conf.new"
(umask 077; : >"$conf.new")
cat >"$conf.new" <<CONF
# The Trust's collector: written by $prog on $(date -u +%Y-%m-%dT%H:%MZ).
# Every key is explained in $prefix/share/doc/feedback-collector/examples/collector.conf.example.
# Check it with: feedback-collector --config /etc/feedback/collector.conf --check-config

[server]
listen_address = $listen
port = $port
tls_cert_file = /etc/feedback/collector.pem
tls_key_file = /etc/feedback/collector.key

[database]
backend = $db
sqlite_path = /var/lib/feedback-collector/collector.db
pg_conninfo = $pg

[ingest]
secret_key_file = /etc/feedback/trust.key
safeguarding_lists_dir = $prefix/share/feedback-collector/safeguarding
safeguarding_words_file = /etc/feedback/safeguarding-words.txt

[results]
fft_mode_column = Mode Other
timezone = Europe/London
fleet_team = $fleet
static_dir = $prefix/share/feedback-collector/static
CONF
chmod 0640 "$conf.new"
own root:feedback-collector "$conf.new"
mv -f "$conf.new" "$conf"
say "wrote $conf"

# ---- run the collector's own commands ------------------------------------------------
prov_run_conf "$conf" 'tls_cert_file|tls_key_file|sqlite_path|secret_key_file|safeguarding_words_file|safeguarding_lists_dir|static_dir'
as_collector=()
if [ -z "$root" ]; then
	as_collector=(runuser -u feedback-collector --) # the database is the service's
fi
collector() { "${as_collector[@]}" "$bin/feedback-collector" --config "$run_conf" "$@"; }

if [ -e "$etc/trust.key" ]; then
	say "keeping the Trust key $etc/trust.key (never replaced: it opens every comment already sent)"
else
	# keygen runs as root here, then the key is handed to the service's user.
	out=$("$bin/feedback-collector" --config "$run_conf" keygen --public "$etc/trust.pub" \
		--secret "$etc/trust.key" 2>&1) || {
		printf '%s\n' "$out" | sed 's/^/  /' >&2
		die "keygen failed (above)"
	}
	own feedback-collector:feedback-collector "$etc/trust.key"
	chmod 0644 "$etc/trust.pub"
	say "made the Trust keypair: $etc/trust.pub (for devices), $etc/trust.key (0600; back it up now)"
fi

out=$(collector --check-config 2>&1) || {
	printf '%s\n' "$out" | sed 's/^/  /' >&2
	die "the collector's --check-config failed (above); fix it and run again with --force"
}
say "feedback-collector --check-config: ok (database ready)"

if [ -n "$loc" ]; then
	collector location add "$loc" "$loc_name" --team "$team" >/dev/null ||
		die "could not add location $loc"
	say "added location $loc ($loc_name) for team $team"
fi
if [ -n "$user" ]; then
	if [ "$pw_src" = - ]; then
		collector user add "$user" --team "$team" >/dev/null || die "could not add user $user"
	else
		[ -r "$pw_src" ] || die "cannot read --password-file '$pw_src'"
		collector user add "$user" --team "$team" <"$pw_src" >/dev/null || die "could not add user $user"
	fi
	say "added results user $user (team $team)"
fi

if [ -n "$root" ]; then
	say "--root: not enabling feedback-collector.service (run systemctl enable on the server)"
else
	systemctl daemon-reload
	systemctl enable feedback-collector.service
	if [ "$no_start" = 0 ]; then
		systemctl restart feedback-collector.service
		say "started feedback-collector"
	fi
fi
say "done. For each device you need: https://HOST:$port, the CA file$([ -z "$make_ca" ] || echo " ($etc/ca/ca.pem)"), the Trust public key ($etc/trust.pub: $(tr -d ' \n' <"$etc/trust.pub")), and a token from 'feedback-collector device add'."
