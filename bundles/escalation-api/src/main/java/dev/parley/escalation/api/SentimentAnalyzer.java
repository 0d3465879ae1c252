package dev.parley.escalation.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Scores the sentiment of a customer's text. The escalation bundle registers a VADER-style lexicon
 * scorer; another bundle replaces it by registering its own with a higher {@code service.ranking}.
 */
@ConsumerType
public interface SentimentAnalyzer {

    /**
     * The compound score of {@code text}, from -1 (most negative) through 0 (neutral) to +1 (most
     * positive); 0 for empty text. Must be thread-safe.
     */
    double compound(String text);
}
