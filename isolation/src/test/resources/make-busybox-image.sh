#!/bin/sh
# Makes the Docker image lurch-test/busybox:latest that the isolation tests use, from the host's
# static busybox (no registry needed): a root file system with bin/busybox and all its applets,
# imported with `docker import`. Idempotent: does nothing when the image exists.
set -eu
IMAGE=lurch-test/busybox:latest
BUSYBOX=${LURCH_BUSYBOX:-$(command -v busybox || echo /bin/busybox)}

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
    exit 0
fi
ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/bin" "$ROOT/tmp" "$ROOT/workspace"
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$ROOT/bin/$applet"
done
tar -C "$ROOT" -c . | docker import --change 'ENV PATH=/bin' - "$IMAGE" >/dev/null
echo "built $IMAGE from $BUSYBOX"
