package dev.parley.bench;

import java.lang.reflect.Proxy;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Calls a servlet's {@code service} in-process with a bare GET, so a benchmark measures the
 * servlet's own work (queries, JSON) without the HTTP server; returns the body's length.
 */
final class SlaServletCall {

    private SlaServletCall() {
    }

    static long get(HttpServlet servlet, String path) {
        long[] written = {0};
        ServletOutputStream body = new ServletOutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(SlaServletCall.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getServletPath", "getRequestURI" -> path;
                    case "getParameterMap" -> Map.of();
                    default -> null;
                });
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(SlaServletCall.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> method.getName().equals("getOutputStream") ? body : null);
        try {
            servlet.service(req, resp);
        } catch (Exception e) {
            throw new IllegalStateException(path + " failed", e);
        }
        return written[0];
    }
}
