#!/bin/sh
# Builds the libFuzzer harnesses of tests/fuzz against an ASan+UBSan, coverage-instrumented
# build of the core and runs each for SECONDS (default 60). Exit status: 0 when no harness
# found a crash, 1 otherwise (reproducers in $BUILD/artifacts/). Needs clang (>= 14).
#   tests/fuzz/build-and-run.sh [SECONDS]
# Environment: FUZZ_SEED and FUZZ_RUNS (a fixed seed and run count make a pass repeatable, as CI uses), BUILD (default /tmp/build-fuzz),
# CC (default clang), FUZZERS (names to run,
# default all), JOBS (parallel harnesses, default 1).
set -eu

SECONDS_EACH=${1:-60}
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-/tmp/build-fuzz}
CC=${CC:-clang}
export CC
ALL="schema coco yolo voc labelme jsonl csv archive"
FUZZERS=${FUZZERS:-$ALL}

if [ ! -f "$BUILD/build.ninja" ]; then
  meson setup "$BUILD" "$SRC" -Dgui=false -Dbenchmarks=false \
    -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=false \
    -Dc_args=-fsanitize=fuzzer-no-link -Dbuildtype=debugoptimized
fi
ninja -C "$BUILD" app/core/liblabelwright-core.a

DEPS="glib-2.0 gobject-2.0 gio-2.0 sqlite3 libarchive libzstd json-glib-1.0 gdk-pixbuf-2.0"
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$SRC/include/labelwright $(pkg-config --cflags $DEPS)"
LIBS="-Wl,--whole-archive $BUILD/app/core/liblabelwright-core.a -Wl,--no-whole-archive $(pkg-config --libs $DEPS) -lm"

build_import () { # name format file [extra cflags]
  name=$1; fmt=$2; file=$3; shift 3
  $CC $CFLAGS -DLW_FUZZ_FORMAT="$fmt" -DLW_FUZZ_FILE="\"$file\"" "$@" \
    "$HERE/fuzz-import.c" -o "$BUILD/fuzz-$name" $LIBS
}

mkdir -p "$BUILD/artifacts"
for f in $FUZZERS; do
  case $f in
    schema)  $CC $CFLAGS "$HERE/fuzz-schema.c" -o "$BUILD/fuzz-schema" $LIBS ;;
    coco)    build_import coco    LW_IMPORT_FORMAT_COCO    instances_default.json ;;
    yolo)    build_import yolo    LW_IMPORT_FORMAT_YOLO    data.yaml -DLW_FUZZ_YOLO ;;
    voc)     build_import voc     LW_IMPORT_FORMAT_VOC     a.xml ;;
    labelme) build_import labelme LW_IMPORT_FORMAT_LABELME a.json ;;
    jsonl)   build_import jsonl   LW_IMPORT_FORMAT_JSONL   texts.jsonl ;;
    csv)     build_import csv     LW_IMPORT_FORMAT_CSV     texts.csv ;;
    archive) build_import archive LW_IMPORT_FORMAT_AUTO    dataset.zip ;;
    *) echo "unknown fuzzer $f" >&2; exit 2 ;;
  esac
done

status=0
for f in $FUZZERS; do
  work="$BUILD/corpus/$f"
  mkdir -p "$work"
  echo "== fuzz-$f: $SECONDS_EACH s"
  # The seeds are read, new inputs go to $work (the source tree stays clean).
  if ! UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
       ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
       G_DEBUG=fatal-criticals \
       "$BUILD/fuzz-$f" -max_total_time="$SECONDS_EACH" ${FUZZ_RUNS:+-runs=$FUZZ_RUNS} -max_len=65536 -timeout=10 \
         -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/$f-" \
         ${FUZZ_SEED:+-seed=$FUZZ_SEED} \
         "$work" "$HERE/corpus/$f" $([ -d "$HERE/regressions/$f" ] && echo "$HERE/regressions/$f") \
         > "$BUILD/fuzz-$f.log" 2>&1; then
    echo "!! fuzz-$f found a crash: see $BUILD/fuzz-$f.log and $BUILD/artifacts/$f-*"
    status=1
  fi
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^Done|SUMMARY" "$BUILD/fuzz-$f.log" || true
done
exit $status
