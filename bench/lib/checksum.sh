# Do the downstreams hold exactly the primary's rows? CHECKSUM TABLE of every table of a schema on
# the three servers. Sourced; needs mariadb_sql and PRIMARY_PORT.
#
#   schema_checksums PORT SCHEMA TABLES...   "table checksum" lines (checksum NULL if missing)
#   checksum_verdict PORT SCHEMA             "equal (N tables)", or "DIFFERS: t1 t2", "missing: ..."
#
# Call it once both downstreams reached the primary's position, with the primary idle.

schema_tables() {
  mariadb_sql "$PRIMARY_PORT" "SELECT table_name FROM information_schema.tables
    WHERE table_schema = '$1' AND table_type = 'BASE TABLE' ORDER BY table_name"
}

schema_checksums() {
  local port=$1 schema=$2; shift 2
  local list=() t
  for t in "$@"; do list+=("\`$schema\`.\`$t\`"); done
  local IFS=,
  # CHECKSUM TABLE answers NULL (with a warning) for a table that does not exist.
  mariadb_sql "$port" "CHECKSUM TABLE ${list[*]}" | awk '{n = $1; sub(/^[^.]*\./, "", n); print n, $2}'
}

checksum_verdict() {
  local port=$1 schema=$2 tables mine theirs
  mapfile -t tables < <(schema_tables "$schema")
  ((${#tables[@]})) || { echo "no tables"; return; }
  theirs=$(schema_checksums "$PRIMARY_PORT" "$schema" "${tables[@]}")
  mine=$(schema_checksums "$port" "$schema" "${tables[@]}" 2>/dev/null)
  awk -v n="${#tables[@]}" '
    NR == FNR { want[$1] = $2; next }
    { have[$1] = $2 }
    END {
      for (t in want) {
        if (!(t in have) || have[t] == "NULL") missing = missing " " t
        else if (have[t] != want[t]) differ = differ " " t
      }
      if (missing == "" && differ == "") print "equal (" n " tables)"
      else print (differ != "" ? "DIFFERS:" differ : "") (missing != "" ? " missing:" missing : "")
    }' <(echo "$theirs") <(echo "$mine")
}
