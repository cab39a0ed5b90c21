#!/usr/bin/env sysbench
-- W5 of bench/replicate.sh: rows of ~2 KB. Tables wideN (id INT PRIMARY KEY, k INT, doc
-- VARCHAR(row_bytes)); each transaction rewrites one row's doc and replaces another row (DELETE +
-- INSERT), so every row image in the binlog carries row_bytes of text.
--
--   sysbench wide_rows.lua --tables=4 --table-size=10000 --row-bytes=2000 prepare|run

sysbench.cmdline.options = {
  tables = {"Number of tables", 4},
  table_size = {"Rows per table after prepare", 10000},
  row_bytes = {"Characters in each row's doc column", 2000},
}

local function doc_value()
  -- '@' becomes a random letter: incompressible text of exactly row_bytes characters
  return sysbench.rand.string(string.rep("@", sysbench.opt.row_bytes))
end

local function create_table(con, n)
  print(string.format("Creating table 'wide%d' with %d rows...", n, sysbench.opt.table_size))
  con:query(string.format([[
CREATE TABLE wide%d (
  id INT NOT NULL PRIMARY KEY,
  k INT NOT NULL DEFAULT 0,
  doc VARCHAR(%d) NOT NULL,
  KEY k_%d (k)
) ENGINE = InnoDB]], n, sysbench.opt.row_bytes, n))
  con:bulk_insert_init(string.format("INSERT INTO wide%d (id, k, doc) VALUES", n))
  for i = 1, sysbench.opt.table_size do
    con:bulk_insert_next(string.format("(%d, %d, '%s')", i,
      sysbench.rand.default(1, sysbench.opt.table_size), doc_value()))
  end
  con:bulk_insert_done()
end

local function cmd_prepare()
  local drv = sysbench.sql.driver()
  local con = drv:connect()
  for n = sysbench.tid % sysbench.opt.threads + 1, sysbench.opt.tables, sysbench.opt.threads do
    create_table(con, n)
  end
  con:disconnect()
end

sysbench.cmdline.commands = {
  prepare = {cmd_prepare, sysbench.cmdline.PARALLEL_COMMAND},
}

function thread_init()
  drv = sysbench.sql.driver()
  con = drv:connect()
end

function thread_done()
  con:disconnect()
end

function event()
  local t = sysbench.rand.uniform(1, sysbench.opt.tables)
  local updated = sysbench.rand.default(1, sysbench.opt.table_size)
  local replaced = sysbench.rand.default(1, sysbench.opt.table_size)
  con:query("BEGIN")
  con:query(string.format("UPDATE wide%d SET doc = '%s' WHERE id = %d", t, doc_value(), updated))
  con:query(string.format("DELETE FROM wide%d WHERE id = %d", t, replaced))
  con:query(string.format("INSERT INTO wide%d (id, k, doc) VALUES (%d, %d, '%s')", t, replaced,
    sysbench.rand.default(1, sysbench.opt.table_size), doc_value()))
  con:query("COMMIT")
end
