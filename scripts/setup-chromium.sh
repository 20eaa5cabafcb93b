#!/usr/bin/env bash
# Installs Debian's Chromium for the widget tests (tests/widget/), driven by
# the npm package playwright-core. Skipped when /usr/bin/chromium is present;
# Playwright's own browser download does not work from the build machines.
source "$(dirname "$0")/lib.sh"

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then exit 0; fi

command -v apt-get >/dev/null 2>&1 \
  || die "cannot install Chromium: apt-get is not available; install Debian's 'chromium' package (or set up $CHROMIUM) and re-run"
sudo=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "cannot install Chromium: run as root or install sudo (apt-get install -y chromium)"
  sudo=(sudo)
fi

say "installing Chromium from Debian (apt-get install chromium, first time only)"
mkdir -p "$LOCAL"
{
  "${sudo[@]}" apt-get update -q && \
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
} >"$LOCAL/install-chromium.log" 2>&1 \
  || die "apt-get install chromium failed (see .local/install-chromium.log): check that the Debian mirrors are reachable, then re-run"
[ -x "$CHROMIUM" ] || die "apt-get installed chromium but $CHROMIUM is missing (see .local/install-chromium.log)"
