#!/bin/sh
# Installs every Debian 12 package the project builds, tests and runs with.
# Quiet and quick when everything is present (one dpkg-query); otherwise apt-get,
# through sudo when not root. Safe to run again and again.
set -eu

PKGS="build-essential pkg-config make
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libfribidi-dev
libsqlite3-dev sqlite3 libcurl4-openssl-dev libjansson-dev libinih-dev
libmicrohttpd-dev libsodium-dev libpq-dev libcmocka-dev zlib1g-dev
libespeak-ng-dev espeak-ng-data libunistring-dev libglib2.0-dev libpng-dev
postgresql openssl ca-certificates curl tzdata
fonts-noto-core fonts-noto-ui-core fonts-dejavu-core
xvfb xauth python3
chromium chromium-driver python3-selenium
gettext libxkbcommon-dev xkb-data liblinear-dev libcsv-dev python3-aiosmtpd
clang valgrind xdotool matchbox-window-manager x11-utils
libfaketime faketime"

missing=""
# npm installs the page styles (nhsuk-frontend). Any nodejs that brings npm
# will do (Debian's nodejs + npm, or a nodejs package that ships npm itself).
command -v npm >/dev/null 2>&1 || missing="nodejs npm"
for p in $PKGS; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"install ok installed"*) ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then
	command -v sudo >/dev/null 2>&1 || {
		echo "deps: need root or sudo to install:$missing" >&2
		exit 1
	}
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: done" >&2
