#!/usr/bin/env bash
# DM-encrypted passwords: `sluicectl encrypt` prints a ciphertext made with the server's key
# (--secret-key-path), a source.yaml holding it connects, and a ciphertext from DM's pre-v8
# fixed key works on a server started without a key file. The plaintext never shows in status,
# logs or the data dir.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin encrypted_passwords

secret='s3cret-Pw!'
up "DROP USER IF EXISTS 'e_repl'@'127.0.0.1'; CREATE USER 'e_repl'@'127.0.0.1' IDENTIFIED BY '$secret';
    GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR, REPLICATION MASTER ADMIN ON *.* TO 'e_repl'@'127.0.0.1'"
# encrypted_source FILE CIPHERTEXT
encrypted_source() {
  cat >"$1" <<EOF
source-id: "mysql-enc"
from:
  host: 127.0.0.1
  port: $UP_PORT
  user: "e_repl"
  password: "$2"
EOF
}

head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$T_DIR/secret.key"
sluice_start --secret-key-path "$T_DIR/secret.key"
ctl encrypt "$secret"
cipher=$CTL_OUT
check_eq "sluicectl encrypt exits 0" 0 "$CTL_RC"
check_match "it prints one base64 ciphertext" '^[A-Za-z0-9+/]+=*$' "$cipher"
ctl encrypt "$secret"
check "two encryptions differ (random IV)" test "$CTL_OUT" != "$cipher"
encrypted_source "$T_DIR/source.yaml" "$cipher"
ctl_ok "operate-source create with the encrypted password connects" operate-source create "$T_DIR/source.yaml"
ctl operate-source stop "$T_DIR/source.yaml"
encrypted_source "$T_DIR/wrong.yaml" "VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU="
ctl operate-source create "$T_DIR/wrong.yaml"
check_eq "a ciphertext of another key is refused (it is not the password)" false "$(jq -r .result <<<"$CTL_OUT" 2>&1)"
sluice_stop

# Without --secret-key-path: DM's pre-v8 fixed key, so files encrypted by old dmctl still load.
# "VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU=" is DM's documented encryption of 123456 with that key.
up "ALTER USER 'e_repl'@'127.0.0.1' IDENTIFIED BY '123456'"
sluice_start
encrypted_source "$T_DIR/legacy.yaml" "VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU="
ctl_ok "a password encrypted by DM's old dmctl works" operate-source create "$T_DIR/legacy.yaml"
ctl operate-source show
check "the plaintext is not in operate-source show" bash -c "! grep -q 123456 <<<'$CTL_OUT'"
check "the plaintext is not in the data dir" bash -c "! grep -rq 123456 '$T_DIR/sluice-data'"
ctl operate-source stop "$T_DIR/legacy.yaml"
sluice_stop
check "no password in sluice's log" bash -c "! grep -q -e '$secret' -e 123456 '$T_DIR/sluice.log'"
up "DROP USER 'e_repl'@'127.0.0.1'"
t_end
