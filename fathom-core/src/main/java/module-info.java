/** The whole library in one dependency: requiring this module reads every Fathom library module. */
module dev.fathom.core {
    requires transitive dev.fathom.tensor;
    requires transitive dev.fathom.saving;
    requires transitive dev.fathom.data;
    requires transitive dev.fathom.metrics;
    requires transitive dev.fathom.nn;
    requires transitive dev.fathom.ml;
    requires transitive dev.fathom.text;
}
