package dev.fathom.data.images;

/**
 * Where the channel axis of an image batch sits.
 *
 * <pre>{@code
 * ImageFolder.load(root, ImageOptions.defaults().channelOrder(ChannelOrder.NHWC));   // [N, H, W, C]
 * }</pre>
 */
public enum ChannelOrder {
    /** {@code [batch, channels, height, width]}: what {@code Conv2D} and the pooling layers take (PyTorch's layout). */
    NCHW,
    /** {@code [batch, height, width, channels]}: Keras' and TensorFlow's default layout. */
    NHWC
}
