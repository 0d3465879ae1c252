package dev.parley.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Bundle jars for tests: a copy of a built bundle with its manifest edited (a "new release"). */
final class Jars {

    private Jars() {
    }

    static void copyWithManifest(Path jar, Path target, Consumer<Attributes> edit) throws IOException {
        try (InputStream in = Files.newInputStream(jar); JarInputStream source = new JarInputStream(in)) {
            Manifest manifest = new Manifest(source.getManifest());
            edit.accept(manifest.getMainAttributes());
            try (OutputStream out = Files.newOutputStream(target); JarOutputStream copy = new JarOutputStream(out, manifest)) {
                for (JarEntry entry; (entry = source.getNextJarEntry()) != null;) {
                    copy.putNextEntry(new JarEntry(entry.getName()));
                    source.transferTo(copy);
                    copy.closeEntry();
                }
            }
        }
    }
}
