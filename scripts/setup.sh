#!/usr/bin/env bash
# Installs what is missing for building, running and testing Mignuti Chatbot.
# Everything heavy is cached and skipped when present: the Wasm build tools
# in ~/.cache/mignuti (override with MIGNUTI_CACHE), npm packages in
# node_modules, Postgres in .local/. A second run takes seconds.
source "$(dirname "$0")/lib.sh"

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed: $2"; }
mkdir -p "$LOCAL"
need cargo "install Rust with rustup (https://rustup.rs)"
need rustup "install Rust with rustup (https://rustup.rs)"
need node "install Node.js 20 or newer"
need npm "install Node.js 20 or newer (it brings npm)"
need python3 "install Python 3 (apt-get install python3)"

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node.js $(node -v) is too old: install Node.js 20 or newer"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown >/dev/null 2>&1 \
    || die "cannot add the wasm32-unknown-unknown target: check that static.rust-lang.org is reachable, then re-run"
fi

# npm packages: wrangler (with workerd), binaryen's wasm-opt, esbuild,
# playwright-core. Re-installed only when package-lock.json changed.
stamp="$ROOT/node_modules/.mignuti-lock-sha"
lock_sha=$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sha" ]; then
  say "installing npm packages (wrangler, wasm-opt, esbuild)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >"$LOCAL/npm-ci.log" 2>&1) \
    || { die "npm ci failed (see .local/npm-ci.log): check that registry.npmjs.org is reachable, then re-run"; }
  echo "$lock_sha" > "$stamp"
fi

# Python tools of the test suite: PyJWT for the independent cross-check of
# session tokens. A virtual environment in .local, created once.
if [ ! -x "$LOCAL/venv-jwt/bin/python" ] || ! "$LOCAL/venv-jwt/bin/python" -c 'import jwt' 2>/dev/null; then
  say "creating the Python test environment (PyJWT)"
  mkdir -p "$LOCAL"
  { python3 -m venv "$LOCAL/venv-jwt" && "$LOCAL/venv-jwt/bin/pip" install --quiet "pyjwt==2.15.1"; } \
    >"$LOCAL/venv-jwt.log" 2>&1 \
    || die "cannot install PyJWT into .local/venv-jwt (see .local/venv-jwt.log): check that pypi.org is reachable, then re-run"
fi

# Wasm build tools, compiled once into the cache (several minutes each on
# 2 cores). wasm-bindgen-cli must match the wasm-bindgen library version
# that Cargo.lock resolves, or the generated bindings do not fit.
mkdir -p "$LOCAL" "$TOOLS"
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock")
[ -n "$wbg_version" ] || die "cannot find wasm-bindgen in Cargo.lock; run 'cargo generate-lockfile' and re-run"
have_wbg=$("$TOOLS/bin/wasm-bindgen" --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have_wbg" != "$wbg_version" ]; then
  say "compiling wasm-bindgen-cli $wbg_version into $TOOLS (first time only, ~5 minutes)"
  cargo install --quiet --force --root "$TOOLS" wasm-bindgen-cli --version "=$wbg_version" >"$LOCAL/install-wasm-bindgen.log" 2>&1 \
    || die "cannot install wasm-bindgen-cli $wbg_version (see .local/install-wasm-bindgen.log): check that crates.io is reachable, then re-run"
fi
have_wb=$("$TOOLS/bin/worker-build" --version 2>/dev/null || true)
if [ "$have_wb" != "$WORKER_BUILD_VERSION" ]; then
  say "compiling worker-build $WORKER_BUILD_VERSION into $TOOLS (first time only, ~4 minutes)"
  cargo install --quiet --force --locked --root "$TOOLS" worker-build --version "=$WORKER_BUILD_VERSION" >"$LOCAL/install-worker-build.log" 2>&1 \
    || die "cannot install worker-build $WORKER_BUILD_VERSION (see .local/install-worker-build.log): check that crates.io is reachable, then re-run"
fi

# Local secrets for `wrangler dev`: random per machine, generated once, kept
# in git-ignored files. Functions that verify each other's tokens share a key.
secrets="$LOCAL/dev-secrets.env"
if [ ! -f "$secrets" ]; then
  rnd() { python3 -c 'import secrets; print(secrets.token_urlsafe(48))'; }
  {
    echo "SESSION_JWT_SECRET=$(rnd)"
    echo "IP_HASH_KEY=$(rnd)"
    echo "RECEIPT_SIGNING_KEY=$(rnd)"
    echo "EXPORT_URL_KEY=$(rnd)"
    # The local stand-in for a Supabase project's JWT secret.
    echo "SUPABASE_JWT_SECRET=$(rnd)"
  } > "$secrets"
  chmod 600 "$secrets"
fi
write_dev_vars() {
  local dir="$1"; shift
  local tmp="$dir/.dev.vars.tmp"
  : > "$tmp"
  for name in "$@"; do grep "^$name=" "$secrets" >> "$tmp"; done
  mv "$tmp" "$dir/.dev.vars"
}
write_dev_vars "$ROOT/functions/session" SESSION_JWT_SECRET IP_HASH_KEY
write_dev_vars "$ROOT/functions/chat" SESSION_JWT_SECRET IP_HASH_KEY
write_dev_vars "$ROOT/functions/delete-history" RECEIPT_SIGNING_KEY IP_HASH_KEY
write_dev_vars "$ROOT/functions/export" SUPABASE_JWT_SECRET EXPORT_URL_KEY
write_dev_vars "$ROOT/functions/knowledge" SUPABASE_JWT_SECRET

# The widget served at /widget.js (rebuilt when its sources changed).
if [ ! -f "$ROOT/public/widget.js" ] || [ -n "$(find "$ROOT/widget" -newer "$ROOT/public/widget.js" -print -quit)" ]; then
  "$ROOT/scripts/build-widget.sh" >/dev/null
fi
