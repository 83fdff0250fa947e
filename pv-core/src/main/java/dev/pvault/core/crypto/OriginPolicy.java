package dev.pvault.core.crypto;

/**
 * What a reader does with format-v1 batches and job results, which carry no proof of origin.
 *
 * <p>A v1 envelope may be the user's own (written before format v2) or a forgery made with nothing but the
 * user's public key, and nothing in it tells which. A vault created with format v2 never wrote one, so it
 * should refuse them all ({@link #PROVEN_ONLY}): otherwise a forger simply writes v1. A vault with v1 data
 * accepts them ({@link #ACCEPT_UNPROVEN_V1}) until it has re-sealed that data, and is then no better off
 * against forgery than format v1 was.
 */
public enum OriginPolicy {
    /** Only format-v2 envelopes, whose origin is proven, are accepted. */
    PROVEN_ONLY,
    /** Format-v1 envelopes are accepted too, unproven (a vault that still holds v1 data). */
    ACCEPT_UNPROVEN_V1
}
