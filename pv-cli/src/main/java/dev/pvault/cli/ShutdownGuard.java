package dev.pvault.cli;

/**
 * Closes a resource when the JVM is asked to stop (Ctrl-C, SIGTERM) while a command runs, so the local
 * services shut down cleanly and release the vault; removed again when the command ends normally.
 */
final class ShutdownGuard implements AutoCloseable {
    private final Thread hook;

    private ShutdownGuard(Thread hook) {
        this.hook = hook;
    }

    static ShutdownGuard closeOnExit(AutoCloseable resource) {
        Thread hook = new Thread(
                () -> {
                    System.err.println("pvault: stopping; 'pvault status' shows where things stand, and 'pvault"
                            + " worker --until-idle' or another import finishes the work");
                    try {
                        resource.close();
                    } catch (Exception e) {
                        // Exiting anyway.
                    }
                },
                "pvault-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return new ShutdownGuard(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs.
        }
    }
}
