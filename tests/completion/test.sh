#!/usr/bin/env bash
# Tests packaging/completion/seesaw: sources it, fills COMP_WORDS/COMP_CWORD the way readline
# does for a command line (blanks separate words; a word break character such as '=' is a
# word of its own), calls the completion function and compares COMPREPLY with what is expected.
# Usage: tests/completion/test.sh [COMPLETION_FILE]. Exit 0 when every case passes.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
completion=${1:-$here/../../packaging/completion/seesaw}
[[ -f $completion ]] || {
    echo "no completion file at $completion" >&2
    exit 2
}

bash -n "$completion" || {
    echo "FAIL: bash -n $completion" >&2
    exit 1
}

# shellcheck source=/dev/null
source "$completion"
complete -p seesaw >/dev/null || {
    echo "FAIL: the file does not register a completion for seesaw" >&2
    exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
touch one.seesaw two.seesaw notes.txt key.pem pub.pem
mkdir keys sub

failures=0
cases=0

# complete LINE: the candidates for the cursor at the end of LINE, sorted, one per line.
complete_line()
{
    local line=$1 word="" c i
    local -a tokens=()
    for ((i = 0; i < ${#line}; i++)); do
        c=${line:i:1}
        if [[ $c == " " ]]; then
            [[ -n $word ]] && tokens+=("$word")
            word=""
        elif [[ $c == "=" && $COMP_WORDBREAKS == *=* ]]; then
            [[ -n $word ]] && tokens+=("$word")
            tokens+=("=")
            word=""
        else
            word+=$c
        fi
    done
    if [[ -n $word ]]; then
        tokens+=("$word")
    elif [[ $line == *" " ]]; then
        tokens+=("")
    fi
    COMP_LINE=$line
    COMP_POINT=${#line}
    COMP_WORDS=("${tokens[@]}")
    COMP_CWORD=$((${#tokens[@]} - 1))
    COMPREPLY=()
    _seesaw seesaw "${tokens[COMP_CWORD]}" "${tokens[COMP_CWORD - 1]:-}"
    if ((${#COMPREPLY[@]})); then
        printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort -u
    fi
}

# expect LINE CANDIDATE...: exactly these candidates (no argument: none at all).
expect()
{
    local line=$1
    shift
    local got want
    got=$(complete_line "$line")
    want=$(if (($#)); then printf '%s\n' "$@" | LC_ALL=C sort -u; fi)
    ((cases++))
    if [[ $got != "$want" ]]; then
        ((failures++))
        printf 'FAIL: "%s" (COMP_WORDBREAKS %s)\n  expected: %s\n  got:      %s\n' "$line" \
            "$([[ $COMP_WORDBREAKS == *=* ]] && echo 'with =' || echo 'without =')" \
            "$(tr '\n' ' ' <<<"$want")" "$(tr '\n' ' ' <<<"$got")"
    fi
}

# expect_has LINE CANDIDATE...: at least these candidates.
expect_has()
{
    local line=$1 candidate got
    shift
    got=$(complete_line "$line")
    ((cases++))
    for candidate in "$@"; do
        if ! grep -qxF -- "$candidate" <<<"$got"; then
            ((failures++))
            printf 'FAIL: "%s" lacks %s; got: %s\n' "$line" "$candidate" "$(tr '\n' ' ' <<<"$got")"
            return
        fi
    done
}

COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'

# Commands and global options.
expect_has "seesaw " install bundle status mark-good mark-bad rollback history monitor health \
    verify-slot keygen --direct --conf --help --version
expect "seesaw ins" install
expect "seesaw mark-" mark-bad mark-good
expect "seesaw --direct " --conf artifacts bundle channel health help history install keygen mark-bad \
    mark-good monitor rollback status verify-slot
expect "seesaw --direct --conf sys.conf st" status
expect "seesaw --conf sys.conf " --direct artifacts bundle channel health help history install keygen \
    mark-bad mark-good monitor rollback status verify-slot
expect "seesaw --conf " key.pem keys notes.txt one.seesaw pub.pem sub two.seesaw
expect "seesaw --conf=n" notes.txt

# bundle and its subcommands.
expect "seesaw bundle " create create-delta delta-stats info verify
expect "seesaw bundle v" verify
expect "seesaw bundle verify " keys one.seesaw sub two.seesaw
expect "seesaw bundle verify --" --base --help --json --keyring
expect "seesaw bundle verify --keyring " keys sub
expect "seesaw bundle verify --keyring keys " keys one.seesaw sub two.seesaw
expect "seesaw bundle verify --keyring keys one.seesaw "
expect "seesaw bundle info --keyring=k" keys
expect "seesaw bundle info --json o" one.seesaw
expect_has "seesaw bundle create-delta --" --from --to --from-version --from-class --keyring \
    --key --level --threads --output --help
expect "seesaw bundle create-delta --to " keys one.seesaw sub two.seesaw
expect_has "seesaw bundle create --" --compatible --version --build --image --artifact --os-release --notes \
    --min-version --hardware --key --add-key --revoke-key --level --threads \
    --requires-battery --requires-free-space --output --help
expect "seesaw bundle create --key " key.pem keys pub.pem sub
expect "seesaw bundle create --add-key p" pub.pem
expect "seesaw bundle create --image " rootfs=
expect "seesaw bundle create --image rootfs=no" notes.txt
expect "seesaw bundle create --image rootfs=" key.pem keys notes.txt one.seesaw pub.pem sub \
    two.seesaw
expect "seesaw bundle create --notes " de= en= es= fr= zh_CN=
expect "seesaw bundle create --artifact " confext: files: sysext: tree:
expect "seesaw bundle create --artifact files:models/m:1=no" notes.txt
expect "seesaw bundle create --os-release p" pub.pem
expect "seesaw artifacts " rollback
expect "seesaw artifacts --" --help --json
expect "seesaw bundle create --notes en=n" notes.txt
expect "seesaw bundle create --level 1" 1 10 11 12 13 14 15 16 17 18 19
expect "seesaw bundle create --compatible "
expect "seesaw bundle create -o t" two.seesaw
expect "seesaw bundle create --version 1.0.0 --key key.pem --out" --output

# channel and its subcommands.
expect "seesaw channel " check download install set sign status verify
expect "seesaw channel set --" --default --help --json --url
expect "seesaw channel status --" --help --json
expect "seesaw channel sign --" --help --key --output
expect "seesaw channel sign --key " key.pem keys pub.pem sub
expect_has "seesaw channel verify --" --keyring --sig --now --channel --compatible --version \
    --machine-id --json --help
expect "seesaw channel verify --keyring keys --channel beta --now "

# keygen.
expect "seesaw keygen --" --help --name --out --public
expect "seesaw keygen --out k" key.pem keys
# A name is free text: no file names offered, and the option after it completes again.
expect "seesaw keygen --name "
expect "seesaw keygen --name Acme --p" --public

# Device commands.
expect "seesaw install " keys one.seesaw sub two.seesaw
expect "seesaw install --yes t" two.seesaw
expect "seesaw install --" --allow-downgrade --dry-run --help --reinstall --replace-known-good --yes
expect "seesaw install one.seesaw "
expect "seesaw --direct install --dry-run o" one.seesaw
expect "seesaw status --" --help --json
expect "seesaw mark-good " booted other
expect "seesaw --direct mark-bad o" other
expect "seesaw mark-good booted "
expect "seesaw verify-slot " booted other
expect "seesaw history --" --help --json --limit --verify
expect "seesaw history --limit "
expect "seesaw health --" --help --json --no-reboot
expect "seesaw rollback "
expect "seesaw monitor --" --help
expect "seesaw frobnicate "

# The same where '=' does not break words (the whole KEY=VALUE word is replaced).
COMP_WORDBREAKS=$' \t\n"\'><;|&(:'
expect "seesaw bundle create --image rootfs=no" rootfs=notes.txt
expect "seesaw bundle create --notes de=n" de=notes.txt
expect "seesaw bundle info --keyring=k" --keyring=keys
expect "seesaw --conf=n" --conf=notes.txt
expect "seesaw bundle verify " keys one.seesaw sub two.seesaw

if ((failures)); then
    echo "$failures of $cases completion cases failed"
    exit 1
fi
echo "all $cases completion cases passed"
