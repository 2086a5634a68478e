#!/usr/bin/env bash
# Imports a busybox rootfs as the local Docker image lurch-test/busybox:latest (no registry needed).
set -euo pipefail
image=lurch-test/busybox:latest
docker image inspect "$image" >/dev/null 2>&1 && exit 0
busybox=$(command -v busybox)
rootfs=$(mktemp -d)
trap 'rm -rf "$rootfs"' EXIT
mkdir -p "$rootfs/bin" "$rootfs/tmp" "$rootfs/workspace" "$rootfs/etc"
cp "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$rootfs/etc/passwd"
tar -C "$rootfs" -c . | docker import - "$image" >/dev/null
echo "imported $image" >&2
