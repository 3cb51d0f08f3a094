#!/bin/sh
# /init of the gupbench initramfs: mount what gupbench needs, run it with
# the arguments the host put in /gupbench.args, send the results back on
# the second serial port with a line count and checksum, power off.
export PATH=/bin:/sbin:/usr/bin
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
if [ -f /gupbench.script ]; then
	# A test's own sequence (e.g. kill a run, then start another): it
	# writes /tmp/results.jsonl itself; its stdout comes back as well.
	sh /gupbench.script "$@" > /tmp/stdout.txt
else
	/bin/gupbench "$@" --out /tmp/results.jsonl > /tmp/stdout.txt
fi
rc=$?
cat /tmp/stdout.txt
[ -f /tmp/results.jsonl ] || : > /tmp/results.jsonl

# Files travel raw on ttyS1 (no newline translation, no echo), each
# framed with its line count and checksum, then the exit code.
send() {
	echo "GUPBENCH-FILE name=$1 lines=$(wc -l < "/tmp/$1" | tr -d ' ') sha256=$(sha256sum "/tmp/$1" | cut -d' ' -f1)"
	cat "/tmp/$1"
	echo "GUPBENCH-FILE-END name=$1"
}
stty -F /dev/ttyS1 raw -echo 2>/dev/null
{
	send results.jsonl
	send stdout.txt
	echo "GUPBENCH-EXIT rc=$rc"
} > /dev/ttyS1
sync
echo "gupbench-guest: done, gupbench exit $rc"
reboot -f
