# Source this file: exports JAVA_HOME pointing at a JDK 21 or newer.
# Keeps an existing JAVA_HOME (or the java on PATH) when it is new enough, otherwise picks the
# newest JDK under /usr/lib/jvm (Debian and Temurin packages install there).

_java_feature() { # prints the feature version of the java binary $1, e.g. 17 or 25
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}

_pick_java_home() {
  local candidate v best="" best_v=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    v=$(_java_feature "$JAVA_HOME/bin/java")
    if [ "${v:-0}" -ge 21 ] 2>/dev/null; then echo "$JAVA_HOME"; return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    v=$(_java_feature java)
    if [ "${v:-0}" -ge 21 ] 2>/dev/null; then
      dirname "$(dirname "$(readlink -f "$(command -v java)")")"; return 0
    fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    v=$(_java_feature "$candidate/bin/java")
    if [ "${v:-0}" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$candidate"; best_v=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}

if _jh=$(_pick_java_home) && [ -n "$_jh" ]; then
  export JAVA_HOME="$_jh"
  export PATH="$JAVA_HOME/bin:$PATH"
else
  echo "error: no JDK 21 or newer found; install one and set JAVA_HOME" >&2
  return 1 2>/dev/null || exit 1
fi
unset _jh
