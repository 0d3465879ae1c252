/**
 * SLA status of tickets: the targets each ticket must meet (first reply, next reply, resolution),
 * how much time is left, which deadline binds (the policy or a platform's reply window), and the
 * EventAdmin topics posted when a target is about to be missed or is missed. Read it through
 * {@link dev.parley.sla.api.SlaService}; listen to {@link dev.parley.sla.api.SlaEvents}.
 */
@Export
@Version("1.2.0")
package dev.parley.sla.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
