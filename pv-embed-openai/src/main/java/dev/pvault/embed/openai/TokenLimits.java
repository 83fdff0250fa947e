package dev.pvault.embed.openai;

/**
 * What one embeddings request may hold (OpenAI's API reference for {@code POST /v1/embeddings}).
 *
 * @param inputsPerRequest at most this many texts in one request (2,048)
 * @param tokensPerRequest at most this many tokens over all texts of one request (300,000)
 * @param tokensPerInput at most this many tokens in one text (8,191 for the text-embedding-3 models)
 */
record TokenLimits(int inputsPerRequest, int tokensPerRequest, int tokensPerInput) {
    static final TokenLimits OPENAI = new TokenLimits(2048, 300_000, 8191);

    TokenLimits {
        if (inputsPerRequest < 1 || tokensPerInput < 1 || tokensPerRequest < tokensPerInput) {
            throw new IllegalArgumentException("limits must be positive and a request must hold a whole input");
        }
    }
}
