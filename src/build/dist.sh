#!/usr/bin/env bash
# ./mvnw -Pdist package: the tarball and the .deb under target/dist/, each with its own Java runtime.
#
#   dicom-cmk-<version>-linux-x64.tar.gz   unpack anywhere, run bin/dicom-cmk; no JDK needed on the host
#   dicom-cmk_<version>_amd64.deb          /usr/bin/dicom-cmk -> /usr/lib/dicom-cmk/bin/dicom-cmk, man pages,
#                                          bash and zsh completions, /usr/share/doc/dicom-cmk/copyright
#
# Both hold the same tree: bin/dicom-cmk, lib/ (the jar, the small jar for --version/--help, the start-up archive
# made here with the bundled runtime and its description, all read-only), runtime/ (jlink: only MODULES, with the
# runtime's legal/ notices), man/, completions/, LICENSE, NOTICE, SECURITY.md.
#
# usage: dist.sh BASEDIR TARGET VERSION JAVA_HOME MODULES MAINTAINER HOMEPAGE [RELEASE]
#   MAINTAINER  "Name <address>": the .deb's Maintainer and changelog signature, debian/copyright's Upstream-Contact
#               (pom.xml: dist.maintainer, said there once)
#   HOMEPAGE    the .deb's Homepage and debian/copyright's Source (pom.xml: dist.homepage)
#   RELEASE     true: refuse a MAINTAINER address that delivers no mail, and a JAVA_HOME that is not the release's
#               runtime (pom.xml: dist.release)
set -euo pipefail
basedir="$1"
target="$2"
version="$3"
java_home="$4"
modules="$5"
maintainer="$6"
homepage="$7"
release="${8:-false}"
name_re='[^<>|&\\]+' addr_re='[^@<>|&\\ ]+'
[[ "$maintainer" =~ ^$name_re\ \<$addr_re@$addr_re\>$ ]] \
  || { echo "dist: the maintainer must read \"Name <address>\", not: $maintainer" >&2; exit 2; }
[[ "$homepage" =~ ^https://[^|\&\\\ ]+$ ]] || { echo "dist: the homepage must be an https URL, not: $homepage" >&2; exit 2; }
address="${maintainer#*<}"; address="${address%>}"
if [ "$release" = true ]; then
  case "${address,,}" in
    *@users.noreply.github.com | *@example | *@example.* | *.example | *.invalid | *@localhost | *.localhost | *.test)
      echo "dist: a release names a maintainer address that reads mail, not $address (-Ddist.maintainer=\"Name <address>\")" >&2
      exit 2 ;;
  esac
fi
# a release bundles the runtime docs/packaging.md names (the faster package in bench/run, with its AOT cache)
release_java=25
if [ "$release" = true ]; then
  feature=""
  if [ -f "$java_home/release" ]; then
    feature="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")"
  fi
  if [ "$feature" != "$release_java" ]; then
    echo "dist: a release bundles Java $release_java (docs/packaging.md), not ${feature:+Java }${feature:-an unknown runtime} from $java_home (-Ddist.java.home=<a JDK $release_java>)" >&2
    exit 2
  fi
fi
# one timestamp for every file (reproducible, and the start-up archive records the jar's mtime)
epoch="${SOURCE_DATE_EPOCH:-$(date -d 2026-11-29T00:00:00Z +%s)}"

dist="$target/dist"
name="dicom-cmk-$version"
stage="$dist/$name"
rm -rf "$dist"
mkdir -p "$stage/bin" "$stage/lib" "$stage/man/man1" "$stage/completions"
umask 022

# the launcher runs bash itself: a package is for Linux, where bash is /bin/bash, and the source checkout's
# "#!/usr/bin/env bash" would add a process (env, which loads the locale and searches PATH) to every run
sed '1s|^#!/usr/bin/env bash$|#!/bin/bash|' "$basedir/bin/dicom-cmk" > "$stage/bin/dicom-cmk"
chmod 0755 "$stage/bin/dicom-cmk"
install -m 0644 "$target/dicom-cmk.jar" "$target/dicom-cmk-fast.jar" "$stage/lib/"
install -m 0644 "$basedir"/man/*.1 "$stage/man/man1/"
install -m 0644 "$basedir/completions/dicom-cmk.bash" "$basedir/completions/_dicom-cmk" "$stage/completions/"
install -m 0644 "$basedir/LICENSE" "$basedir/NOTICE" "$basedir/SECURITY.md" "$stage/"

# the runtime: only the modules the tool needs (see MODULES in pom.xml), its own CDS archive of the JDK's classes
# for --version and --help
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --output "$stage/runtime"

# the runtime's native code without its symbols (Debian policy; the JDK's own packages ship them apart)
while IFS= read -r -d '' f; do
  if [ "$(head -c 4 "$f" | tr -d '\0')" = $'\x7fELF' ]; then strip --strip-unneeded "$f"; fi
done < <(find "$stage/runtime" -type f -print0)

find "$stage" -exec touch -h -d "@$epoch" {} +
# the start-up archive, made by the bundled runtime, named relative to the package's root
bash "$basedir/src/build/start-up-archive.sh" "$stage/runtime" "$stage/lib" runtime
chmod -R u+w,go-w "$stage"
for f in "$stage/lib"/dicom-cmk.archive "$stage/lib"/dicom-cmk.jsa "$stage/lib"/dicom-cmk.aot; do
  if [ -f "$f" ]; then chmod 0444 "$f"; touch -d "@$epoch" "$f"; fi
done
touch -d "@$epoch" "$stage/lib"

tar_opts=(--sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch")
tar "${tar_opts[@]}" -C "$dist" -czf "$dist/$name-linux-x64.tar.gz" "$name"

# the .deb: the same tree under /usr/lib/dicom-cmk, the rest where Debian keeps it
deb="$dist/deb"
prefix="$deb/usr/lib/dicom-cmk"
mkdir -p "$prefix" "$deb/usr/bin" "$deb/usr/share/man/man1" "$deb/usr/share/bash-completion/completions" \
  "$deb/usr/share/zsh/vendor-completions" "$deb/usr/share/doc/dicom-cmk" "$deb/usr/share/lintian/overrides" \
  "$deb/DEBIAN"
cp -a "$stage/bin" "$stage/lib" "$stage/runtime" "$prefix/"
ln -s ../lib/dicom-cmk/bin/dicom-cmk "$deb/usr/bin/dicom-cmk"
for page in "$stage"/man/man1/*.1; do
  gzip -9n < "$page" > "$deb/usr/share/man/man1/${page##*/}.gz"
done
# bash-completion sources this file: no #! line
sed '1{/^#!/d}' "$stage/completions/dicom-cmk.bash" > "$deb/usr/share/bash-completion/completions/dicom-cmk"
chmod 0644 "$deb/usr/share/bash-completion/completions/dicom-cmk"
install -m 0644 "$stage/completions/_dicom-cmk" "$deb/usr/share/zsh/vendor-completions/_dicom-cmk"
# the contact and the source, from the same properties as the control file's
sed -e "s|@MAINTAINER@|$maintainer|" -e "s|@HOMEPAGE@|$homepage|" "$basedir/packaging/debian/copyright" \
  > "$deb/usr/share/doc/dicom-cmk/copyright"
chmod 0644 "$deb/usr/share/doc/dicom-cmk/copyright"
install -m 0644 "$basedir/NOTICE" "$basedir/SECURITY.md" "$deb/usr/share/doc/dicom-cmk/"
printf 'dicom-cmk (%s) unstable; urgency=medium\n\n  * Release %s; see CHANGELOG.md.\n\n -- %s  %s\n' \
  "$version" "$version" "$maintainer" "$(date -u -R -d "@$epoch")" | gzip -9n > "$deb/usr/share/doc/dicom-cmk/changelog.gz"
{
  cat "$basedir/packaging/debian/lintian-overrides"
  echo "# The start-up archive and its description are read-only on purpose: bin/dicom-cmk maps an archive only when"
  echo "# no one but root could have replaced it, and nothing at run time may rewrite it."
  for f in "$prefix"/lib/dicom-cmk.archive "$prefix"/lib/dicom-cmk.jsa "$prefix"/lib/dicom-cmk.aot; do
    if [ -f "$f" ]; then echo "dicom-cmk: non-standard-file-perm 0444 != 0644 [usr/lib/dicom-cmk/lib/${f##*/}]"; fi
  done
  # Debian's OpenJDK links the system's zlib; other builds (Temurin's) carry their own copy inside libjli.so and
  # libzip.so, which only the JDK's build could change: each such library, told by its missing libz.so NEEDED
  for lib in libjli.so libzip.so; do
    f="$prefix/runtime/lib/$lib"
    if [ -f "$f" ] && ! readelf -d "$f" | grep -q 'NEEDED.*\[libz\.so'; then
      echo "# $lib of the bundled runtime has zlib linked in by the JDK's own build (not Debian's OpenJDK); the runtime is"
      echo "# shipped as that JDK built it."
      echo "dicom-cmk: embedded-library zlib [usr/lib/dicom-cmk/runtime/lib/$lib]"
    fi
  done
} > "$deb/usr/share/lintian/overrides/dicom-cmk"
chmod 0644 "$deb/usr/share/lintian/overrides/dicom-cmk"
installed_size="$(du -sk --exclude=DEBIAN "$deb" | cut -f1)"
cat > "$deb/DEBIAN/control" <<CONTROL
Package: dicom-cmk
Version: $version
Architecture: amd64
Maintainer: $maintainer
Homepage: $homepage
Installed-Size: $installed_size
Depends: libc6, zlib1g
Section: admin
Priority: optional
Description: customer-managed keys for the Azure Health Data Services DICOM service
 dicom-cmk checks keys against the DICOM service's customer-managed key
 requirements (live or in ARM templates), rotates them safely, turns on the
 service's identity and its key access, diagnoses a service that lost its key,
 and runs a local simulator of Azure for rehearsals.
 .
 The package bundles its own Java runtime (made with jlink) and a start-up
 archive made with it; it writes nothing at run time but its state (journal,
 locks).
CONTROL
find "$deb" -exec touch -h -d "@$epoch" {} +
dpkg-deb --root-owner-group -Zgzip -z6 --build "$deb" "$dist/dicom-cmk_${version}_amd64.deb" >/dev/null
echo "dist: $dist/$name-linux-x64.tar.gz $dist/dicom-cmk_${version}_amd64.deb"
