#!/usr/bin/env bash
# deploy_install: what estates staff and a Trust's IT team get. `make install`
# puts every file where it belongs with the right mode and units that name
# the install's own paths; the Trust's collector is provisioned into a
# scratch root (private CA, keys, first location and user); a tablet is
# provisioned from it (token 0600, only the PIN's hash, a config every
# program passes) and its sync daemon delivers to that collector over TLS;
# secrets on the command line are refused; `make deb` builds both packages.
# Nothing touches the real system: every run uses --root and DESTDIR.
source "$(dirname "$0")/lib.sh"

# make from inside `make test`: a clean environment, the same build, and
# SAN=1 when the build is the sanitizer one, so nothing is rebuilt differently.
san=""
if readelf -d "$FB_BIN/feedback-kiosk" 2>/dev/null | grep -q libasan; then san="SAN=1"; fi
# shellcheck disable=SC2086 # $san is one word or none
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$FB_SRC" BUILD="$FB_BIN" $san "$@"; }
# quiet LOG command...: runs the command with its output in LOG (appended).
quiet() { local log=$1; shift; "$@" >>"$log" 2>&1; }

# ---- make install, PREFIX=/usr/local ------------------------------------------
dest=$FB_TMP/dest
check "make install DESTDIR=... should succeed" quiet "$FB_TMP/install.log" mk install DESTDIR="$dest"
p=$dest/usr/local
expected="755 bin/feedback-kiosk
755 bin/feedback-syncd
755 bin/feedback-queue
755 bin/feedback-collector
755 sbin/feedback-provision-device
755 sbin/feedback-provision-collector
644 share/doc/feedback-kiosk/examples/kiosk.conf.example
644 share/doc/feedback-kiosk/examples/you-said-we-did.txt.example
644 share/doc/feedback-kiosk/deploy.md
644 share/doc/feedback-kiosk/config.md
644 share/doc/feedback-collector/examples/collector.conf.example
644 share/doc/feedback-collector/examples/safeguarding-words.txt
644 share/doc/feedback-collector/examples/trust-extra.json.example
644 share/feedback-collector/themes/framework.json
644 share/doc/feedback-collector/deploy.md
644 share/doc/feedback-collector/collector.md
644 share/feedback-collector/static/nhsuk-frontend.min.css
644 share/feedback-collector/static/feedback.css
644 share/feedback-collector/static/coding.js
644 lib/systemd/system/feedback-kiosk.service
644 lib/systemd/system/feedback-syncd.service
644 lib/systemd/system/feedback-collector.service"
# The results pages' icons go to share/feedback-collector/static/images/.
expected+=$(cd "$FB_BIN/static/images" && find . -type f -printf '\n644 share/feedback-collector/static/images/%P')
# The safeguarding word lists go to share/feedback-collector/safeguarding/.
expected+=$(cd "$FB_SRC/config/safeguarding" && find . -type f -printf '\n644 share/feedback-collector/safeguarding/%P')
# Everything in assets/ goes to share/feedback-kiosk/ as it is.
expected+=$(cd "$FB_SRC/assets" && find . -type f -printf '\n644 share/feedback-kiosk/%P')
# every survey the kiosk may be given (standard, easy read, children's)
expected+=$(cd "$FB_SRC/config/surveys" && find . -name '*.json' -printf '\n644 share/feedback-kiosk/surveys/%P')
# The kiosk's words, one gettext catalogue per language of po/LINGUAS.
expected+=$(sed 's/#.*//' "$FB_SRC/po/LINGUAS" | xargs printf '\n644 share/locale/%s/LC_MESSAGES/feedback-kiosk.mo')
bad=""
while read -r mode f; do
	got=$(stat -c %a "$p/$f" 2>/dev/null || echo missing)
	[ "$got" = "$mode" ] || bad="$bad $f($got, want $mode)"
done <<<"$expected"
check "every installed file should be there with its mode${bad:+:$bad}" test -z "$bad"
extra=$(cd "$dest" && find . -type f | sed 's|^\./usr/local/||' | sort |
	comm -23 - <(sed 's/^[0-9]* //' <<<"$expected" | sort -u) | grep -v '^share/doc/' || true)
check "nothing else should be installed outside share/doc${extra:+: $extra}" test -z "$extra"
check "nothing should be written outside DESTDIR/usr/local" \
	test "$(cd "$dest" && find . -mindepth 1 -maxdepth 2 -printf '%P\n' | sort | tr '\n' ' ')" = "usr usr/local "
units=$p/lib/systemd/system
check "the units should start the programs from /usr/local/bin" \
	grep -q '^ExecStart=/usr/local/bin/feedback-kiosk ' "$units/feedback-kiosk.service"
check "the sync and collector units too" \
	bash -c "grep -q '^ExecStart=/usr/local/bin/feedback-syncd ' '$units/feedback-syncd.service' &&
		grep -q '^ExecStart=/usr/local/bin/feedback-collector ' '$units/feedback-collector.service'"
check "no unit should name /usr/bin (this install is /usr/local)" \
	bash -c "! grep -q '/usr/bin/' '$units'/*.service"
check "the kiosk unit should point the kiosk at the installed fonts list" \
	grep -q '^Environment=FB_FONTS_LIST=/usr/local/share/feedback-kiosk/fonts.list$' "$units/feedback-kiosk.service"
if command -v systemd-analyze >/dev/null; then
	# The programs are in DESTDIR, not /usr/local/bin: only that is forgiven.
	verify=$(cd "$units" && SYSTEMD_LOG_LEVEL=err systemd-analyze verify --man=no ./*.service 2>&1 |
		grep -v 'is not executable: No such file' || true)
	check "systemd-analyze verify should accept the units${verify:+: $verify}" test -z "$verify"
fi
check "the provisioning scripts should know their prefix" \
	grep -q "^prefix_default='/usr/local'" "$p/sbin/feedback-provision-device"
check "the installed programs should answer --version" \
	bash -c "'$p/bin/feedback-collector' --version && '$p/bin/feedback-syncd' --version" >/dev/null

# ---- the Trust's collector, provisioned into a scratch root ---------------------
root=$FB_TMP/root
mk install DESTDIR="$root" PREFIX=/usr >>"$FB_TMP/install.log" 2>&1
croot=$FB_TMP/croot
mk install-collector DESTDIR="$croot" PREFIX=/usr >>"$FB_TMP/install.log" 2>&1
port=$(free_port)
printf 'correct-horse-battery\n' >"$FB_TMP/password"
check "provision-collector --root should make the CA, keys, config and first user" \
	quiet "$FB_TMP/pc.log" env -u FB_BIN "$croot/usr/sbin/feedback-provision-collector" --root "$croot" \
	--make-ca localhost --listen 127.0.0.1 --port "$port" --fleet-team estates \
	--location WILLOW --location-name "Willow Ward" --team willow \
	--user amy --password-file "$FB_TMP/password"
ce=$croot/etc/feedback
modes=$(stat -c '%a %n' "$ce/trust.key" "$ce/collector.key" "$ce/collector.conf" "$ce/ca/ca.key" \
	"$croot/var/lib/feedback-collector" 2>&1 | sed "s|$croot||g" | tr '\n' ' ')
check "the collector's secrets should be 0600, its config 0640 and data dir 0700 ($modes)" \
	test "$modes" = "600 /etc/feedback/trust.key 600 /etc/feedback/collector.key 640 /etc/feedback/collector.conf 600 /etc/feedback/ca/ca.key 700 /var/lib/feedback-collector "
check "the collector should not be given the password in any file it writes" \
	bash -c "! grep -rqF correct-horse-battery '$croot/etc' '$croot/var'"
out=$("$croot/usr/sbin/feedback-provision-collector" --root "$croot" --password x 2>&1)
check "a password on the command line should be refused" grep -q 'shell history' <<<"$out"
check "provision-collector should not replace a provisioned collector without --force" \
	bash -c "! '$croot/usr/sbin/feedback-provision-collector' --root '$croot' --make-ca localhost >/dev/null 2>&1"
# The collector's config with its absolute paths moved into the scratch root.
cconf=$FB_TMP/collector.conf
sed -E "s#^(tls_cert_file|tls_key_file|sqlite_path|secret_key_file|safeguarding_words_file|safeguarding_lists_dir|static_dir) = /#\\1 = $croot/#" \
	"$ce/collector.conf" >"$cconf"
"$FB_BIN/feedback-collector" --config "$cconf" device add --location WILLOW --id kiosk-0042 \
	--token-file "$FB_TMP/kiosk-0042.token" >/dev/null 2>&1
token=$(cat "$FB_TMP/kiosk-0042.token")

# ---- a tablet, provisioned into a scratch root ---------------------------------
pin=58274916
printf '%s\n' "$pin" >"$FB_TMP/pin"
prov=$root/usr/sbin/feedback-provision-device
provision() { # provision ROOT [extra options]: the ward's standard answers
	local r=$1; shift
	env -u FB_BIN "$prov" --root "$r" --collector-url "https://localhost:$port" \
		--ca-file "$ce/ca/ca.pem" --trust-key "$ce/trust.pub" --device-id kiosk-0042 \
		--location WILLOW --location-name "Willow Ward" --locations "WILLOW=Willow Ward; ASH=Ash Ward" \
		"$@"
}
check "provision-device --root should set the tablet up, token read from stdin" \
	quiet "$FB_TMP/pd.log" provision "$root" --token-file - --pin-file "$FB_TMP/pin" <"$FB_TMP/kiosk-0042.token"
check "--root should say it leaves systemd alone" grep -q 'not enabling' "$FB_TMP/pd.log"
de=$root/etc/feedback
modes=$(stat -c '%a %n' "$de/kiosk.conf" "$de/token" "$de/ca.pem" "$root/var/lib/feedback" 2>&1 |
	sed "s|$root||g" | tr '\n' ' ')
check "config 0640, token 0600, CA 0644, data dir 0750 ($modes)" \
	test "$modes" = "640 /etc/feedback/kiosk.conf 600 /etc/feedback/token 644 /etc/feedback/ca.pem 750 /var/lib/feedback "
check "the token file should hold the enrolment token" test "$(cat "$de/token")" = "$token"
check "the config should hold the PIN's argon2id hash" grep -q '^staff_pin_hash = \$argon2id\$' "$de/kiosk.conf"
check "the PIN should be in no file under the device's root" bash -c "! grep -rqaF '$pin' '$root'"
check "neither PIN nor token should be printed" bash -c "! grep -qF -e '$pin' -e '$token' '$FB_TMP/pd.log'"
check "the config should use the installed survey and the real paths" \
	bash -c "grep -q '^survey_file = /usr/share/feedback-kiosk/surveys/fft.json$' '$de/kiosk.conf' &&
		grep -q '^token_file = /etc/feedback/token$' '$de/kiosk.conf' &&
		grep -q '^data_dir = /var/lib/feedback$' '$de/kiosk.conf'"

# The config as the device will read it, its absolute paths moved into the root.
kconf=$FB_TMP/kiosk.conf
sed -E "s#^(data_dir|survey_file|ca_file|token_file|you_said_we_did) = /#\\1 = $root/#" \
	"$de/kiosk.conf" >"$kconf"
check "the installed kiosk's --check-config should pass, with the installed fonts list" \
	env FB_FONTS_LIST="$root/usr/share/feedback-kiosk/fonts.list" \
	"$root/usr/bin/feedback-kiosk" --config "$kconf" --check-config
check "the installed /usr/local kiosk should pass too, with the unit's FB_FONTS_LIST" \
	env FB_FONTS_LIST="$p/share/feedback-kiosk/fonts.list" \
	"$p/bin/feedback-kiosk" --config "$kconf" --check-config
for prog in feedback-syncd feedback-queue; do
	check "the installed $prog --check-config should pass" \
		"$root/usr/bin/$prog" --config "$kconf" --check-config
done

# The provisioned pair works: a response goes from the tablet to the collector.
spawn "$croot/usr/bin/feedback-collector" --config "$cconf" 2>"$FB_TMP/collector.log"
collector_up() { curl -s -o /dev/null --cacert "$ce/ca/ca.pem" "https://localhost:$port/login"; }
check "the provisioned collector should answer over TLS with its own certificate" wait_for 20 collector_up
"$root/usr/bin/feedback-queue" --config "$kconf" generate 3 --synthetic >/dev/null 2>&1
check "the provisioned tablet should deliver to the provisioned collector (syncd --once)" \
	timeout 60 "$root/usr/bin/feedback-syncd" --config "$kconf" --once
delivered() { [ "$(sqlite3 "$croot/var/lib/feedback-collector/collector.db" \
	"SELECT count(*) FROM responses WHERE device_id = 'kiosk-0042'" 2>/dev/null)" = 3 ]; }
check "the collector should hold the three responses from kiosk-0042" delivered

# ---- refusals: clear, and nothing written --------------------------------------
# Into a fresh root with the package installed and nothing provisioned.
r2=$FB_TMP/root2
mk install-device DESTDIR="$r2" PREFIX=/usr >>"$FB_TMP/install.log" 2>&1
unprovisioned() { [ ! -e "$r2/etc/feedback" ] && [ ! -e "$r2/var/lib/feedback" ]; }
out=$(provision "$r2" --token "$token" --pin-file "$FB_TMP/pin" 2>&1)
rc=$?
check "a token on the command line should be refused (exit $rc)" test "$rc" != 0
check "the refusal should say why and what to do" grep -q 'shell history.*--token-file' <<<"$out"
check "the refused token should not be echoed back" bash -c "! grep -qF '$token' <<<\"\$0\"" "$out"
check "nothing should be written after a refusal" unprovisioned
out=$(provision "$r2" --token-file "$FB_TMP/kiosk-0042.token" --pin 1234 2>&1)
check "a PIN on the command line should be refused" grep -q 'pin-file' <<<"$out"
out=$(provision "$root" --token-file "$FB_TMP/kiosk-0042.token" --pin-file "$FB_TMP/pin" 2>&1)
check "a provisioned device should not be overwritten without --force" grep -q -- '--force' <<<"$out"
out=$(env -u FB_BIN "$prov" --root "$r2" --collector-url "http://localhost:$port" --ca-file "$ce/ca/ca.pem" \
	--trust-key "$ce/trust.pub" --device-id d1 --location W --location-name W \
	--token-file "$FB_TMP/kiosk-0042.token" --pin-file "$FB_TMP/pin" 2>&1)
check "an http:// collector should be refused" grep -q 'unencrypted' <<<"$out"
out=$(env -u FB_BIN "$prov" --root "$r2" --collector-url "https://localhost:$port" --ca-file "$ce/ca/ca.pem" \
	--trust-key "$ce/trust.key" --device-id d1 --location W --location-name W \
	--token-file "$FB_TMP/kiosk-0042.token" --pin-file "$FB_TMP/pin" 2>&1)
check "the Trust's secret key should be refused as --trust-key" grep -q 'public key' <<<"$out"
printf '12\n' >"$FB_TMP/shortpin"
out=$(provision "$r2" --token-file "$FB_TMP/kiosk-0042.token" --pin-file "$FB_TMP/shortpin" 2>&1)
check "a two-digit PIN should be refused" grep -q '4 or more digits' <<<"$out"
out=$(provision "$r2" --pin-file "$FB_TMP/pin" 2>&1)
check "a missing token should be named" grep -q 'missing: --token-file' <<<"$out"
check "still nothing written after the refusals" unprovisioned
check "--force should re-provision" \
	quiet "$FB_TMP/pd.log" provision "$root" --force --token-file "$FB_TMP/kiosk-0042.token" --no-pin
check "--force should keep the old config and write the new one (no PIN now)" \
	bash -c "test -f '$de/kiosk.conf.old' && grep -q '^staff_pin_hash = \$' '$de/kiosk.conf'"

# The config holds the PIN's hash (device) or pg_conninfo (collector): it is
# private from the moment it is made, not only after its chmod. A chmod in
# PATH notes each config's mode just before the scripts set it.
shim=$FB_TMP/shim
mkdir -p "$shim"
cat >"$shim/chmod" <<SHIM
#!/bin/bash
for a in "\$@"; do case \$a in *.conf.new) stat -c '%a %n' "\$a" >>"$FB_TMP/chmod.log" ;; esac; done
exec /bin/chmod "\$@"
SHIM
/bin/chmod 0755 "$shim/chmod"
: >"$FB_TMP/chmod.log"
PATH="$shim:$PATH" provision "$root" --force --token-file "$FB_TMP/kiosk-0042.token" --no-pin \
	>>"$FB_TMP/pd.log" 2>&1
PATH="$shim:$PATH" env -u FB_BIN "$croot/usr/sbin/feedback-provision-collector" --root "$croot" \
	--force --make-ca localhost --listen 127.0.0.1 --port "$port" --fleet-team estates \
	>>"$FB_TMP/pc.log" 2>&1
early=$(sed "s|$FB_TMP/||g" "$FB_TMP/chmod.log" | tr '\n' ' ')
check "kiosk.conf and collector.conf should be 0600 while being written, not 0644 ($early)" \
	test "$early" = "600 root/etc/feedback/kiosk.conf.new 600 croot/etc/feedback/collector.conf.new "

# ---- make deb --------------------------------------------------------------------
debdir=$FB_TMP/deb
# The sanitizer build's binaries, so DEB_ALLOW_SAN=1 (a real package is made from a release build).
if [ -n "$san" ]; then
	out=$(mk deb DEBDIR="$debdir" DEBSTAGE="$FB_TMP/debstage" 2>&1)
	check "make deb should refuse a sanitizer build" grep -q 'release build' <<<"$out"
fi
check "make deb should build both packages" quiet "$FB_TMP/deb.log" \
	mk deb DEBDIR="$debdir" DEBSTAGE="$FB_TMP/debstage" DEBCOMPRESS=gzip DEB_ALLOW_SAN=1
kdeb=$(ls "$debdir"/feedback-kiosk_*.deb 2>/dev/null)
cdeb=$(ls "$debdir"/feedback-collector_*.deb 2>/dev/null)
kc=$(dpkg-deb --contents "$kdeb" 2>/dev/null)
cc=$(dpkg-deb --contents "$cdeb" 2>/dev/null)
has() { grep -qE "$2" <<<"$1"; }
for f in 'rwxr-xr-x root/root .* ./usr/bin/feedback-kiosk$' './usr/bin/feedback-syncd$' \
	'./usr/bin/feedback-queue$' './usr/sbin/feedback-provision-device$' \
	'rw-r--r-- root/root .* ./lib/systemd/system/feedback-kiosk.service$' \
	'./lib/systemd/system/feedback-syncd.service$' './usr/share/feedback-kiosk/fonts.list$' \
	'./usr/share/feedback-kiosk/surveys/fft.json$' './usr/share/doc/feedback-kiosk/examples/kiosk.conf.example$'; do
	check "the kiosk package should hold ${f//[\\$]/}" has "$kc" "$f"
done
check "the kiosk package should not hold the collector" bash -c "! grep -q collector <<<\"\$0\"" "$kc"
for f in 'rwxr-xr-x root/root .* ./usr/bin/feedback-collector$' './usr/sbin/feedback-provision-collector$' \
	'./lib/systemd/system/feedback-collector.service$' \
	'./usr/share/doc/feedback-collector/examples/collector.conf.example$'; do
	check "the collector package should hold ${f//[\\$]/}" has "$cc" "$f"
done
check "the collector package should not hold the kiosk" bash -c "! grep -qE 'feedback-(kiosk|syncd|queue)$' <<<\"\$0\"" "$cc"
kdep=$(dpkg-deb -f "$kdeb" Depends 2>/dev/null)
cdep=$(dpkg-deb -f "$cdeb" Depends 2>/dev/null)
check "the kiosk package should depend on SDL2, libsodium and the fonts ($kdep)" \
	bash -c "grep -q 'libsdl2-2.0-0' <<<\"\$0\" && grep -q libsodium23 <<<\"\$0\" && grep -q fonts-noto-core <<<\"\$0\"" "$kdep"
check "the collector package should depend on libmicrohttpd and libpq ($cdep)" \
	bash -c "grep -q libmicrohttpd12 <<<\"\$0\" && grep -q libpq5 <<<\"\$0\"" "$cdep"
check "the collector package should depend on liblinear and libcsv (the themes), the kiosk on neither" \
	bash -c "grep -q liblinear4 <<<\"\$0\" && grep -q libcsv3 <<<\"\$0\" && ! grep -qE 'liblinear|libcsv' <<<\"\$1\"" "$cdep" "$kdep"
check "the collector package should hold the themes framework" \
	has "$cc" './usr/share/feedback-collector/themes/framework.json$'
check "the kiosk's postinst should make the feedback user and /var/lib/feedback" \
	bash -c "dpkg-deb --ctrl-tarfile '$kdeb' | tar -xOf - ./postinst | grep -q 'adduser --system' &&
		dpkg-deb --ctrl-tarfile '$kdeb' | tar -xOf - ./postinst | grep -q 'chown feedback:feedback /var/lib/feedback'"
check "the units in the package should start /usr/bin programs" \
	bash -c "dpkg-deb --fsys-tarfile '$kdeb' | tar -xOf - ./lib/systemd/system/feedback-kiosk.service |
		grep -q '^ExecStart=/usr/bin/feedback-kiosk '"
finish
