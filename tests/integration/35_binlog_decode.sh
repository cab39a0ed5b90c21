#!/usr/bin/env bash
# `sluicectl binlog decode` (local, no sluice server): a shared public vector, a binlog the test
# upstream MariaDB just wrote (values across charsets, TIMESTAMP in UTC whatever the session
# time zone, positions), and corrupt copies (error line naming the offset, exit 1).
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin binlog_decode

vectors="$SLUICE_ROOT/../shared/testdata/binlog-vectors"
[[ -x "$SLUICECTL_BIN" ]] || t_abort "sluicectl missing: $SLUICECTL_BIN (build first)"

# decode ARGS...: sets OUT (stdout) and RC.
decode() {
  RC=0
  OUT=$("$SLUICECTL_BIN" binlog decode "$@" 2>"$T_DIR/stderr") || RC=$?
}

# ---- a shared vector -----------------------------------------------------------------------
decode "$vectors/07_rmc_mysql80_minimal_row_metadata/minimal_row_metadata.000001"
check_eq "vector 07 decodes" 0 "$RC"
check_eq "vector 07: one line per event" 8 "$(wc -l <<<"$OUT")"
check_eq "vector 07: partial image columns" "[1,3,5]" \
  "$(jq -c 'select(.type == "WRITE_ROWS") | .after_columns' <<<"$OUT")"
check_eq "vector 07: INT UNSIGNED from metadata" 3230202323 \
  "$(jq -r 'select(.type == "WRITE_ROWS") | .rows[0].after[2]' <<<"$OUT")"
decode "$vectors/14_vitess_mysql80_tx_payload_event/mysql80_tx_payload_event_small.bin"
check_eq "vector 14: payload events carry in_payload" "QUERY TABLE_MAP WRITE_ROWS XID" \
  "$(jq -r 'select(.in_payload == 0) | .type' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"

# ---- a binlog the test upstream writes now ------------------------------------------------
drop_schemas bd
metadata=$(up 'SELECT @@GLOBAL.binlog_row_metadata')
up 'SET GLOBAL binlog_row_metadata = FULL'  # column charsets and names in TABLE_MAP
up "CREATE DATABASE bd;
    CREATE TABLE bd.t (id INT PRIMARY KEY, u BIGINT UNSIGNED, s VARCHAR(20) CHARACTER SET utf8mb4,
      l VARCHAR(20) CHARACTER SET latin1, g VARCHAR(20) CHARACTER SET gbk, b VARBINARY(8),
      d DECIMAL(10,4), dt DATETIME(3), ts TIMESTAMP(6) NULL, y YEAR, e ENUM('a','b'), bits BIT(3))"
read -r file start <<<"$(master_status)"
basename=$(up 'SELECT @@GLOBAL.log_bin_basename')
up "SET time_zone = '+08:00';
    INSERT INTO bd.t VALUES (1, 18446744073709551615, 'héllo 😀', 'café', '中文', X'00ff10',
      -123.45, '2024-02-29 12:34:56.789', '2024-05-06 15:08:09.123456', 2024, 'b', b'101'),
      (2, 0, NULL, '', '', X'', 0, '1000-01-01 00:00:00', NULL, 1901, 'a', b'0');
    UPDATE bd.t SET s = 'x' WHERE id = 2;
    DELETE FROM bd.t WHERE id = 1;"
up 'FLUSH BINARY LOGS'
up "SET GLOBAL binlog_row_metadata = $metadata"
binlog="$(dirname "$basename")/$file"
[[ -r "$binlog" ]] || t_abort "cannot read the upstream binlog $binlog"

decode --start-position "$start" "$binlog"
check_eq "upstream binlog decodes" 0 "$RC"
check_eq "first event printed is at the start position" "$start" "$(jq -r .pos <<<"$OUT" | head -n 1)"
check_eq "every line is JSON" "$(wc -l <<<"$OUT")" "$(jq -c . <<<"$OUT" | wc -l)"
check_match "MariaDB GTIDs as domain-server-seq" '"gtid":"0-1-[0-9]+"' "$OUT"
row=$(jq -c 'select(.type == "WRITE_ROWS" and .table == "t") | .rows[0].after' <<<"$OUT")
field() { jq -r ".[$1]" <<<"$row"; }
check_eq "TABLE_MAP names the columns" '["id","u","s","l","g","b","d","dt","ts","y","e","bits"]' \
  "$(jq -c 'select(.type == "TABLE_MAP" and .table == "t") | .columns' <<<"$OUT" | head -n 1)"
check_match "BIGINT UNSIGNED max as an exact number" '"after":\[1,18446744073709551615,' "$OUT"
check_eq "utf8mb4 text" 'héllo 😀' "$(field 2)"
check_eq "latin1 converted to UTF-8" 'café' "$(field 3)"
check_eq "gbk converted to UTF-8" '中文' "$(field 4)"
check_eq "VARBINARY as hex" '{"hex":"00ff10"}' "$(jq -c '.[5]' <<<"$row")"
check_eq "DECIMAL exact" '-123.4500' "$(field 6)"
check_eq "DATETIME(3)" '2024-02-29 12:34:56.789' "$(field 7)"
check_eq "TIMESTAMP(6) in UTC (inserted at +08:00)" '2024-05-06 07:08:09.123456' "$(field 8)"
check_eq "YEAR, ENUM index, BIT as numbers" '2024 2 5' "$(field 9) $(field 10) $(field 11)"
check_eq "update: column s before and after" '[null,"x"]' \
  "$(jq -c 'select(.type == "UPDATE_ROWS" and .table == "t") | .rows[0] | [.before[2], .after[2]]' <<<"$OUT")"
check_eq "delete: the before image of row 1" 1 \
  "$(jq -r 'select(.type == "DELETE_ROWS" and .table == "t") | .rows[0].before[0]' <<<"$OUT")"
stop=$(jq -r 'select(.type == "UPDATE_ROWS" and .table == "t") | .pos' <<<"$OUT")
decode --start-position "$start" --stop-position "$stop" "$binlog"
check_eq "--stop-position ends before the event at it" "" \
  "$(jq -r 'select(.type == "UPDATE_ROWS" or .type == "DELETE_ROWS") | .type' <<<"$OUT")"

# ---- statement-based events (this session only) and MariaDB compressed events --------------
read -r file start <<<"$(master_status)"
up "SET SESSION binlog_format = STATEMENT;
    CREATE TABLE bd.sv (id INT AUTO_INCREMENT PRIMARY KEY, s VARCHAR(20) CHARACTER SET latin1,
      d DECIMAL(10,3), r DOUBLE, n BIGINT);
    SET @s = _latin1 x'636166e9', @d = -12.345, @n = -42, @z = NULL;
    INSERT INTO bd.sv (s, d, r, n) VALUES (@s, @d, RAND(), @n);
    INSERT INTO bd.sv (s, n) VALUES (@z, LAST_INSERT_ID());"
read -r compress min_len <<<"$(up 'SELECT @@GLOBAL.log_bin_compress, @@GLOBAL.log_bin_compress_min_len')"
up 'SET GLOBAL log_bin_compress = ON, GLOBAL log_bin_compress_min_len = 10'
up "INSERT INTO bd.t (id, s) VALUES (3, REPEAT('c', 20)); UPDATE bd.t SET s = 'short' WHERE id = 3"
up "SET GLOBAL log_bin_compress = $compress, GLOBAL log_bin_compress_min_len = $min_len"
up 'FLUSH BINARY LOGS'
decode --start-position "$start" "$(dirname "$basename")/$file"
check_eq "statement and compressed events decode" 0 "$RC"
check_eq "USER_VAR values: latin1 text, exact decimal, signed int, NULL" '"café" "-12.345" -42 null' \
  "$(jq -c 'select(.type == "USER_VAR") | .value' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
check_eq "INTVAR: INSERT_ID, then LAST_INSERT_ID and INSERT_ID" 'INSERT_ID LAST_INSERT_ID INSERT_ID' \
  "$(jq -r 'select(.type == "INTVAR") | .name' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
check_eq "RAND seeds before the statement using RAND()" 1 "$(jq -r 'select(.type == "RAND") | .seed1' <<<"$OUT" | wc -l)"
check_eq "compressed rows as WRITE_ROWS/UPDATE_ROWS with compressed: true" '166 167' \
  "$(jq -r 'select(.compressed == true and .table == "t") | .type_code' <<<"$OUT" | tr '\n' ' ' | sed 's/ $//')"
check_eq "compressed row values" 'short' \
  "$(jq -r 'select(.type == "UPDATE_ROWS" and .compressed) | .rows[0].after[2]' <<<"$OUT")"

# ---- corrupt copies ---------------------------------------------------------------------
# The first row event of this test's table `t` (the binlog may hold many).
write_pos=$(jq -r 'select(.type == "WRITE_ROWS" and .table == "t") | .pos' <<<"$(
  "$SLUICECTL_BIN" binlog decode --start-position "$start" "$binlog")" | head -n 1)
cp "$binlog" "$T_DIR/flipped"
printf '\xAA' | dd of="$T_DIR/flipped" bs=1 seek=$((write_pos + 30)) conv=notrunc status=none
decode "$T_DIR/flipped"
check_eq "flipped byte: exit 1" 1 "$RC"
check_eq "flipped byte: error line names the event" "bad_checksum $write_pos $T_DIR/flipped" \
  "$(tail -n 1 <<<"$OUT" | jq -r '"\(.error) \(.pos) \(.file)"')"
head -c $((write_pos + 25)) "$binlog" >"$T_DIR/cut"
decode "$T_DIR/cut"
check_eq "cut file: exit 1" 1 "$RC"
check_eq "cut file: truncated at the last event's offset" "truncated $write_pos" \
  "$(tail -n 1 <<<"$OUT" | jq -r '"\(.error) \(.pos)"')"

drop_schemas bd
t_end
