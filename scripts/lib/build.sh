# Builds quietly: progress lines are dropped, a failure shows the compiler's messages and stops.
# Sourced by the other scripts. Usage: quiet_build WHAT swift-build-arguments...
quiet_build() {
    local what=$1 log
    shift
    log=$(mktemp /tmp/vdi-build.XXXXXX)
    if ! swift build "$@" >"$log" 2>&1; then
        grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking|Planning)' "$log" >&2
        rm -f "$log"
        echo "$what: the build failed" >&2
        return 1
    fi
    grep -E 'warning:' "$log" | sort -u >&2 || true
    rm -f "$log"
}
