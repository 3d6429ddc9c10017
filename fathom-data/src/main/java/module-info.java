/**
 * Data: tables read from CSV, preprocessing, splits, batches for training, images, sequences,
 * time series and the built-in data sets.
 */
module dev.fathom.data {
    requires transitive dev.fathom.tensor;
    requires transitive dev.fathom.saving;
    requires de.siegmar.fastcsv;
    requires ch.randelshofer.fastdoubleparser;
    requires java.desktop;      // javax.imageio: decoding image files
    requires java.net.http;     // downloading a data set where no local copy is found

    exports dev.fathom.data;
    exports dev.fathom.data.batch;
    exports dev.fathom.data.images;
    exports dev.fathom.data.preprocessing;
    exports dev.fathom.data.sequences;
    exports dev.fathom.data.split;
    exports dev.fathom.data.timeseries;
    exports dev.fathom.datasets;

    // Preprocessing steps of the modules above (the text steps), registered for loading saved preprocessors by name.
    uses dev.fathom.data.preprocessing.TransformerTypes;
}
