package dev.parley.helpdesk.api.store;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Brings a module's tables up to date in the host database. Each module (a plugin's bundle
 * symbolic name, say) has its own version line; migrations already applied are skipped, so
 * calling this on every activation is cheap and safe, also from several nodes at once.
 */
@ProviderType
public interface SchemaMigrator {

    /** Applies the migrations of {@code module} newer than its recorded version; returns that version. */
    int migrate(String module, List<Migration> migrations);
}
