# Cross-build gupbench for an arm64 guest or server against Debian's
# multiarch :arm64 libraries (dpkg --add-architecture arm64; the -dev
# packages run_bench.sh lists for arm64):
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
# Only gupbench is built (GB_GUEST_ONLY): gbstat and the tests stay on the
# host, which reads results files of either architecture.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
# Debian's multiarch layout: libraries in /usr/lib/aarch64-linux-gnu,
# headers shared in /usr/include; pkg-config must not see the host's .pc files.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
set(GB_GUEST_ONLY ON CACHE BOOL "gupbench only" FORCE)
