#!/usr/bin/env bash
# Creates (once) the virtualenv of third-party validators the tests run on generated files:
# ansible-core, ansible-lint, kubernetes-validate, check-jsonschema, yamllint, sarif-pydantic (SARIF).
# Pinned by Tests/validators/constraints.txt; reused while the pins are unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.venv-validators
constraints=Tests/validators/constraints.txt
packages="ansible-core==2.19.14 ansible-lint==26.10.1 kubernetes-validate==1.37.0 check-jsonschema==0.39.0 yamllint==1.38.0 sarif-pydantic==0.6.2"
stamp="$venv/.installed-$(cat "$constraints" <(echo "$packages") | sha256sum | cut -c1-16)"
[ -f "$stamp" ] && exit 0

python=${PYTHON:-python3}
if ! "$python" -m venv --help >/dev/null 2>&1; then
  ./scripts/install-deps.sh python3-venv
  python=/usr/bin/python3
fi
rm -rf "$venv"
"$python" -m venv "$venv"
echo "Installing the validators into $venv (pinned; about a minute, once)…"
# shellcheck disable=SC2086
"$venv/bin/pip" install --quiet --disable-pip-version-check -c "$constraints" $packages
touch "$stamp"
