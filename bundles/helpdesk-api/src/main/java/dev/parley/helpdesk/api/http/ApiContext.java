package dev.parley.helpdesk.api.http;

/**
 * The servlet context every {@code /api} servlet joins, the host's and the plugins' alike: its
 * {@code handleSecurity} authenticates the bearer token and checks the caller's role before any
 * filter or servlet of the context runs, and the host registers the context only once its token
 * checks are ready. A servlet in it therefore cannot answer a request that was not authenticated,
 * not even while the framework is starting. Select it on a whiteboard servlet with
 * {@code @HttpWhiteboardContextSelect(ApiContext.SELECT)} and keep the servlet's patterns
 * under {@code /api/} (the context sits at {@code /}). A servlet left in the default context is
 * still guarded by the host's {@code /api/*} filter, but only once that filter is registered.
 */
public final class ApiContext {

    /** The context's name ({@code osgi.http.whiteboard.context.name}). */
    public static final String NAME = "parley.api";

    /** The whiteboard context selection filter for {@link #NAME}. */
    public static final String SELECT = "(osgi.http.whiteboard.context.name=" + NAME + ")";

    /**
     * A request attribute the context sets on every admitted request: a {@code
     * java.util.function.BooleanSupplier} answering whether the caller's token is still valid. A
     * response that outlives its request (a server-sent event stream) asks it now and then and ends
     * once the token is revoked.
     */
    public static final String CREDENTIAL_VALID = "parley.api.credentialValid";

    private ApiContext() {
    }
}
