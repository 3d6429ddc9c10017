/**
 * What drives a fitted pipeline's predictions: permutation importance with its spread over
 * repeats, partial dependence, and a model's own feature importances where it has them.
 */
package dev.fathom.explain;
