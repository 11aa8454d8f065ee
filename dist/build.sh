#!/usr/bin/env bash
# dist/build.sh VERSION JAR OUT: the self-contained distribution of tailgate, as a tarball and a
# Debian package, with a jlinked Java runtime of only the modules the jar needs. Run by
# `mvn -B package -Pdist -DskipTests`; needs a JDK (jdeps, jlink) and dpkg-deb.
set -euo pipefail
readonly VERSION="$1" JAR="$2" OUT="$3"
readonly HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the runtime jlinked here is this machine's: name the packages after its architecture
readonly ARCH="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
case "$ARCH" in amd64) TARBALL_ARCH=x64 ;; arm64) TARBALL_ARCH=aarch64 ;; *) TARBALL_ARCH="$ARCH" ;; esac
readonly NAME="tailgate-$VERSION"
work="$OUT/work"
rm -rf "$work"
mkdir -p "$work"

# jdeps names what the jar uses; the rest are what it reaches only by name at run time: elliptic
# curves and TLS (jdk.crypto.ec), DNS through JNDI (jdk.naming.dns), unix sockets' options (jdk.net),
# zip file systems for the shaded jar (jdk.zipfs), and jcmd-style diagnostics (jdk.jcmd is too
# big; jdk.management is enough for JFR-less JMX).
modules="$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$JAR")"
modules="$modules,jdk.crypto.ec,jdk.naming.dns,jdk.net,jdk.zipfs,jdk.management,jdk.unsupported"
echo "dist: runtime modules $modules"
# --generate-cds-archive: the runtime's own class data archive, which the archive of tailgate's
# classes (tailgate train-class-data) builds on
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --generate-cds-archive --compress=zip-6 --output "$work/runtime" 2>/dev/null \
  || jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --generate-cds-archive --compress=2 --output "$work/runtime"

# the tarball: bin/tailgate runs from wherever it is unpacked
tarroot="$work/tar/$NAME"
mkdir -p "$tarroot/bin" "$tarroot/lib" "$tarroot/conf" "$tarroot/systemd" "$tarroot/doc"
cp -a "$work/runtime" "$tarroot/lib/runtime"
cp "$JAR" "$tarroot/lib/tailgate.jar"
sed -e "s|@HOME@|/nonexistent|" -e 's|@CDS@|$home/tailgate.jsa|' "$HERE/src/common/tailgate.sh" \
  >"$tarroot/bin/tailgate"
chmod 755 "$tarroot/bin/tailgate"
cp "$HERE/src/common/tailgate.conf" "$tarroot/conf/"
cp "$HERE/src/common/tailgate.service" "$tarroot/systemd/"
cp "$HERE/../README.md" "$HERE/../docs/"*.md "$tarroot/doc/"
tar -C "$work/tar" -czf "$OUT/$NAME-linux-$TARBALL_ARCH.tar.gz" "$NAME"

# the Debian package
deb="$work/deb"
install -d "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/lib/tailgate" "$deb/etc/tailgate" \
  "$deb/lib/systemd/system" "$deb/usr/share/doc/tailgate" "$deb/usr/share/tailgate/www"
cp -a "$work/runtime" "$deb/usr/lib/tailgate/runtime"
install -m 644 "$JAR" "$deb/usr/lib/tailgate/tailgate.jar"
sed -e "s|@HOME@|/usr/lib/tailgate|" -e "s|@CDS@|/var/cache/tailgate/tailgate.jsa|" \
  "$HERE/src/common/tailgate.sh" >"$deb/usr/bin/tailgate"
chmod 755 "$deb/usr/bin/tailgate"
install -m 644 "$HERE/src/common/tailgate.conf" "$deb/etc/tailgate/tailgate.conf"
install -m 644 "$HERE/src/common/tailgate.service" "$deb/lib/systemd/system/tailgate.service"
install -m 644 "$HERE/src/common/www/index.html" "$deb/usr/share/tailgate/www/index.html"
install -m 644 "$HERE/../README.md" "$HERE/../docs/"*.md "$deb/usr/share/doc/tailgate/"
for script in postinst prerm postrm; do
  install -m 755 "$HERE/src/deb/$script" "$deb/DEBIAN/$script"
done
install -m 644 "$HERE/src/deb/conffiles" "$deb/DEBIAN/conffiles"
size="$(du -sk --exclude=DEBIAN "$deb" | cut -f1)"
sed -e "s|@VERSION@|$VERSION|" -e "s|@SIZE@|$size|" -e "s|@ARCH@|$ARCH|" \
  "$HERE/src/deb/control" >"$deb/DEBIAN/control"
dpkg-deb --root-owner-group --build "$deb" "$OUT/tailgate_${VERSION}_${ARCH}.deb" >/dev/null
rm -rf "$work"
ls -l "$OUT"/*.tar.gz "$OUT"/*.deb
