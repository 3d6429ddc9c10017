/** The {@code fathom} command line. */
module dev.fathom.cli {
    requires dev.fathom.core;
    requires dev.fathom.plots;
    requires dev.fathom.workflow;
    requires dev.fathom.serve;
    requires info.picocli;
    requires java.net.http;
    requires jdk.unsupported;   // sun.misc.Signal: `fathom shell` lets jshell have Ctrl-C

    // picocli fills the commands' option fields by reflection.
    opens dev.fathom.cli to info.picocli;
}
