package io.sluice.ml;

/**
 * A text classifier's answer: the most probable label, its probability, and the signed score
 * (+probability when the label is the positive one, -probability otherwise; without a positive
 * label, the probability).
 */
public record Prediction(String label, double score, double signedScore) {}
