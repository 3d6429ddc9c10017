package dev.fathom.backend;

/**
 * The numbers of one fused Adam update, element by element:
 * <pre>
 *   g' = g + l2·p                       (coupled L2 weight decay, Adam's weightDecay)
 *   m  = beta1·m + (1 − beta1)·g'
 *   v  = beta2·v + (1 − beta2)·g'²
 *   p  = decay·p − stepSize·m / (√v + epsilon)
 * </pre>
 * {@code stepSize} and {@code epsilon} already carry the bias corrections of the step, and
 * {@code decay} is AdamW's decoupled {@code 1 − lr·weightDecay} (1 for none). Run it with
 * {@link Tensor#adamStep}.
 */
public record AdamStep(double beta1, double beta2, double stepSize, double epsilon, double l2, double decay) {}
