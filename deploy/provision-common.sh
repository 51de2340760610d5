# provision-common.sh: what feedback-provision-device and -collector share.
# Each sets $prog, then sources this file from beside it (the source tree);
# make install writes this text in place of that line, so an installed
# script stands alone. Every function dies with a message on failure.
# shellcheck shell=bash disable=SC2154 # prog, root, prefix: the sourcing script's

prefix_default='@PREFIX@'
case $prefix_default in @*) prefix_default=/usr ;; esac # run from the source tree

die() { echo "$prog: $*" >&2; exit 1; }
say() { echo "$prog: $*"; }
need() { if [ $# -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value (see --help)"; fi; }

# prov_check_root: with --root, makes $root absolute and says what it
# changes; without it, insists on running as root.
prov_check_root() {
	if [ -n "$root" ]; then
		[ -d "$root" ] || die "--root '$root' is not a directory"
		root=$(cd "$root" && pwd)
		say "--root $root: writing there; not creating users, not changing owners, not running systemctl"
	else
		[ "$(id -u)" = 0 ] || die "run as root (sudo $prog ...), or use --root DIR to try it out"
	fi
}

# prov_find_bin PROGRAM PACKAGE: sets $bin to the directory holding PROGRAM:
# $FB_BIN for developers, else the installed one.
prov_find_bin() {
	local d
	bin=""
	for d in "${FB_BIN:-}" "$root$prefix/bin" "$prefix/bin"; do
		if [ -n "$d" ] && [ -x "$d/$1" ]; then bin=$d; break; fi
	done
	[ -n "$bin" ] || die "$1 is not installed in $prefix/bin; install the $2 package first (or give --prefix)"
}

# prov_run_conf CONF KEYS: sets $run_conf, the config the programs are run
# with: CONF itself, or with --root a private copy (0600, in a directory
# removed on exit) whose absolute paths for KEYS (an ERE alternation, e.g.
# 'data_dir|ca_file') point into $root.
prov_tmp=""
prov_cleanup() { [ -z "$prov_tmp" ] || rm -rf "$prov_tmp"; }
prov_run_conf() {
	run_conf=$1
	[ -n "$root" ] || return 0
	trap prov_cleanup EXIT
	prov_tmp=$(mktemp -d)
	run_conf=$prov_tmp/$(basename "$1")
	sed -E "s#^($2) = /#\\1 = $root/#" "$1" >"$run_conf"
	chmod 0600 "$run_conf"
}
