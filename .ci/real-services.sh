#!/usr/bin/env bash
# Installs the real services that the upgrade tests run (JsonServerUpgradeTest, WireMockUpgradeTest)
# into the cache they read, so that a CI run downloads them once, before `mvn -B verify`. The tests
# install whatever is missing themselves, exactly the same way (dev.spotter.testsupport.RealServices):
#   npm packages  from src/test/resources/fixtures/realworld/npm/NAME-VERSION/ (package.json and its
#                 lock file, so every transitive version is pinned) with `npm ci`, into
#                 CACHE/npm/NAME-VERSION-<first 12 hex digits of the lock file's SHA-256>
#   Maven jars    listed in src/test/resources/fixtures/realworld/maven-artifacts.txt, copied from
#                 Maven Central by Maven, into CACHE/maven/GROUP/ARTIFACT-VERSION[-CLASSIFIER]/
# CACHE is $SPOTTER_REAL_SERVICES_CACHE, or ~/.cache/spotter-real-services (the home directory the
# JVM sees: the password database's, as Java's user.home). Each install goes to a temporary
# directory and is moved into place whole, so a directory in the cache is always complete.
# Node and npm are installed from Debian's packages when missing (as root, like the rest of .ci/run).
# Run it (`bash .ci/real-services.sh`) or source it and call spotter_real_services_install.

spotter_real_services_install() (
  set -euo pipefail
  local root home cache
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  home="$(getent passwd "$(id -u)" | cut -d: -f6)"
  cache="${SPOTTER_REAL_SERVICES_CACHE:-${home:-$HOME}/.cache/spotter-real-services}"
  local fixtures="$root/src/test/resources/fixtures/realworld"

  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt-get update -q
    apt-get install -y -q nodejs npm
  fi
  echo "real services: node $(node --version), npm $(npm --version), cache $cache"
  mkdir -p "$cache/npm" "$cache/maven"

  local fixture name hash target tmp
  for fixture in "$fixtures"/npm/*/; do
    fixture="${fixture%/}"
    name="$(basename "$fixture")"
    hash="$(sha256sum "$fixture/package-lock.json" | cut -c1-12)"
    target="$cache/npm/$name-$hash"
    if [ -d "$target" ]; then
      echo "real services: $name already installed"
      continue
    fi
    tmp="$(mktemp -d "$target.partial-XXXXXX")"
    cp "$fixture/package.json" "$fixture/package-lock.json" "$tmp/"
    (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund)
    # -T: never move into a directory another install finished meanwhile
    mv -T "$tmp" "$target" 2>/dev/null || rm -rf "$tmp"
    echo "real services: installed $name"
  done

  local line group artifact version classifier file dir
  while read -r line; do
    line="${line%%#*}"
    line="$(echo "$line" | tr -d '[:space:]')"
    [ -n "$line" ] || continue
    IFS=: read -r group artifact version classifier <<<"$line"
    file="$artifact-$version${classifier:+-$classifier}.jar"
    dir="$cache/maven/$group/${file%.jar}"
    if [ -f "$dir/$file" ]; then
      echo "real services: $line already installed"
      continue
    fi
    mkdir -p "$cache/maven/$group"
    tmp="$(mktemp -d "$dir.partial-XXXXXX")"
    (cd "$tmp" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      "-Dartifact=$group:$artifact:$version:jar${classifier:+:$classifier}" "-DoutputDirectory=$tmp")
    test -f "$tmp/$file"
    mv -T "$tmp" "$dir" 2>/dev/null || rm -rf "$tmp"
    echo "real services: installed $line"
  done <"$fixtures/maven-artifacts.txt"
)

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  spotter_real_services_install
fi
