package dev.parley.helpdesk.core.internal.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.osgi.framework.Bundle;

/**
 * The installed content of a bundle as a jar, read back through the framework: what an update
 * rolls back to, whatever the bundle was installed from (a file since deleted, a Maven URL).
 */
final class BundleArchive {

    private BundleArchive() {
    }

    static byte[] of(Bundle bundle) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
            // the manifest first, as JarInputStream (and so the framework) expects
            copy(bundle, jar, "META-INF/MANIFEST.MF");
            Enumeration<URL> entries = bundle.findEntries("/", "*", true);
            while (entries != null && entries.hasMoreElements()) {
                URL url = entries.nextElement();
                String path = url.getPath().startsWith("/") ? url.getPath().substring(1) : url.getPath();
                if (path.isEmpty() || path.endsWith("/") || path.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                copy(bundle, jar, path);
            }
        }
        return bytes.toByteArray();
    }

    private static void copy(Bundle bundle, ZipOutputStream jar, String path) throws IOException {
        URL entry = bundle.getEntry(path);
        if (entry == null) {
            return;
        }
        jar.putNextEntry(new ZipEntry(path));
        try (InputStream in = entry.openStream()) {
            in.transferTo(jar);
        }
        jar.closeEntry();
    }
}
