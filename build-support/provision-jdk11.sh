#!/usr/bin/env bash
# Provision a JDK 11 `java` for socketwatch's integration tests, without installing
# anything system-wide.
#
#   build-support/provision-jdk11.sh <cache-dir>
#
# Result: <cache-dir>/jdk11/bin/java is a working JDK 11 java (headless JRE).
#
# Source, in order of preference:
#   1. $SOCKETWATCH_JDK11_HOME, if set: <cache-dir>/jdk11 becomes a symlink to it
#      (it must be a working JDK 11, or the script fails).
#   2. Debian bullseye's openjdk-11-jre-headless (amd64): the newest build found in
#      the Packages index of bullseye (main) or bullseye-security, fetched with curl
#      from the Debian mirrors this machine's apt is configured with (the archive and
#      the security archive named in /etc/apt/sources.list{,.d/*}; only the suite is
#      swapped to bullseye; nothing is added to apt's configuration). The InRelease file
#      is checked with gpgv against Debian's archive keyring when both are available,
#      the Packages index against the SHA256 in it, and the .deb against the SHA256
#      in the index. The .deb is unpacked with `dpkg-deb -x` (never installed), its
#      symlinks into /etc/java-11-openjdk are replaced by the real files from the
#      package, and the tree is renamed into place atomically.
#   3. If no index can be read: a known .deb filename with a pinned SHA256.
#
# Idempotent: exits 0 at once if <cache-dir>/jdk11/bin/java -version reports 11.
# Concurrent runs serialise on <cache-dir>/.jdk11.lock (flock).
#
# Environment (all optional):
#   SOCKETWATCH_JDK11_HOME              use this JDK 11 instead of downloading
#   SOCKETWATCH_DEBIAN_MIRROR           base URL of a Debian archive (the part before
#                                       /dists/); default: taken from apt's sources
#   SOCKETWATCH_DEBIAN_SECURITY_MIRROR  base URL of the Debian security archive; default:
#                                       taken from apt's sources, else <archive>-security
#     (when bullseye is moved off the regular mirrors, point both at Debian's archive
#     mirror)
#
# On failure: one line on stderr saying what failed and what to do, exit status 1.

set -Eeuo pipefail

readonly PKG=openjdk-11-jre-headless
readonly ARCH=amd64
readonly DEB_HOME=usr/lib/jvm/java-11-openjdk-amd64
readonly DEB_ETC=etc/java-11-openjdk
readonly KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
MIRROR="" SEC_MIRROR=""

work=""
cleanup() { if [[ -n "$work" && -d "$work" ]]; then rm -rf -- "$work"; fi; }
trap cleanup EXIT

# The one failure message.
die() {
  trap - ERR
  printf 'socketwatch: could not provision JDK 11 (%s): install openjdk-11-jre-headless (or any JDK 11) and set SOCKETWATCH_JDK11_HOME to its home, or fix the cause and rerun\n' "$1" >&2
  exit 1
}
die_env() {
  trap - ERR
  printf 'socketwatch: SOCKETWATCH_JDK11_HOME=%s %s: point it at the home of a JDK 11 (the directory holding bin/java), or unset it to download one from Debian bullseye\n' "$SOCKETWATCH_JDK11_HOME" "$1" >&2
  exit 1
}
trap 'die "unexpected error at line $LINENO: $BASH_COMMAND"' ERR

note() { printf 'socketwatch: %s\n' "$*" >&2; }

# apt_debian_uris: prints "URI SUITE" for every enabled deb source of this machine's apt
# (one-line *.list format and deb822 *.sources format).
apt_debian_uris() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r "$f" ]] || continue
    awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                       if (i + 1 <= NF) print $i, $(i + 1) }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r "$f" ]] || continue
    awk 'function flush() { if (types ~ /(^| )deb( |$)/ && enabled !~ /^[Nn]o/)
                              for (u in uris) for (s in suites) print uris[u], suites[s]
                            types = ""; enabled = ""; delete uris; delete suites }
         /^[ \t]*#/ { next }
         /^[ \t]*$/ { flush(); next }
         { key = tolower($1); sub(/:$/, "", key) }
         key == "types"   { types = $0; sub(/^[^:]*:[ \t]*/, "", types) }
         key == "enabled" { enabled = $2 }
         key == "uris"    { for (i = 2; i <= NF; i++) uris[i] = $i }
         key == "suites"  { for (i = 2; i <= NF; i++) suites[i] = $i }
         END { flush() }' "$f"
  done
}

# Pick the Debian archive and security archive base URLs from apt's sources.
find_mirrors() {
  local uri suite codename='(buster|bullseye|bookworm|trixie|forky|duke|sid|(old)*stable|testing|unstable)'
  MIRROR="${SOCKETWATCH_DEBIAN_MIRROR:-}"
  SEC_MIRROR="${SOCKETWATCH_DEBIAN_SECURITY_MIRROR:-}"
  while read -r uri suite; do
    uri="${uri%/}"
    if [[ -z "$SEC_MIRROR" && "$suite" =~ ^${codename}-security$ ]]; then SEC_MIRROR="$uri"; fi
    if [[ -z "$MIRROR" && "$suite" =~ ^${codename}$ ]]; then MIRROR="$uri"; fi
  done < <(apt_debian_uris 2>/dev/null || true)
  if [[ -z "$SEC_MIRROR" && -n "$MIRROR" ]]; then SEC_MIRROR="$MIRROR-security"; fi
  [[ -n "$MIRROR" ]] || die "no Debian archive found in apt's sources (/etc/apt/sources.list{,.d/*}); set SOCKETWATCH_DEBIAN_MIRROR and SOCKETWATCH_DEBIAN_SECURITY_MIRROR to Debian mirror base URLs"
}

# Fallbacks used only when neither Packages index can be read: "base|filename|sha256".
known_debs() {
  printf '%s\n' \
    "$SEC_MIRROR|pool/updates/main/o/openjdk-11/openjdk-11-jre-headless_11.0.32.1+1-1~deb11u1_amd64.deb|c9978301296dcc969d76b703134c155e41efdf37c71d6b407d27640514c3ca0a" \
    "$MIRROR|pool/main/o/openjdk-11/openjdk-11-jre-headless_11.0.24+8-2~deb11u1_amd64.deb|de4faf94b1f71bf8b6ccdc491864eb98ce4a80905326e26a7aef9e66d7744246"
}

# is_jdk11 HOME: HOME/bin/java runs and reports version 11.
is_jdk11() {
  local java="$1/bin/java" out
  [[ -x "$java" ]] || return 1
  out="$(env -u JAVA_TOOL_OPTIONS -u _JAVA_OPTIONS -u JDK_JAVA_OPTIONS timeout 60 "$java" -version 2>&1)" || return 1
  grep -Eq 'version "11[."]' <<<"$out"
}

CURL_OPTS=(--fail --location --silent --show-error --retry 4 --retry-delay 2 --retry-connrefused
           --connect-timeout 20 --speed-limit 10240 --speed-time 60)
if curl --help all 2>/dev/null | grep -q -- '--retry-all-errors'; then
  CURL_OPTS+=(--retry-all-errors)
fi

# fetch URL FILE MAXTIME: download; on failure sets $fetch_err and returns 1.
fetch_err=""
fetch() {
  local out
  if out="$(curl "${CURL_OPTS[@]}" --max-time "$3" -o "$2" "$1" 2>&1)"; then return 0; fi
  fetch_err="${out##*$'\n'}"
  fetch_err="${fetch_err:-curl failed} for $1"
  return 1
}

# sha256_of FILE
sha256_of() { sha256sum -- "$1" | cut -d' ' -f1; }

# read_index BASE SUITE DIR: prints "version|base|filename|sha256" of the newest $PKG/$ARCH
# in the suite's main Packages index; on failure writes the reason to DIR/error and returns 1
# (it runs in a command substitution, so a variable would not survive).
read_index() {
  local base="$1" suite="$2" dir="$3" idx="$3/Packages.xz" rel expect entries
  local dists="$base/dists/$suite"
  idx_fail() { printf '%s' "$1" > "$dir/error"; return 1; }
  if command -v gpgv >/dev/null 2>&1 && [[ -r "$KEYRING" ]]; then
    fetch "$dists/InRelease" "$dir/InRelease" 120 || { idx_fail "$fetch_err"; return 1; }
    rel="$dir/Release"
    if ! gpgv --quiet --keyring "$KEYRING" --output "$rel" "$dir/InRelease" >/dev/null 2>&1; then
      idx_fail "bad or unknown OpenPGP signature on $dists/InRelease"; return 1
    fi
    # SHA256 section: " <sha256> <size> main/binary-amd64/Packages.xz"
    expect="$(awk '/^SHA256:/{s=1;next} /^[^ ]/{s=0} s && $3=="main/binary-'"$ARCH"'/Packages.xz"{print $1}' "$rel")"
    [[ -n "$expect" ]] || { idx_fail "no SHA256 for main/binary-$ARCH/Packages.xz in $dists/InRelease"; return 1; }
  else
    expect=""
  fi
  fetch "$dists/main/binary-$ARCH/Packages.xz" "$idx" 300 || { idx_fail "$fetch_err"; return 1; }
  if [[ -n "$expect" && "$(sha256_of "$idx")" != "$expect" ]]; then
    idx_fail "SHA256 mismatch on $dists/main/binary-$ARCH/Packages.xz"; return 1
  fi
  if ! entries="$(xz -dc "$idx" | awk -v RS= -v FS='\n' -v pkg="$PKG" -v arch="$ARCH" '
      { p=v=a=f=s="";
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^Package: /)      p = substr($i, 10)
          else if ($i ~ /^Version: /) v = substr($i, 10)
          else if ($i ~ /^Architecture: /) a = substr($i, 15)
          else if ($i ~ /^Filename: /) f = substr($i, 11)
          else if ($i ~ /^SHA256: /)  s = substr($i, 9)
        }
        if (p == pkg && a == arch && v != "" && f != "" && s != "") print v "|" f "|" s
      }')"; then
    idx_fail "cannot decompress/parse $dists/main/binary-$ARCH/Packages.xz"; return 1
  fi
  [[ -n "$entries" ]] || { idx_fail "no $PKG for $ARCH in $dists"; return 1; }
  local best="" line ver
  while IFS= read -r line; do
    ver="${line%%|*}"
    if [[ -z "$best" ]] || dpkg --compare-versions "$ver" gt "${best%%|*}"; then best="$line"; fi
  done <<<"$entries"
  printf '%s|%s|%s\n' "${best%%|*}" "$base" "${best#*|}"
}

# Replace symlinks that point into /etc/java-11-openjdk by the package's own files and
# drop links that dangle, so the tree works wherever it lives.
fix_links() {
  local home="$1" etc="$2" link target src
  while IFS= read -r -d '' link; do
    target="$(readlink -- "$link")"
    case "$target" in
      /etc/java-11-openjdk/*)
        src="$etc/${target#/etc/java-11-openjdk/}"
        if [[ -f "$src" ]]; then cp --remove-destination -p -- "$src" "$link"; else rm -f -- "$link"; fi
        ;;
      /*)
        # e.g. lib/security/cacerts -> /etc/ssl/certs/java/cacerts: keep if it resolves on
        # this machine, else remove (a JDK without cacerts still runs).
        [[ -e "$link" ]] || rm -f -- "$link"
        ;;
      *)
        # Relative: keep only if it stays inside the JDK home (legal/*, man/ja), since the
        # home is moved away from the rest of the package (docs -> ../../../share/doc/...).
        case "$(realpath -m -- "$link")" in
          "$home"/*) ;;
          *) rm -f -- "$link" ;;
        esac
        ;;
    esac
  done < <(find "$home" -type l -print0)
  # Keep a copy of the package's etc/ beside the JDK for reference.
  cp -a -- "$etc" "$home/debian-etc"
}

# ---------------------------------------------------------------------------------------
[[ $# -eq 1 && -n "$1" ]] || die "usage: $0 <cache-dir>; got $# arguments"
cache="$1"
dest="$cache/jdk11"

want_home=""
if [[ -n "${SOCKETWATCH_JDK11_HOME:-}" ]]; then
  want_home="$(cd -- "$SOCKETWATCH_JDK11_HOME" 2>/dev/null && pwd -P)" \
    || die_env "is not a directory"
  is_jdk11 "$want_home" \
    || die_env "is not a JDK 11: bin/java -version fails or does not report 11"
fi

# Fast path, no lock: already provisioned.
already() {
  if [[ -n "$want_home" ]]; then
    [[ -L "$dest" && "$(readlink -- "$dest")" == "$want_home" ]]
  else
    is_jdk11 "$dest"
  fi
}
if already; then exit 0; fi

mkdir -p -- "$cache" 2>/dev/null || die "cannot create cache directory $cache"
[[ -d "$cache" && -w "$cache" ]] || die "cache directory $cache is not writable"
cache="$(cd -- "$cache" && pwd -P)" || die "cannot resolve cache directory $cache"
dest="$cache/jdk11"
{ exec 9>>"$cache/.jdk11.lock"; } 2>/dev/null || die "cannot create lock file $cache/.jdk11.lock"
if command -v flock >/dev/null 2>&1; then
  flock -w 1200 9 || die "timed out after 20 min waiting for another provisioning run holding $cache/.jdk11.lock"
fi
# Another run may have finished while we waited.
if already; then exit 0; fi

work="$(mktemp -d "$cache/.jdk11.tmp.XXXXXX" 2>/dev/null)" || die "cannot create a temporary directory in $cache"

# install_tree NEW: atomically put NEW (a directory or symlink inside $cache) at $dest.
install_tree() {
  local new="$1"
  if [[ -e "$dest" || -L "$dest" ]]; then
    mv -T -- "$dest" "$work/old" || die "cannot move the broken $dest aside"
  fi
  mv -T -- "$new" "$dest" || die "cannot rename the new JDK into $dest"
}

if [[ -n "$want_home" ]]; then
  ln -s -- "$want_home" "$work/link" || die "cannot create a symlink in $cache"
  install_tree "$work/link"
  is_jdk11 "$dest" || die "$dest -> $want_home does not run after linking"
  note "using SOCKETWATCH_JDK11_HOME=$want_home as $dest"
  exit 0
fi

for tool in curl xz sha256sum dpkg-deb dpkg; do
  command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' is not installed"
done
find_mirrors

# Pick the newest build of bullseye and bullseye-security.
best="" errors=()
for spec in "$MIRROR|bullseye|main" "$SEC_MIRROR|bullseye-security|sec"; do
  IFS='|' read -r base suite tag <<<"$spec"
  mkdir -p "$work/$tag"
  if cand="$(read_index "$base" "$suite" "$work/$tag")"; then
    if [[ -z "$best" ]] || dpkg --compare-versions "${cand%%|*}" gt "${best%%|*}"; then best="$cand"; fi
  else
    errors+=("$suite: $(cat "$work/$tag/error" 2>/dev/null || echo 'index unreadable')")
  fi
done

# The index's newest build first, then the pinned known builds (used alone when no index
# was readable); all their errors are reported together.
candidates=()
if [[ -n "$best" ]]; then candidates+=("${best#*|}"); fi
while IFS= read -r k; do
  IFS='|' read -r _ kfile _ <<<"$k"
  if [[ -z "$best" || "$best" != *"|$kfile|"* ]]; then candidates+=("$k"); fi
done < <(known_debs)

cand_errors=() ok=""
for c in "${candidates[@]}"; do
  IFS='|' read -r base file sha <<<"$c"
  url="$base/$file"
  deb="$work/pkg.deb"
  rm -f -- "$deb"
  note "downloading ${file##*/}"
  if ! fetch "$url" "$deb" 1200; then cand_errors+=("$fetch_err"); continue; fi
  if [[ "$(sha256_of "$deb")" != "$sha" ]]; then cand_errors+=("SHA256 mismatch on $url"); continue; fi
  rm -rf -- "$work/x"
  if ! out="$(dpkg-deb -x "$deb" "$work/x" 2>&1)"; then cand_errors+=("dpkg-deb -x failed on ${file##*/}: ${out##*$'\n'}"); continue; fi
  rm -f -- "$deb"
  home="$work/x/$DEB_HOME"
  [[ -x "$home/bin/java" ]] || { cand_errors+=("${file##*/} has no $DEB_HOME/bin/java"); continue; }
  fix_links "$home" "$work/x/$DEB_ETC"
  printf 'package=%s\nversion=%s\nurl=%s\nsha256=%s\n' "$PKG" "$(cut -d_ -f2 <<<"${file##*/}")" "$url" "$sha" \
    > "$home/socketwatch-provenance.txt"
  if ! is_jdk11 "$home"; then
    cand_errors+=("the unpacked $home/bin/java -version fails or does not report 11 on this machine")
    continue
  fi
  install_tree "$home"
  ok=1
  break
done
if [[ -z "$ok" ]]; then
  if [[ -z "$best" ]]; then
    die "Debian bullseye: no Packages index readable [$(IFS=';'; echo "${errors[*]}")], and the known .debs failed too [$(IFS=';'; echo "${cand_errors[*]}")]"
  fi
  die "Debian bullseye: $(IFS=';'; echo "${cand_errors[*]}")${errors[0]:+ [also: $(IFS=';'; echo "${errors[*]}")]}"
fi
is_jdk11 "$dest" || die "$dest/bin/java does not work after moving it into place"
note "JDK 11 ready: $dest ($(cut -d_ -f2 <<<"${file##*/}"))"
