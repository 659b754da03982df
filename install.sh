#!/bin/sh
# Installs duvo, the command-line client for Duvo, from its GitHub Releases:
#
#   curl -fsSL https://github.com/@REPOSITORY@/releases/latest/download/install.sh | sh
#   curl -fsSL .../install.sh | sh -s -- --version 1.2.3 --no-modify-path
#
# Options: --version <v>, --no-modify-path, --help. Environment:
#   DUVO_VERSION       the version to install (1.2.3 or v1.2.3); the latest release if unset
#   DUVO_INSTALL       the folder for the binary (default ~/.duvo/bin)
#   DUVO_DOWNLOAD_URL  where the releases are (default https://github.com/@REPOSITORY@/releases)
#   DUVO_NO_INPUT=1    never ask; print the PATH line to add instead
#
# It picks the archive for this machine (OS, CPU, musl libc, Rosetta, AVX2), checks it
# against the release's SHA256SUMS (nothing is installed on a mismatch), replaces the
# binary atomically and writes install-receipt.json beside it for `duvo update`.
# Running it again is safe. The folder is added to PATH only when you say yes.
set -eu

REPOSITORY="@REPOSITORY@" # filled in from package.json by scripts/build.ts

say() { printf '%s\n' "$*"; }
die() {
  printf 'duvo install: error: %s\n' "$*" >&2
  exit 1
}

usage() {
  cat <<EOF
Installs duvo from ${DEFAULT_DOWNLOAD_URL:-its GitHub Releases}.

usage: install.sh [--version <v>] [--no-modify-path]

  --version <v>      install this version (1.2.3 or v1.2.3; also DUVO_VERSION)
  --no-modify-path   do not offer to add the install folder to PATH

Environment: DUVO_VERSION, DUVO_INSTALL (default ~/.duvo/bin), DUVO_DOWNLOAD_URL,
DUVO_NO_INPUT=1 (never ask).
EOF
}

unsupported() {
  die "duvo has no build for this platform ($(uname -s) $(uname -m)). Builds exist for Linux x64 and arm64 (glibc or musl), macOS x64 and arm64, and Windows x64: see ${base:-https://github.com/$REPOSITORY/releases}"
}

# --- the machine -------------------------------------------------------------

is_musl() {
  if command -v ldd >/dev/null 2>&1; then
    case $(ldd --version 2>&1 || true) in
      *musl*) return 0 ;;
      *) return 1 ;;
    esac
  fi
  [ -f /etc/alpine-release ] && return 0
  for loader in /lib/ld-musl-*.so.1; do
    [ -e "$loader" ] && return 0
  done
  return 1
}

# CPUs without AVX2 (and machines where we cannot tell) get the baseline build.
# DUVO_CPUINFO lets the tests point at a fake /proc/cpuinfo.
has_avx2() {
  cpuinfo=${DUVO_CPUINFO:-/proc/cpuinfo}
  [ -r "$cpuinfo" ] && grep -qw avx2 "$cpuinfo"
}

detect_target() {
  case $(uname -s) in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    MINGW* | MSYS* | CYGWIN*) os=windows ;;
    *) unsupported ;;
  esac
  case $(uname -m) in
    x86_64 | amd64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) unsupported ;;
  esac
  # An x64 shell under Rosetta on Apple silicon: the native build is the right one.
  if [ "$os" = darwin ] && [ "$arch" = x64 ] && [ "$(sysctl -n sysctl.proc_translated 2>/dev/null || true)" = 1 ]; then
    arch=arm64
  fi
  target=$os-$arch
  if [ "$os" = linux ]; then
    if is_musl; then
      target=$target-musl # there is no musl baseline build: musl x64 always gets this one
    elif [ "$arch" = x64 ] && ! has_avx2; then
      target=$target-baseline
    fi
  fi
  if [ "$os" = windows ]; then
    [ "$arch" = x64 ] || unsupported
    ext=zip exe=duvo.exe
  else
    ext=tar.gz exe=duvo
  fi
}

# --- downloads and checks ----------------------------------------------------

# Returns 2 when the server answered with an error (e.g. 404), 1 when it could not be
# reached; the tool's own message is then in $tmp/download-error.
download() { # <url> <file>
  status=0
  if command -v curl >/dev/null 2>&1; then
    curl --fail --silent --show-error --location --retry 2 --output "$2" "$1" 2>"$tmp/download-error" || status=$?
    [ "$status" -ne 22 ] || status=2
  elif command -v wget >/dev/null 2>&1; then
    wget -q -O "$2" "$1" 2>"$tmp/download-error" || status=$?
    [ "$status" -ne 8 ] || status=2
  else
    die "neither curl nor wget is installed"
  fi
  [ "$status" -eq 0 ] || [ "$status" -eq 2 ] || status=1
  return "$status"
}

cannot_download() { # <url> <status from download>
  reason=$(head -n 1 "$tmp/download-error" 2>/dev/null || true)
  [ -n "$reason" ] || { [ "$2" -eq 2 ] && reason="the server answered with an error"; } || reason="no answer"
  die "cannot download $1: $reason"
}

sha256_of() { # <file>
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  elif command -v openssl >/dev/null 2>&1; then
    openssl dgst -sha256 -r "$1" | cut -d ' ' -f 1
  else
    die "cannot check the download: none of sha256sum, shasum or openssl is installed"
  fi
}

# The hash SHA256SUMS lists for <name> (sha256sum format: "<hash>  <name>" or "<hash> *<name>").
listed_hash() { # <sums file> <name>
  awk -v name="$2" '{ file = $2; sub(/^\*/, "", file); if (file == name) { print $1; exit } }' "$1"
}

# A .tar.xz is ~30% smaller than the .tar.gz: take it when xz is here to unpack it and the
# release lists one for $target (releases before it have only the .tar.gz).
choose_archive() { # <sums file>
  if [ "$ext" = tar.gz ] && command -v xz >/dev/null 2>&1 && grep -q -e "-$target\.tar\.xz\$" "$1"; then
    ext=tar.xz
  fi
}

# The asset of $target in the latest release's SHA256SUMS (its name carries the version).
latest_asset() { # <sums file>
  awk -v suffix="-$target.$ext" '{
    file = $2; sub(/^\*/, "", file)
    if (substr(file, 1, 5) == "duvo-" && length(file) > length(suffix) + 5 && substr(file, length(file) - length(suffix) + 1) == suffix) { print file; exit }
  }' "$1"
}

check_version() {
  case $1 in
    [0-9]*.[0-9]*.[0-9]*) ;;
    *) die "invalid version \"$1\": expected something like 1.2.3 or v1.2.3" ;;
  esac
  case $1 in
    *[!0-9A-Za-z.+-]*) die "invalid version \"$1\": expected something like 1.2.3 or v1.2.3" ;;
  esac
}

# --- PATH --------------------------------------------------------------------

can_ask() {
  case ${DUVO_NO_INPUT:-} in "" | 0 | false) ;; *) return 1 ;; esac
  [ -t 1 ] && (true </dev/tty) 2>/dev/null
}

offer_path() {
  case ":${PATH:-}:" in
    *":$install_dir:"*) return 0 ;;
  esac
  case $install_dir in
    "$HOME"/*) shown_dir="\$HOME/${install_dir#"$HOME"/}" ;;
    *) shown_dir=$install_dir ;;
  esac
  case ${SHELL:-} in
    */zsh) profile=${ZDOTDIR:-$HOME}/.zshrc line="export PATH=\"$shown_dir:\$PATH\"" ;;
    */fish) profile=$HOME/.config/fish/config.fish line="fish_add_path \"$shown_dir\"" ;;
    */bash)
      profile=$HOME/.bashrc
      [ "$os" = darwin ] && profile=$HOME/.bash_profile
      line="export PATH=\"$shown_dir:\$PATH\""
      ;;
    *) profile=$HOME/.profile line="export PATH=\"$shown_dir:\$PATH\"" ;;
  esac
  if [ -f "$profile" ] && grep -qxF "$line" "$profile"; then
    say "$profile already adds $install_dir to PATH: open a new shell to use duvo."
    return 0
  fi
  if [ "$modify_path" = yes ] && can_ask; then
    printf 'Add %s to your PATH in %s? [Y/n] ' "$install_dir" "$profile"
    answer=
    read -r answer </dev/tty || answer=n
    case $answer in
      "" | [Yy]*)
        mkdir -p "$(dirname "$profile")"
        printf '\n# duvo\n%s\n' "$line" >>"$profile"
        say "Added to $profile. Open a new shell, or run: $line"
        return 0
        ;;
    esac
  fi
  say "To run duvo by name, add this line to $profile (then open a new shell):"
  say "  $line"
}

# --- main ----------------------------------------------------------------------

case $REPOSITORY in
  @*) DEFAULT_DOWNLOAD_URL= ;; # the unreleased script: DUVO_DOWNLOAD_URL is required
  *) DEFAULT_DOWNLOAD_URL=https://github.com/$REPOSITORY/releases ;;
esac
version=${DUVO_VERSION:-}
modify_path=yes
while [ $# -gt 0 ]; do
  case $1 in
    --version)
      [ $# -ge 2 ] || die "--version needs a value"
      version=$2
      shift 2
      ;;
    --version=*)
      version=${1#--version=}
      shift
      ;;
    --no-modify-path) modify_path=no && shift ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown option \"$1\" (see --help)" ;;
  esac
done

base=${DUVO_DOWNLOAD_URL:-$DEFAULT_DOWNLOAD_URL}
[ -n "$base" ] || die "set DUVO_DOWNLOAD_URL, or use the install.sh attached to a release"
base=${base%/}
case $base in
  https://* | http://127.* | http://localhost | http://localhost[:/]* | "http://[::1]"*) ;;
  *) die "DUVO_DOWNLOAD_URL must be an https URL (plain http only to this machine): $base" ;;
esac
[ -n "${HOME:-}" ] || [ -n "${DUVO_INSTALL:-}" ] || die "HOME is not set: set DUVO_INSTALL to the folder to install into"
install_dir=${DUVO_INSTALL:-$HOME/.duvo/bin}

detect_target

tmp=$(mktemp -d 2>/dev/null || mktemp -d -t duvo)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -n "$version" ]; then
  version=${version#v}
  check_version "$version"
  from=$base/download/v$version
  download "$from/SHA256SUMS" "$tmp/SHA256SUMS" || {
    [ "$status" -eq 2 ] && die "duvo $version was not found: there is no $from/SHA256SUMS (see $base for the versions that exist)"
    cannot_download "$from/SHA256SUMS" "$status"
  }
  choose_archive "$tmp/SHA256SUMS"
  asset=duvo-$version-$target.$ext
else
  from=$base/latest/download
  download "$from/SHA256SUMS" "$tmp/SHA256SUMS" || cannot_download "$from/SHA256SUMS" "$status"
  choose_archive "$tmp/SHA256SUMS"
  asset=$(latest_asset "$tmp/SHA256SUMS")
  [ -n "$asset" ] || die "the latest release has no build for $target (see $base)"
  version=${asset#duvo-}
  version=${version%"-$target.$ext"}
  check_version "$version"
fi
expected=$(listed_hash "$tmp/SHA256SUMS" "$asset")
[ -n "$expected" ] || die "duvo $version has no build for $target: $asset is not in $from/SHA256SUMS"

say "Downloading duvo $version for $target..."
download "$from/$asset" "$tmp/$asset" || cannot_download "$from/$asset" "$status"
actual=$(sha256_of "$tmp/$asset")
[ "$actual" = "$expected" ] || die "checksum mismatch for $asset: SHA256SUMS says $expected, the download is $actual. Nothing was installed."

mkdir "$tmp/unpacked"
if [ "$ext" = zip ]; then
  command -v unzip >/dev/null 2>&1 || die "unzip is needed to unpack $asset"
  unzip -q -o "$tmp/$asset" "$exe" -d "$tmp/unpacked" || die "cannot unpack $asset"
elif [ "$ext" = tar.xz ]; then
  xz -dc "$tmp/$asset" >"$tmp/duvo.tar" || die "cannot unpack $asset"
  tar -xf "$tmp/duvo.tar" -C "$tmp/unpacked" "$exe" || die "cannot unpack $asset"
else
  tar -xzf "$tmp/$asset" -C "$tmp/unpacked" "$exe" || die "cannot unpack $asset"
fi
[ -f "$tmp/unpacked/$exe" ] || die "$asset holds no $exe"

# Copy next to the destination, then rename over it: a running duvo, or one being
# installed by another shell, never sees a half-written file.
mkdir -p "$install_dir" || die "cannot create $install_dir"
staged=$install_dir/.$exe.$$.tmp
if ! { cp "$tmp/unpacked/$exe" "$staged" && chmod 755 "$staged" && mv -f "$staged" "$install_dir/$exe"; }; then
  rm -f "$staged"
  die "cannot write $install_dir/$exe"
fi

json() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
receipt=$install_dir/.install-receipt.json.$$.tmp
printf '{\n  "version": %s,\n  "target": %s,\n  "source": %s\n}\n' "$(json "$version")" "$(json "$target")" "$(json "$base")" >"$receipt"
mv -f "$receipt" "$install_dir/install-receipt.json"

say "Installed duvo $version ($target) to $install_dir/$exe"
found=$(command -v duvo 2>/dev/null || true)
if [ -n "$found" ] && [ "$found" != "$install_dir/$exe" ]; then
  say "Note: $found comes first on your PATH."
fi
offer_path
