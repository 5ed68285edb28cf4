# Shared set-up for scripts/run.sh and scripts/test.sh: installs what is missing on a fresh machine.
# Sourced, not run. Every step is idempotent and quiet when there is nothing to do.

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

apt_updated=""
apt_install() {
  [ "$(id -u)" = 0 ] || die "$* is missing; install it (as root: apt-get install -y $*) and run again."
  if [ -z "$apt_updated" ]; then
    apt-get update -qq >/dev/null || die "apt-get update failed"
    apt_updated=yes
  fi
  say "Installing $* (Debian packages)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "The .NET SDK (10.0.x) is required: https://learn.microsoft.com/dotnet/core/install/linux-debian"
}

have_postgres_server() {
  command -v pg_ctl >/dev/null && command -v initdb >/dev/null && return 0
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1
}

ensure_postgres() {
  have_postgres_server || apt_install postgresql
  command -v psql >/dev/null || apt_install postgresql-client
  # Debian starts a system cluster on install; the workbench runs its own and needs none.
}

ensure_chromium() {
  [ -x "${WORKBENCH_CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
}

ensure_node() {
  command -v npm >/dev/null || apt_install nodejs npm
}

# Installs the npm packages of a folder from its lock file, again only when the lock file changed.
ensure_npm_packages() {
  local dir="$1" what="$2"
  [ -f "$dir/package.json" ] || return 0
  ensure_node
  local stamp="$dir/node_modules/.installed-lock"
  if ! cmp -s "$dir/package-lock.json" "$stamp" 2>/dev/null; then
    say "Installing $what (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed in $dir"
    cp "$dir/package-lock.json" "$stamp"
  fi
}

# Front-end libraries (graph drawing) come from npm at build time, never from a CDN at run time.
ensure_front_end() { ensure_npm_packages "$REPO_ROOT/wwwroot-assets" "front-end packages"; }

# axe-core, which the accessibility browser test loads into every page it scans.
ensure_accessibility_scanner() { ensure_npm_packages "$REPO_ROOT/tests/accessibility" "the accessibility scanner (axe-core)"; }

# The MongoDB wire-protocol emulator the integration tests start (no real MongoDB server installs here).
# Its package's own dependency tree does not install from the registry, so its dependencies come from the
# lock file and the package itself is unpacked beside them, exactly as tests/mongo-emulator/README.md says.
MONGO_EMULATOR_PACKAGE="@push.rocks/smartmongo@2.2.0"
ensure_mongo_emulator() {
  local dir="$REPO_ROOT/tests/mongo-emulator"
  [ -f "$dir/package.json" ] || return 0
  ensure_node
  local stamp="$dir/node_modules/.installed"
  local want
  want="$MONGO_EMULATOR_PACKAGE $(cksum <"$dir/package-lock.json")"
  [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && return 0
  say "Installing the MongoDB emulator for the tests ($MONGO_EMULATOR_PACKAGE)"
  (
    set -e
    cd "$dir"
    npm ci --no-audit --no-fund --loglevel=error
    local tarball
    tarball=$(npm pack "$MONGO_EMULATOR_PACKAGE" --silent)
    rm -rf node_modules/@push.rocks/smartmongo
    mkdir -p node_modules/@push.rocks/smartmongo
    tar -xzf "$tarball" -C node_modules/@push.rocks/smartmongo --strip-components=1
    rm -f "$tarball"
  ) || die "installing the MongoDB emulator failed"
  echo "$want" >"$stamp"
}

# The PostgreSQL clusters the tests (or the screenshots) start live in a fresh folder under /tmp, exported as
# WORKBENCH_TEST_TMP; at exit every cluster left there is stopped and the folder removed, also after a failure or a
# test process that died hard.
use_throwaway_clusters() {
  export WORKBENCH_TEST_TMP
  WORKBENCH_TEST_TMP=$(mktemp -d "/tmp/$1-XXXXXX")
  chmod 755 "$WORKBENCH_TEST_TMP"
  trap stop_throwaway_clusters EXIT
}

stop_throwaway_clusters() {
  for data in "$WORKBENCH_TEST_TMP"/*/data; do
    [ -d "$data" ] || continue
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- pg_ctl -D "$data" -m immediate stop >/dev/null 2>&1 || true
    else pg_ctl -D "$data" -m immediate stop >/dev/null 2>&1 || true; fi
  done
  rm -rf "$WORKBENCH_TEST_TMP"
}
