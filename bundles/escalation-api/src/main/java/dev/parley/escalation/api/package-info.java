/**
 * Escalation rules: decide, when a customer message arrives or an SLA clock runs low, what happens
 * to the ticket. An integrator registers an {@link dev.parley.escalation.api.EscalationRule} as an
 * OSGi service; the escalation engine evaluates it against a {@link
 * dev.parley.escalation.api.RuleContext} and applies the {@link dev.parley.escalation.api.RuleAction}s
 * of its {@link dev.parley.escalation.api.RuleOutcome}. Rules only return data, so they stay pure
 * and testable. A {@link dev.parley.escalation.api.SentimentAnalyzer} service scores messages.
 */
@Export
@Version("1.0.0")
package dev.parley.escalation.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
