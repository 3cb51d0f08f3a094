#!/bin/sh
# /init of the gupbench initramfs: mount what gupbench needs, run it with
# the arguments the host put in /gupbench.args, send the results back on
# the second serial port with a line count and checksum, power off.
export PATH=/bin:/sbin:/usr/bin
# An initramfs made for another architecture than the host's has only sh.
[ -e /bin/mount ] || /bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mkdir -p /tmp /run && mount -t tmpfs tmpfs /tmp && mount -t tmpfs tmpfs /run

echo "gupbench-guest: $(uname -r), $(grep -c ^processor /proc/cpuinfo) CPU(s)"
# How the host shaped this VM: gupbench records it in the envelope.
[ -f /vm-plan.txt ] && export GB_VM_PLAN=/vm-plan.txt
[ -f /kernel-source.txt ] && export GB_KERNEL_SOURCE=/kernel-source.txt
set --
while IFS= read -r arg; do set -- "$@" "$arg"; done < /gupbench.args
if [ -f /gupbench.script ] && [ -f /host-root ]; then
	# run-vm.sh --host-root: the script runs on the host's own files (its
	# root, read-only over virtio-9p, written through an overlay on this
	# guest's tmpfs), so the suite's real scripts and QEMU run in here.
	# It writes its results in $GB_GUEST_OUT, a folder of its own.
	mkdir -p /host /rw /newroot
	mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144 gbhostroot /host &&
	mount -t tmpfs tmpfs /rw && mkdir -p /rw/upper /rw/work &&
	mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot &&
	mount -t proc proc /newroot/proc && mount -t sysfs sysfs /newroot/sys &&
	mount -t devtmpfs devtmpfs /newroot/dev &&
	mkdir -p /newroot/gupbench-guest-out && mount -t tmpfs tmpfs /newroot/gupbench-guest-out &&
	mount -t tmpfs tmpfs /newroot/dev/shm 2>/dev/null
	# bash's <(...) opens /dev/fd/N, which devtmpfs does not make.
	ln -sf /proc/self/fd /newroot/dev/fd
	if [ -d /newroot/gupbench-guest-out ] && cp /gupbench.script /newroot/gupbench-guest-out/script; then
		# Its output also goes to the console as it comes: run-vm.sh
		# shows the "gupbench-nested:" lines while the script runs.
		{ chroot /newroot /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
			LANG=C.UTF-8 GB_GUEST_OUT=/gupbench-guest-out \
			/bin/sh /gupbench-guest-out/script "$@" 2>&1
		  echo $? > /tmp/script.rc; } | tee /tmp/stdout.txt |
			awk '{ print "gupbench-nested: " $0; fflush() }'
		rc=$(cat /tmp/script.rc)
		cp /newroot/gupbench-guest-out/results.jsonl /tmp/results.jsonl 2>/dev/null
		(exit $rc)
	else
		echo "gupbench-guest: the host's root could not be mounted (virtio-9p, overlay)"
		(exit 1)
	fi
elif [ -f /gupbench.script ]; then
	# A test's own sequence (e.g. kill a run, then start another): it
	# writes /tmp/results.jsonl itself; its stdout comes back as well.
	sh /gupbench.script "$@" > /tmp/stdout.txt
else
	/bin/gupbench "$@" --out /tmp/results.jsonl > /tmp/stdout.txt
fi
rc=$?
cat /tmp/stdout.txt
[ -f /tmp/results.jsonl ] || : > /tmp/results.jsonl

# Files travel raw on the results port (no newline translation, no echo),
# each framed with its line count and checksum, then the exit code.  It is
# ttyS1 on x86 (the console is ttyS0); on arm64's virt machine the console
# is the PL011 (ttyAMA0) and the results port a PCI 16550, ttyS0: run-vm.sh
# names it with gupbench.results=.
port=ttyS1
for word in $(cat /proc/cmdline); do
	case $word in gupbench.results=ttyS[0-9]) port=${word#gupbench.results=} ;; esac
done
line=${port#ttyS}
send() {
	# The end marker must start a line: a file whose last line has no
	# newline (a console's last progress line) gets one first.
	[ ! -s "/tmp/$1" ] || [ "$(tail -c 1 "/tmp/$1" | wc -l)" = 1 ] || echo >> "/tmp/$1"
	echo "GUPBENCH-FILE name=$1 lines=$(wc -l < "/tmp/$1" | tr -d ' ') sha256=$(sha256sum "/tmp/$1" | cut -d' ' -f1)"
	cat "/tmp/$1"
	echo "GUPBENCH-FILE-END name=$1"
}
{
	send results.jsonl
	send stdout.txt
	echo "GUPBENCH-EXIT rc=$rc"
} > /tmp/frame
stty -F /dev/$port raw -echo 2>/dev/null
# Closing the port waits at most 30 s (the 8250's closing_wait) for the
# UART, then drops what is left, and a VM under nested emulation sends
# slower than that.  So the port stays open until the driver's tx count
# has every byte (at most 10 minutes), and only then does /init power off.
exec 3> /dev/$port
cat /tmp/frame >&3
want=$(wc -c < /tmp/frame)
sent() { awk -v line="$line:" '$1 == line { for (k = 2; k <= NF; k++) if ($k ~ /^tx:/) print substr($k, 4) }' /proc/tty/driver/serial; }
waited=0
while [ "$(sent)" -lt "$want" ] 2>/dev/null && [ $waited -lt 6000 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
exec 3>&-
sync
echo "gupbench-guest: done, gupbench exit $rc"
reboot -f
