# Sourced by ./pvault (bash) and ./mvnw (POSIX sh, dash here): finds a JDK >= 21 and sets PV_JAVA_HOME, or
# prints one line and returns 1. Looks at JAVA_HOME first, then the usual install folders, then the java on
# PATH; among the folders it prefers the newest JDK. Needs globbing on (./mvnw turns it off around it).

pv_jdk_major() {
    # The major version of the JDK in $1, from its release file (no JVM start, no subprocess: this runs before
    # every pvault command) or else from java -version.
    local home=$1 version="" line
    if [ -f "$home/release" ]; then
        while IFS= read -r line; do
            case "$line" in
                JAVA_VERSION=\"*)
                    version=${line#JAVA_VERSION=\"}
                    version=${version%%\"*}
                    break
                    ;;
            esac
        done <"$home/release"
    fi
    if [ -z "$version" ] && [ -x "$home/bin/java" ]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
    fi
    case "$version" in
        1.*)
            version=${version#1.}
            echo "${version%%[._]*}"
            ;;
        "") echo 0 ;;
        *) echo "${version%%[.+-]*}" ;;
    esac
}

pv_find_jdk() {
    local required=21 candidate best="" best_major=0 major
    PV_JAVA_HOME=""
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        major=$(pv_jdk_major "$JAVA_HOME")
        if [ "$major" -ge "$required" ] 2>/dev/null; then
            PV_JAVA_HOME=$JAVA_HOME
            return 0
        fi
    fi
    for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
        /Library/Java/JavaVirtualMachines/*/Contents/Home \
        /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
        /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
        "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
        [ -x "$candidate/bin/javac" ] || continue
        major=$(pv_jdk_major "$candidate")
        if [ "$major" -ge "$required" ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then
            best=$candidate
            best_major=$major
        fi
    done
    if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
        candidate=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
        major=$(pv_jdk_major "$candidate")
        if [ "$major" -ge "$required" ] 2>/dev/null; then
            best=$candidate
        fi
    fi
    if [ -z "$best" ]; then
        echo "${0##*/}: needs a JDK $required or newer (none found in JAVA_HOME, /usr/lib/jvm or on PATH); install one, e.g. 'apt install openjdk-21-jdk' or https://adoptium.net, or set JAVA_HOME" >&2
        return 1
    fi
    PV_JAVA_HOME=$best
    return 0
}
