/**
 * The helpdesk host's ticket model and services. Plugins compile against this package and meet
 * the host through {@link dev.parley.helpdesk.api.TicketService}, {@link
 * dev.parley.helpdesk.api.CustomerService} and the EventAdmin topics in {@link
 * dev.parley.helpdesk.api.TicketEvents}.
 */
@Export
@Version("1.8.0")
package dev.parley.helpdesk.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
