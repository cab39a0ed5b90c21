# The table bench/replicate.sh prints and appends to bench/RESULTS.md. Sourced; needs WORK.
#
#   result_row WL MODE FIGURE A B RATIO TARGET   one row (tab-separated in $WORK/results.tsv)
#   result_note TEXT                             one line printed above the table
#   report_render                                the table, as text
#   results_append FILE COMMAND TEXT             a dated block in RESULTS.md's format
#
# A is Sluice into downstream A, B MariaDB's parallel replica. RATIO is A/B: for throughput more
# is better for Sluice, for lag less is.

result_row() {
  local IFS=$'\t'
  echo "$*" >>"$WORK/results.tsv"
}

result_note() {
  echo "$*" >>"$WORK/notes.txt"
}

report_render() {
  [[ -f "$WORK/notes.txt" ]] && cat "$WORK/notes.txt"
  printf '%-3s %-9s %-21s %24s %24s %7s  %s\n' wl mode figure "sluice (A)" "replica (B)" "A/B" target
  [[ -f "$WORK/results.tsv" ]] || return 0
  awk -F'\t' '{ printf "%-3s %-9s %-21s %24s %24s %7s  %s\n", $1, $2, $3, $4, $5, $6, $7 }' \
    "$WORK/results.tsv"
}

results_append() {
  local file=$1 command=$2 text=$3
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') replicate.sh"
    echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/^Mem:/ {print $2}') GB RAM"
    echo "command: $command"
    echo '```'
    echo "$text"
    echo '```'
  } >>"$file"
}

# Number formatting and arithmetic (awk: bash has integers only).
# num FORMAT EXPRESSION: awk evaluates and formats, e.g. num %.2f "3 / 7".
num() { awk "BEGIN { printf \"$1\", $2 }"; }
ratio() {  # ratio A B -> "2.17x", "-" when either is missing
  awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else printf "-" }'
}
# at_least RATIO WANT -> "met" / "NOT met" / "-"
at_least() {
  awk -v r="${1%x}" -v w="$2" 'BEGIN { if (r == "-" || r == "") print "-"; else print (r + 0 >= w ? "met" : "NOT met") }'
}
