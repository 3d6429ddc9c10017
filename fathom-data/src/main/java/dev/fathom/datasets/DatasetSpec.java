package dev.fathom.datasets;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What {@link DatasetLocator} needs to find or fetch a data set: its folder name, its files with
 * their checksums, where it is published, and how a user can install it by hand.
 *
 * <pre>{@code
 * DatasetSpec spec = FashionMnist.SPEC;
 * spec.name();                                   // "fashion-mnist", the folder searched for
 * spec.downloadUri(spec.files().get(0));         // http://fashion-mnist.s3-.../train-images-idx3-ubyte.gz
 * List<Path> files = DatasetLocator.defaults().locate(spec);
 * }</pre>
 *
 * @param name        the folder name, e.g. {@code "fashion-mnist"} (also the Debian folder under
 *                    {@code /usr/share/datasets})
 * @param title       the name people use, e.g. {@code "Fashion-MNIST"}
 * @param baseUrl     the published folder; each file is fetched from {@code baseUrl + downloadName}
 * @param files       the files, in the order {@link DatasetLocator#locate} returns them
 * @param installHint how to install the files by hand, e.g. {@code "apt-get install dataset-fashion-mnist"};
 *                    empty when there is no package
 */
public record DatasetSpec(String name, String title, URI baseUrl, List<DatasetFile> files, String installHint) {

    /** Checks the name is a plain folder name and that there is at least one file. */
    public DatasetSpec {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException("DatasetSpec: name must be a plain folder name, got " + name);
        }
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(baseUrl, "baseUrl");
        files = List.copyOf(files);
        if (files.isEmpty()) throw new IllegalArgumentException("DatasetSpec " + name + ": no files");
        installHint = installHint == null ? "" : installHint;
    }

    /** Where {@code file} is published: {@code baseUrl} resolved against its {@code .gz} name. */
    public URI downloadUri(DatasetFile file) {
        String base = baseUrl.toString();
        return URI.create(base.endsWith("/") ? base + file.downloadName() : base + "/" + file.downloadName());
    }
}
