package dev.pvault.client.index;

import dev.pvault.core.UserException;

/**
 * How a hybrid search fuses its two rankings, and how deep each goes.
 *
 * @param fusion {@link Fusion#RRF}: reciprocal rank fusion, {@code weight / (rrfK + rank)} summed over the lists;
 *     {@link Fusion#SCORES}: a weighted sum of the scores, each scaled to 0..1 over the candidates (cosine min-max,
 *     BM25 divided by its maximum), every candidate's cosine computed exactly
 * @param vectorWeight the vector ranking's weight, 0..1; the keyword ranking gets {@code 1 - vectorWeight}
 * @param rrfK the rank offset of RRF (60 in the original paper)
 * @param depth how many hits of each ranking are fused
 * @param candidates how many first-pass (binary code) candidates the vector ranking rescores exactly
 * @param context the weight of the neighbouring messages' scores in a message's own (0: none): a turn is often
 *     answered or explained by the turns around it in its chat
 */
public record Ranking(Fusion fusion, double vectorWeight, double rrfK, int depth, int candidates, double context) {
    /**
     * The default: normalised scores weighted equally, and a message's neighbours weighing as much as the message
     * itself. Equal weights on purpose, not a fit: on the LoCoMo dev split (docs/SEARCH.md) nearby settings measured
     * within 0.02 of each other, and equal weights assume nothing about conversations not seen.
     */
    public static final Ranking DEFAULT = new Ranking(Fusion.SCORES, 0.5, 60, 100, 1000, 1.0);

    public enum Fusion {
        RRF,
        SCORES
    }

    public Ranking {
        if (!(vectorWeight >= 0 && vectorWeight <= 1) || rrfK < 0 || depth < 1 || candidates < 1 || context < 0) {
            throw new UserException("ranking settings out of range: weight " + vectorWeight + ", rrfK " + rrfK
                    + ", depth " + depth + ", candidates " + candidates + ", context " + context);
        }
    }

    public Ranking withFusion(Fusion newFusion, double newVectorWeight) {
        return new Ranking(newFusion, newVectorWeight, rrfK, depth, candidates, context);
    }

    public Ranking withContext(double newContext) {
        return new Ranking(fusion, vectorWeight, rrfK, depth, candidates, newContext);
    }

    public Ranking withCandidates(int newCandidates) {
        return new Ranking(fusion, vectorWeight, rrfK, depth, newCandidates, context);
    }
}
