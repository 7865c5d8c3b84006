#!/usr/bin/env bash
# The README's two commands (and the install step) as a normal user on a fresh clone of HEAD: what a
# new developer without root does. Run by .ci/run when CI runs as root (the packages are then installed already).
#   scripts/ci-nonroot.sh [user]   (default: vdi-ci, created if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
user=${1:-vdi-ci}
[ "$(id -u)" -eq 0 ] || { echo "ci-nonroot.sh: run as root (it creates the user and runs as it)" >&2; exit 2; }
id "$user" >/dev/null 2>&1 || useradd -m -s /bin/bash "$user"
home=$(getent passwd "$user" | cut -d: -f6)
clone=$(mktemp -d /tmp/vdi-nonroot.XXXXXX)
git clone -q "$PWD" "$clone/vdi-db-manage"
chown -R "$user" "$clone"
# This machine serves Swift packages from a root-owned local mirror; git refuses other owners' repositories
# unless told they are safe.
if [ -d /opt/swift-packages ]; then runuser -u "$user" -- git config --global --add safe.directory '*'; fi
status=0
runuser -u "$user" -- env PATH="$PATH" HOME="$home" CI="${CI:-1}" bash -c \
    "cd '$clone/vdi-db-manage' && scripts/quickstart.sh && scripts/test.sh && scripts/install.sh --prefix \"\$HOME/.local\" \
     && test -s \"\$HOME/.local/share/man/man1/vdi-db-manage.1\" && test -s \"\$HOME/.local/share/bash-completion/completions/vdi-db-manage\" \
     && test -s \"\$HOME/.local/share/zsh/site-functions/_vdi-db-manage\" && test -s \"\$HOME/.local/share/fish/vendor_completions.d/vdi-db-manage.fish\" \
     && \"\$HOME/.local/bin/vdi-db-manage\" --version" || status=$?
rm -rf "$clone"
[ "$status" -eq 0 ] && echo "ci-nonroot.sh: both README commands passed as user $user" >&2
exit "$status"
