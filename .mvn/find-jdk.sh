# Sourced by ./mvnw and the project's scripts: point JAVA_HOME at a JDK 25 or newer.
# Order: JAVA_HOME if it already is 25+, then /usr/lib/jvm/*25* (and newer), else one clear line and exit 1.
jbgpd_java_feature() { # prints the feature release of the JDK at $1, or nothing
  # The JDK's release file says it without starting a JVM (a JVM start costs the launchers 0.3-1 s).
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}
jbgpd_jdk_ok() { [ -x "$1/bin/javac" ] && v=$(jbgpd_java_feature "$1") && [ -n "$v" ] && [ "$v" -ge 25 ]; }
if [ -n "${JAVA_HOME-}" ] && jbgpd_jdk_ok "$JAVA_HOME"; then
  :
else
  jbgpd_found=""
  case $- in *f*) jbgpd_noglob=1; set +f ;; *) jbgpd_noglob=0 ;; esac # mvnw runs with set -f
  for d in /usr/lib/jvm/*25* /usr/lib/jvm/*2[6-9]* /usr/lib/jvm/*3[0-9]*; do
    if [ -d "$d" ] && jbgpd_jdk_ok "$d"; then jbgpd_found="$d"; break; fi
  done
  [ "$jbgpd_noglob" = 1 ] && set -f
  if [ -z "$jbgpd_found" ]; then
    echo "jbgpd needs JDK 25 or newer: set JAVA_HOME to one, or install it (e.g. temurin-25-jdk) under /usr/lib/jvm." >&2
    exit 1
  fi
  JAVA_HOME="$jbgpd_found"
fi
export JAVA_HOME
