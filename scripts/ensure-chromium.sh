#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium). On a fresh Debian machine
# where we are root, install it so `npm test` works as the README promises; elsewhere say how.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "npm test: installing Debian's chromium for the browser tests (one time)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "npm test: the browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install chromium' (Debian/Ubuntu)." >&2
exit 1
