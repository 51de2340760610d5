#!/usr/bin/env bash
# layers: the rooms of the house hold (tests/tools/check_layers.py on this
# tree prints nothing: no program in lib/, no program in another, SDL behind
# the seam, pages escaped, no include cycles), and the check itself fails on
# each kind of breach, planted in a small tree of its own.
. "$FB_SRC/tests/integration/lib.sh"

CHECK=$FB_SRC/tests/tools/check_layers.py

out=$(python3 "$CHECK" "$FB_SRC" 2>&1)
rc=$?
check "the tree should keep its rooms (lib/ alone, programs apart, SDL behind the seam, pages escaped)" \
	test "$rc" = 0
[ "$rc" = 0 ] || note "$out"

# plant DESCRIPTION FILE CONTENT EXPECT: a fresh tiny tree with one bad file;
# the check must fail and name that file with EXPECT in its message.
plant() {
	local what=$1 file=$2 content=$3 expect=$4 root
	root=$(mktemp -d "$FB_TMP/tree.XXXXXX")
	mkdir -p "$root/lib" "$root/kiosk" "$root/sync" "$root/collector/web" "$root/tools"
	printf '/* ok */\n' >"$root/lib/queue.h"
	printf '/* ok */\n' >"$root/collector/web/web.h"
	printf '/* ok */\n' >"$root/kiosk/flow.h"
	printf '%s\n' "$content" >"$root/$file"
	local got
	got=$(python3 "$CHECK" "$root" 2>&1)
	local status=$?
	if [ "$status" = 1 ] && grep -q "^$file:.*$expect" <<<"$got"; then
		ok "the check should refuse $what"
	else
		fail "the check should refuse $what (status $status: $got)"
	fi
}

plant "lib/ including a program's header" lib/queue.c \
	'#include "../collector/web/web.h"' "lib/ includes the program header"
plant "one program including another's header" kiosk/app.c \
	'#include "../collector/web/web.h"' "another program's header"
plant "SDL outside the render seam" kiosk/app.c \
	'#include <SDL.h>' "outside the render seam"
plant "a page writing raw HTML from data" collector/web/pages.c \
	'static void f(coll_html *h, const char *name) { coll_html_raw(h, name); }' "raw HTML written from data"
plant "a raw printf on a page" collector/web/pages.c \
	'static void f(coll_html *h, const char *n) { html_rawf(h, "%s", n); }' "raw HTML written from data"

root=$(mktemp -d "$FB_TMP/tree.XXXXXX")
mkdir -p "$root/lib"
printf '#include "b.h"\n' >"$root/lib/a.h"
printf '#include "c.h"\n' >"$root/lib/b.h"
printf '#include "a.h"\n' >"$root/lib/c.h"
got=$(python3 "$CHECK" "$root" 2>&1)
if [ $? = 1 ] && grep -q "include each other: lib/a.h -> lib/b.h -> lib/c.h -> lib/a.h" <<<"$got"; then
	ok "the check should refuse files that include each other round a cycle"
else
	fail "the check should refuse files that include each other round a cycle ($got)"
fi

root=$(mktemp -d "$FB_TMP/tree.XXXXXX")
mkdir -p "$root/kiosk" "$root/lib"
printf '#include <SDL.h>\n' >"$root/kiosk/render_sdl.c"
printf '#include "queue.h"\n' >"$root/kiosk/app.c"
printf '/* ok */\n' >"$root/lib/queue.h"
check "SDL behind the seam and lib/ headers should pass" python3 "$CHECK" "$root"
finish
