#!/bin/bash
# Install and package (issue 12): `cmake --install` puts the binary, the manual pages, the
# completions, the schemas and the examples in their standard places; there is a manual page
# for every command and nested command, listing every flag of its --help, and itk.toml(5)
# names every key of the default config; `itk help COMMAND` at a terminal shows the manual;
# `cpack -G DEB` builds a .deb whose declared dependencies cover every library the binary
# links, and the binary extracted from it with `dpkg -x` runs a store's whole day.
. "$(dirname "$0")/lib.sh"

BUILD=$(cd "$(dirname "$ITK")" && pwd)
test -f "$BUILD/cmake_install.cmake" || fail "no cmake build directory at $BUILD"
for tool in cmake cpack man dpkg-deb script; do
	command -v "$tool" >/dev/null || fail "$tool is needed"
done
long_flags() { sed -nE 's/^  (-[a-zA-Z],)?(--[a-z0-9][a-z0-9-]*).*/\2/p'; }
subcommands() { sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'; }
# render PAGE: the manual as text; man's warnings are failures.
render() {
	MANWIDTH=2000 man -l "$1" 2>"$TRASH/man-err" | col -b >"$TRASH/page"
	test_must_be_empty "$TRASH/man-err"
}

step 'cmake --install: binary, manuals, completions, schemas and examples in their standard places'
test_expect_code 0 cmake --install "$BUILD" --prefix "$TRASH/root"
R=$TRASH/root
for f in bin/itk share/man/man1/itk.1 share/man/man1/itk-open.1 share/man/man5/itk.toml.5 \
	share/bash-completion/completions/itk share/zsh/site-functions/_itk share/fish/vendor_completions.d/itk.fish \
	share/itk/schemas/ticket.schema.json share/itk/schemas/config.schema.json share/doc/itk/examples/itk.toml \
	share/doc/itk/examples/cron/weekly.sh share/doc/itk/examples/git/pre-commit; do
	test_path_is_file "$R/$f"
done
test -x "$R/bin/itk" || fail 'the installed binary is not executable'
test -x "$R/share/doc/itk/examples/git/pre-commit" || fail 'the installed pre-commit hook is not executable'
test_expect_code 0 "$R/bin/itk" --version

step 'a manual page for every command and nested command, naming every flag of its --help'
"$ITK" --help | subcommands >commands
test "$(wc -l <commands)" -ge 30 || fail 'too few commands'
render "$R/share/man/man1/itk.1"
while read -r c; do
	test_grep -qE "^ *$c( |$)" "$TRASH/page"
done <commands
"$ITK" --help | long_flags >flags
while read -r f; do test_grep -qe "$f" "$TRASH/page"; done <flags
check_page() { # check_page PAGE ARGS...: every flag of `itk ARGS --help` is in the page
	local page=$1
	shift
	test_path_is_file "$R/share/man/man1/$page.1"
	render "$R/share/man/man1/$page.1"
	"$ITK" "$@" --help >help
	for f in $(long_flags <help); do
		test_grep -qe "$f" "$TRASH/page"
	done
	test_grep -q "^SYNOPSIS" "$TRASH/page"
	# the synopsis spells the command as typed: 'itk git-setup', 'itk major declare'
	test_equal "itk $*" "$(sed -n '/^SYNOPSIS/{n;p;q}' "$TRASH/page" | sed -E 's/^ +//' | cut -d' ' -f1-$(($# + 1)))" \
		"the synopsis of $page"
}
pages=0
while read -r c; do
	check_page "itk-$c" "$c"
	pages=$((pages + 1))
	"$ITK" "$c" --help | subcommands >subs
	while read -r s; do
		check_page "itk-$c-$s" "$c" "$s"
		pages=$((pages + 1))
	done <subs
done <commands
test_equal "$pages" "$(find "$R/share/man/man1" -name 'itk-*.1' | wc -l | tr -d ' ')" 'pages, one per command'

step 'itk.toml(5) names every table and key of the default config'
render "$R/share/man/man5/itk.toml.5"
sed -nE 's/^\[([a-z_.]+)\].*/\1/p; s/^([a-z_]+) *=.*/\1/p' "$ITK_SOURCE_DIR/examples/itk.toml" | sort -u >keys
test "$(wc -l <keys)" -ge 10 || fail "only $(wc -l <keys) keys read from examples/itk.toml"
while read -r k; do
	test_grep -qF "$k" "$TRASH/page"
done <keys

step 'itk help COMMAND at a terminal shows the installed manual; in a pipe, the --help text'
export MANPATH="$R/share/man" MANPAGER=cat PAGER=cat MANWIDTH=100
test_expect_code 0 man -w itk-open
script -qec "'$R/bin/itk' help open" /dev/null | col -b >shown
test_grep -q 'itk-open(1)' shown
test_grep -q 'OPTIONS' shown
test_expect_code 0 "$R/bin/itk" help open
test_grep -q '^Usage: open' out
unset MANPATH MANPAGER PAGER MANWIDTH

step 'cpack builds a .deb whose dependencies cover every library the binary links'
test_expect_code 0 cpack -G DEB --config "$BUILD/CPackConfig.cmake" -B "$TRASH/pkg"
deb=$(ls "$TRASH"/pkg/itk_*.deb)
test_equal itk "$(dpkg-deb -f "$deb" Package)" 'package name'
depends=$(dpkg-deb -f "$deb" Depends)
test_expect_code 0 dpkg -x "$deb" "$TRASH/x"
test_path_is_file "$TRASH/x/usr/bin/itk"
test_path_is_file "$TRASH/x/usr/share/man/man1/itk-open.1"
test_path_is_file "$TRASH/x/usr/share/bash-completion/completions/itk"
ldd "$TRASH/x/usr/bin/itk" | awk '$3 ~ /^\// {print $3}' >libs
test "$(wc -l <libs)" -ge 4 || fail 'ldd found too few libraries'
while read -r lib; do
	case $(basename "$lib") in
	libasan.* | libubsan.* | liblsan.* | libtsan.*) continue ;; # the sanitized build of CI: never shipped
	esac
	# /lib is /usr/lib (merged /usr): dpkg knows the file by one of the two names.
	owner=$({ dpkg -S "$lib" || dpkg -S "/usr$lib" || dpkg -S "${lib#/usr}"; } 2>/dev/null | head -n 1 | cut -d' ' -f1)
	owner=${owner%:}
	owner=${owner%%:*}
	test -n "$owner" || fail "no package owns $lib"
	case ", $depends" in
	*", $owner "* | *", $owner,"* | *", $owner") ;;
	*) fail "$lib comes from $owner, which the .deb does not depend on (Depends: $depends)" ;;
	esac
done <libs

step 'the extracted binary runs a day of a store: init, open, resolve, close, report, fsck'
X=$TRASH/x/usr/bin/itk
test_expect_code 0 "$X" init store
cd store
export ITK_NOW=2026-11-21T09:00:00Z
test_expect_code 0 "$X" open --title 'Printer down' --caller julie --impact low --urgency low --to bob
id=$(cat "$TRASH/out")
test_expect_code 0 env ITK_NOW=2026-11-21T10:00:00Z "$X" resolve "$id" --solution 'new toner' --kind permanent --as bob
test_expect_code 0 env ITK_NOW=2026-11-21T11:00:00Z "$X" close "$id" --confirmed-by julie
test_equal closed "$(json_get "tickets/$id.json" status)"
test_expect_code 0 env ITK_NOW=2026-11-22T00:00:00Z "$X" report --period 2026-11-21 --format json
test_equal 1 "$(json_get "$TRASH/out" opened)" 'opened in the report'
test_equal 1 "$(json_get "$TRASH/out" closed)" 'closed in the report'
test_equal 3600.0 "$(json_get "$TRASH/out" mttr_seconds.all.mean)" 'MTTR: resolved 1 h after the open'
test_expect_code 0 "$X" fsck
validate_store .
