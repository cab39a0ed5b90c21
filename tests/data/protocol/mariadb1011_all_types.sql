SET SESSION sql_mode='';
SET time_zone='+00:00';
CREATE DATABASE pa;
USE pa;
CREATE TABLE all_types (
  id INT NOT NULL PRIMARY KEY,
  c_tiny TINYINT, c_utiny TINYINT UNSIGNED,
  c_short SMALLINT, c_ushort SMALLINT UNSIGNED,
  c_int24 MEDIUMINT, c_uint24 MEDIUMINT UNSIGNED,
  c_long INT, c_ulong INT UNSIGNED,
  c_longlong BIGINT, c_ulonglong BIGINT UNSIGNED,
  c_year YEAR,
  c_float FLOAT, c_double DOUBLE,
  c_dec DECIMAL(10,2), c_dec_wide DECIMAL(65,30), c_dec_int DECIMAL(5,0), c_dec_udec DECIMAL(12,4) UNSIGNED,
  c_char CHAR(10), c_char_mb CHAR(100) CHARACTER SET utf8mb4, c_varchar VARCHAR(100) CHARACTER SET latin1,
  c_varchar_big VARCHAR(1000) CHARACTER SET utf8mb4, c_binary BINARY(4), c_varbinary VARBINARY(20),
  c_tinyblob TINYBLOB, c_blob BLOB, c_mediumblob MEDIUMBLOB, c_longblob LONGBLOB,
  c_tinytext TINYTEXT, c_text TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin, c_mediumtext MEDIUMTEXT, c_longtext LONGTEXT,
  c_date DATE,
  c_dt0 DATETIME, c_dt1 DATETIME(1), c_dt2 DATETIME(2), c_dt3 DATETIME(3), c_dt4 DATETIME(4), c_dt5 DATETIME(5), c_dt6 DATETIME(6),
  c_ts0 TIMESTAMP NULL, c_ts1 TIMESTAMP(1) NULL, c_ts2 TIMESTAMP(2) NULL, c_ts3 TIMESTAMP(3) NULL, c_ts4 TIMESTAMP(4) NULL, c_ts5 TIMESTAMP(5) NULL, c_ts6 TIMESTAMP(6) NULL,
  c_tm0 TIME, c_tm1 TIME(1), c_tm2 TIME(2), c_tm3 TIME(3), c_tm4 TIME(4), c_tm5 TIME(5), c_tm6 TIME(6),
  c_enum ENUM('red','green','blue'), c_set SET('a','b','c','d'),
  c_bit1 BIT(1), c_bit12 BIT(12), c_bit64 BIT(64),
  c_json JSON, c_geom GEOMETRY, c_point POINT,
  c_hidden INT INVISIBLE
) DEFAULT CHARSET=utf8mb3;

INSERT INTO all_types (id, c_tiny, c_utiny, c_short, c_ushort, c_int24, c_uint24, c_long, c_ulong, c_longlong, c_ulonglong, c_year,
  c_float, c_double, c_dec, c_dec_wide, c_dec_int, c_dec_udec,
  c_char, c_char_mb, c_varchar, c_varchar_big, c_binary, c_varbinary,
  c_tinyblob, c_blob, c_mediumblob, c_longblob, c_tinytext, c_text, c_mediumtext, c_longtext,
  c_date, c_dt0, c_dt1, c_dt2, c_dt3, c_dt4, c_dt5, c_dt6,
  c_ts0, c_ts1, c_ts2, c_ts3, c_ts4, c_ts5, c_ts6,
  c_tm0, c_tm1, c_tm2, c_tm3, c_tm4, c_tm5, c_tm6,
  c_enum, c_set, c_bit1, c_bit12, c_bit64, c_json, c_geom, c_point, c_hidden)
VALUES
(1, 1, 2, 300, 40000, 70000, 9000000, 123456789, 3000000000, 1234567890123, 10000000000000000000, 2024,
  1.5, 3.25, 12345678.91, 123456789012345678901234567890.123456789012345678901234567891, 99999, 12345678.1234,
  'char', 'héllo wörld', 'latin', REPEAT('x', 300), x'00010203', x'DEADBEEF',
  x'01', 'blob data', 'medium blob', 'long blob', 'tiny text', 'text ✓', 'medium text', 'long text',
  '2024-01-31', '2024-01-31 10:00:00', '2024-01-31 10:00:00.1', '2024-01-31 10:00:00.12', '2024-01-31 10:00:00.123', '2024-01-31 10:00:00.1234', '2024-01-31 10:00:00.12345', '2024-01-31 10:00:00.123456',
  '2024-01-31 10:00:00', '2024-01-31 10:00:00.1', '2024-01-31 10:00:00.12', '2024-01-31 10:00:00.123', '2024-01-31 10:00:00.1234', '2024-01-31 10:00:00.12345', '2024-01-31 10:00:00.123456',
  '12:34:56', '12:34:56.1', '12:34:56.12', '12:34:56.123', '12:34:56.1234', '12:34:56.12345', '12:34:56.123456',
  'green', 'a,c', b'1', b'101010101010', 18446744073709551615, '{"k": [1, 2, "x"]}', ST_GeomFromText('LINESTRING(0 0, 1 1)'), POINT(1, 2), 7),
(2, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295, -9223372036854775808, 18446744073709551615, 1901,
  -1.5, -2.5e-300, -12345678.91, -0.000000000000000000000000000001, -99999, 0.0001,
  '', '', '', '', x'FF', x'',
  x'', '', '', '', '', '', '', '',
  '1000-01-01', '1000-01-01 00:00:00', '9999-12-31 23:59:59.9', '9999-12-31 23:59:59.99', '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.9999', '9999-12-31 23:59:59.99999', '9999-12-31 23:59:59.999999',
  '1970-01-01 00:00:01', '1970-01-01 00:00:01.5', '2038-01-19 03:14:07.99', '2038-01-19 03:14:07.999', '2038-01-19 03:14:07.9999', '2038-01-19 03:14:07.99999', '2038-01-19 03:14:07.999999',
  '-838:59:59', '-00:00:01.5', '-00:00:00.01', '-12:34:56.789', '-838:59:58.9999', '-00:00:00.00001', '-838:59:58.999999',
  '', '', b'0', b'0', 0, '[]', NULL, NULL, -1),
(3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
(4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0,
  NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00.0', '0000-00-00 00:00:00.00', '0000-00-00 00:00:00.000', '0000-00-00 00:00:00.0000', '0000-00-00 00:00:00.00000', '0000-00-00 00:00:00.000000',
  '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00',
  '00:00:00', '00:00:00.0', '00:00:00', '838:59:59.999', '00:00:00', '00:00:00', '838:59:59.999999',
  'blue', 'a,b,c,d', b'1', b'111111111111', 1, NULL, NULL, NULL, 0);

UPDATE all_types SET c_long = c_long + 1, c_varchar = 'updated', c_dt6 = '2025-06-07 08:09:10.000001', c_enum = 'red', c_set = '' WHERE id = 1;
DELETE FROM all_types WHERE id = 2;

CREATE TABLE pk_prefix (a VARCHAR(100), b INT NOT NULL, c TEXT, d ENUM('x','y') CHARACTER SET latin1, e SET('p','q') CHARACTER SET utf8mb4, PRIMARY KEY (b, a(10))) DEFAULT CHARSET=latin1;
INSERT INTO pk_prefix VALUES ('alpha', 1, 'one', 'x', 'p,q'), ('beta', 2, NULL, 'y', '');

SET SESSION binlog_row_image = 'MINIMAL';
UPDATE all_types SET c_text = 'minimal' WHERE id = 1;
DELETE FROM all_types WHERE id = 3;
UPDATE pk_prefix SET c = 'changed' WHERE b = 2;
SET SESSION binlog_row_image = 'NOBLOB';
UPDATE all_types SET c_short = 7 WHERE id = 4;
SET SESSION binlog_row_image = 'FULL';

BEGIN;
INSERT INTO pk_prefix VALUES ('gamma', 3, 'three', NULL, NULL);
INSERT INTO pk_prefix VALUES ('delta', 4, 'four', 'x', 'q');
COMMIT;
XA START 'xa1';
INSERT INTO pk_prefix VALUES ('xa', 5, 'five', 'x', 'q');
XA END 'xa1';
XA PREPARE 'xa1';
XA COMMIT 'xa1';
FLUSH BINARY LOGS;
