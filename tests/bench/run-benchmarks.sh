#!/bin/sh
# run-benchmarks.sh: runs every benchmark under tests/bench (built beforehand; this script
# builds nothing), writes one JSON line per benchmark to bench-results.json and prints a table.
#
#   BUILD_DIR=build tests/bench/run-benchmarks.sh [small|medium|full]
#
#   small   quick sizes (about a minute on 2 cores)
#   medium  import 20,000 images, COCO 100,000 boxes, export 10,000 items / 100,000 boxes,
#           open 100,000 items
#   full    the issue sizes: import 100,000 images, COCO 1,000,000 boxes, export 100,000 items /
#           1,000,000 boxes, open 1,000,000 items (needs several GB of free disk in $TMPDIR
#           and tens of minutes)
#
# bench-startup (the application's first frame, 1,000 items vs the "open" size) runs too when
# a display is there and it was built (-Dgui=true): run the script under
# `GSK_RENDERER=cairo xvfb-run -a -s "-screen 0 1400x900x24"` to include it.
#
# Environment: BUILD_DIR (default build), RESULTS (default bench-results.json), TMPDIR (where
# the synthetic data sets are written; they are removed afterwards).
set -eu

size=${1:-small}
build=${BUILD_DIR:-build}
results=${RESULTS:-bench-results.json}
bench="$build/tests/bench"

case "$size" in
  small)  edit_n=300;  import_n=2000;   coco_n=20000;   export_items=2000;   export_boxes=20000;   open_n=20000 ;;
  medium) edit_n=300;  import_n=20000;  coco_n=100000;  export_items=10000;  export_boxes=100000;  open_n=100000 ;;
  full)   edit_n=1000; import_n=100000; coco_n=1000000; export_items=100000; export_boxes=1000000; open_n=1000000 ;;
  *) echo "usage: $0 [small|medium|full]" >&2; exit 2 ;;
esac

for b in bench-edit bench-import bench-export bench-open bench-stats; do
  if [ ! -x "$bench/$b" ]; then
    echo "$0: $bench/$b not found: build first (meson compile -C $build), or set BUILD_DIR" >&2
    exit 1
  fi
done

: > "$results"
run () {
  echo "running: $*" >&2
  start=$(date +%s)
  line=$("$@")
  echo "$line" >> "$results"
  echo "  done in $(( $(date +%s) - start )) s" >&2
}

run "$bench/bench-edit" "$edit_n"
run "$bench/bench-import" "$import_n"
run "$bench/bench-import" --coco "$coco_n"
run "$bench/bench-export" "$export_items" "$export_boxes"
run "$bench/bench-open" "$open_n"
run "$bench/bench-stats" "$open_n"
if [ -x "$bench/bench-startup" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  run "$bench/bench-startup" "$open_n"
else
  echo "skipping bench-startup: needs a display (xvfb-run) and a build with -Dgui=true" >&2
fi

if [ -x "$bench/bench-assign" ]; then
  run "$bench/bench-assign" "$open_n"
fi

# The table: one row per ratio. Values are read from the flat JSON lines with sed.
get () {  # get KEY < line
  sed -n "s/.*\"$1\": \\([^,}]*\\).*/\\1/p"
}
row () {  # row NAME SIZE MEASURED BASELINE RATIO TARGET
  printf '%-24s %-22s %-20s %-20s %-7s %s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}
kb2mb () {
  awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'
}

echo
row "benchmark" "size" "measured" "baseline" "ratio" "target"
row "---------" "----" "--------" "--------" "-----" "------"
while IFS= read -r line; do
  name=$(echo "$line" | get benchmark | tr -d '"')
  g () { echo "$line" | get "$1"; }
  case "$name" in
    assign)
      row "assign" "$(g n) items" "$(g assign_s) s" "adding them $(g add_s) s" "$(g assign_vs_add)" "-"
      row "queue first page" "$(g n) vs 1000 items" "$(g page_large_ms) ms" "$(g page_small_ms) ms" "$(g page_ratio)" "~1 (<= 1.5)"
      row "queue count" "$(g n) vs 1000 items" "$(g count_large_ms) ms" "$(g count_small_ms) ms" "$(g count_ratio)" "~1 (<= 1.5)"
      row "queue next item" "$(g n) vs 1000 items" "$(g next_large_ms) ms" "$(g next_small_ms) ms" "$(g next_ratio)" "~1 (<= 1.5)" ;;
    edit)
      row "edit latency" "$(g n) edits" "$(g edit_median_ms) ms" "bare INSERT $(g bare_insert_median_ms) ms" "$(g ratio)" "<= 2" ;;
    import-images)
      row "import images" "$(g n) PNGs" "$(g import_s) s" "sha256sum $(g sha256sum_s) s" "$(g ratio)" "<= 2" ;;
    import-coco)
      row "import COCO time" "$(g n) boxes" "$(g import_s) s" "$(g n_small) boxes $(g import_s_small) s" "-" "-"
      row "import COCO memory" "$(g n) vs $(g n_small) boxes" "$(kb2mb "$(g peak_rss_kb)")" "$(kb2mb "$(g peak_rss_kb_small)")" "$(g memory_ratio)" "< 2 GB at 1M" ;;
    export-coco-tar-zst)
      row "export COCO .tar.zst" "$(g items) img, $(g boxes) box" "$(g export_s) s" "tar --zstd $(g tar_zstd_s) s" "$(g ratio)" "<= 1.5"
      row "export memory" "$(g boxes) vs $(g boxes_small) box" "$(kb2mb "$(g peak_rss_kb)")" "$(kb2mb "$(g peak_rss_kb_small)")" "$(g memory_ratio)" "<= 1.5" ;;
    open)
      row "open+count+page" "$(g n) vs $(g n_small) items" "$(g open_count_page_ms) ms" "$(g open_count_page_ms_small) ms" "$(g ratio)" "~1 (<= 1.5)"
      row "switch to middle item" "$(g n) vs $(g n_small) items" "$(g switch_item_ms) ms" "$(g switch_item_ms_small) ms" "$(g switch_ratio)" "~1 (<= 1.5)" ;;
    stats)
      row "statistics" "$(g n) items" "$(g stats_ms) ms" "bare scan $(g scan_ms) ms" "$(g ratio)" "reported (growth $(g growth)x)" ;;
    startup)
      row "start to first frame" "$(g n) vs $(g n_small) items" "$(g first_frame_ms) ms" "$(g first_frame_ms_small) ms" "$(g ratio)" "<= 2" ;;
  esac
done < "$results"
echo
echo "results: $results"
