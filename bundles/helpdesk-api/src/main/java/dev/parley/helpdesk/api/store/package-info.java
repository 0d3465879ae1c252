/**
 * Database access for plugins: the host registers a pooled {@code javax.sql.DataSource} service and
 * a {@link dev.parley.helpdesk.api.store.SchemaMigrator} so that each plugin owns and versions its
 * own tables in the host's database; {@link dev.parley.helpdesk.api.store.JdbcTransactions} runs
 * the plugin's JDBC work on it, {@link dev.parley.helpdesk.api.store.AnyOf} binds a list of values
 * as one parameter, and {@link dev.parley.helpdesk.api.store.SqlDialect} tells H2 from PostgreSQL
 * where their SQL differs (claims and inserts that several nodes race on); {@link
 * dev.parley.helpdesk.api.store.NodeRelay} carries a plugin's events to the other nodes of a shared database.
 */
@Export
@Version("2.4.0")
package dev.parley.helpdesk.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
