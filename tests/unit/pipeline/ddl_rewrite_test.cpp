#include <doctest/doctest.h>

#include <map>

#include "pipeline/ddl_rewrite.hpp"
#include "pipeline/ddl_statement.hpp"
#include "pipeline/ddl_tokenizer.hpp"

using namespace sluice::pipeline;

namespace {

// store.store_* -> store.stores; database store -> store_all; everything else unchanged.
tl::expected<table_name, std::string> shard_route(const table_name& t) {
  if (t.table.empty())
    return table_name{t.schema == "store" ? "store_all" : t.schema, ""};
  if (t.schema == "store" && t.table.rfind("store_", 0) == 0)
    return table_name{"store", "stores"};
  if (t.table == "boom")
    return tl::unexpected(std::string("`x`.`boom` is ambiguous"));
  return t;
}

std::string rewritten(std::string_view schema, std::string_view query) {
  auto r = rewrite_ddl(parse_ddl(schema, query), shard_route);
  REQUIRE_MESSAGE(r.has_value(), query);
  return *r;
}

std::vector<std::string> queries(const std::vector<ddl_statement>& pieces) {
  std::vector<std::string> out;
  for (const auto& p : pieces)
    out.push_back(p.query);
  return out;
}

}  // namespace

TEST_CASE("tokenizer: quoting, comments and executable comments") {
  auto t = tokenize_sql("SELECT `a``b`, 'it''s', \"q\\\"x\", /* c */ x -- tail\n y # end");
  REQUIRE(t.size() == 9);
  CHECK(t[1].kind == sql_token_kind::quoted_name);
  CHECK(t[1].text == "a`b");
  CHECK(t[3].kind == sql_token_kind::string);
  CHECK(t[3].text == "'it''s'");
  CHECK(t[5].text == "\"q\\\"x\"");
  CHECK(t[7].text == "x");
  CHECK(t[8].text == "y");
  // code inside /*! */ is read, the markers are not
  auto e = tokenize_sql("DROP /*!40005 TEMPORARY */ TABLE t");
  REQUIRE(e.size() == 4);
  CHECK(e[1].text == "TEMPORARY");
  CHECK(e[2].text == "TABLE");
  CHECK(tokenize_sql("a /*M!100100 b */ c").size() == 3);
  // "--" without a following space is two minus signs
  CHECK(tokenize_sql("a--b").size() == 4);
  // ANSI_QUOTES and NO_BACKSLASH_ESCAPES follow the upstream sql_mode
  auto ansi = tokenize_sql("\"x\"\"y\"", sql_lexing::from_sql_mode(1u << 2));
  REQUIRE(ansi.size() == 1);
  CHECK(ansi[0].kind == sql_token_kind::quoted_name);
  CHECK(ansi[0].text == "x\"y");
  CHECK(tokenize_sql("'a\\' b'").size() == 1);
  CHECK(tokenize_sql("'a\\' b'", sql_lexing::from_sql_mode(1u << 20)).size() == 3);
}

TEST_CASE("parse_ddl finds every table, resolving the current schema") {
  auto like = parse_ddl("s", "CREATE TABLE IF NOT EXISTS t2 LIKE other.t1");
  CHECK(like.kind == ddl_kind::create_table);
  CHECK(like.tables == std::vector<table_name>{{"s", "t2"}, {"other", "t1"}});
  CHECK(parse_ddl("s", "create table t2 (like t1)").tables.size() == 2);

  auto fk = parse_ddl("s", "CREATE TABLE c (id INT, p INT, FOREIGN KEY (p) REFERENCES `par`.`ent` (id) ON DELETE CASCADE)");
  CHECK(fk.tables == std::vector<table_name>{{"s", "c"}});
  REQUIRE(fk.names.size() == 2);
  CHECK(fk.names[1].referenced);
  CHECK(fk.names[1].name == table_name{"par", "ent"});

  auto idx = parse_ddl("s", "CREATE UNIQUE INDEX i USING BTREE ON d.t (a)");
  CHECK(idx.kind == ddl_kind::create_index);
  CHECK(idx.tables == std::vector<table_name>{{"d", "t"}});
  CHECK(parse_ddl("s", "DROP INDEX `PRIMARY` ON t").kind == ddl_kind::drop_index);

  auto ren = parse_ddl("s", "RENAME TABLE a TO b, x.c TO x.d");
  CHECK(ren.tables == std::vector<table_name>{{"s", "a"}, {"s", "b"}, {"x", "c"}, {"x", "d"}});

  auto alter_rename = parse_ddl("s", "ALTER TABLE a RENAME TO b");
  CHECK(alter_rename.tables == std::vector<table_name>{{"s", "a"}, {"s", "b"}});
  CHECK(alter_rename.events() == std::vector<std::string>{"rename table"});

  auto db = parse_ddl("s", "ALTER DATABASE CHARACTER SET utf8mb4");
  CHECK(db.kind == ddl_kind::alter_database);
  CHECK(db.schema == "s");
  CHECK(parse_ddl("", "ALTER SCHEMA `other` COLLATE utf8mb4_bin").schema == "other");

  auto names = parse_ddl("", "CREATE TABLE `a``b`.`店铺` (x int)");
  CHECK(names.tables == std::vector<table_name>{{"a`b", "店铺"}});
  CHECK(parse_ddl("s", "CREATE TABLE 店铺_1 (x int)").tables[0].table == "店铺_1");

  auto ansi = parse_ddl("s", "CREATE TABLE \"d\".\"t\" (a int)", sql_lexing{true, false});
  CHECK(ansi.tables == std::vector<table_name>{{"d", "t"}});
  CHECK(parse_ddl("s", "CREATE TABLE \"d\".\"t\" (a int)").kind == ddl_kind::not_ddl);
}

TEST_CASE("comments and strings never hide or invent names") {
  auto d = parse_ddl("s", "/* lead */ ALTER /* x */ TABLE -- c\n t COMMENT 'RENAME TO evil, DROP x' , ENGINE=InnoDB # end");
  CHECK(d.kind == ddl_kind::alter_table);
  CHECK(d.tables == std::vector<table_name>{{"s", "t"}});
  CHECK(d.events() == std::vector<std::string>{"alter table", "modify storage engine"});
  auto esc = parse_ddl("s", "ALTER TABLE t COMMENT 'it\\'s, DROP x'");
  CHECK(esc.changes.size() == 1);
  CHECK(parse_ddl("s", "CREATE TABLE t (a int) /*!50100 PARTITION BY HASH (a) */").kind == ddl_kind::create_table);
}

TEST_CASE("DM's built-in skips and other statements are not DDL") {
  for (auto q : {"CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN END", "CREATE VIEW v AS SELECT 1",
                 "CREATE OR REPLACE VIEW v AS SELECT 1", "CREATE ALGORITHM=MERGE VIEW v AS SELECT 1",
                 "ALTER DEFINER=`a`@`b` VIEW v AS SELECT 1", "DROP VIEW v", "DROP TRIGGER tr",
                 "CREATE FUNCTION f() RETURNS INT RETURN 1", "CREATE AGGREGATE FUNCTION f RETURNS INTEGER SONAME 'x.so'",
                 "DROP FUNCTION f", "DROP PROCEDURE p", "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO SELECT 1",
                 "ALTER EVENT e DISABLE", "DROP EVENT e", "CREATE TABLESPACE ts ADD DATAFILE 'ts.ibd'",
                 "ALTER USER a IDENTIFIED BY 'x'", "RENAME USER a TO b", "DROP USER a", "SET PASSWORD = 'x'",
                 "REVOKE ALL ON *.* FROM a", "OPTIMIZE TABLE t", "REPAIR TABLE t", "FLUSH TABLES",
                 "DROP /*!40005 TEMPORARY */ TABLE IF EXISTS t", "BEGIN", "INSERT INTO t VALUES (1)",
                 "CREATE SEQUENCE s", "ALTER TABLESPACE ts RENAME TO t2"})
    CHECK_MESSAGE(parse_ddl("s", q).kind == ddl_kind::not_ddl, q);
}

TEST_CASE("ALTER TABLE changes carry DM's event types and what they alter") {
  auto d = parse_ddl("s",
                     "ALTER TABLE t ADD COLUMN c INT AFTER b, DROP COLUMN d, DROP e, MODIFY f BIGINT, "
                     "CHANGE g h INT, CHANGE COLUMN k K INT, RENAME COLUMN m TO n, ADD INDEX i (c), "
                     "ADD CONSTRAINT pk PRIMARY KEY (c), DROP PRIMARY KEY, DROP INDEX i, RENAME INDEX i TO j, "
                     "ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id), DROP FOREIGN KEY fk, "
                     "ALTER COLUMN c SET DEFAULT 1, ALTER INDEX j INVISIBLE, CONVERT TO CHARACTER SET utf8mb4, "
                     "DEFAULT CHARSET = latin1, COLLATE utf8mb4_bin, ENGINE = InnoDB, AUTO_INCREMENT = 5, "
                     "ALGORITHM = INPLACE, LOCK = NONE");
  std::vector<std::string> expected{"alter table", "drop column", "drop column", "alter table", "rename column",
                                    "alter table", "rename column", "modify constraint", "modify constraint",
                                    "drop primary key", "drop index", "rename index", "modify constraint",
                                    "alter table", "modify default value", "alter index visibility",
                                    "modify charset", "modify charset", "modify collation",
                                    "modify storage engine", "alter table", "alter table", "alter table"};
  CHECK(d.events() == expected);
  REQUIRE(d.changes.size() == expected.size());
  CHECK(d.changes[0].aliases == std::vector<std::string>{"add column"});
  CHECK(d.changes[0].text == "ADD COLUMN c INT AFTER b");
  CHECK(d.changes[8].aliases == std::vector<std::string>{"add primary key"});
  CHECK(d.tables == std::vector<table_name>{{"s", "t"}});
  CHECK(d.names.back().referenced);
  CHECK(d.alters_columns());
  CHECK(d.alters_keys());

  auto keys_only = parse_ddl("s", "ALTER TABLE t ADD UNIQUE KEY u (a), COMMENT 'x'");
  CHECK_FALSE(keys_only.alters_columns());
  CHECK(keys_only.alters_keys());
  auto neither = parse_ddl("s", "ALTER TABLE t ENGINE=InnoDB");
  CHECK_FALSE(neither.alters_columns());
  CHECK_FALSE(neither.alters_keys());
  CHECK(parse_ddl("s", "ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4").alters_columns());

  // partition operations own their comma lists; EXCHANGE names a second table
  CHECK(parse_ddl("s", "ALTER TABLE t DROP PARTITION p1, p2").events() ==
        std::vector<std::string>{"drop table partition"});
  auto ex = parse_ddl("s", "ALTER TABLE t EXCHANGE PARTITION p0 WITH TABLE o.t2");
  CHECK(ex.events() == std::vector<std::string>{"exchange table partition"});
  CHECK(ex.tables == std::vector<table_name>{{"s", "t"}, {"o", "t2"}});
  // a parenthesised ADD COLUMN list is one change per column, as DM splits it
  auto cols = parse_ddl("s", "ALTER TABLE t ADD COLUMN (a INT, b VARCHAR(10) DEFAULT 'x,y')");
  REQUIRE(cols.changes.size() == 2);
  CHECK(cols.changes[0].text == "ADD COLUMN a INT");
  CHECK(cols.changes[1].text == "ADD COLUMN b VARCHAR(10) DEFAULT 'x,y'");
}

TEST_CASE("rewrite routes every name and keeps every other byte") {
  // DM's shard merge: store.store_bj / store.store_tj -> store.stores
  CHECK(rewritten("store", "ALTER TABLE store_bj ADD COLUMN c INT /* keep */") ==
        "ALTER TABLE `store`.`stores` ADD COLUMN c INT /* keep */");
  CHECK(rewritten("x", "drop table if exists `store` . `store_tj`, other.t /* generated by server */") ==
        "drop table if exists `store`.`stores`, `other`.`t` /* generated by server */");
  CHECK(rewritten("store", "RENAME TABLE store_bj TO store_bj_old, a TO b") ==
        "RENAME TABLE `store`.`stores` TO `store`.`stores`, `store`.`a` TO `store`.`b`");
  CHECK(rewritten("store", "CREATE TABLE store_sh LIKE tpl") == "CREATE TABLE `store`.`stores` LIKE `store`.`tpl`");
  CHECK(rewritten("store", "CREATE INDEX i ON store_bj (a)") == "CREATE INDEX i ON `store`.`stores` (a)");
  CHECK(rewritten("store", "CREATE TABLE store_x (p INT REFERENCES store_y (id))") ==
        "CREATE TABLE `store`.`stores` (p INT REFERENCES `store`.`stores` (id))");
  CHECK(rewritten("", "CREATE DATABASE IF NOT EXISTS store CHARACTER SET utf8") ==
        "CREATE DATABASE IF NOT EXISTS `store_all` CHARACTER SET utf8");
  CHECK(rewritten("store", "ALTER DATABASE CHARACTER SET utf8") == "ALTER DATABASE `store_all` CHARACTER SET utf8");
  CHECK(rewritten("d", "CREATE TABLE `a``b` (`x``y` INT COMMENT 'store.store_1')") ==
        "CREATE TABLE `d`.`a``b` (`x``y` INT COMMENT 'store.store_1')");
  CHECK(rewritten("店", "TRUNCATE TABLE 表") == "TRUNCATE TABLE `店`.`表`");
  // the router's error stops the rewrite
  auto bad = rewrite_ddl(parse_ddl("x", "DROP TABLE a, boom"), shard_route);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error() == "`x`.`boom` is ambiguous");
}

TEST_CASE("split_tables: one statement per table, as DM") {
  auto drop = split_tables(parse_ddl("s", "DROP TABLE IF EXISTS a, `b`, x.c /* generated by server */"));
  CHECK(queries(drop) == std::vector<std::string>{"DROP TABLE IF EXISTS a /* generated by server */",
                                                  "DROP TABLE IF EXISTS `b` /* generated by server */",
                                                  "DROP TABLE IF EXISTS x.c /* generated by server */"});
  CHECK(drop[2].tables == std::vector<table_name>{{"x", "c"}});
  auto ren = split_tables(parse_ddl("s", "RENAME TABLE a TO b, c TO d"));
  CHECK(queries(ren) == std::vector<std::string>{"RENAME TABLE a TO b", "RENAME TABLE c TO d"});
  CHECK(ren[1].tables == std::vector<table_name>{{"s", "c"}, {"s", "d"}});
  CHECK(split_tables(parse_ddl("s", "DROP TABLE a")).size() == 1);
  CHECK(split_tables(parse_ddl("s", "ALTER TABLE a ADD b INT, DROP c")).size() == 1);
}

TEST_CASE("split_alter: one statement per change, following a rename") {
  auto pieces = split_alter(parse_ddl("s", "ALTER TABLE t ADD COLUMN a INT, RENAME TO t2, DROP COLUMN b"));
  CHECK(queries(pieces) == std::vector<std::string>{"ALTER TABLE t ADD COLUMN a INT", "ALTER TABLE t RENAME TO t2",
                                                    "ALTER TABLE `s`.`t2` DROP COLUMN b"});
  CHECK(pieces[2].tables == std::vector<table_name>{{"s", "t2"}});
  CHECK(pieces[2].events() == std::vector<std::string>{"drop column"});
  auto cols = split_alter(parse_ddl("s", "ALTER TABLE t ADD (a INT, b INT)"));
  CHECK(queries(cols) == std::vector<std::string>{"ALTER TABLE t ADD a INT", "ALTER TABLE t ADD b INT"});
  CHECK(split_alter(parse_ddl("s", "ALTER TABLE t ADD a INT")).size() == 1);
}
