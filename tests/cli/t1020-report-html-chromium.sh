#!/bin/bash
# itk report --format html --trend 4: the file renders in a real browser (headless Chromium,
# Debian's `chromium` package), offline, with its SVG charts and escaped ticket text.
. "$(dirname "$0")/lib.sh"

CHROMIUM=/usr/bin/chromium
if ! test -x "$CHROMIUM"; then
	if test "${CI:-}" = true; then
		fail "$CHROMIUM is missing (install Debian's chromium package); required in CI"
	fi
	echo "SKIP $TEST_NAME: $CHROMIUM is not installed (apt-get install chromium)"
	exit 0
fi

"$ITK" init >/dev/null 2>&1


step 'a store with activity over five weeks'
# One resolved P3 in each of W43..W46, then a busier W47 with a major incident whose title
# holds markup characters.
i=0
for day in 2026-10-20 2026-10-27 2026-11-03 2026-11-10; do
	i=$((i + 1))
	open_at "${day}T09:00:00Z" t --title "weekly $i" --caller ann --impact medium --urgency medium --to bob
	at "${day}T15:00:00Z" resolve "$t" --solution fixed --kind permanent
done
open_at 2026-11-17T08:00:00Z B --title 'Core <switch> & "router" down' --caller bea --impact high --urgency high --to bob
at 2026-11-17T08:05:00Z coordinate "$B" --by dave
at 2026-11-17T10:30:00Z resolve "$B" --solution 'replaced the supervisor card' --kind permanent
open_at 2026-11-18T09:00:00Z C --title 'VPN slow' --caller cid --impact medium --urgency high --to bob
open_at 2026-11-19T09:00:00Z D --title 'Printer jam' --caller dan --impact low --urgency low
open_at 2026-11-20T09:00:00Z E --title 'Mail quota' --caller eve --impact medium --urgency low --to bob
at 2026-11-20T11:00:00Z resolve "$E" --solution 'raised the quota' --kind workaround
at 2026-11-20T12:00:00Z close "$E" --confirmed-by eve --satisfaction 5

step 'the html report with a trend of four periods'
export ITK_NOW=2026-11-30T00:00:00Z
test_expect_code 0 "$ITK" report --period 2026-W47 --trend 4 --format html
test_must_be_empty err
cp out report.html
test_grep -i '<svg' report.html

step 'the charts a manager reads: trends over the weeks, targets drawn, colours that mean good or bad'
"$PYTHON" - report.html <<-'EOF' || fail 'the charts are not what a manager reads (see above)'
	import re, sys
	h = open(sys.argv[1], encoding="utf-8").read()
	charts = dict(re.findall(r"<svg[^>]*><title>([^<]*)</title>(.*?)</svg>", h, re.S))
	weeks = ["2026-W43", "2026-W44", "2026-W45", "2026-W46", "2026-W47"]
	# Trends: the five weeks on the x axis, in order, on each trend chart.
	trends = [t for t in charts if "per period" in t or "end of each period" in t]
	assert len(trends) >= 4, trends
	for t in trends:
	    xs = re.findall(r'<text class="x"[^>]*>([^<]*)</text>', charts[t])
	    assert xs == weeks, (t, xs)
	# Opened per period as columns: W43..W46 one each, W47 four (B, C, D, E).
	opened = charts["Opened and resolved per period"]
	tips = re.findall(r'<rect[^>]*fill="#4f6fb0"><title>([^<]*)</title>', opened)
	assert tips == ["2026-W43: 1", "2026-W44: 1", "2026-W45: 1", "2026-W46: 1", "2026-W47: 4"], tips
	# MTTR over time: a line, one point a week: 6 h in W43..W46; W47: B 2h30m and E 2 h, mean 2h15m.
	mttr = charts["MTTR (mean) per period"]
	assert "<polyline" in mttr, mttr
	points = re.findall(r"<circle[^>]*><title>([^<]*)</title>", mttr)
	assert points == ["2026-W43: 6h", "2026-W44: 6h", "2026-W45: 6h", "2026-W46: 6h", "2026-W47: 2h 15m"], points
	# The resolution targets are drawn on the MTTR chart: one dashed mark per priority.
	per_priority = charts["MTTR (mean) per priority, against its resolution target (dashed)"]
	assert per_priority.count('class="target"') == 5, per_priority.count('class="target"')
	# Colours: green for met or within target, red for breached or late, blues for counts; nothing else.
	fills = set(re.findall(r'<rect[^>]*fill="(#[0-9a-f]{6})"', h))
	assert fills <= {"#2e7d32", "#c62828", "#4f6fb0", "#9fb3d9"}, fills
	sla = charts["Resolution SLA per priority: met and breached"]
	assert 'fill="#2e7d32"' in sla, sla
	print("charts:", len(charts), "trend charts:", len(trends))
EOF

chromium_run() {
	local profile
	profile=$(mktemp -d "$TRASH/profile.XXXXXX")
	timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@"
}

step 'chromium loads it: the DOM has the title, the charts and the escaped text'
chromium_run --dump-dom "file://$TRASH/report.html" >dom.html 2>chromium-dom.err ||
	{ _show_file 'chromium stderr' chromium-dom.err; fail 'chromium --dump-dom failed'; }
test -s dom.html || fail 'chromium dumped an empty DOM'
test_grep -F '<title>Incident KPIs' dom.html
test_grep -F '2026-W47' dom.html
test_grep -i '<svg' dom.html
test "$(grep -o -i '<svg' dom.html | wc -l)" -ge 2 || fail 'fewer than two svg charts in the DOM'
# the trend covers the four weeks before W47, and W47
for w in 43 44 45 46 47; do
	test_grep -F "2026-W$w" dom.html
done
# the title's markup characters are text, not elements
test_grep -F 'Core &lt;switch&gt; &amp;' dom.html
test_grep -v -i '<switch' dom.html
# nothing was fetched from the network: no external reference in what was loaded
"$PYTHON" - dom.html <<-'EOF' || fail 'the DOM references the network (see above)'
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
bad = set(re.findall(r"https?://[^\s\"'<>)]*", h)) - {"http://www.w3.org/2000/svg"}
if bad:
    sys.exit(f"external references: {sorted(bad)}")
EOF

step 'chromium renders it: a 1280x2000 screenshot that is not blank'
chromium_run --screenshot="$TRASH/shot.png" --window-size=1280,2000 "file://$TRASH/report.html" \
	>chromium-shot.out 2>chromium-shot.err ||
	{ _show_file 'chromium stderr' chromium-shot.err; fail 'chromium --screenshot failed'; }
test_path_is_file shot.png
# Decode the PNG with zlib alone (no PIL): IHDR, the IDAT stream, the five row filters.
"$PYTHON" - shot.png <<-'EOF' || fail 'the screenshot looks blank or broken (see above)'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("not a PNG")
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    (n,) = struct.unpack(">I", data[pos:pos + 4])
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
    if zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])[0]:
        sys.exit(f"bad CRC in chunk {kind!r}")
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    elif kind == b"IEND":
        break
    pos += 12 + n
w, h, depth, ctype, _, _, interlace = ihdr
if (w, h) != (1280, 2000):
    sys.exit(f"screenshot is {w}x{h}, expected 1280x2000")
channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(ctype)
if depth != 8 or channels is None or interlace != 0:
    sys.exit(f"unsupported PNG: depth {depth}, colour type {ctype}, interlace {interlace}")
raw = zlib.decompress(idat)
stride = w * channels
if len(raw) != h * (stride + 1):
    sys.exit("IDAT size does not match the image size")
prev = bytearray(stride)
colours, white = set(), 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    bpp = channels
    if f == 1:
        for i in range(bpp, stride):
            line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        for i in range(stride):
            line[i] = (line[i] + prev[i]) & 255
    elif f == 3:
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 255
    elif f != 0:
        sys.exit(f"bad filter {f} on row {y}")
    prev = line
    if ctype in (2, 6):
        px = [bytes(line[i:i + 3]) for i in range(0, stride, channels)]
    else:
        px = [bytes([line[i]] * 3) for i in range(0, stride, channels)]
    colours.update(px)
    white += sum(1 for p in px if p == b"\xff\xff\xff")
share = 1 - white / (w * h)
print(f"screenshot: {len(colours)} colours, {share:.1%} not white")
if len(colours) <= 10:
    sys.exit(f"only {len(colours)} distinct colours: a blank page?")
if share < 0.02:
    sys.exit(f"only {share:.2%} of the pixels are not white: a blank page?")
EOF

step 'markdown renders the same everywhere: markup characters of a title as entities, never a literal "\<"'
test_expect_code 0 "$ITK" report --period 2026-W47 --format markdown
test_grep -F 'Core &lt;switch> &amp; "router" down' out
test_grep -v -F '\<' out
