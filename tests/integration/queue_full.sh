#!/usr/bin/env bash
# queue_full: a real full filesystem. A tiny tmpfs is mounted (we run as root
# in CI); a writer puts until the disk is full. The put that does not fit must
# fail with the staff-screen "storage full" message, every record stored before
# must still be there and whole, and once space is freed puts work again.
# Where mount is not permitted, the same is done with RLIMIT_FSIZE (a file
# size limit: write(2) fails with EFBIG at a chosen size), said in the output.
# The RLIMIT_FSIZE way also runs always, as it exercises a second errno.
. "$FB_SRC/tests/integration/lib.sh"

W=$FB_BIN/tests/queue_writer
MNT=$FB_TMP/mnt
mkdir -p "$MNT"
trap 'cleanup; umount "$MNT" 2>/dev/null' EXIT
PK=$("$W" keygen "$FB_TMP/trust.pub" "$FB_TMP/trust.key") || { fail "keygen"; finish; }

# fill_and_recover LABEL QUEUE FREE_CMD [ENV...]: fill, check, free, put again.
fill_and_recover() {
	local label=$1 q=$2 free_cmd=$3 limit=${4:-}
	local rc n summary
	QW_FSIZE=$limit timeout 120 "$W" write "$q" "$PK" 100000 >"$FB_TMP/$label.puts" 2>"$FB_TMP/$label.err"
	rc=$?
	n=$(grep -c '^PUT ' "$FB_TMP/$label.puts")
	note "$label: $n records stored before the disk filled; writer said: $(cat "$FB_TMP/$label.err")"
	check "$label: the put that did not fit failed as disk full (exit 3, got $rc)" test "$rc" = 3
	check "$label: the message is fit for a staff screen" \
		grep -q 'storage full while storing a response: nothing new was saved, earlier responses are safe' "$FB_TMP/$label.err"
	check "$label: some records fitted before the disk filled" test "$n" -gt 0
	QW_FSIZE=$limit "$W" check "$q" >"$FB_TMP/$label.check" 2>&1
	summary=$(tail -1 "$FB_TMP/$label.check")
	grep '^PUT ' "$FB_TMP/$label.puts" | cut -d' ' -f2 | sort >"$FB_TMP/$label.put_ids"
	grep '^HAVE ' "$FB_TMP/$label.check" | cut -d' ' -f2 | sort >"$FB_TMP/$label.have_ids"
	check "$label: every earlier record is still there and whole ($summary)" \
		bash -c "[ -z \"\$(comm -23 '$FB_TMP/$label.put_ids' '$FB_TMP/$label.have_ids')\" ] && [[ '$summary' == *' invalid 0 '* ]]"
	eval "$free_cmd"
	timeout 60 "$W" write "$q" "$PK" 5 >"$FB_TMP/$label.more" 2>&1
	check "$label: after space is freed, puts work again" test "$(grep -c '^PUT ' "$FB_TMP/$label.more")" = 5
	summary=$("$W" check "$q" | tail -1)
	check "$label: nothing was lost across the episode ($summary)" \
		test "$summary" = "records $((n + 5)) invalid 0 depth $((n + 5)) acked 0"
}

if mount -t tmpfs -o size=512k tmpfs "$MNT" 2>"$FB_TMP/mount.err"; then
	note "method: a real full filesystem (tmpfs of 512 KiB at $MNT)"
	head -c 131072 /dev/zero >"$MNT/ballast"
	fill_and_recover tmpfs "$MNT/queue.db" "rm -f '$MNT/ballast'"
else
	note "method: mount not permitted here ($(cat "$FB_TMP/mount.err")); falling back to RLIMIT_FSIZE only"
fi
note "method: RLIMIT_FSIZE of 400000 bytes (write fails with EFBIG)"
fill_and_recover rlimit "$FB_TMP/queue.db" ":" 400000
finish
