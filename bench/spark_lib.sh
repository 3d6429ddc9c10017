# bench/spark_lib.sh: sourced by the Spark benchmarks. spark_setup WORKDIR builds fathom-spark and
# puts it and Spark 4.2 (the provided-scope jars Maven resolved) on ./fathom's class path, with the
# JVM options Spark's launcher adds on Java 17+ (org.apache.spark.launcher.JavaModuleOptions).
spark_setup() {
  local work=$1
  (cd "$ROOT" && ./mvnw -q -B package -pl fathom-spark -am -Dmaven.test.skip=true) >&2
  (cd "$ROOT" && ./mvnw -q -B dependency:build-classpath -pl fathom-spark -Dmdep.includeScope=compile \
      -Dmdep.outputFile="$work/spark-cp.txt") >&2
  FATHOM_CLASSPATH="$ROOT/fathom-spark/target/fathom-spark-0.1.0-SNAPSHOT.jar:$(cat "$work/spark-cp.txt")"
  local opens=""
  for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
           java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.util.calendar; do
    opens+=" --add-opens=java.base/$p=ALL-UNNAMED"
  done
  FATHOM_JAVA_OPTS="${FATHOM_JAVA_OPTS:-}$opens -Dio.netty.tryReflectionSetAccessible=true --sun-misc-unsafe-memory-access=allow"
  export FATHOM_CLASSPATH FATHOM_JAVA_OPTS
}

# Seconds since the epoch, with fractions.
now() {
  date +%s.%N
}
