# Live replication lag for bench/replicate.sh: a probe row every 20 ms on the primary, stamped on
# arrival downstream. Sourced; needs mariadb_sql and PRIMARY_PORT, A_PORT, B_PORT.
#
#   probe_setup_primary         table bench_probe.probe (replicated to both downstreams) and the
#                               procedure bench_ctl.probe (primary only, not in the binlog)
#   probe_setup_downstream PORT BEFORE INSERT trigger: t_down = SYSDATE(6) on arrival
#   probe_run PHASE SECONDS [PERIOD]   inserts (phase, SYSDATE(6)) every PERIOD s (default 0.02),
#                               each row its own autocommit transaction; blocks for SECONDS
#   lag_stats PORT PHASE        "count p50 p99 max" of t_down - t_primary in ms (nearest rank)
#
# The primary stamps t_primary when the INSERT runs, the downstream's trigger stamps t_down when
# it inserts the row (SYSDATE, not NOW: the time of that row, not of the statement). All servers
# share this machine's clock. On the replica the trigger fires for replicated rows because of
# slave_run_triggers_for_rbr=YES; Sluice writes plain SQL, so it fires there anyway.

probe_setup_primary() {
  mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$PRIMARY_PORT" -uroot <<'EOF'
CREATE DATABASE bench_probe;
CREATE TABLE bench_probe.probe (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  phase VARCHAR(48) NOT NULL,
  t_primary DATETIME(6) NOT NULL,
  t_down DATETIME(6) NULL,
  KEY phase (phase)
) ENGINE = InnoDB;
SET SESSION sql_log_bin = 0;
CREATE DATABASE IF NOT EXISTS bench_ctl;
DELIMITER //
CREATE OR REPLACE PROCEDURE bench_ctl.probe(phase_name VARCHAR(48), seconds DOUBLE, period DOUBLE)
BEGIN
  DECLARE t0 DOUBLE DEFAULT UNIX_TIMESTAMP(SYSDATE(6));
  DECLARE n INT DEFAULT 0;
  WHILE UNIX_TIMESTAMP(SYSDATE(6)) < t0 + seconds DO
    INSERT INTO bench_probe.probe (phase, t_primary) VALUES (phase_name, SYSDATE(6));
    SET n = n + 1;
    -- on a fixed grid, so that a slow insert does not shift every later probe
    DO SLEEP(GREATEST(0, t0 + n * period - UNIX_TIMESTAMP(SYSDATE(6))));
  END WHILE;
END//
DELIMITER ;
EOF
}

probe_setup_downstream() {
  mariadb_sql "$1" "SET SESSION sql_log_bin = 0;
    CREATE TRIGGER bench_probe.stamp BEFORE INSERT ON bench_probe.probe
      FOR EACH ROW SET NEW.t_down = SYSDATE(6)"
}

probe_run() {
  mariadb_sql "$PRIMARY_PORT" "CALL bench_ctl.probe('$1', $2, ${3:-0.02})"
}

lag_stats() {
  mariadb_sql "$1" "SELECT TIMESTAMPDIFF(MICROSECOND, t_primary, t_down) FROM bench_probe.probe
                    WHERE phase = '$2' AND t_down IS NOT NULL" |
    sort -n |
    awk 'function rank(q,   i) { i = int(q * NR); if (i < q * NR) i++; if (i < 1) i = 1; return v[i] / 1000 }
         { v[NR] = $1 }
         END { if (NR == 0) { print "0 - - -"; exit }
               printf "%d %.2f %.2f %.2f\n", NR, rank(0.50), rank(0.99), v[NR] / 1000 }'
}

# Probe rows of PHASE the primary wrote.
probe_count() {
  mariadb_sql "$PRIMARY_PORT" "SELECT COUNT(*) FROM bench_probe.probe WHERE phase = '$1'"
}
