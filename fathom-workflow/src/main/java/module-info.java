/** {@code fathom train}'s process as an API: define, prepare, evaluate, improve, present. */
module dev.fathom.workflow {
    requires transitive dev.fathom.core;
    requires transitive dev.fathom.plots;
    requires org.apache.commons.statistics.distribution;
    requires java.management;   // threads' CPU time, which the budget's cost probes measure

    exports dev.fathom.workflow;
}
