/** The {@code fathom} command line. */
module dev.fathom.cli {
    requires dev.fathom.core;
    requires dev.fathom.plots;
    requires dev.fathom.workflow;
    requires dev.fathom.serve;
    requires dev.fathom.onnx;   // .onnx model files (a PipelineReader service), `fathom export`, and `Onnx` in fathom shell
    requires info.picocli;
    requires java.net.http;
    requires jdk.incubator.vector; // PeakBench: the FMA peak the training figures are a share of
    requires java.logging;      // LogLines: the library's warnings as the command's one-line messages
    requires jdk.unsupported;   // sun.misc.Signal: `fathom shell` lets jshell have Ctrl-C; `fathom train` stops on it

    // picocli fills the commands' option fields by reflection.
    opens dev.fathom.cli to info.picocli;
}
