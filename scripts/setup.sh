#!/usr/bin/env bash
# Make the two virtual environments, or refresh one whose requirements changed.
#   .venv/rasa     Python 3.10, the Rasa server (rasa 3.6 needs Python < 3.11)
#   .venv/actions  Python 3.11, the action server and the policy engine (torch, FAISS)
# Idempotent: a stamp of each requirements file's hash makes a second run take a second.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  local version=$1 candidate
  local roots=("$(pyenv root 2>/dev/null || true)" "$HOME/.pyenv" /root/.pyenv)
  local candidates=("python$version")
  for root in "${roots[@]}"; do
    [ -n "$root" ] && candidates+=("$root"/versions/"$version".*/bin/python"$version")
  done
  candidates+=("/usr/bin/python$version" "/usr/local/bin/python$version")
  for candidate in "${candidates[@]}"; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# make_env NAME VERSION REQUIREMENTS [NO_DEPS_REQUIREMENTS]
make_env() {
  local name=$1 version=$2 requirements=$3 no_deps=${4:-}
  local dir=.venv/$name stamp=.venv/$name/.requirements.sha256 want python
  want=$(cat "$requirements" $no_deps | sha256sum | cut -d' ' -f1)
  if [ -x "$dir/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    echo "setup: $name environment is up to date ($dir)"
    return
  fi
  if ! python=$(find_python "$version"); then
    cat >&2 <<MSG
setup: Python $version was not found, and the $name environment needs it.
  Install it, then run make setup again, for example:
    pyenv install $version            (then it is found under \$(pyenv root)/versions)
    apt-get install python$version python$version-venv
MSG
    exit 1
  fi
  echo "setup: installing the $name environment with $python (a few minutes the first time)"
  [ -x "$dir/bin/python" ] || "$python" -m venv "$dir"
  # pip warns about each absent local mirror folder; those lines are noise.
  "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" 2>&1 |
    sed '/is ignored: it is neither a file nor a directory/d;/DEPRECATION: .* legacy/d'
  if [ -n "$no_deps" ]; then
    "$dir/bin/pip" install --quiet --disable-pip-version-check --no-deps -r "$no_deps" 2>&1 |
      sed '/is ignored: it is neither a file nor a directory/d'
  fi
  echo "$want" >"$stamp"
}

make_env rasa 3.10 requirements/rasa.txt
make_env actions 3.11 requirements/actions.txt requirements/models.txt

# The website widget's one dependency, socket.io-client, from the npm registry.
widget=assistant/website
if [ ! -f "$widget/node_modules/.package-lock.json" ] ||
  [ "$widget/package-lock.json" -nt "$widget/node_modules/.package-lock.json" ]; then
  if ! command -v npm >/dev/null && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing Node.js and npm from Debian's packages, for the website widget"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  if ! command -v npm >/dev/null; then
    echo "setup: npm is needed for the website widget: apt-get install nodejs npm" >&2
    exit 1
  fi
  echo "setup: installing the website widget's socket.io-client (npm ci)"
  npm ci --prefix "$widget" --no-audit --no-fund --silent
else
  echo "setup: website widget is up to date"
fi
mkdir -p var models
