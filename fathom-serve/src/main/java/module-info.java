/** A saved model or pipeline served over HTTP as JSON. */
module dev.fathom.serve {
    requires transitive dev.fathom.core;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.writer.text;

    exports dev.fathom.serve;
}
