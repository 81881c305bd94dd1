#!/usr/bin/env bash
# Installs what the test suite needs from the system (called by `npm test`): mosquitto for the broker tests
# and benchmarks, socat for pty serial pairs, Chromium for the browser tests, PostgreSQL for the migration
# test, udev for serial port listing, poppler-utils to read PDFs back. As root it uses apt-get; otherwise it
# says what to install.
set -euo pipefail
need=()
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v socat >/dev/null 2>&1 || need+=(socat)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v udevadm >/dev/null 2>&1 || [ -x /usr/bin/udevadm ] || need+=(udev)
# pdftotext/pdftoppm: the report tests read the generated PDFs back as text.
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test-setup: installing ${need[*]} (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  # Debian's mosquitto package may start a system broker on :1883; the tests start their own on free ports.
else
  echo "test-setup: missing system packages: ${need[*]}" >&2
  echo "Install them with: sudo apt-get install --no-install-recommends ${need[*]}" >&2
  exit 1
fi
