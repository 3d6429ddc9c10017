package dev.fathom.layers;

import dev.fathom.tensor.Generator;
import dev.fathom.tensor.Tensor;
import dev.fathom.testing.InitializationTrap;

import java.util.Map;

/**
 * Layers for the tests of saving and loading: a user's layer written the short way, and classes whose
 * static initializer springs an {@link InitializationTrap}, to prove that a class named in a file is
 * checked before anything of it runs. A trap class may serve several tests as long as none of them
 * lets it initialize.
 */
public final class TestLayers {
    private TestLayers() {}

    /** A layer that hands its input on unchanged; subclasses add what a test needs. */
    public abstract static class PassThrough extends Layer {
        @Override
        protected int[] computeOutputShape(int[] in, Generator g) {
            return in;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return x;
        }
    }

    /** Not a Layer, though it has a fromConfig; its static initializer would write a file. */
    public static final class NotALayer {
        static {
            InitializationTrap.spring(NotALayer.class);
        }

        public static Layer fromConfig(Map<String, Object> config) {
            return new Dense(1);
        }
    }

    /** A Layer without fromConfig; its static initializer would write a file. */
    public static final class LayerWithoutFactory extends PassThrough {
        static {
            InitializationTrap.spring(LayerWithoutFactory.class);
        }
    }

    /** A Layer with a fromConfig, but not recurrent, so Bidirectional cannot wrap it; its static initializer would write a file. */
    public static final class NotRecurrent extends PassThrough {
        static {
            InitializationTrap.spring(NotRecurrent.class);
        }

        public static NotRecurrent fromConfig(Map<String, Object> config) {
            return new NotRecurrent();
        }
    }
}
