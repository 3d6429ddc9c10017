/** Charts of results (learning curves, confusion matrices, ROC, forecasts) and the HTML report. */
module dev.fathom.plots {
    requires transitive dev.fathom.core;
    requires transitive java.desktop;
    requires xchart;
    requires VectorGraphics2D;

    exports dev.fathom.plots;
    exports dev.fathom.report;
}
