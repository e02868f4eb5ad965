#!/usr/bin/env bash
# Makes the start-up archive beside dicom-cmk.jar at build time, from a training run against the sandbox
# (dev.dicomcmk.cli.Warmup): on a JDK 17-23 runtime a static class-data-sharing archive (dicom-cmk.jsa), on JDK
# 24+ an AOT cache (dicom-cmk.aot); then dicom-cmk.archive, which tells bin/dicom-cmk which file it is and which
# runtime made it (a launcher maps it only for that runtime). Files are written read-only (0444).
#
# usage: start-up-archive.sh JAVA_HOME LIB_DIR [RECORDED_HOME]
#   JAVA_HOME      the runtime that makes the archive and that alone may map it
#   LIB_DIR        the folder of dicom-cmk.jar
#   RECORDED_HOME  how dicom-cmk.archive names that runtime (default: JAVA_HOME; in a package "runtime", relative
#                  to the package's root, so the package can be unpacked anywhere)
#
# The archive records the class path it was made with. It is made with the jar open as /dev/fd/9 and the launcher
# runs it the same way, so the archive stays valid when the package moves (JDK 17 compares the class path by
# name, then the jar's size and mtime).
set -euo pipefail
java_home="$1"
lib="$2"
recorded="${3:-$1}"
jar="$lib/dicom-cmk.jar"
java="$java_home/bin/java"
[ -f "$jar" ] || { echo "start-up-archive: no $jar" >&2; exit 1; }
[ -x "$java" ] || { echo "start-up-archive: no $java" >&2; exit 1; }

runtime=""
version=""
feature=""
while IFS='=' read -r key value; do
  case "$key" in
    JAVA_RUNTIME_VERSION) runtime="${value//\"/}" ;;
    JAVA_VERSION) version="${value//\"/}"; feature="${version%%.*}" ;;
  esac
done < "$java_home/release"
# a runtime made by jlink names only JAVA_VERSION (bin/dicom-cmk reads the same)
runtime="${runtime:-${version:-}}"
[ -n "$runtime" ] && [ -n "$feature" ] || { echo "start-up-archive: $java_home/release names no version" >&2; exit 1; }

# the options bin/dicom-cmk runs with that an archive depends on (the collector above all)
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:disable -Xlog:all=warning:stderr)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rm -f "$lib/dicom-cmk.jsa" "$lib/dicom-cmk.aot" "$lib/dicom-cmk.archive"
exec 9< "$jar"
if [ "$feature" -ge 24 ]; then
  file=dicom-cmk.aot
  "$java" "${jvm[@]}" -XX:AOTMode=record -XX:AOTConfiguration="$work/aotconf" -cp /dev/fd/9 \
    dev.dicomcmk.cli.Warmup --aot-cache >"$work/train.log" 2>&1 </dev/null \
    || { cat "$work/train.log" >&2; exit 1; }
  "$java" "${jvm[@]}" -XX:AOTMode=create -XX:AOTConfiguration="$work/aotconf" -XX:AOTCache="$work/$file" \
    -cp /dev/fd/9 >"$work/dump.log" 2>&1 </dev/null || { cat "$work/dump.log" >&2; exit 1; }
else
  file=dicom-cmk.jsa
  # the classes a real run loads, then a static archive of them (a dynamic one would leave out picocli, whose
  # Java 5 class files only a static archive takes)
  "$java" "${jvm[@]}" -XX:DumpLoadedClassList="$work/classes" -cp /dev/fd/9 dev.dicomcmk.cli.Warmup \
    >"$work/train.log" 2>&1 </dev/null || { cat "$work/train.log" >&2; exit 1; }
  "$java" "${jvm[@]}" -Xshare:dump -XX:SharedClassListFile="$work/classes" -XX:SharedArchiveFile="$work/$file" \
    -cp /dev/fd/9 >"$work/dump.log" 2>&1 </dev/null || { cat "$work/dump.log" >&2; exit 1; }
fi
[ -s "$work/$file" ] || { echo "start-up-archive: the JVM made no $file" >&2; exit 1; }
install -m 0444 "$work/$file" "$lib/$file"
printf 'file=%s\njava.home=%s\njava.runtime=%s\n' "$file" "$recorded" "$runtime" > "$work/archive"
install -m 0444 "$work/archive" "$lib/dicom-cmk.archive"
echo "start-up archive: $lib/$file (Java $runtime)"
