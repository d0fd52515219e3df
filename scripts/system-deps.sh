#!/bin/sh
# Debian packages the tests and the course build need: a real browser, ffmpeg, a Swedish voice, gettext,
# git (the translations contract test runs openedx-atlas, which pulls with git), and what the benchmarks' MariaDB
# driver compiles against (mysqlclient, as the LMS uses: libmariadb-dev, pkg-config), and the course check's Swedish
# spell check (hunspell with its Swedish dictionary, hunspell-sv; without them the check fails and says so).
# Installs what is missing when apt-get can run (as root or through sudo); otherwise says what to install.
set -eu
PACKAGES="chromium ffmpeg espeak-ng fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils gettext git libmariadb-dev pkg-config hunspell hunspell-sv"
missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Please install these Debian packages:$missing (the browser and film tests are skipped without them)" >&2
  exit 0
fi
echo "Installing Debian packages:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
