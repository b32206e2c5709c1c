# Sourced by the fetch scripts: one npm package, downloaded once with `npm pack`
# into third_party/downloads/ and checked against the sha256 it was published
# with (a different file is deleted and refused).
#
#   npm_package_tarball PACKAGE@VERSION TARBALL SHA256 WHO
#
# Prints the tarball's path; on failure prints why (prefixed with WHO) and returns 1.
npm_package_tarball() {
  local package="$1" tarball="$2" sha256="$3" who="$4"
  local downloads
  downloads="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/third_party/downloads"
  mkdir -p "$downloads"
  if [ ! -s "$downloads/$tarball" ]; then
    if ! command -v npm >/dev/null; then
      echo "$who: npm is not installed (apt-get install npm), needed to fetch $package" >&2
      return 1
    fi
    echo "$who: downloading $package from the npm registry" >&2
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
  echo "$downloads/$tarball"
}
