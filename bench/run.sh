#!/usr/bin/env bash
# The side-by-side benchmark, one command: builds every peer module, runs the harness (one JVM per
# peer, Markdown tables, also saved to netloop-bench/target/bench-results.md), then the JMH
# benchmarks with -prof gc (allocation per message). Arguments go to the harness:
#   --quick      every peer once with tiny sizes, in seconds, and JMH skipped
#   --rounds N   rounds per measurement (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"   # 2,000 clients plus their host
mvn -q -B -DskipTests -Dspotless.check.skip=true \
    -pl netloop-bench-peer,netloop-bench-kryonet,netloop-bench-netty,netloop-bench -am compile
classpath="netloop-bench/target/classes:$(cat netloop-bench/target/classpath.txt)"
java -cp "$classpath" io.netloop.bench.Harness "$@" | tee netloop-bench/target/bench-results.md
case " $* " in
    *" --quick "*) ;;
    *) java -cp "$classpath" org.openjdk.jmh.Main -prof gc | tee netloop-bench/target/jmh-results.txt ;;
esac
