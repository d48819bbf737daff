#!/usr/bin/env bash
# Builds an offline base image for `make images`: a minimal Debian bookworm root with a headless
# OpenJDK 17 JRE and CA certificates (debootstrap from the Debian mirror, no container registry),
# packed as a docker-save tar that Jib takes as tar:///path. Needs root and the debootstrap
# package. Usage: base-image.sh <output.tar>
set -euo pipefail

out=${1:?usage: base-image.sh <output.tar>}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root

echo "debootstrap bookworm (minbase + openjdk-17-jre-headless) from $mirror..."
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$root" "$mirror" \
  > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log"; exit 1; }

echo "trimming package caches and documentation..."
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* \
  "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/dev/* "$root"/proc/* "$root"/sys/*
# the services run as uid 185 (the chart's securityContext), with a home for the JVM
chroot "$root" /usr/sbin/useradd --system --uid 185 --gid 0 --home-dir /deployments --no-create-home crowsnest
mkdir -p "$root/deployments"

echo "packing the root file system as one layer..."
mkdir -p "$work/image"
tar --numeric-owner --sort=name -C "$root" -cf "$work/image/layer.tar" .
diff_id=$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)
java_home=$(cd "$root" && ls -d usr/lib/jvm/java-17-openjdk-* | head -1)
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$(date -u +%Y-%m-%dT%H:%M:%SZ)",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/$java_home","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
JSON
cat > "$work/image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["crowsnest/jre-base:17-bookworm"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$out")"
tar -C "$work/image" -cf "$out" manifest.json config.json layer.tar
echo "base image written to $out ($(du -h "$out" | cut -f1))"
