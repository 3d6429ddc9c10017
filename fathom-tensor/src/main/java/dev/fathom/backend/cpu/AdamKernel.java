package dev.fathom.backend.cpu;

import dev.fathom.backend.Parallel;
import dev.fathom.backend.AdamStep;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused Adam update on float32 arrays (see {@link AdamStep} for the formula): one pass that
 * reads the parameter, gradient and both moments and writes three of them, split across threads.
 * The composed form takes a dozen elementwise ops, each a full pass that allocates its result.
 */
final class AdamKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int GRAIN = 16384;

    private AdamKernel() {}

    static void step(float[] p, int po, float[] g, int go, float[] m, int mo, float[] v, int vo, int n, AdamStep s) {
        float b1 = (float) s.beta1();
        float b2 = (float) s.beta2();
        float c1 = (float) (1 - s.beta1());
        float c2 = (float) (1 - s.beta2());
        float stepSize = (float) s.stepSize();
        float eps = (float) s.epsilon();
        float l2 = (float) s.l2();
        float decay = (float) s.decay();
        Parallel.forRange(n, GRAIN, (start, end) -> {
            int i = start;
            int bound = start + SPECIES.loopBound(end - start);
            for (; i < bound; i += SPECIES.length()) {
                FloatVector pv = FloatVector.fromArray(SPECIES, p, po + i);
                FloatVector gv = FloatVector.fromArray(SPECIES, g, go + i);
                if (l2 != 0f) gv = pv.mul(l2).add(gv);
                FloatVector mv = FloatVector.fromArray(SPECIES, m, mo + i).mul(b1).add(gv.mul(c1));
                FloatVector vv = FloatVector.fromArray(SPECIES, v, vo + i).mul(b2).add(gv.mul(gv).mul(c2));
                FloatVector denominator = vv.lanewise(VectorOperators.SQRT).add(eps);
                pv = pv.mul(decay).sub(mv.mul(stepSize).div(denominator));
                mv.intoArray(m, mo + i);
                vv.intoArray(v, vo + i);
                pv.intoArray(p, po + i);
            }
            for (; i < end; i++) {
                float pi = p[po + i];
                float gi = g[go + i];
                if (l2 != 0f) gi += l2 * pi;
                float mi = m[mo + i] * b1 + gi * c1;
                float vi = v[vo + i] * b2 + gi * gi * c2;
                m[mo + i] = mi;
                v[vo + i] = vi;
                p[po + i] = pi * decay - mi * stepSize / ((float) Math.sqrt(vi) + eps);
            }
        });
    }
}
