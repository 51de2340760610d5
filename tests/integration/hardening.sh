#!/usr/bin/env bash
# hardening: what a Trust's IT security team checks before go-live. The three
# systemd units are rated by `systemd-analyze security --offline=yes` and held
# to their scores; each keeps the one thing it must not lose (the daemons
# their network, the kiosk its display, touch panel and speaker, and no IP
# network at all). A release build of a program carries every compiler and
# linker protection the Makefile promises: PIE, full RELRO, BIND_NOW, stack
# canaries and fortified libc calls.
source "$(dirname "$0")/lib.sh"

units=$FB_SRC/deploy/systemd

# exposure UNIT: the overall exposure figure systemd-analyze prints (0.0 to 10.0).
exposure() {
	systemd-analyze security --offline=yes "$units/$1.service" 2>/dev/null |
		sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p'
}
# at_most A B: A <= B, as decimals.
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a + 0 <= b + 0) }'; }

for spec in feedback-syncd:2.0 feedback-collector:2.0 feedback-kiosk:2.0; do
	u=${spec%%:*} limit=${spec#*:}
	score=$(exposure "$u")
	note "$u: exposure $score (limit $limit), from systemd-analyze security --offline=yes"
	check "$u.service should rate $limit or lower (got '${score:-none}')" at_most "$score" "$limit"
done

# has UNIT LINE: the unit holds this exact directive line.
has() { grep -qxF -- "$2" "$units/$1.service"; }
for u in feedback-syncd feedback-collector; do
	check "$u keeps its network (IPv4, IPv6 and local sockets)" \
		has "$u" "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"
	check "$u sees no devices" has "$u" "PrivateDevices=yes"
	check "$u writes only under /var/lib" \
		grep -qE '^ReadWritePaths=/var/lib/feedback(-collector)?$' "$units/$u.service"
done
check "the kiosk reaches no IP network at all" has feedback-kiosk "IPAddressDeny=any"
check "the kiosk keeps the display" has feedback-kiosk "DeviceAllow=char-drm rw"
check "the kiosk keeps the touch panel" has feedback-kiosk "DeviceAllow=char-input r"
check "the kiosk keeps the speaker (read-aloud)" has feedback-kiosk "DeviceAllow=char-alsa rw"
# lib/clock.c reads /proc/sys/kernel/random/boot_id: ProcSubset=pid would hide it.
for u in feedback-syncd feedback-collector feedback-kiosk; do
	check "$u leaves /proc/sys readable (the clock needs boot_id)" \
		bash -c "! grep -q '^ProcSubset=pid' '$units/$u.service'"
done

# ---- TLS on the collector ------------------------------------------------------
# A real collector on loopback with a throwaway CA: what a scanner would find.
. "$FB_SRC/tests/integration/collector_lib.sh"
coll_setup sqlite &&
	"$COLL" keygen --public "$COLL_DIR/trust.pub" --secret "$COLL_DIR/trust.key" >/dev/null 2>&1
check "a collector should start for the TLS checks (log: $FB_TMP/collector.log)" coll_start
# handshake ARGS...: openssl s_client completes a verified handshake with ARGS.
handshake() {
	timeout 10 openssl s_client -connect "127.0.0.1:$COLL_PORT" -CAfile "$COLL_CA" \
		-verify_return_error "$@" </dev/null >"$FB_TMP/s_client.log" 2>&1
}
refuses() { ! handshake "$@"; }
check "TLS 1.3 is accepted" handshake -tls1_3
check "TLS 1.2 with ECDHE and AES-GCM is accepted" handshake -tls1_2 -cipher 'ECDHE+AESGCM'
check "TLS 1.2 with ChaCha20-Poly1305 is accepted" handshake -tls1_2 -cipher 'ECDHE+CHACHA20'
for refused in "-tls1_1" "-tls1" \
	"-tls1_2 -cipher AES128-GCM-SHA256" "-tls1_2 -cipher AES256-SHA256" \
	"-tls1_2 -cipher ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA" \
	"-tls1_2 -cipher DHE-RSA-AES128-GCM-SHA256"; do
	# shellcheck disable=SC2086 # each entry is several s_client words
	check "the collector refuses a handshake with s_client $refused" refuses $refused
done
coll_stop

# ---- a release build, as packaged --------------------------------------------------
rel=$FB_TMP/release
check "a release build of feedback-queue should succeed" \
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$FB_SRC" BUILD="$rel" "$rel/feedback-queue" \
	>"$FB_TMP/release.log" 2>&1
bin=$rel/feedback-queue
if [ -x "$bin" ]; then
	check "the release binary is position-independent (ELF type DYN)" \
		bash -c "readelf -h '$bin' | grep -q 'Type:.*DYN'"
	check "the release binary has a read-only GOT after start (GNU_RELRO)" \
		bash -c "readelf -lW '$bin' | grep -q GNU_RELRO"
	check "the release binary binds every symbol at start (BIND_NOW)" \
		bash -c "readelf -dW '$bin' | grep -qE 'BIND_NOW|FLAGS_1.*NOW'"
	check "the release binary has stack canaries (__stack_chk_fail)" \
		bash -c "nm -D '$bin' | grep -q __stack_chk_fail"
	check "the release binary uses fortified libc calls (__*_chk)" \
		bash -c "nm -D '$bin' | grep -qE ' U __[a-z_]*_chk'"
	check "the release binary has no sanitizer runtime" \
		bash -c "! readelf -dW '$bin' | grep -q libasan"
	check "the release binary still runs" "$bin" --version
else
	fail "no release binary to check (see $FB_TMP/release.log)"
fi

finish
