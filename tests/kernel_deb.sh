#!/usr/bin/env bash
# build-kernel.sh --deb packages the kernel the Debian way (kbuild's
# bindeb-pkg): a linux-image .deb, cached beside the image, whose
# vmlinuz is the kernel built and whose config carries gupbench's
# fragment; asked again, it comes from the cache.
. "$(dirname "$0")/lib.sh"
top=$(cd "$(dirname "$0")/.." && pwd)
command -v dpkg-buildpackage > /dev/null || skip "no dpkg-buildpackage (./run_bench.sh kernel installs dpkg-dev, debhelper, kmod)"
"$top/kernel-configs/build-kernel.sh" --deb > "$TMP/out" 2> "$TMP/err" ||
	fail "build-kernel --deb failed: $(tail -n 3 "$TMP/err")"
bz=$(sed -n 1p "$TMP/out") deb=$(sed -n 2p "$TMP/out")
[ -f "$bz" ] && [[ $deb == */deb/linux-image-*.deb ]] && [ -f "$deb" ] || fail "no image and .deb printed: $(cat "$TMP/out")"
grep -q "Package: linux-image-" <<< "$(dpkg-deb -I "$deb")" || fail "$deb is not a linux-image package"
mkdir "$TMP/x" && dpkg-deb -x "$deb" "$TMP/x"
grep -qx CONFIG_RDMA_RXE=y "$TMP/x"/boot/config-* && grep -qx CONFIG_IOMMUFD_TEST=y "$TMP/x"/boot/config-* ||
	fail "the packaged config lacks gupbench's fragment"
ls "$TMP/x"/boot/vmlinuz-* > /dev/null || fail "no vmlinuz in the package"
"$top/kernel-configs/build-kernel.sh" --deb > "$TMP/again" 2> "$TMP/err2" || fail "a second --deb failed"
grep -q "cached" "$TMP/err2" && cmp -s "$TMP/out" "$TMP/again" || fail "the .deb was not taken from the cache"
echo "kernel_deb: $(basename "$deb")"
