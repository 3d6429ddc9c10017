/** A saved model or pipeline served over HTTP as JSON. */
module dev.fathom.serve {
    requires transitive dev.fathom.core;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;

    exports dev.fathom.serve;
}
