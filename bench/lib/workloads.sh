# The workloads of bench/replicate.sh (issue 5 item 5) and how sysbench runs them against the
# primary. Sourced; needs PRIMARY_PORT and BENCH_LIB (this folder).
#
#   workload_def W            sets WL_SCRIPT, WL_TABLES, WL_SIZE, WL_OPTS, WL_DESC for W1..W5
#   workload_prepare SCHEMA   creates and fills the tables (sysbench prepare, 4 threads)
#   workload_load SCHEMA SECONDS THREADS [RATE]
#                             sysbench run; prints its transactions per second. RATE (events/s,
#                             sysbench --rate) throttles it; without it it runs flat out.
#
#   W1  oltp_insert, 4 tables x 100000 rows: one single-row INSERT per transaction
#   W2  oltp_write_only, 4 tables x 100000 rows: UPDATE k, UPDATE c, DELETE + INSERT per transaction
#   W3  oltp_update_non_index on one hot table (1 table x 10000 rows): one UPDATE c per transaction
#   W4  oltp_write_only on 64 tables x 10000 rows
#   W5  rows of ~2 KB (bench/lib/wide_rows.lua), 4 tables x 10000 rows: UPDATE doc, DELETE +
#       INSERT per transaction, every image ~2 KB

WORKLOADS_ALL=(W1 W2 W3 W4 W5)

workload_def() {
  WL_OPTS=()
  case "$1" in
    W1) WL_SCRIPT=oltp_insert WL_TABLES=4 WL_SIZE=100000
        WL_DESC="oltp_insert, 4 tables x 100000 rows" ;;
    W2) WL_SCRIPT=oltp_write_only WL_TABLES=4 WL_SIZE=100000
        WL_DESC="oltp_write_only, 4 tables x 100000 rows" ;;
    W3) WL_SCRIPT=oltp_update_non_index WL_TABLES=1 WL_SIZE=10000
        WL_DESC="oltp_update_non_index, one hot table of 10000 rows" ;;
    W4) WL_SCRIPT=oltp_write_only WL_TABLES=64 WL_SIZE=10000
        WL_DESC="oltp_write_only, 64 tables x 10000 rows" ;;
    W5) WL_SCRIPT="$BENCH_LIB/wide_rows.lua" WL_TABLES=4 WL_SIZE=10000 WL_OPTS=(--row-bytes=2000)
        WL_DESC="~2 KB rows (UPDATE, DELETE+INSERT), 4 tables x 10000 rows" ;;
    *) echo "workloads.sh: unknown workload '$1' (W1..W5)" >&2; return 1 ;;
  esac
}

sysbench_on() {
  local schema=$1; shift
  sysbench --db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$PRIMARY_PORT" --mysql-user=root \
    --mysql-password= --mysql-db="$schema" --tables="$WL_TABLES" --table-size="$WL_SIZE" \
    "${WL_OPTS[@]}" "$@"
}

workload_prepare() {
  local schema=$1
  mariadb_sql "$PRIMARY_PORT" "CREATE DATABASE \`$schema\`"
  sysbench_on "$schema" --threads=4 "$WL_SCRIPT" prepare >"$WORK/prepare.$schema.log" 2>&1 ||
    { tail -n 20 "$WORK/prepare.$schema.log" >&2; return 1; }
}

workload_load() {
  local schema=$1 seconds=$2 threads=$3 rate=${4:-0}
  local log="$WORK/load.$schema.rate$rate.log"
  sysbench_on "$schema" --threads="$threads" --time="$seconds" --events=0 --rate="$rate" \
    --report-interval=0 "$WL_SCRIPT" run >"$log" 2>&1 || { tail -n 20 "$log" >&2; return 1; }
  # "    transactions:                        123456 (2057.43 per sec.)"
  awk '$1 == "transactions:" { gsub(/[(]/, "", $3); printf "%.0f\n", $3; found = 1 } END { exit !found }' "$log"
}
