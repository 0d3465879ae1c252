/**
 * What a plugin's REST servlet needs to answer like the host: throw a {@link
 * dev.parley.helpdesk.api.http.ProblemException} and the host's {@code /api} filter renders it as
 * an RFC 9457 {@code application/problem+json} response. Its servlets join the {@link
 * dev.parley.helpdesk.api.http.ApiContext} (1.2), where no request reaches them unauthenticated. An
 * {@link dev.parley.helpdesk.api.http.EventStream} (1.3) serves server-sent events without blocking.
 */
@Export
@Version("1.3.0")
package dev.parley.helpdesk.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
