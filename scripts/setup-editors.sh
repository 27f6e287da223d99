#!/bin/bash
# Installs what the real-editor tests need, idempotently:
#   Debian packages: chromium (headless browser for code-server), neovim (LSP client), ripgrep,
#   libkrb5-dev, build-essential, python3 (code-server's native modules);
#   code-server 4.100.3 (VS Code 1.100.3, newest that runs on Node 20) into .editor-tools/code-server.
# Usage: bash scripts/setup-editors.sh   (from anywhere; paths are relative to the repo)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CODE_SERVER_VERSION=4.100.3
DEST=$ROOT/.editor-tools/code-server
BIN=$DEST/node_modules/.bin/code-server

SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi

# Package name -> a file it installs, to decide what is missing without asking apt.
declare -A PROBE=(
  [chromium]=/usr/bin/chromium
  [neovim]=/usr/bin/nvim
  [ripgrep]=/usr/bin/rg
  [libkrb5-dev]=/usr/include/krb5.h
  [build-essential]=/usr/share/doc/build-essential
  [python3]=/usr/bin/python3
)
missing=()
for pkg in chromium neovim ripgrep libkrb5-dev build-essential python3; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' && [ ! -e "${PROBE[$pkg]}" ]; then
    missing+=("$pkg")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-editors: installing ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "setup-editors: Debian packages already installed"
fi

installed_version() {
  node -p "require('$DEST/node_modules/code-server/package.json').version" 2>/dev/null || true
}
if [ -x "$BIN" ] && [ "$(installed_version)" = "$CODE_SERVER_VERSION" ]; then
  echo "setup-editors: code-server $CODE_SERVER_VERSION already installed in $DEST"
else
  echo "setup-editors: installing code-server $CODE_SERVER_VERSION into $DEST"
  mkdir -p "$DEST"
  TMPDIR=$ROOT/.editor-tools/tmp bash "$ROOT/scripts/install-code-server.sh" "$DEST"
  rm -rf "$ROOT/.editor-tools/tmp"
fi
# (--version writes a default config file: keep it out of $HOME)
XDG_CONFIG_HOME=$ROOT/.editor-tools/config "$BIN" --version | head -1
command -v chromium nvim rg
