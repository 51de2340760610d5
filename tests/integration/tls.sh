#!/usr/bin/env bash
# tls.sh: a throwaway PKI for tests, made with openssl(1) only (EC P-256 keys,
# fast). Source it from an integration script; each function writes PEM files
# into a directory you give it and prints nothing on success.
#
#   tls_make_ca DIR [NAME]              DIR/ca.key, DIR/ca.pem (a root CA)
#   tls_make_server_cert CADIR OUT [SAN]
#                                       OUT.key, OUT.pem signed by CADIR's CA,
#                                       valid now for 30 days; SAN defaults to
#                                       "IP:127.0.0.1,DNS:localhost"
#   tls_make_expired_cert CADIR OUT     as above but expired (2020-01-01..02)
#   tls_make_wrong_host_cert CADIR OUT  valid, but only for "wrong.example.invalid"
#   tls_pubkey_pin CERT                 prints curl's "sha256//BASE64" pin of CERT's key
#   tls_make_all DIR                    all of the above in one go:
#       DIR/ca/{ca.key,ca.pem}          the CA the client trusts
#       DIR/server.{key,pem}            good certificate for 127.0.0.1/localhost
#       DIR/expired.{key,pem}           expired, same CA
#       DIR/wronghost.{key,pem}         wrong host name, same CA
#       DIR/other-ca/{ca.key,ca.pem}    a second, unrelated CA
#       DIR/other.{key,pem}             good names, signed by the unrelated CA
#
# Private keys are written 0600. Run directly (bash tls.sh), it checks itself
# and prints TAP lines, so tests/run.sh also runs it as a test.

_tls_log() { echo "tls.sh: $*" >&2; }

_tls_key() { # _tls_key OUT.key
	( umask 077; openssl ecparam -name prime256v1 -genkey -noout -out "$1" 2>/dev/null ) ||
		{ _tls_log "unable to make an EC key '$1'; check openssl is installed"; return 1; }
}

tls_make_ca() {
	local dir=$1 name=${2:-fb-test-ca}
	mkdir -p "$dir" || return 1
	_tls_key "$dir/ca.key" || return 1
	openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 30 \
		-subj "/CN=$name" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-out "$dir/ca.pem" 2>/dev/null ||
		{ _tls_log "unable to make CA in '$dir'"; return 1; }
}

# _tls_csr OUT CN: OUT.key and OUT.csr
_tls_csr() {
	_tls_key "$1.key" || return 1
	openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null ||
		{ _tls_log "unable to make a request '$1.csr'"; return 1; }
}

# _tls_ext FILE SAN: the v3 extensions of a server certificate.
_tls_ext() {
	cat >"$1" <<EOF
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$2
EOF
}

tls_make_server_cert() {
	local ca=$1 out=$2 san=${3:-IP:127.0.0.1,DNS:localhost}
	local cn=${san#*:}; cn=${cn%%,*}
	mkdir -p "$(dirname "$out")" || return 1
	_tls_csr "$out" "$cn" || return 1
	_tls_ext "$out.ext" "$san"
	openssl x509 -req -in "$out.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca.key" \
		-CAcreateserial -CAserial "$out.srl" -days 30 -sha256 \
		-extfile "$out.ext" -out "$out.pem" 2>/dev/null ||
		{ _tls_log "unable to sign '$out.pem' with the CA in '$ca'"; return 1; }
	rm -f "$out.csr" "$out.ext" "$out.srl"
}

tls_make_expired_cert() {
	local ca=$1 out=$2 san=${3:-IP:127.0.0.1,DNS:localhost}
	local work="$out.ca.d"
	mkdir -p "$work" || return 1
	_tls_csr "$out" "127.0.0.1" || return 1
	: >"$work/index.txt"
	echo 1000 >"$work/serial"
	cat >"$work/ca.cnf" <<EOF
[ca]
default_ca = tca
[tca]
database = $work/index.txt
serial = $work/serial
new_certs_dir = $work
certificate = $ca/ca.pem
private_key = $ca/ca.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
x509_extensions = ext
[any]
commonName = supplied
[ext]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san
EOF
	openssl ca -batch -notext -config "$work/ca.cnf" -in "$out.csr" \
		-startdate 20200101000000Z -enddate 20200102000000Z \
		-out "$out.pem" 2>/dev/null ||
		{ _tls_log "unable to sign expired '$out.pem'"; return 1; }
	rm -rf "$work" "$out.csr"
}

tls_make_wrong_host_cert() {
	tls_make_server_cert "$1" "$2" "DNS:wrong.example.invalid"
}

tls_pubkey_pin() {
	local b64
	b64=$(openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER 2>/dev/null |
		openssl dgst -sha256 -binary | openssl base64 -A) || return 1
	echo "sha256//$b64"
}

tls_make_all() {
	local d=$1
	tls_make_ca "$d/ca" fb-test-ca &&
	tls_make_server_cert "$d/ca" "$d/server" &&
	tls_make_expired_cert "$d/ca" "$d/expired" &&
	tls_make_wrong_host_cert "$d/ca" "$d/wronghost" &&
	tls_make_ca "$d/other-ca" fb-unrelated-ca &&
	tls_make_server_cert "$d/other-ca" "$d/other"
}

# Self-test when run as a script.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	d=$(mktemp -d /tmp/fb-tls.XXXXXX)
	trap 'rm -rf "$d"' EXIT
	n=0 bad=0
	t() { n=$((n + 1)); if eval "$2" >/dev/null 2>&1; then echo "ok $n - $1"; else echo "not ok $n - $1"; bad=1; fi; }
	start=$SECONDS
	t "tls_make_all should make every file" "tls_make_all '$d'"
	t "the server certificate should verify against the CA for 127.0.0.1" \
		"openssl verify -CAfile '$d/ca/ca.pem' -verify_ip 127.0.0.1 '$d/server.pem'"
	t "the server certificate should verify for localhost" \
		"openssl verify -CAfile '$d/ca/ca.pem' -verify_hostname localhost '$d/server.pem'"
	t "the expired certificate should fail verification" \
		"! openssl verify -CAfile '$d/ca/ca.pem' '$d/expired.pem'"
	t "the expired certificate should be rejected as expired" \
		"openssl verify -CAfile '$d/ca/ca.pem' '$d/expired.pem' 2>&1 | grep -q 'expired'"
	t "the wrong-host certificate should fail for 127.0.0.1" \
		"! openssl verify -CAfile '$d/ca/ca.pem' -verify_ip 127.0.0.1 '$d/wronghost.pem'"
	t "the wrong-host certificate should still chain to the CA" \
		"openssl verify -CAfile '$d/ca/ca.pem' '$d/wronghost.pem'"
	t "the unrelated CA's certificate should fail against the first CA" \
		"! openssl verify -CAfile '$d/ca/ca.pem' '$d/other.pem'"
	t "private keys should be mode 0600" \
		"[ \"\$(stat -c %a '$d/server.key')\" = 600 ] && [ \"\$(stat -c %a '$d/ca/ca.key')\" = 600 ]"
	t "tls_pubkey_pin should print a sha256// pin" \
		"tls_pubkey_pin '$d/server.pem' | grep -Eq '^sha256//[A-Za-z0-9+/]{43}=$'"
	echo "# made in $((SECONDS - start)) s"
	exit $bad
fi
