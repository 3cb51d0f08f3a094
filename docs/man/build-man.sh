#!/usr/bin/env bash
# A manual page: the tool's own roff (from its option table), then an
# EXAMPLE section of real output, verbatim.
#   build-man.sh TOOL OUT EXAMPLE-FILE
set -euo pipefail
[ $# = 3 ] || { echo "usage: build-man.sh TOOL OUT EXAMPLE-FILE" >&2; exit 2; }
tool=$1 out=$2 example=$3
{
	"$tool" manpage
	printf '.SH EXAMPLE\n.nf\n'
	# Verbatim: a backslash is \e, a line may not start a request.
	sed -e 's/\\/\\e/g' -e 's/^[.'"'"']/\\\&&/' "$example"
	printf '.fi\n'
} > "$out.tmp"
mv "$out.tmp" "$out"
