#!/usr/bin/env bash
# gbstat's outputs fail loudly and never land where they should not: an
# empty --dir is refused (it meant /), stdout that cannot be written is an
# error, report files appear whole or not at all, charts say what they had
# no room for, machines that differ only past byte 127 of their CPU model
# are different machines, and text from a file reaches an error line with
# its control characters replaced.
. "$(dirname "$0")/lib.sh"
a=$fx/vm-6.12-policies-a.jsonl b=$fx/vm-6.12-policies-b.jsonl

expect 2 "--dir: needs a folder name" report "$a" --dir ''
expect 2 "--dir: needs a folder name" data "$a" --dir ''
for cmd in "summary $a" "compare $a $b"; do
	rc=0; "$GBSTAT" $cmd > /dev/full 2>"$tmp/err" || rc=$?
	[ $rc = 1 ] && grep -q "^gbstat: cannot write to stdout" "$tmp/err" ||
		fail "gbstat $cmd > /dev/full: exit $rc: $(cat "$tmp/err")"
done

# Report files are written whole, then renamed: none is left as .tmp.
mkdir "$tmp/rep"
"$GBSTAT" report "$a" --dir "$tmp/rep" > /dev/null 2>&1 || fail "report failed"
[ -s "$tmp/rep/report.md" ] && [ -s "$tmp/rep/meta.gp" ] || fail "report files missing"
grep -q '\.tmp$\|^\.' <<< "$(ls -A "$tmp/rep")" && fail "a temporary file was left: $(ls -A "$tmp/rep")"
[ "$(stat -c %a "$tmp/rep/report.md")" = "$(printf '%o' $((0666 & ~$(umask))))" ] ||
	fail "report.md has mode $(stat -c %a "$tmp/rep/report.md"), not 0666 less the umask"
# A link planted where a temporary could be (the old fixed NAME.tmp) is
# not written through, nor is a chart linked to another file embedded.
echo victim > "$tmp/victim"
mkdir "$tmp/planted"
for f in report.md mail.txt meta.gp drains.dat trend.dat; do ln -s "$tmp/victim" "$tmp/planted/$f.tmp"; done
"$GBSTAT" report "$a" --dir "$tmp/planted" > /dev/null 2>&1 || fail "report next to planted links failed"
[ "$(cat "$tmp/victim")" = victim ] || fail "the report was written through a planted link"
ln -s /etc/hostname "$tmp/planted/drains.svg"
"$GBSTAT" html --dir "$tmp/planted" > /dev/null 2>&1 || fail "html failed"
python3 - "$tmp/planted/report.html" "$(head -c 60 /etc/hostname)" <<'PY' || fail "report.html embedded a file a chart name links to"
import base64, re, sys
page = open(sys.argv[1]).read()
for blob in re.findall(r"base64,([A-Za-z0-9+/=]+)", page):
    assert sys.argv[2] not in base64.b64decode(blob).decode("latin-1"), "embedded"
PY
# A path longer than the system's limit is refused, not cut short.
long=$tmp/$(head -c 300 /dev/zero | tr '\0' d)/$(head -c 250 /dev/zero | tr '\0' e)/$(head -c 250 /dev/zero | tr '\0' f)/$(head -c 250 /dev/zero | tr '\0' g)/
long=$long$long$long$long
expect 2 "longer than" report "$a" --dir "${long%/}"

# 17 kernels: one more variant than a chart holds; it says so.
for k in $(seq 1 17); do synth "$tmp/k$k.jsonl" 3 0 --seed "$k" --release "6.$k" --tcg; done
rc=0; "$GBSTAT" report "$tmp"/k*.jsonl --dir "$tmp/rep" >/dev/null 2>"$tmp/err" || rc=$?
grep -q "the charts hold 16 kernel/policy variants .*: [1-9][0-9]* calls are in the tables but not in every chart" "$tmp/err" ||
	fail "a chart dropped a variant silently: $(cat "$tmp/err")"
grep -q "^Not everything is drawn: the charts hold 16" "$tmp/rep/report.md" ||
	fail "report.md does not say what the charts left out"

# CPU models equal for 127 bytes, then different: not the same machine.
m=$(head -c 127 /dev/zero | tr '\0' M)
synth "$tmp/m1.jsonl" 6 0 --seed 1 --cpu "${m}one"
synth "$tmp/m2.jsonl" 6 0 --seed 2 --cpu "${m}two"
expect 2 "fingerprints differ" compare "$tmp/m1.jsonl" "$tmp/m2.jsonl"

# A control sequence inside a file reaches the error line replaced.
printf '{"type":"\033[31menvelope\n' > "$tmp/esc.jsonl"
rc=0; "$GBSTAT" summary "$tmp/esc.jsonl" 2>"$tmp/err" >/dev/null || rc=$?
[ $rc = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] || fail "a bad file: exit $rc, $(wc -l < "$tmp/err") lines"
grep -q "$(printf '\033')" "$tmp/err" && fail "an escape sequence from a file reached the terminal"
# render.sh draws into the folder it is given, even one named "-" or one
# whose name ends in a newline, and nowhere else.
if command -v gnuplot >/dev/null; then
	render=$here/../../plots/render.sh
	for name in - $'nl\n'; do
		mkdir -p "$tmp/r/$name" "$tmp/r/nl"
		"$GBSTAT" data "$a" --dir "$tmp/r/$name" >/dev/null 2>&1 || fail "gbstat data into '$name'"
		(cd "$tmp/r" && "$render" "$name" 2>"$tmp/err") || fail "render.sh '$name': $(cat "$tmp/err")"
		[ -s "$tmp/r/$name/drains.png" ] || fail "render.sh '$name' drew elsewhere"
	done
	[ ! -e "$tmp/r/nl/drains.png" ] || fail "a folder name ending in a newline was drawn into another folder"
	rc=0; "$render" '' 2>/dev/null || rc=$?
	[ $rc = 2 ] || fail "render.sh '': exit $rc"
fi
echo "outputs: all checks passed"
