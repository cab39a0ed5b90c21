#!/usr/bin/env bash
# Sluice's binlog decoder against a real MariaDB: the tables and edge values of
# 92_type_fidelity.sh (every column type, utf8mb4/utf8mb3/latin1/gbk/utf16/utf32/binary text,
# zero dates, negative TIME, NULLs) are inserted, updated (id + 1000) and deleted on a server
# with binlog_row_metadata=FULL and time_zone '+05:30'; `sluicectl binlog decode` reads its
# binlog file and every decoded image must equal the server's own SELECT of the same rows: the
# WRITE_ROWS after images and UPDATE_ROWS before images the rows as inserted, the UPDATE_ROWS
# after images and DELETE_ROWS before images the rows as updated. The decoded JSON is compared
# inside MariaDB (JSON_TABLE keeps numbers verbatim; jq 1.6 would round 64-bit integers).
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
# shellcheck source=tests/integration/92_type_fidelity.sh
source "$(dirname "$0")/92_type_fidelity.sh"  # tables, ddl_for, src_rows (definitions only)
t_begin type_matrix

"$SLUICECTL_BIN" --help >"$T_DIR/help.txt" 2>&1
grep -q "binlog decode" "$T_DIR/help.txt" ||
  t_abort "$SLUICECTL_BIN has no binlog decode command: $(head -c 300 "$T_DIR/help.txt")"

stop_own_server() { mariadb_stop "$T_DIR/up"; }
trap 't_cleanup; stop_own_server' EXIT
UP_PORT=$(free_port 25406)
mariadb_start "$T_DIR/up" "$UP_PORT" upstream >"$T_DIR/up-start.log" 2>&1 ||
  t_abort "own upstream did not start: $(tail -n 5 "$T_DIR/up-start.log")"
up "SET GLOBAL time_zone = '+05:30'; SET GLOBAL binlog_row_metadata = FULL"
log "own upstream 127.0.0.1:$UP_PORT (binlog_row_metadata FULL, time_zone +05:30)"

# The rows: one fresh binlog file holding the DDL, the INSERTs, the UPDATEs and the DELETEs.
up "FLUSH BINARY LOGS"
binlog_file=$(up 'SHOW MASTER STATUS' | awk '{print $1}')
{
  echo "CREATE DATABASE tf_src;"
  ddl_for tf_src
  echo "$src_rows"
} | up_pipe >"$T_DIR/setup.log" 2>&1 || t_abort "upstream setup failed: $(tail -n 5 "$T_DIR/setup.log")"

# One line per cell: table, id, column, value in the decoder's textual form (see decoded_expr).
# Run in a session at time_zone '+00:00', so TIMESTAMP prints as the decoder's UTC text.
expected_expr() { # COLUMN DATA_TYPE
  local c="\`$1\`"
  case $2 in
    tinyint | smallint | mediumint | int | bigint | year | bit | enum | set) echo "CONCAT($c + 0)" ;;
    float | double) echo "CONCAT(CAST($c AS DOUBLE))" ;;  # DOUBLE(M,D) would print D decimals
    decimal | date | datetime | timestamp) echo "CONCAT($c)" ;;
    time) echo "REGEXP_REPLACE(CONCAT($c), '^(-?)0([0-9])', '\\\\1\\\\2')" ;;
    char | varchar | tinytext | text | mediumtext | longtext) echo "CONCAT('text ', HEX(CONVERT($c USING utf8mb4)))" ;;
    *) echo "CONCAT('hex ', HEX($c))" ;;  # BINARY, VARBINARY, BLOBs, spatial types
  esac
}
# The same form from a decoded JSON value `v` (SQL NULL or 'null' for null); a JSON type other
# than the spec's (numbers for integers, YEAR, BIT, ENUM, SET, FLOAT, DOUBLE; strings for DECIMAL
# and temporals) shows as "wrong JSON type".
decoded_expr() { # DATA_TYPE
  local number="JSON_TYPE(v) IN ('INTEGER', 'DOUBLE')" string="JSON_TYPE(v) = 'STRING'"
  local wrong="CONCAT('wrong JSON type: ', v)"
  case $1 in
    tinyint | smallint | mediumint | int | bigint | year | bit | enum | set) echo "IF($number, v, $wrong)" ;;
    float) echo "IF($number, CONCAT(CAST(CAST(v AS FLOAT) AS DOUBLE)), $wrong)" ;;
    double) echo "IF($number, CONCAT(CAST(v AS DOUBLE)), $wrong)" ;;
    decimal | date | datetime | timestamp) echo "IF($string, JSON_UNQUOTE(v), $wrong)" ;;
    time) echo "IF($string, REGEXP_REPLACE(JSON_UNQUOTE(v), '^(-?)0([0-9])', '\\\\1\\\\2'), $wrong)" ;;
    *) echo "IF($string, CONCAT('text ', HEX(JSON_UNQUOTE(v))),
                  IF(JSON_TYPE(v) = 'OBJECT', CONCAT('hex ', UPPER(JSON_VALUE(v, '\$.hex'))), $wrong))" ;;
  esac
}
# Long values compare by length and MD5.
shorten() { echo "IF(LENGTH($1) > 300, CONCAT('length ', LENGTH($1), ' md5 ', MD5($1)), $1)"; }

columns_of() { # TABLE -> "name<TAB>data_type" lines in ordinal order
  up "SELECT column_name, data_type FROM information_schema.columns
      WHERE table_schema = 'tf_src' AND table_name = '$1' ORDER BY ordinal_position"
}

expected_dump() { # TABLE
  local t=$1 col type q=""
  while IFS=$'\t' read -r col type; do
    [[ -n "$q" ]] && q+=" UNION ALL "
    q+="SELECT '$t', id, '$col', IFNULL($(shorten "$(expected_expr "$col" "$type")"), 'NULL') FROM tf_src.\`$t\`"
  done < <(columns_of "$t")
  up "SET time_zone = '+00:00'; $q" | LC_ALL=C sort
}

for t in "${tables[@]}"; do expected_dump "$t" >"$T_DIR/expected.inserted.$t"; done
for t in "${tables[@]}"; do echo "UPDATE tf_src.$t SET id = id + 1000;"; done | up_pipe >>"$T_DIR/setup.log" 2>&1 ||
  t_abort "upstream UPDATEs failed: $(tail -n 5 "$T_DIR/setup.log")"
for t in "${tables[@]}"; do expected_dump "$t" >"$T_DIR/expected.updated.$t"; done
for t in "${tables[@]}"; do echo "DELETE FROM tf_src.$t;"; done | up_pipe >>"$T_DIR/setup.log" 2>&1 ||
  t_abort "upstream DELETEs failed: $(tail -n 5 "$T_DIR/setup.log")"
up "FLUSH BINARY LOGS"

# ---- decode ---------------------------------------------------------------------------------
binlog_path="$T_DIR/up/data/$binlog_file"
decode_rc=0
"$SLUICECTL_BIN" binlog decode "$binlog_path" >"$T_DIR/decoded.jsonl" 2>"$T_DIR/decode.err" || decode_rc=$?
check_eq "sluicectl binlog decode $binlog_file exits 0" 0 "$decode_rc"
errors=$(jq -c 'select(has("error"))' "$T_DIR/decoded.jsonl" 2>&1 | head -c 600)
check_eq "no error line in the decoded stream" "" "$errors$(head -c 300 "$T_DIR/decode.err")"
# Rows per event type for tf_src, summed over events (jq only counts here: no values pass jq).
rows_of_type() {
  jq -r "select(.type == \"$1\" and .schema == \"tf_src\") | .rows | length" "$T_DIR/decoded.jsonl" |
    awk '{ n += $1 } END { print n + 0 }'
}
expected_rows=$(cat "$T_DIR"/expected.inserted.* | awk -F'\t' '{ print $1 " " $2 }' | sort -u | wc -l)
check_eq "decoded row counts: WRITE_ROWS / UPDATE_ROWS / DELETE_ROWS" \
  "$expected_rows/$expected_rows/$expected_rows" \
  "$(rows_of_type WRITE_ROWS)/$(rows_of_type UPDATE_ROWS)/$(rows_of_type DELETE_ROWS)"

# TABLE_MAP carries the column names (binlog_row_metadata=FULL).
for t in "${tables[@]}"; do
  check_eq "TABLE_MAP tf_src.$t names its columns" "$(columns_of "$t" | cut -f1 | paste -sd, -)" \
    "$(jq -r "select(.type == \"TABLE_MAP\" and .schema == \"tf_src\" and .table == \"$t\") | .columns | join(\",\")" \
      "$T_DIR/decoded.jsonl" 2>&1 | head -n 1)"
done

# ---- compare inside MariaDB -----------------------------------------------------------------
# tm_check.cells: one row per decoded cell (event, row, image, 1-based column, JSON value).
check_sql() {
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$UP_PORT" -uroot --default-character-set=utf8mb4 \
    --local-infile=1 -N -B -e "SET SESSION sql_log_bin = 0; SET SESSION time_zone = '+00:00'; $*"
}
cells_from() { # IMAGE
  echo "SELECT e.n, JSON_VALUE(e.line, '\$.type'), JSON_VALUE(e.line, '\$.table'), j.rn, '$1', j.c, j.v
        FROM tm_check.events e, JSON_TABLE(e.line, '\$.rows[*]' COLUMNS (rn FOR ORDINALITY,
          NESTED PATH '\$.$1[*]' COLUMNS (c FOR ORDINALITY, v JSON PATH '\$'))) j
        WHERE JSON_VALUE(e.line, '\$.schema') = 'tf_src' AND j.c IS NOT NULL"
}
check_sql "CREATE DATABASE tm_check;
  CREATE TABLE tm_check.events (n INT AUTO_INCREMENT PRIMARY KEY, line LONGTEXT CHARACTER SET utf8mb4);
  LOAD DATA LOCAL INFILE '$T_DIR/decoded.jsonl' INTO TABLE tm_check.events CHARACTER SET utf8mb4
    FIELDS TERMINATED BY '\t' ESCAPED BY '' LINES TERMINATED BY '\n' (line);
  CREATE TABLE tm_check.cells (ev INT, kind VARCHAR(32), t VARCHAR(64), rn INT, img VARCHAR(6), c INT,
    v LONGTEXT CHARACTER SET utf8mb4, KEY (t, kind, img), KEY (ev, rn, img, c));
  INSERT INTO tm_check.cells $(cells_from before) UNION ALL $(cells_from after);
  CREATE TABLE tm_check.ids (PRIMARY KEY (ev, rn, img)) AS
    SELECT ev, rn, img, v AS id FROM tm_check.cells WHERE c = 1;" >"$T_DIR/load.log" 2>&1 ||
  t_abort "loading the decoded events into MariaDB failed: $(tail -n 5 "$T_DIR/load.log")"
check_eq "every decoded line loaded" "$(wc -l <"$T_DIR/decoded.jsonl")" "$(check_sql 'SELECT COUNT(*) FROM tm_check.events')"

decoded_dump() { # TABLE KIND IMAGE
  local t=$1 col type i=0 names="" cases=""
  while IFS=$'\t' read -r col type; do
    i=$((i + 1))
    names+=",'$col'"
    cases+=" WHEN $i THEN $(decoded_expr "$type")"
  done < <(columns_of "$t")
  check_sql "SELECT '$t', id, ELT(c$names), IF(v IS NULL OR v = 'null', 'NULL', $(shorten val))
    FROM (SELECT i.id, x.c, x.v, CASE x.c $cases END AS val
          FROM tm_check.cells x JOIN tm_check.ids i USING (ev, rn, img)
          WHERE x.t = '$t' AND x.kind = '$2' AND x.img = '$3') d" | LC_ALL=C sort
}

# report_diff LABEL EXPECTED DECODED: one assertion; on a difference, one line per cell.
report_diff() {
  local what=$1 n
  n=$(wc -l <"$2")
  if cmp -s "$2" "$3" && ((n > 0)); then
    pass "$what ($n cells)"
    return 0
  fi
  fail "$what:"
  awk -F'\t' '
    NR == FNR { up[$1 "\t" $2 "\t" $3] = $4; order[++n] = $1 "\t" $2 "\t" $3; next }
    { dec[$1 "\t" $2 "\t" $3] = $4; if (!(($1 "\t" $2 "\t" $3) in up)) order[++n] = $1 "\t" $2 "\t" $3 }
    END {
      shown = 0
      for (i = 1; i <= n; i++) {
        k = order[i]
        u = (k in up) ? up[k] : "(no cell)"; d = (k in dec) ? dec[k] : "(no cell)"
        if (u "" != d "" && shown++ < 40) {
          split(k, p, "\t")
          printf "  tf_src.%s id=%s column %s: SELECT [%s] decoded [%s]\n", p[1], p[2], p[3],
            substr(u, 1, 160), substr(d, 1, 160)
        }
      }
      if (shown > 40) printf "  ... %d differing cells in all\n", shown
    }' "$2" "$3"
  return 1
}

for t in "${tables[@]}"; do
  decoded_dump "$t" WRITE_ROWS after >"$T_DIR/decoded.write.$t"
  report_diff "tf_src.$t: WRITE_ROWS after images equal SELECT" "$T_DIR/expected.inserted.$t" "$T_DIR/decoded.write.$t"
  decoded_dump "$t" UPDATE_ROWS before >"$T_DIR/decoded.update_before.$t"
  report_diff "tf_src.$t: UPDATE_ROWS before images equal SELECT before the UPDATE" \
    "$T_DIR/expected.inserted.$t" "$T_DIR/decoded.update_before.$t"
  decoded_dump "$t" UPDATE_ROWS after >"$T_DIR/decoded.update_after.$t"
  report_diff "tf_src.$t: UPDATE_ROWS after images equal SELECT after the UPDATE" \
    "$T_DIR/expected.updated.$t" "$T_DIR/decoded.update_after.$t"
  decoded_dump "$t" DELETE_ROWS before >"$T_DIR/decoded.delete.$t"
  report_diff "tf_src.$t: DELETE_ROWS before images equal SELECT before the DELETE" \
    "$T_DIR/expected.updated.$t" "$T_DIR/decoded.delete.$t"
done

t_end
