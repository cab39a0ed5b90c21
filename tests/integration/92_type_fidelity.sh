#!/usr/bin/env bash
# End-to-end type fidelity: every MariaDB column type, at its edges and in several character sets,
# replicates with downstream values equal to upstream, compared cell by cell (HEX for bytes, exact
# text for numbers and temporals, UNIX_TIMESTAMP for TIMESTAMP) and by CHECKSUM TABLE, after
# INSERT, after UPDATE (every column changed) and after DELETE, tables without a key included.
# Runs on its own two servers so it can set what the shared ones do not: upstream time_zone
# '+05:30' and binlog_row_metadata=FULL, downstream time_zone '-08:00'. Schema tf is written with
# binlog_row_image=FULL; tf_min (the same tables) and tf_def (columns left to defaults) with
# binlog_row_image=MINIMAL, each schema with its own task; last, an ENUM error value (index 0)
# that only a non-strict upstream session can store. 91_type_matrix.sh sources the definitions.
set -uo pipefail

# ---- tables ---------------------------------------------------------------------------------
# Each table has `id` first; tables without a key (nk) keep `id` unique by convention only, so the
# applier must find rows by every column (FLOAT, TIMESTAMP, TIME, strings... in WHERE).
tables=(nums times strs charsets spatial nk)
ddl_for() { # SCHEMA
  local s=$1
  cat <<EOF
CREATE TABLE $s.nums (
  id INT PRIMARY KEY,
  i8 TINYINT, u8 TINYINT UNSIGNED, i16 SMALLINT, u16 SMALLINT UNSIGNED,
  i24 MEDIUMINT, u24 MEDIUMINT UNSIGNED, i32 INT, u32 INT UNSIGNED, i64 BIGINT, u64 BIGINT UNSIGNED,
  f FLOAT, d DOUBLE, f_p FLOAT(7,3), d_p DOUBLE(20,10),
  dec1 DECIMAL(1,0), dec52 DECIMAL(5,2), dec10 DECIMAL(10,10), dec189 DECIMAL(18,9),
  dec380 DECIMAL(38,0), dec6530 DECIMAL(65,30), dec650 DECIMAL(65,0), decu DECIMAL(12,4) UNSIGNED,
  b1 BIT(1), b9 BIT(9), b64 BIT(64), yr YEAR
);
CREATE TABLE $s.times (
  id INT PRIMARY KEY,
  dt DATE,
  tm0 TIME, tm1 TIME(1), tm2 TIME(2), tm3 TIME(3), tm4 TIME(4), tm5 TIME(5), tm6 TIME(6),
  dtm0 DATETIME, dtm1 DATETIME(1), dtm2 DATETIME(2), dtm3 DATETIME(3), dtm4 DATETIME(4),
  dtm5 DATETIME(5), dtm6 DATETIME(6),
  ts0 TIMESTAMP NULL, ts1 TIMESTAMP(1) NULL, ts2 TIMESTAMP(2) NULL, ts3 TIMESTAMP(3) NULL,
  ts4 TIMESTAMP(4) NULL, ts5 TIMESTAMP(5) NULL, ts6 TIMESTAMP(6) NULL
);
CREATE TABLE $s.strs (
  id INT PRIMARY KEY,
  c CHAR(10), c255 CHAR(255), vc VARCHAR(300), vc_long VARCHAR(12000),
  bn BINARY(8), vb VARBINARY(64),
  tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB,
  tt TINYTEXT, tx TEXT, mt MEDIUMTEXT, lt LONGTEXT,
  js JSON,
  en ENUM('a','b','c','ü','😀'), st SET('x','y','z','w','v'), en_sparse ENUM('', 'one', 'two')
) DEFAULT CHARSET=utf8mb4;
CREATE TABLE $s.charsets (
  id INT PRIMARY KEY,
  u8 VARCHAR(40) CHARACTER SET utf8mb4, u8c CHAR(8) CHARACTER SET utf8mb4, u8t TEXT CHARACTER SET utf8mb4,
  u3 VARCHAR(40) CHARACTER SET utf8mb3,
  l1 VARCHAR(300) CHARACTER SET latin1, l1c CHAR(20) CHARACTER SET latin1, l1t TEXT CHARACTER SET latin1,
  gb VARCHAR(40) CHARACTER SET gbk, gbc CHAR(10) CHARACTER SET gbk, gbt TEXT CHARACTER SET gbk,
  u16 VARCHAR(20) CHARACTER SET utf16, u32 CHAR(4) CHARACTER SET utf32,
  bin VARCHAR(40) CHARACTER SET binary, binc CHAR(6) CHARACTER SET binary
);
CREATE TABLE $s.spatial (
  id INT PRIMARY KEY,
  g GEOMETRY, p POINT, ls LINESTRING, pg POLYGON, gc GEOMETRYCOLLECTION
);
CREATE TABLE $s.nk (
  id INT NOT NULL,
  i8 TINYINT, u64 BIGINT UNSIGNED, f FLOAT, d DOUBLE, dec2 DECIMAL(20,6),
  dt DATE, tm TIME(3), dtm DATETIME(2), ts TIMESTAMP(6) NULL, yr YEAR,
  vc VARCHAR(40) CHARACTER SET utf8mb4, l1 VARCHAR(40) CHARACTER SET latin1, gb VARCHAR(20) CHARACTER SET gbk,
  vb VARBINARY(20), c CHAR(5), tx TEXT,
  en ENUM('a','b','c'), st SET('x','y','z'), b BIT(10)
);
EOF
}

# Source rows: in schema tf_src on the upstream only (never replicated), copied into tf / tf_min
# by INSERT ... SELECT and rotated through them by UPDATE ... JOIN. Row 9 is NULL in every column.
src_rows="
INSERT INTO tf_src.nums VALUES
 (1, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
  3.4028234e38, 1.7976931348623157e308, 9999.999, 9999999999.9999999999,
  9, 999.99, 0.9999999999, 999999999.999999999,
  99999999999999999999999999999999999999, 99999999999999999999999999999999999.999999999999999999999999999999,
  99999999999999999999999999999999999999999999999999999999999999999, 99999999.9999, b'1', b'111111111',
  b'1111111111111111111111111111111111111111111111111111111111111111', 2155),
 (2, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
  -3.4028234e38, -1.7976931348623157e308, -9999.999, -9999999999.9999999999,
  -9, -999.99, -0.9999999999, -999999999.999999999,
  -99999999999999999999999999999999999999, -99999999999999999999999999999999999.999999999999999999999999999999,
  -99999999999999999999999999999999999999999999999999999999999999999, 0, b'0', b'0', b'0', 1901),
 (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -0e0, -0e0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'0', b'0', b'0', 0),
 (4, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, 1.17549435e-38, 2.2250738585072014e-308, 0.001, 0.0000000001,
  1, 0.01, 0.0000000001, 0.000000001, 1, 0.000000000000000000000000000001, 1, 0.0001, b'1', b'1', b'1', 2000),
 (5, 100, 200, -300, 40000, -4000000, 9000000, -1000000000, 3000000000, -5000000000000000000,
  10000000000000000000, 1.4e-45, 4.9406564584124654e-324, -0.5, 123.456, -1, -0.5, -0.1234567891,
  -0.000000001, 12345678901234567890123456789012345678, -0.000000000000000000000000000001, -1, 1.5,
  b'0', b'100000000', b'1000000000000000000000000000000000000000000000000000000000000000', 1999),
 (6, 42, 128, 256, 32768, 65536, 8388608, 16777216, 2147483648, 4294967296, 9223372036854775808,
  3.1, 0.1, 3.142, 2.718281828, 5, 3.14, 0.5, 0.5, 5, 0.1, 5, 0.5, b'1', b'101010101',
  b'101', 2024),
 (7, -42, 127, -256, 32767, -65536, 8388607, -16777216, 2147483647, -4294967296, 9223372036854775807,
  -3.1, -0.1, -3.142, -2.718281828, -5, -3.14, -0.5, -0.5, -5, -0.1, -5, 12.3456, b'0', b'1',
  b'111111111111111111111111111111111111111111111111111111111111111', 1970),
 (8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1e-10, 1e308, 1, 1, 1, 1, 0.1, 1, 1, 1, 1, 1, b'1', b'10', b'11', 2069),
 (9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO tf_src.times VALUES
 (1, '9999-12-31', '838:59:59', '838:59:59.9', '838:59:59.99', '838:59:59.999', '838:59:59.9999',
  '838:59:59.99999', '838:59:59.999999',
  '9999-12-31 23:59:59', '9999-12-31 23:59:59.9', '9999-12-31 23:59:59.99', '9999-12-31 23:59:59.999',
  '9999-12-31 23:59:59.9999', '9999-12-31 23:59:59.99999', '9999-12-31 23:59:59.999999',
  FROM_UNIXTIME(2147483647), FROM_UNIXTIME(2147483647.9), FROM_UNIXTIME(2147483647.99),
  FROM_UNIXTIME(2147483647.999), FROM_UNIXTIME(2147483647.9999), FROM_UNIXTIME(2147483647.99999),
  FROM_UNIXTIME(2147483647.999999)),
 (2, '1000-01-01', '-838:59:59', '-838:59:59.9', '-838:59:59.99', '-838:59:59.999', '-838:59:59.9999',
  '-838:59:59.99999', '-838:59:59.999999',
  '1000-01-01 00:00:00', '1000-01-01 00:00:00.1', '1000-01-01 00:00:00.01', '1000-01-01 00:00:00.001',
  '1000-01-01 00:00:00.0001', '1000-01-01 00:00:00.00001', '1000-01-01 00:00:00.000001',
  FROM_UNIXTIME(1), FROM_UNIXTIME(1.1), FROM_UNIXTIME(1.01), FROM_UNIXTIME(1.001),
  FROM_UNIXTIME(1.0001), FROM_UNIXTIME(1.00001), FROM_UNIXTIME(1.000001)),
 (3, '0000-00-00', '00:00:00', '-00:00:00.1', '-00:00:00.01', '-00:00:00.001', '-00:00:00.0001',
  '-00:00:00.00001', '-00:00:00.000001',
  '0000-00-00 00:00:00', '0000-00-00 00:00:00.0', '0000-00-00 00:00:00.00', '0000-00-00 00:00:00.000',
  '0000-00-00 00:00:00.0000', '0000-00-00 00:00:00.00000', '0000-00-00 00:00:00.000000',
  '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
  '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00'),
 (4, '2024-02-29', '-12:34:56', '-00:00:01.5', '-01:00:00.25', '23:59:59.999', '-100:00:00.0001',
  '00:00:00.00001', '-0:0:1.000001',
  '2024-02-29 12:34:56', '2024-02-29 12:34:56.7', '2024-02-29 12:34:56.78', '2024-02-29 12:34:56.789',
  '2024-02-29 12:34:56.7891', '2024-02-29 12:34:56.78912', '2024-02-29 12:34:56.789123',
  '2024-02-29 12:34:56', '2024-02-29 12:34:56.7', '2024-02-29 12:34:56.78', '2024-02-29 12:34:56.789',
  '2024-02-29 12:34:56.7891', '2024-02-29 12:34:56.78912', '2024-02-29 12:34:56.789123'),
 (5, '2024-00-00', '-00:00:01', '00:00:00.1', '12:00:00.5', '-12:00:00.5', '1:2:3.0001', '-1:2:3.00001',
  '-00:59:59.999999',
  '2024-00-00 00:00:00', '1970-01-01 00:00:00.0', '1969-12-31 23:59:59.99', '2000-01-01 00:00:00.5',
  '2038-01-19 03:14:07.9999', '2038-01-19 03:14:08.00001', '1900-01-01 00:00:00.000001',
  FROM_UNIXTIME(1700000000), FROM_UNIXTIME(1700000000.5), FROM_UNIXTIME(1700000000.05),
  FROM_UNIXTIME(1700000000.005), FROM_UNIXTIME(1700000000.0005), FROM_UNIXTIME(1700000000.00005),
  FROM_UNIXTIME(1700000000.000005)),
 (6, '1970-01-01', '01:02:03', '10:00:00.5', '-10:00:00.05', '100:00:00.005', '-0:00:00.0005',
  '0:00:00.00005', '0:00:00.000005',
  '1970-01-01 00:00:00', '1970-01-01 00:00:00.5', '1970-01-01 00:00:00.05', '1970-01-01 00:00:00.005',
  '1970-01-01 00:00:00.0005', '1970-01-01 00:00:00.00005', '1970-01-01 00:00:00.000005',
  '1970-01-01 05:30:01', '2000-02-29 23:59:59.9', '2011-03-13 02:30:00.01', '2011-11-06 01:30:00.001',
  '1999-12-31 23:59:59.9999', '2038-01-19 08:44:07.99999', '2024-05-06 07:08:09.123456'),
 (9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO tf_src.strs VALUES
 (1, 'char', REPEAT('😀', 255), 'varchar ✓ 😀 𝄞 \\\\ '' \" end', REPEAT('ß', 12000),
  X'6162000000000000', X'00FF00FF0A0D5C27', X'00', X'000102FEFF', REPEAT(X'00FF', 40000),
  REPEAT(X'DEADBEEF00', 209716), 'tiny 😀', REPEAT('t', 65535), REPEAT('m', 70000), REPEAT('long😀', 200000),
  '{\"k\": [1, 2.5, {\"n\": null}], \"é\": \"\\\\u00e9 \\\\\\\\ \\\\\"\"}', 'ü', 'x,y,z,w,v', ''),
 (2, '', '', '', '', X'', X'', X'', X'', X'', X'', '', '', '', '', '[]', 'a', '', 'one'),
 (3, 'a  ', ' lead', 'trail  ', '  ', X'20', X'2020', X'20', X'00000000', X'', X'00', ' ', '\t', '\n', '\r\n',
  'null', '😀', 'x', 'two'),
 (4, 'ascii', 'x', 'NULL', 'null', X'FFFFFFFFFFFFFFFF', X'FF', X'FF', X'FF', X'FF', X'FF',
  'NULL', 'NULL', 'NULL', 'NULL', '1.5e300', 'c', 'w,x', 'one'),
 (9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO tf_src.charsets VALUES
 (1, '😀🎉 emoji 𝄞', '😀😀😀😀😀😀😀😀', CONCAT('mixed ', X'F09F9880', ' ✓'), 'three ✓ bytes',
  CONCAT(_latin1 X'808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F',
         _latin1 X'A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF',
         _latin1 X'C0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF',
         _latin1 X'E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF'),
  'é ÿ €', 'café ÿ € œ', '中文', '中文字', '中文 GBK 文本', '𝄞 utf16', '😀', X'00FF0000', X'000102'),
 (2, '', '', '', '', '', '', '', '', '', '', '', '', X'', X''),
 (3, 'é', 'é', 'é', 'é', 'é', 'é', 'é', '中', '中', '中', 'é', 'é', X'00', X'00'),
 (4, 'ÿ', 'a', 'b', 'c', _latin1 X'FF', _latin1 X'80', _latin1 X'A4', _gbk X'D6D0CEC4', _gbk X'A1A1',
  _gbk X'B0A1', 'x', 'y', X'FF', X'FF'),
 (9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);

INSERT INTO tf_src.spatial VALUES
 (1, ST_GeomFromText('POINT(1 2)'), POINT(3.5, -4.25), ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)'),
  ST_GeomFromText('POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))'),
  ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 2 2))')),
 (2, ST_GeomFromText('POLYGON((0 0, 1 0, 1 1, 0 0))', 4326), ST_GeomFromText('POINT(1e300 -1e-300)'),
  ST_GeomFromText('LINESTRING(-1 -1, 1 1)'), ST_GeomFromText('POLYGON((0 0, 1 0, 0 1, 0 0))'),
  ST_GeomFromText('GEOMETRYCOLLECTION EMPTY')),
 (3, ST_GeomFromText('MULTIPOINT(0 0, 1 1)'), POINT(0, 0), ST_GeomFromText('LINESTRING(5 5, 6 6)'),
  ST_GeomFromText('POLYGON((1 1, 2 1, 2 2, 1 1))'), ST_GeomFromText('GEOMETRYCOLLECTION(POINT(9 9))')),
 (9, NULL, NULL, NULL, NULL, NULL);

INSERT INTO tf_src.nk VALUES
 (1, 1, 18446744073709551615, 3.1, 0.1, -12345678901234.123456, '2024-02-29', '-838:59:59.999',
  '2024-02-29 12:34:56.78', FROM_UNIXTIME(1.000001), 2155, 'ü 😀', 'é€', '中文', X'0000FF', 'ab', 'text',
  'b', 'x,z', b'1010101010'),
 (2, -1, 0, -3.4028234e38, 4.9406564584124654e-324, 0, '0000-00-00', '00:00:00.5', '0000-00-00 00:00:00',
  '0000-00-00 00:00:00', 0, '', '', '', X'', '', '', 'a', '', b'0'),
 (3, NULL, NULL, 1e-10, -0.3, 0.000001, '1000-01-01', '-00:00:00.001', '1000-01-01 00:00:00.01',
  FROM_UNIXTIME(2147483647.999999), 1901, 'trail ', 'x', 'y', X'00', 'c  ', NULL, NULL, 'y', b'1'),
 (4, 5, 5, 1.17549435e-38, 1e308, 99999999999999.999999, '9999-12-31', '12:00:00', '9999-12-31 23:59:59.99',
  '2024-05-06 07:08:09.123456', 2000, 'v', 'v', 'v', X'FF', 'v', 'v', 'c', 'x,y,z', b'1111111111'),
 (9, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
"

# Sourced (by 91_type_matrix.sh, for the same tables and rows): definitions only.
[[ "${BASH_SOURCE[0]}" != "$0" ]] && return 0

# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin type_fidelity

# ---- own servers ---------------------------------------------------------------------------
stop_own_servers() {
  mariadb_stop "$T_DIR/up"
  mariadb_stop "$T_DIR/down"
}
trap 't_cleanup; stop_own_servers' EXIT
# One after the other: two mariadb-install-db at once can collide on their temporary tables.
UP_PORT=$(free_port 25306)
mariadb_start "$T_DIR/up" "$UP_PORT" upstream >"$T_DIR/up-start.log" 2>&1 ||
  t_abort "own upstream did not start: $(tail -n 5 "$T_DIR/up-start.log")"
DOWN_PORT=$(free_port 26000)
mariadb_start "$T_DIR/down" "$DOWN_PORT" downstream >"$T_DIR/down-start.log" 2>&1 ||
  t_abort "own downstream did not start: $(tail -n 5 "$T_DIR/down-start.log")"
up "SET GLOBAL time_zone = '+05:30'; SET GLOBAL binlog_row_metadata = FULL"
down "SET GLOBAL time_zone = '-08:00'"
check_eq "upstream runs with time_zone +05:30 and binlog_row_metadata FULL" $'+05:30\tFULL' \
  "$(up 'SELECT @@time_zone, @@binlog_row_metadata')"
check_eq "downstream runs with time_zone -08:00" '-08:00' "$(down 'SELECT @@time_zone')"
log "own upstream 127.0.0.1:$UP_PORT, downstream 127.0.0.1:$DOWN_PORT"

# tf_def: MINIMAL images that leave columns out (defaults on INSERT, unchanged columns on UPDATE).
defaults_ddl="CREATE DATABASE tf_def;
CREATE TABLE tf_def.defaults (id INT PRIMARY KEY, n INT NOT NULL DEFAULT 7,
  s VARCHAR(10) NOT NULL DEFAULT 'dflt', d DECIMAL(5,2) DEFAULT 1.50, e ENUM('p','q') NOT NULL DEFAULT 'q');
CREATE TABLE tf_def.nopk (id INT, a INT, b VARCHAR(10));"
drop_schemas tf tf_min tf_def tf_src
{
  echo "CREATE DATABASE tf; CREATE DATABASE tf_min; CREATE DATABASE tf_src;"
  ddl_for tf
  ddl_for tf_min
  echo "$defaults_ddl"
  ddl_for tf_src
  echo "$src_rows"
} | up_pipe >"$T_DIR/setup.log" 2>&1 || t_abort "upstream setup failed: $(tail -n 5 "$T_DIR/setup.log")"
{
  echo "CREATE DATABASE tf; CREATE DATABASE tf_min;"
  ddl_for tf
  ddl_for tf_min
  echo "$defaults_ddl"
} | mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$DOWN_PORT" -uroot --default-character-set=utf8mb4 \
  >>"$T_DIR/setup.log" 2>&1 || t_abort "downstream setup failed: $(tail -n 5 "$T_DIR/setup.log")"
check_eq "upstream holds the source rows" "9 7 5 5 4 5" \
  "$(for t in "${tables[@]}"; do up "SELECT COUNT(*) FROM tf_src.$t"; done | xargs)"

# ---- comparison -----------------------------------------------------------------------------
# The SQL that prints one line per cell of SCHEMA.TABLE: table, id, column, value. The value is
# exact text for integers, DECIMAL, DOUBLE, FLOAT (widened to DOUBLE), DATE, TIME, DATETIME and
# YEAR; UNIX_TIMESTAMP for TIMESTAMP (independent of each server's time_zone); number and name
# bytes for ENUM/SET; the number for BIT; HEX for everything else (or length+MD5 above 256 bytes).
cell_query() {
  local schema=$1 table=$2 col type expr q=""
  while IFS=$'\t' read -r col type; do
    case $type in
      float) expr="CAST(\`$col\` AS DOUBLE)" ;;
      double | decimal | tinyint | smallint | mediumint | int | bigint | date | time | datetime | year)
        expr="CONCAT(\`$col\`)" ;;
      timestamp) expr="CONCAT(UNIX_TIMESTAMP(\`$col\`))" ;;
      enum | set) expr="CONCAT(\`$col\` + 0, ' ', HEX(\`$col\`))" ;;
      bit) expr="CONCAT(\`$col\` + 0)" ;;
      *) expr="IF(LENGTH(\`$col\`) > 256, CONCAT('length ', LENGTH(\`$col\`), ' md5 ', MD5(\`$col\`)), HEX(\`$col\`))" ;;
    esac
    [[ -n "$q" ]] && q+=" UNION ALL "
    q+="SELECT '$table', id, '$col', IFNULL($expr, 'NULL') FROM \`$schema\`.\`$table\`"
  done < <(up "SELECT column_name, data_type FROM information_schema.columns
               WHERE table_schema = '$schema' AND table_name = '$table' ORDER BY ordinal_position")
  echo "$q ORDER BY 2, 3"
}

# compare_cells SCHEMA TABLE WHEN: one assertion; on a difference, one line per differing cell
# naming table, row id, column and both values.
compare_cells() {
  local schema=$1 table=$2 when=$3 q
  q=$(cell_query "$schema" "$table")
  up "$q" >"$T_DIR/cells.up" 2>&1
  down "$q" >"$T_DIR/cells.down" 2>&1
  local n
  n=$(wc -l <"$T_DIR/cells.up")
  if cmp -s "$T_DIR/cells.up" "$T_DIR/cells.down" && ((n > 0)); then
    pass "$when: $schema.$table equal cell by cell ($n cells)"
    return 0
  fi
  fail "$when: $schema.$table differs cell by cell:"
  awk -F'\t' -v s="$schema" '
    NR == FNR { up[$1 "\t" $2 "\t" $3] = $4; order[++n] = $1 "\t" $2 "\t" $3; next }
    { down[$1 "\t" $2 "\t" $3] = $4; if (!(($1 "\t" $2 "\t" $3) in up)) order[++n] = $1 "\t" $2 "\t" $3 }
    END {
      shown = 0
      for (i = 1; i <= n; i++) {
        k = order[i]
        u = (k in up) ? up[k] : "(no row)"; d = (k in down) ? down[k] : "(no row)"
        if (u "" != d "" && shown++ < 40) {
          split(k, p, "\t")
          printf "  %s.%s id=%s column %s: upstream [%s] downstream [%s]\n", s, p[1], p[2], p[3],
            substr(u, 1, 160), substr(d, 1, 160)
        }
      }
      if (shown > 40) printf "  ... %d differing cells in all\n", shown
    }' "$T_DIR/cells.up" "$T_DIR/cells.down"
  return 1
}

# wait_applied TASK: true once the task is synced; gives up early when it pauses on an error.
synced_or_paused() { task_synced "$1" || task_stage_is "$1" Paused; }
wait_applied() {
  wait_until 60 synced_or_paused "$1"
  if task_synced "$1"; then
    pass "task $1 applied everything (synced: true)"
  else
    fail "task $1 did not apply everything: $(task_summary)"
    return 1
  fi
}

# compare_schema SCHEMA TASK WHEN: CHECKSUM TABLE and cell-by-cell comparison of every table.
compare_schema() {
  local schema=$1 task=$2 when=$3 limit=10 t
  wait_applied "$task" || limit=0
  for t in "${tables[@]}"; do
    if wait_until "$limit" same_checksum "$schema.$t"; then
      pass "$when: $schema.$t CHECKSUM TABLE equal ($(table_checksum "$UP_PORT" "$schema.$t"))"
    else
      fail "$when: $schema.$t CHECKSUM TABLE differs: upstream $(table_count "$UP_PORT" "$schema.$t") rows/$(table_checksum "$UP_PORT" "$schema.$t"), downstream $(table_count "$DOWN_PORT" "$schema.$t") rows/$(table_checksum "$DOWN_PORT" "$schema.$t")"
    fi
    compare_cells "$schema" "$t" "$when"
  done
}

# ---- replication ----------------------------------------------------------------------------
# One task per schema, so that a failure with MINIMAL images cannot hide other results.
# No safe mode, not even DM's first minute: INSERT, UPDATE ... SET ... WHERE and DELETE ... WHERE
# as they are (REPLACE is 90_column_types' case), the only way partial images could apply.
sluice_start
no_safe_mode=$'safe-mode: false\nsafe-mode-duration: "0s"'
start_task_here tf_task '["tf"]' "$no_safe_mode"
start_task_here tf_min_task '["tf_min"]' "$no_safe_mode"
start_task_here tf_def_task '["tf_def"]' "$no_safe_mode"

copy_rows() { # SCHEMA ROW_IMAGE
  local t
  for t in "${tables[@]}"; do
    echo "SET SESSION binlog_row_image = $2; INSERT INTO $1.$t SELECT * FROM tf_src.$t;"
  done
}
{ copy_rows tf FULL; copy_rows tf_min MINIMAL; } | up_pipe >"$T_DIR/dml.log" 2>&1 ||
  fail "upstream INSERTs failed: $(tail -n 5 "$T_DIR/dml.log")"
# A MINIMAL UPDATE of one column of a table without a key (MariaDB then logs whole images).
up "INSERT INTO tf_def.nopk VALUES (1, 1, 'keep'), (2, 2, 'keep');
    SET SESSION binlog_row_image = MINIMAL; UPDATE tf_def.nopk SET a = 10 WHERE id = 1;"
compare_schema tf tf_task "after INSERT"
compare_schema tf_min tf_min_task "after INSERT (binlog_row_image=MINIMAL)"
wait_applied tf_def_task
compare_cells tf_def nopk "after a MINIMAL UPDATE of one column of a table without a key"
# MINIMAL INSERTs leaving columns to their defaults: the image carries only the given columns and
# the others must get the downstream's defaults (not NULL); then an UPDATE of one column.
up "SET SESSION binlog_row_image = MINIMAL;
    INSERT INTO tf_def.defaults (id) VALUES (1); INSERT INTO tf_def.defaults (id, n) VALUES (2, 8);
    UPDATE tf_def.defaults SET s = 'changed' WHERE id = 1;"
wait_applied tf_def_task
compare_cells tf_def defaults "after MINIMAL INSERTs of some columns and an UPDATE of one"

# UPDATE: every row takes the next source row's values in every column (row 9, all NULL, included);
# then single-column updates (a MINIMAL after image carries only that column); then DELETEs.
update_rows() { # SCHEMA ROW_IMAGE
  local t cols set
  for t in "${tables[@]}"; do
    cols=$(up "SELECT column_name FROM information_schema.columns WHERE table_schema = 'tf_src'
               AND table_name = '$t' AND column_name <> 'id' ORDER BY ordinal_position")
    set=$(sed 's/.*/a.`&` = b.`&`/' <<<"$cols" | paste -sd, -)
    echo "SET SESSION binlog_row_image = $2;
          UPDATE $1.$t a
            JOIN (SELECT id AS from_id, COALESCE(LEAD(id) OVER (ORDER BY id), MIN(id) OVER ()) AS to_id
                  FROM tf_src.$t) m ON m.from_id = a.id
            JOIN tf_src.$t b ON b.id = m.to_id
          SET $set;"
  done
  echo "SET SESSION binlog_row_image = $2;
        UPDATE $1.nums SET u64 = 7, f = 0.3 WHERE id = 1;
        UPDATE $1.times SET ts6 = FROM_UNIXTIME(1234567890.654321), tm3 = '-0:0:0.5' WHERE id = 2;
        UPDATE $1.strs SET js = '{\"after\": \"update\"}' WHERE id = 3;
        UPDATE $1.charsets SET l1 = 'ÿé€' WHERE id = 4;
        UPDATE $1.nk SET f = 2.5 WHERE id = 1;
        UPDATE $1.nk SET tm = '01:01:01.001', ts = FROM_UNIXTIME(86400) WHERE id = 2;
        DELETE FROM $1.nums WHERE id IN (2, 5);
        DELETE FROM $1.times WHERE id = 9;
        DELETE FROM $1.strs WHERE id = 2;
        DELETE FROM $1.charsets WHERE id = 3;
        DELETE FROM $1.spatial WHERE id = 2;
        DELETE FROM $1.nk WHERE id IN (3, 4);"
}
{ update_rows tf FULL; update_rows tf_min MINIMAL; } | up_pipe >>"$T_DIR/dml.log" 2>&1 ||
  fail "upstream UPDATEs/DELETEs failed: $(tail -n 5 "$T_DIR/dml.log")"
compare_schema tf tf_task "after UPDATE and DELETE"
compare_schema tf_min tf_min_task "after UPDATE and DELETE (binlog_row_image=MINIMAL)"

for task in tf_task tf_min_task tf_def_task; do
  task_field "$task" .stage
  check_eq "task $task still Running (no apply error)" Running "$FIELD"
done

# Last, as it may stop the task: ENUM's error value '' (index 0), which only a non-strict
# upstream session can store, and a SET given an unknown member (dropped upstream).
up "SET SESSION sql_mode = ''; INSERT INTO tf.nk (id, en, st) VALUES (50, 'bogus', 'x,bogus');"
wait_applied tf_task
compare_cells tf nk "after a non-strict INSERT of ENUM index 0"

sluice_stop
t_end
