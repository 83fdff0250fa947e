package dev.pvault.core.api;

import dev.pvault.core.UserException;
import java.util.Objects;

/**
 * The service refused a request: thrown by the service's code to answer with a problem document, and by the
 * client when one comes back. The detail names ids, sizes and kinds, never content.
 */
public final class ServiceRefusal extends UserException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public ServiceRefusal(Problem problem, String detail) {
        super(detail);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
