#!/usr/bin/env bash
# Makes the Pulumi engine available offline and prints the folder to put first on PATH.
#
# - Uses `pulumi` from PATH when it is the pinned version or newer.
# - Otherwise builds the pinned CLI from the Go module proxy through the wrapper module in tools/engine/cli
#   (the CLI cannot be downloaded on these machines), cached outside the checkout by version.
# - Links `pulumi-resource-pulumi-nodejs` (shipped in the @pulumi/pulumi npm package) beside it, with its
#   run bit, so the engine can start the Node.js dynamic provider.
# The pin lives in package.json (devDependencies, @pulumi/pulumi; users get a peer range); tools/engine/cli/go.mod
# must require the same version.
# Progress goes to stderr; stdout carries only the folder to put on PATH (.pulumi-engine/bin).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=$(node -p "require('$root/package.json').devDependencies['@pulumi/pulumi']")
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || {
  echo "ensure-pulumi: @pulumi/pulumi must be pinned to an exact version in package.json (found '$version')" >&2
  exit 1
}
grep -q "github.com/pulumi/pulumi/pkg/v3 v$version\$" "$root/tools/engine/cli/go.mod" || {
  echo "ensure-pulumi: tools/engine/cli/go.mod must require github.com/pulumi/pulumi/pkg/v3 v$version (the npm pin)" >&2
  exit 1
}

cache=${PULUMI_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-infomaniak-mailbox}
bin="$cache/pulumi-v$version/bin"
# The CLI is shared by every checkout on the machine; the plugin link is this checkout's own.
links="$root/.pulumi-engine/bin"
mkdir -p "$bin" "$links"

# Is "$1" at least the pinned version? (sort -V puts the smaller first)
at_least_pinned() {
  [ "$(printf '%s\n%s\n' "$version" "$1" | sort -V | head -n 1)" = "$version" ]
}

cli=""
if on_path=$(command -v pulumi) && [ "$(dirname "$on_path")" != "$links" ]; then
  path_version=$("$on_path" version 2>/dev/null | sed 's/^v//')
  if at_least_pinned "$path_version"; then
    echo "ensure-pulumi: using pulumi v$path_version from PATH ($on_path)" >&2
    cli=$on_path
  fi
fi

if [ -z "$cli" ] && [ ! -x "$bin/pulumi" ]; then
  exec 9>"$cache/build.lock"
  flock 9
  if [ ! -x "$bin/pulumi" ]; then
    echo "ensure-pulumi: building the Pulumi CLI v$version from the Go module proxy (a few minutes, once per machine)" >&2
    start=$(date +%s)
    (
      cd "$root/tools/engine/cli"
      CGO_ENABLED=0 go build -mod=readonly -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
        -o "$bin/pulumi.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    )
    mv "$bin/pulumi.partial" "$bin/pulumi"
    echo "ensure-pulumi: built in $(($(date +%s) - start)) s" >&2
  fi
  flock -u 9
fi
cli=${cli:-$bin/pulumi}

plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$plugin" ] || {
  echo "ensure-pulumi: $plugin is missing: run 'npm ci' first" >&2
  exit 1
}
chmod +x "$plugin"
ln -sfn "$plugin" "$links/pulumi-resource-pulumi-nodejs"
# A hard link (not a symlink): the engine looks for the plugin beside its resolved executable, and
# warns on every run when the one on PATH is elsewhere.
if ! [ "$links/pulumi" -ef "$cli" ]; then
  ln -f "$cli" "$links/pulumi" 2>/dev/null || cp -f "$cli" "$links/pulumi"
fi

echo "$links"
