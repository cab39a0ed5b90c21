#!/usr/bin/env bash
# Every column type the decoder covers survives the trip: integers at their limits signed and
# unsigned, FLOAT, DOUBLE, DECIMAL, strings in utf8mb4 and binary, temporal types with fractional
# seconds (and zero dates), YEAR, ENUM, SET, BIT, NULLs; inserted, updated and deleted.
set -uo pipefail
# shellcheck source=tests/lib/common.sh
source "$(dirname "$0")/../lib/common.sh"
t_begin column_types

drop_schemas ty
forget_task ty_task
ddl="CREATE DATABASE ty;
CREATE TABLE ty.all_types (
  id INT PRIMARY KEY,
  i8 TINYINT, u8 TINYINT UNSIGNED, i16 SMALLINT, u16 SMALLINT UNSIGNED,
  i24 MEDIUMINT, u24 MEDIUMINT UNSIGNED, i32 INT, u32 INT UNSIGNED, i64 BIGINT, u64 BIGINT UNSIGNED,
  f FLOAT, d DOUBLE, dec1 DECIMAL(10,2), dec2 DECIMAL(38,12), dec3 DECIMAL(5,0), dec4 DECIMAL(65,30),
  c CHAR(10), vc VARCHAR(300), tx TEXT, mt MEDIUMTEXT, lt LONGTEXT, bl BLOB, vb VARBINARY(16), bn BINARY(4),
  latin VARCHAR(20) CHARACTER SET latin1,
  dt DATE, dtm DATETIME, dtm3 DATETIME(3), dtm6 DATETIME(6), ts TIMESTAMP NULL, ts6 TIMESTAMP(6) NULL,
  tm TIME, tm2 TIME(2), yr YEAR,
  en ENUM('a','b','c'), st SET('x','y','z'), b1 BIT(1), b17 BIT(17), b64 BIT(64),
  js JSON
) DEFAULT CHARSET=utf8mb4;"
up "$ddl"
down "$ddl"

sluice_start
start_task_here ty_task '["ty"]'

up "INSERT INTO ty.all_types VALUES
 (1, 127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
  3.5, 1.7976931348623157e308, 99999999.99, 12345678901234567890123456.123456789012, 99999,
  99999999999999999999999999999999999.999999999999999999999999999999,
  'char', 'varchar ✓ 😀', 'text', REPEAT('m', 70000), REPEAT('long', 100), X'00FF10', X'000102', X'61620000',
  'café',
  '9999-12-31', '9999-12-31 23:59:59', '2024-02-29 12:34:56.789', '1000-01-01 00:00:00.000001',
  '2038-01-18 03:14:07', '2024-05-06 07:08:09.123456',
  '838:59:59', '-12:34:56.78', 2155,
  'c', 'x,z', b'1', b'10000000000000001', b'1111111111111111111111111111111111111111111111111111111111111111',
  '{\"k\": [1, 2, {\"n\": null}]}'),
 (2, -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
  -3.25e-10, -2.2250738585072014e-308, -99999999.99, -0.000000000001, -99999,
  -0.000000000000000000000000000001,
  '', '', '', '', '', '', '', X'00000000',
  '',
  '1000-01-01', '1000-01-01 00:00:00', '1970-01-01 00:00:00.001', '2000-01-01 00:00:00.5',
  '1970-01-02 00:00:01', '1999-12-31 23:59:59.999999',
  '-838:59:59', '00:00:00.01', 1901,
  'a', '', b'0', b'0', b'0',
  '[]'),
 (3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0,
  'x', 'y', 'z', 'm', 'l', X'', X'', X'20202020',
  'x',
  '0000-00-00', '0000-00-00 00:00:00', '2024-01-01 00:00:00.000', '2024-01-01 00:00:00.000000',
  NULL, NULL,
  '00:00:00', '00:00:00', 0,
  'b', 'x,y,z', b'1', b'1', b'1',
  'null'),
 (4, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL,
  NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL,
  NULL);"
check_same_table ty.all_types 30 || t_end

up "UPDATE ty.all_types SET u64 = u64 - 1, dec2 = -dec2, vc = CONCAT(vc, '…'), tm2 = '-00:00:01.5', b17 = b'1' WHERE id = 1;
    UPDATE ty.all_types SET i8 = 1, dtm6 = '2001-02-03 04:05:06.070809', en = 'b', js = '{\"a\": 1}' WHERE id = 4;
    UPDATE ty.all_types SET i8 = NULL, f = NULL, bl = NULL, st = NULL WHERE id = 2;
    DELETE FROM ty.all_types WHERE id = 3;"
check_same_table ty.all_types 30 || t_end
check_eq "row dump equals upstream" "$(table_dump "$UP_PORT" ty.all_types | md5sum)" \
  "$(table_dump "$DOWN_PORT" ty.all_types | md5sum)"
wait_synced ty_task 30

sluice_stop
t_end
